// Package ingest reads the spreadsheets the regions and projects send, and
// turns them into the typed Arrow tables of a pipeline.Dataset: it finds
// the inputs (FindInputs), opens each by its content (.xlsx by a streaming
// scanner of the sheet XML with excelize as the fallback, CSV in any of
// the encodings and delimiters people save), recognises each sheet's kind
// by its header row, checks every row against the reference data and
// appends the good ones (one builder per kind), and accounts for every
// file and row in its FileReport: read, accepted, rejected with its cell
// and reason, a duplicate, a resubmission. Files are read in parallel and
// merged in their order, so the same files give the same tables.
//
// A bad file is reported with its reason, never a reason to stop; only a
// cancelled context ends Ingest early.
package ingest
