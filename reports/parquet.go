package reports

import (
	"fmt"
	"io"
	"strings"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/parquet"
	"github.com/apache/arrow-go/v18/parquet/compress"
	"github.com/apache/arrow-go/v18/parquet/pqarrow"

	"kulturrapport/pipeline"
	_ "kulturrapport/reports/internal/pagezstd" // zstd pages with a one-page window
)

// statsColumns are the text columns whose smallest and largest values
// each row group keeps, so that an engine filtering on them skips row
// groups: the keys a reader filters and joins on (the period is the
// partition). Each costs time to write: not every text column has them.
var statsColumns = map[string]bool{
	pipeline.FieldRegion: true, pipeline.FieldKommunenr: true, pipeline.FieldGoals: true, // the rows' keys
	pipeline.FieldGoal: true, "indikator": true, "kode": true, // the comments', the results' and the dimensions'
}

// rowGroupRows is the most rows a row group holds.
const rowGroupRows = 128 * 1024

// pageBytes is the size a data page is cut at (arrow's default is 1 MiB).
// The writer makes each column chunk's page buffers anew and grows them
// by doubling to the page's size: smaller pages let them stay small and
// be used again page after page. On L-others 128 KiB took 3 % of the
// run's CPU off against 1 MiB, and the files came out no larger; 64 KiB
// cost more than it saved.
const pageBytes = 128 * 1024

// WriteParquet writes one Arrow record as a Parquet file, zstd-compressed
// (the fastest level: the default packed L's activities 0.3 % smaller, and
// its double-fast matcher cost more than any other part of the writing of
// many small files), with the Arrow schema stored so
// that readers get the same types back, in row groups of at most 128 Ki
// rows; text dictionary-encoded, whole numbers and dates delta-encoded.
func WriteParquet(w io.Writer, rec arrow.RecordBatch) error {
	return writeParquetChunks(w, []arrow.RecordBatch{rec})
}

// writeParquetChunks writes records of one schema, one after the other,
// as one Parquet file, as WriteParquet does: the row groups run across
// the records' bounds.
func writeParquetChunks(w io.Writer, chunks []arrow.RecordBatch) error {
	rec := chunks[0]
	opts := []parquet.WriterProperty{
		parquet.WithCompression(compress.Codecs.Zstd),
		parquet.WithCompressionLevel(1),
		parquet.WithDictionaryDefault(true),
		parquet.WithCreatedBy("kulturrapport"),
		parquet.WithMaxRowGroupLength(rowGroupRows),
		parquet.WithDataPageSize(pageBytes),
	}
	// Other text columns go without statistics: their smallest and
	// largest values serve no reader, and working them out cost a quarter
	// of the writing. Numbers and dates keep theirs.
	//
	// Whole numbers and dates are delta-encoded (DELTA_BINARY_PACKED, which
	// DuckDB, Spark and pyarrow read), not by a dictionary: row numbers,
	// dates in order and small counts pack as well or better, at a third
	// to a quarter of the time of hashing every value into a dictionary.
	if sc, err := pqarrow.ToParquet(rec.Schema(), nil, pqarrow.DefaultWriterProps()); err == nil {
		for i := 0; i < sc.NumColumns(); i++ {
			col := sc.Column(i)
			top, _, _ := strings.Cut(col.Path(), ".")
			switch col.PhysicalType() {
			case parquet.Types.ByteArray:
				if !statsColumns[top] {
					opts = append(opts, parquet.WithStatsFor(col.Path(), false))
				}
			case parquet.Types.Int32, parquet.Types.Int64:
				opts = append(opts, parquet.WithDictionaryFor(col.Path(), false), parquet.WithEncodingFor(col.Path(), parquet.Encodings.DeltaBinaryPacked))
			}
		}
	}
	// Free text is seldom the same twice: a dictionary of it is built up,
	// found too big and dropped, at a cost that showed in every run; the
	// fastest zstd level packs it within a per cent of the default.
	for _, f := range rec.Schema().Fields() {
		if f.Name == pipeline.FieldTitle || f.Name == pipeline.FieldNote {
			opts = append(opts, parquet.WithDictionaryFor(f.Name, false), parquet.WithCompressionLevelFor(f.Name, 1))
		}
	}
	props := parquet.NewWriterProperties(opts...)
	fw, err := pqarrow.NewFileWriter(rec.Schema(), w, props, pqarrow.NewArrowWriterProperties(pqarrow.WithStoreSchema()))
	if err != nil {
		return fmt.Errorf("parquet: %w", err)
	}
	if len(chunks) == 1 {
		if rec.NumRows() > 0 {
			if err := fw.Write(rec); err != nil {
				fw.Close()
				return fmt.Errorf("parquet: %w", err)
			}
		}
		return fw.Close()
	}
	tbl := array.NewTableFromRecords(rec.Schema(), chunks)
	defer tbl.Release()
	if err := fw.WriteTable(tbl, rowGroupRows); err != nil {
		fw.Close()
		return fmt.Errorf("parquet: %w", err)
	}
	return fw.Close()
}
