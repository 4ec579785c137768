package batch

import (
	"context"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/compute"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"kulturrapport/config"
	"kulturrapport/pipeline"
	"kulturrapport/pipeline/indicators"
)

// regionReports computes the reports of the regions codes from the
// national run's tables and views: the same rows, scoped to a region —
// its values of the national indicators and of its own goals, graded
// against its targets, its measures' evidence from its activities, the
// reports expected from it, and its own files.
func regionReports(nat *pipeline.Result, views *indicators.Views, codes []string, mem memory.Allocator) ([]*pipeline.Result, error) {
	national := map[string]*pipeline.IndicatorResult{}
	for _, ind := range nat.Indicators {
		national[ind.ID] = ind
	}
	fileRegions := regionsOfFiles(nat.Data)
	var out []*pipeline.Result
	for _, code := range codes {
		cfg := nat.Config.ForRegion(code)
		catalog, err := indicators.CompileCatalog(cfg)
		if err != nil {
			return nil, err
		}
		ref := pipeline.NewReference(cfg)
		ref.Scope = code
		ds := &pipeline.Dataset{Tables: map[string]arrow.RecordBatch{}}
		for _, f := range nat.Data.Files {
			if fileRegions[f.Path][code] {
				ds.Files = append(ds.Files, f)
			}
		}
		ds.Tables[pipeline.Comments.Name] = commentsOn(nat.Data.Table(pipeline.Comments.Name), cfg, code, mem)
		// The reports expected from the region and its projects: the
		// nation's rows of them.
		if rep := nat.Data.Table(pipeline.TableReporting); rep != nil {
			region := pipeline.StringColumn(rep, pipeline.FieldRegion)
			ds.Tables[pipeline.TableReporting] = filterRows(rep, func(i int) bool { return region(i) == code }, mem)
		}
		inds := indicators.Evaluate(ref, views, catalog, nat.Period)
		for _, ind := range inds {
			ind.Measure = indicators.DescribeMeasure(cfg.Lang, ind.Def)
		}
		res := &pipeline.Result{Config: cfg, Ref: ref, Period: nat.Period, Lang: nat.Lang, Data: ds, Indicators: inds,
			Evidence: indicators.MeasureEvidence(ref, views, nat.Period), Scope: code, National: national}
		res.Goals = indicators.Goals(cfg, inds, ds.Tables[pipeline.TableReporting])
		res.Totals = totals(ds, inds)
		out = append(out, res)
	}
	return out, nil
}

// regionsOfFiles tells which regions each file's accepted rows are of: a
// file belongs to the reports of those regions. A file with no accepted
// row of a region (unreadable, a duplicate, every row rejected, comments
// only) is in the national report only.
func regionsOfFiles(ds *pipeline.Dataset) map[string]map[string]bool {
	out := map[string]map[string]bool{}
	for _, k := range pipeline.Kinds() {
		rec := ds.Table(k.Name)
		if rec == nil || len(rec.Schema().FieldIndices(pipeline.FieldRegion)) == 0 {
			continue
		}
		file, region := pipeline.StringColumn(rec, pipeline.FieldSourceFile), pipeline.StringColumn(rec, pipeline.FieldRegion)
		for i := 0; i < int(rec.NumRows()); i++ {
			f := file(i)
			if out[f] == nil {
				out[f] = map[string]bool{}
			}
			out[f][region(i)] = true
		}
	}
	return out
}

// commentsOn is the comments table's rows on the goals of cfg (and its
// indicators) that are the nation's or the region code's own: a region's
// report shows the comments on its goals, the national ones included, not
// those on another region's, nor another region's comments.
func commentsOn(rec arrow.RecordBatch, cfg *config.Config, code string, mem memory.Allocator) arrow.RecordBatch {
	if rec == nil {
		return nil
	}
	goals := map[string]bool{config.MissionGoal: true}
	for _, a := range cfg.Areas {
		for _, g := range a.Goals {
			goals[g.Code] = true
		}
	}
	goal, region := pipeline.StringColumn(rec, pipeline.FieldGoal), pipeline.StringColumn(rec, pipeline.FieldRegion)
	return filterRows(rec, func(i int) bool { return goals[goal(i)] && (region(i) == "" || region(i) == code) }, mem)
}

// filterRows is a new table of the rows of rec that keep picks.
func filterRows(rec arrow.RecordBatch, keep func(i int) bool, mem memory.Allocator) arrow.RecordBatch {
	b := array.NewBooleanBuilder(mem)
	defer b.Release()
	for i := 0; i < int(rec.NumRows()); i++ {
		b.Append(keep(i))
	}
	mask := b.NewBooleanArray()
	defer mask.Release()
	ctx := compute.WithAllocator(context.Background(), mem)
	out, err := compute.FilterRecordBatch(ctx, rec, mask, compute.DefaultFilterOptions())
	if err != nil { // cannot happen: the mask is the table's length
		panic(err)
	}
	return out
}
