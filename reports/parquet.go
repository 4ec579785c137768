package reports

import (
	"fmt"
	"io"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/parquet"
	"github.com/apache/arrow-go/v18/parquet/compress"
	"github.com/apache/arrow-go/v18/parquet/pqarrow"

	"kulturrapport/pipeline"
	_ "kulturrapport/reports/internal/pagezstd" // zstd pages with a one-page window
)

// WriteParquet writes one Arrow record as a Parquet file, zstd-compressed,
// with the Arrow schema stored so that readers get the same types back.
func WriteParquet(w io.Writer, rec arrow.RecordBatch) error {
	opts := []parquet.WriterProperty{
		parquet.WithCompression(compress.Codecs.Zstd),
		parquet.WithDictionaryDefault(true),
		parquet.WithCreatedBy("kulturrapport"),
	}
	// Text columns go without statistics: their smallest and largest values
	// serve no reader of a file this size, and working them out cost a
	// quarter of the writing. Numbers and dates keep theirs.
	if sc, err := pqarrow.ToParquet(rec.Schema(), nil, pqarrow.DefaultWriterProps()); err == nil {
		for i := 0; i < sc.NumColumns(); i++ {
			if col := sc.Column(i); col.PhysicalType() == parquet.Types.ByteArray {
				opts = append(opts, parquet.WithStatsFor(col.Path(), false))
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
	if rec.NumRows() > 0 {
		if err := fw.Write(rec); err != nil {
			fw.Close()
			return fmt.Errorf("parquet: %w", err)
		}
	}
	return fw.Close()
}
