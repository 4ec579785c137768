// Package batch is one run of the monthly job without its command line:
// Run reads the inputs (package ingest), computes the indicators (package
// indicators) and returns the pipeline.Result that package reports
// writes. It is the one place the two stages meet.
package batch
