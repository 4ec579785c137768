package ingest

import (
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"kulturrapport/pipeline"
	"kulturrapport/pipeline/ingest/cell"
)

type statisticsBuilder struct{ builderBase }

func newStatisticsBuilder(ref *pipeline.Reference, opts Options, mem memory.Allocator) tableBuilder {
	return &statisticsBuilder{newBuilderBase(ref, opts, mem, pipeline.StatisticsSchema, pipeline.FieldKommunenr, "duplicate.stats")}
}

// statisticsCols are the positions of the statistics table's columns, by name.
var statisticsCols = struct{ schoolYear, start, date, kommunenr, given, name, region, pupils, pupils615, places, waiting, waiting615, children615, subjects, fte, fee, share, waitingShare, markers int }{
	schoolYear:   at(pipeline.StatisticsSchema, pipeline.FieldSchoolYear),
	start:        at(pipeline.StatisticsSchema, pipeline.FieldSchoolYearStart),
	date:         at(pipeline.StatisticsSchema, pipeline.FieldDate),
	kommunenr:    at(pipeline.StatisticsSchema, pipeline.FieldKommunenr),
	given:        at(pipeline.StatisticsSchema, pipeline.FieldKommunenrGiven),
	name:         at(pipeline.StatisticsSchema, pipeline.FieldMunicipality),
	region:       at(pipeline.StatisticsSchema, pipeline.FieldRegion),
	pupils:       at(pipeline.StatisticsSchema, pipeline.FieldPupils),
	pupils615:    at(pipeline.StatisticsSchema, pipeline.FieldPupils615),
	places:       at(pipeline.StatisticsSchema, pipeline.FieldPlaces),
	waiting:      at(pipeline.StatisticsSchema, pipeline.FieldWaiting),
	waiting615:   at(pipeline.StatisticsSchema, pipeline.FieldWaiting615),
	children615:  at(pipeline.StatisticsSchema, pipeline.FieldChildren615),
	subjects:     at(pipeline.StatisticsSchema, pipeline.FieldSubjects),
	fte:          at(pipeline.StatisticsSchema, pipeline.FieldFTE),
	fee:          at(pipeline.StatisticsSchema, pipeline.FieldFee),
	share:        at(pipeline.StatisticsSchema, pipeline.FieldShareSSB),
	waitingShare: at(pipeline.StatisticsSchema, pipeline.FieldWaitingShareSSB),
	markers:      at(pipeline.StatisticsSchema, pipeline.FieldSSBMarkers),
}

func (s *statisticsBuilder) add(r *rowCtx) (rejects, warnings []pipeline.Problem) {
	c := s.check(r)
	start := 0
	if raw := r.value(pipeline.FieldSchoolYear); raw == "" {
		c.reject(pipeline.FieldSchoolYear, msg("required"))
	} else if y, ok := cell.ParseSchoolYear(raw); !ok {
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
	// SSB's files often give no count of pupils: there it may be empty.
	pupils, hasPupils := c.count(pipeline.FieldPupils, r.sheet != ssbSheet)
	pupils615, hasPupils615 := c.count(pipeline.FieldPupils615, false)
	places, hasPlaces := c.count(pipeline.FieldPlaces, false)
	waiting, hasWaiting := c.count(pipeline.FieldWaiting, false)
	waiting615, hasWaiting615 := c.count(pipeline.FieldWaiting615, false)
	children, hasChildren := c.count(pipeline.FieldChildren615, false)
	subjects, hasSubjects := c.count(pipeline.FieldSubjects, false)
	fte, hasFTE := c.decimal(pipeline.FieldFTE, false)
	fee, hasFee := c.fee(pipeline.FieldFee)
	share, hasShare := c.decimal(pipeline.FieldShareSSB, false)
	waitingShare, hasWaitingShare := c.decimal(pipeline.FieldWaitingShareSSB, false)
	markers := c.text(pipeline.FieldSSBMarkers, false)
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
	// One row per municipality as given and school year: the rows of
	// municipalities merged since are added up when the files are merged
	// (mergeSuccessors).
	// SSB's row of a municipality and year is joined to the schools' own
	// there too.
	id := cell.SchoolYear(start) + "\x00" + kommune + "\x00" + c.given
	if r.sheet == ssbSheet {
		id += "\x00SSB"
	}
	if s.dups.check(c, r, id) {
		return c.rejects, c.warnings
	}

	b := s.b
	b.Str(statisticsCols.schoolYear, cell.SchoolYear(start))
	b.Int32(statisticsCols.start, int32(start))
	b.Date(statisticsCols.date, arrow.Date32FromTime(time.Date(start, 10, 1, 0, 0, 0, 0, time.UTC)))
	b.Str(statisticsCols.kommunenr, kommune)
	b.OptStr(statisticsCols.given, c.given)
	b.Str(statisticsCols.name, s.ref.MunicipalityName(kommune))
	b.Str(statisticsCols.region, s.ref.MunicipalityRegion(kommune))
	b.OptInt(statisticsCols.pupils, pupils, hasPupils)
	b.OptInt(statisticsCols.pupils615, pupils615, hasPupils615)
	b.OptInt(statisticsCols.places, places, hasPlaces)
	b.OptInt(statisticsCols.waiting, waiting, hasWaiting)
	b.OptInt(statisticsCols.waiting615, waiting615, hasWaiting615)
	b.OptInt(statisticsCols.children615, children, hasChildren)
	b.OptInt(statisticsCols.subjects, subjects, hasSubjects)
	b.OptFloat(statisticsCols.fte, fte, hasFTE)
	b.OptFloat(statisticsCols.fee, fee, hasFee)
	b.OptFloat(statisticsCols.share, share, hasShare)
	b.OptFloat(statisticsCols.waitingShare, waitingShare, hasWaitingShare)
	b.OptStr(statisticsCols.markers, markers)
	r.appendProvenance(b, s.prov)
	return nil, c.warnings
}
