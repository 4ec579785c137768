// Package indicators computes the config's indicators on a
// pipeline.Dataset for a period: it compiles each definition once
// (CompileCatalog: its table, filter and measure), evaluates them
// (Evaluate: the value over the window, the target status, the monthly
// series, the breakdowns by region, county and municipality, the progress
// toward a target year), gathers what the activities say of each measure
// of the strategy (MeasureEvidence), and builds the reporting table of
// expected and received reports (Reporting). It reads the tables ingest
// made and never the input files.
package indicators
