package ingest

import (
	"kulturrapport/pipeline"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/memory"
)

type statisticsBuilder struct{ builderBase }

func newStatisticsBuilder(ref *pipeline.Reference, opts Options, mem memory.Allocator) tableBuilder {
	return &statisticsBuilder{newBuilderBase(ref, opts, mem, pipeline.StatisticsSchema, pipeline.FieldKommunenr, "duplicate.stats")}
}

func (s *statisticsBuilder) add(r *rowCtx) (rejects, warnings []pipeline.Problem) {
	c := s.check(r)
	start := 0
	if raw := r.value(pipeline.FieldSchoolYear); raw == "" {
		c.reject(pipeline.FieldSchoolYear, msg("required"))
	} else if y, ok := ParseSchoolYear(raw); !ok {
		c.reject(pipeline.FieldSchoolYear, msg("schoolyear.invalid"))
	} else {
		start = y
	}
	kommune := c.kommune(pipeline.FieldKommunenr, true)
	if name := c.text(pipeline.FieldMunicipality, false); name != "" && kommune != "" {
		if want := s.ref.MunicipalityName(kommune); pipeline.Fold(want) != pipeline.Fold(name) {
			c.warn(pipeline.FieldMunicipality, msg("kommune.name", kommune, want))
		}
	}
	pupils, hasPupils := c.count(pipeline.FieldPupils, true)
	pupils615, hasPupils615 := c.count(pipeline.FieldPupils615, false)
	waiting, hasWaiting := c.count(pipeline.FieldWaiting, false)
	waiting615, hasWaiting615 := c.count(pipeline.FieldWaiting615, false)
	children, hasChildren := c.count(pipeline.FieldChildren615, false)
	subjects, hasSubjects := c.count(pipeline.FieldSubjects, false)
	fte, hasFTE := c.decimal(pipeline.FieldFTE, false)
	fee, hasFee := c.amount(pipeline.FieldFee, false)
	if hasChildren {
		p, ok := pupils615, hasPupils615
		if !ok {
			p, ok = pupils, hasPupils
		}
		if ok && p > children {
			c.warn(pipeline.FieldPupils, msg("pupils.over"))
		}
		if hasWaiting615 && waiting615 > children {
			c.warn(pipeline.FieldWaiting615, msg("waiting.over"))
		}
	}
	if !c.ok() {
		return c.rejects, c.warnings
	}
	id := SchoolYear(start) + "\x00" + kommune
	if s.dups.check(c, r, id) {
		return c.rejects, c.warnings
	}

	b := s.b
	b.Str(0, SchoolYear(start))
	b.Int32(1, int32(start))
	b.Date(2, arrow.Date32FromTime(time.Date(start, 10, 1, 0, 0, 0, 0, time.UTC)))
	b.Str(3, kommune)
	b.Str(4, s.ref.MunicipalityName(kommune))
	b.Str(5, s.ref.MunicipalityRegion(kommune))
	b.OptInt(6, pupils, hasPupils)
	b.OptInt(7, pupils615, hasPupils615)
	b.OptInt(8, waiting, hasWaiting)
	b.OptInt(9, waiting615, hasWaiting615)
	b.OptInt(10, children, hasChildren)
	b.OptInt(11, subjects, hasSubjects)
	b.OptFloat(12, fte, hasFTE)
	b.OptFloat(13, fee, hasFee)
	r.appendProvenance(b, 14)
	return nil, c.warnings
}
