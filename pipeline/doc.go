// Package pipeline is kulturrapport's domain: the types every stage shares
// and nothing that reads files or computes indicators. It holds the input
// kinds (Kind: columns, Arrow schema, template texts; the registry
// Kinds), the reference data a config gives (Reference), the month and day
// types (Month, Date) and the one rounding (Round), the account of files
// and rows (FileReport, Problem, Msg), the normalised tables (Dataset) and
// what the indicators give (IndicatorResult, Evidence, Progress, the
// reporting grid), gathered in the Result the report writers read.
//
// The stages are packages beneath it, and data flows one way:
//
//	config ─┬─> ingest ─────> Dataset ─┐
//	        │                           ├─> batch.Run ─> Result ─> reports
//	        └─> indicators <─ Dataset ─┘
//
// ingest (reading, checking, normalising) and indicators (measures,
// evaluation, progress, evidence, completeness) import pipeline and config,
// never each other; batch.Run calls one, then the other. See
// docs/architecture.md.
package pipeline
