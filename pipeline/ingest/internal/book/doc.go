// Package book opens an input file by its content and streams the rows of
// its sheets as text: .xlsx by a fast scanner of the sheet XML (with
// excelize as the fallback and the oracle of its differential test), CSV
// in UTF-8, UTF-16 or Windows-1252 with its delimiter found from the rows.
// Old .xls, encrypted and OpenDocument files are recognised and refused
// with a reason. Every read is bounded: file size, unzipped size, row
// numbers, tag and row lengths.
package book
