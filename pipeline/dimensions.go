package pipeline

import (
	"maps"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"kulturrapport/config"
)

// Names of the dimension tables.
const (
	DimAreas          = "omraader"
	DimGoals          = "maal"
	DimMeasures       = "tiltak"
	DimRegions        = "regioner"
	DimMunicipalities = "kommuner"
)

var str = arrow.BinaryTypes.String

// dimensionSchemas are the schemas of the dimension tables: the strategy and
// the regions, as the config defines them.
var dimensionSchemas = map[string]*arrow.Schema{
	DimAreas: arrow.NewSchema([]arrow.Field{
		{Name: "kode", Type: str}, {Name: "navn", Type: str}, {Name: "navn_en", Type: str, Nullable: true},
	}, nil),
	DimGoals: arrow.NewSchema([]arrow.Field{
		{Name: "kode", Type: str}, {Name: "omraade", Type: str}, {Name: "region", Type: str, Nullable: true},
		{Name: "navn", Type: str}, {Name: "kortnavn", Type: str, Nullable: true},
	}, nil),
	DimMeasures: arrow.NewSchema([]arrow.Field{
		{Name: "kode", Type: str}, {Name: "maal", Type: str}, {Name: "nivaa", Type: str},
		{Name: "region", Type: str, Nullable: true}, {Name: "tekst", Type: str},
	}, nil),
	DimRegions: arrow.NewSchema([]arrow.Field{
		{Name: "kode", Type: str}, {Name: "navn", Type: str}, {Name: "kommuner", Type: arrow.PrimitiveTypes.Int32},
	}, nil),
	DimMunicipalities: arrow.NewSchema([]arrow.Field{
		{Name: "kommunenr", Type: str}, {Name: "navn", Type: str}, {Name: "fylke", Type: str, Nullable: true}, {Name: "region", Type: str},
	}, nil),
}

// DimensionSchemas are the schemas of the dimension tables, by name.
func DimensionSchemas() map[string]*arrow.Schema { return maps.Clone(dimensionSchemas) }

// row appends one row of strings (empty = null where the field allows it)
// and int32 values to a record builder.
func row(b *array.RecordBuilder, vals ...any) {
	for i, v := range vals {
		switch x := v.(type) {
		case string:
			sb := b.Field(i).(*array.StringBuilder)
			if x == "" && b.Schema().Field(i).Nullable {
				sb.AppendNull()
			} else {
				sb.Append(x)
			}
		case int:
			b.Field(i).(*array.Int32Builder).Append(int32(x))
		}
	}
}

// Dimensions builds the dimension tables from the config.
func Dimensions(cfg *config.Config, mem memory.Allocator) map[string]arrow.RecordBatch {
	bs := map[string]*array.RecordBuilder{}
	for name, schema := range dimensionSchemas {
		bs[name] = array.NewRecordBuilder(mem, schema)
		defer bs[name].Release()
	}
	for _, a := range cfg.Areas {
		row(bs[DimAreas], a.Code, a.Name, a.NameEN)
		for _, g := range a.Goals {
			row(bs[DimGoals], g.Code, a.Code, g.Region, g.Name, g.Short)
			for _, m := range g.Measures {
				level := "nasjonal"
				if m.Region != "" {
					level = "regional"
				}
				row(bs[DimMeasures], m.Code, g.Code, level, m.Region, m.Text)
			}
		}
	}
	for _, r := range cfg.Regions {
		row(bs[DimRegions], r.Code, r.Name, len(r.Municipalities))
		for _, m := range r.Municipalities {
			row(bs[DimMunicipalities], m.Code, m.Name, m.County, r.Code)
		}
	}
	out := map[string]arrow.RecordBatch{}
	for name, b := range bs {
		out[name] = b.NewRecordBatch()
	}
	return out
}
