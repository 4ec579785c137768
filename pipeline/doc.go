// Package pipeline is kulturrapport's domain: it reads the spreadsheets the
// regions and projects send (Ingest: .xlsx by a streaming scanner of the
// sheet XML with excelize as the fallback, and CSV), checks every row and
// normalises the good ones into typed Arrow tables (Dataset), accounting
// for each file and each row (FileReport, Problem), and evaluates the
// indicator catalog of the config on those tables for a period (Evaluate,
// MeasureEvidence, completeness). Run does all of it for one period and
// returns the Result that package reports writes out.
//
// Data flows one way: config → pipeline → reports. Reading never writes,
// and a bad file is reported with its reason, never a reason to stop.
package pipeline
