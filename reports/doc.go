// Package reports writes the results of a run (pipeline.Result): the
// self-contained HTML report with its charts (go-echarts, the chart library
// embedded), the Excel summary (excelize, its large sheets stream-written
// straight into their zip parts), the Parquet tables (arrow-go), run.json,
// and the blank input templates. A run's files are written into a
// temporary folder beside their place and swapped in together (Writer), so
// that a failed or stopped run leaves the last report as it was.
//
// It reads pipeline's results, never the raw input.
package reports
