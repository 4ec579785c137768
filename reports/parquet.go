package reports

import (
	"fmt"
	"io"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/parquet"
	"github.com/apache/arrow-go/v18/parquet/compress"
	"github.com/apache/arrow-go/v18/parquet/pqarrow"
)

// WriteParquet writes one Arrow record as a Parquet file, zstd-compressed,
// with the Arrow schema stored so that readers get the same types back.
func WriteParquet(w io.Writer, rec arrow.RecordBatch) error {
	props := parquet.NewWriterProperties(
		parquet.WithCompression(compress.Codecs.Zstd),
		parquet.WithDictionaryDefault(true),
		parquet.WithCreatedBy("kulturrapport"),
	)
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
