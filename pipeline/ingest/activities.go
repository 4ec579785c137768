package ingest

import (
	"strings"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"kulturrapport/pipeline"
)

type activitiesBuilder struct {
	builderBase
	types map[string]string
	// under is the row after the last row read that had a date, or came
	// right after one without: a date cell left empty there is most often
	// merged with the one above, or meant as «the same».
	under struct {
		sheet string
		num   int
	}
	// month and monthText are the last row's month and its text: rows of
	// a log mostly share one, and Month.String makes a string each call.
	month     pipeline.Month
	monthText string
}

func newActivitiesBuilder(ref *pipeline.Reference, opts Options, mem memory.Allocator) tableBuilder {
	return &activitiesBuilder{builderBase: newBuilderBase(ref, opts, mem, pipeline.ActivitiesSchema, pipeline.FieldTitle, "duplicate.row"), types: map[string]string{}}
}

// activityCols are the positions of the activities table's columns, by name.
var activityCols = struct{ date, period, region, kommune, given, goals, measure, typ, title, participants, responsible, note int }{
	date:         at(pipeline.ActivitiesSchema, pipeline.FieldDate),
	period:       at(pipeline.ActivitiesSchema, pipeline.FieldPeriod),
	region:       at(pipeline.ActivitiesSchema, pipeline.FieldRegion),
	kommune:      at(pipeline.ActivitiesSchema, pipeline.FieldKommunenr),
	given:        at(pipeline.ActivitiesSchema, pipeline.FieldKommunenrGiven),
	goals:        at(pipeline.ActivitiesSchema, pipeline.FieldGoals),
	measure:      at(pipeline.ActivitiesSchema, pipeline.FieldMeasure),
	typ:          at(pipeline.ActivitiesSchema, pipeline.FieldType),
	title:        at(pipeline.ActivitiesSchema, pipeline.FieldTitle),
	participants: at(pipeline.ActivitiesSchema, pipeline.FieldParticipants),
	responsible:  at(pipeline.ActivitiesSchema, pipeline.FieldResponsible),
	note:         at(pipeline.ActivitiesSchema, pipeline.FieldNote),
}

func (a *activitiesBuilder) add(r *rowCtx) (rejects, warnings []pipeline.Problem) {
	c := a.check(r)
	var date time.Time
	dated, under := r.value(pipeline.FieldDate) != "", a.under.sheet == r.sheet && a.under.num == r.num
	if !dated && under {
		c.reject(pipeline.FieldDate, msg("date.above"))
	} else {
		date, _ = c.date(pipeline.FieldDate)
	}
	if dated || under {
		a.under.sheet, a.under.num = r.sheet, r.num+1
	}
	var region, kommune string
	if r.has(pipeline.FieldRegion) {
		region = c.regionCode(pipeline.FieldRegion)
		kommune = c.kommune(pipeline.FieldKommunenr, false)
	} else {
		// A log without a Region column: each row's region is its
		// municipality's.
		kommune = c.kommune(pipeline.FieldKommunenr, false)
		region = c.regionOf(pipeline.FieldKommunenr, kommune)
	}
	goals := c.goals(pipeline.FieldGoals)
	measure := c.measure(pipeline.FieldMeasure, goals)
	typ := ""
	if raw := r.value(pipeline.FieldType); raw == "" {
		c.reject(pipeline.FieldType, msg("required"))
	} else if t, ok := a.activityType(raw); ok {
		typ = t
	} else if head, note, ok := noteAfter(raw); ok && head != "" {
		// «kommunebesøk (digitalt)», «Annet – styremøte»: the type, and
		// a note that has no place but is said.
		if t, ok := a.activityType(head); ok {
			typ = t
			c.warn(pipeline.FieldType, msg("type.note", t, note))
		}
	}
	if typ == "" && r.value(pipeline.FieldType) != "" {
		c.reject(pipeline.FieldType, msg("type.unknown", a.ref.ActivityTypeList()))
	}
	title := c.text(pipeline.FieldTitle, true)
	participants, hasParticipants := c.estimate(pipeline.FieldParticipants)
	responsible := c.text(pipeline.FieldResponsible, false)
	note := strings.TrimSpace(r.value(pipeline.FieldNote))
	if !c.ok() {
		return c.rejects, c.warnings
	}

	// A row the same in every field as an earlier one would be counted
	// twice: the later one is rejected. Rows that only share the date,
	// title, municipality and type may be one activity logged by two
	// people, or two activities: kept, with a warning.
	day := arrow.Date32FromTime(date)
	near := newIDHash().addInt(int64(day)).add(kommune).add(typ).addLower(title)
	id := near.add(region).add(measure).add(responsible).add(note).addInt(participants)
	if !hasParticipants {
		id = id.addInt(-1)
	}
	for _, g := range goals {
		id = id.add(g)
	}
	if a.dups.checkHash(c, r, uint64(id)) {
		return c.rejects, c.warnings
	}
	a.dups.checkNear(c, r, uint64(near))

	b := a.b
	b.Date(activityCols.date, day)
	if m := pipeline.MonthOf(date); m != a.month || a.monthText == "" {
		a.month, a.monthText = m, m.String()
	}
	b.Str(activityCols.period, a.monthText)
	b.Str(activityCols.region, region)
	b.OptStr(activityCols.kommune, kommune)
	b.OptStr(activityCols.given, c.given)
	b.Strs(activityCols.goals, goals)
	b.OptStr(activityCols.measure, measure)
	b.Str(activityCols.typ, typ)
	b.Str(activityCols.title, title)
	b.OptInt(activityCols.participants, participants, hasParticipants)
	b.OptStr(activityCols.responsible, responsible)
	b.OptStr(activityCols.note, note)
	r.appendProvenance(b, a.prov)
	return nil, c.warnings
}

// noteAfter splits a cell into a word and a note after it, in brackets
// («kommunebesøk (digitalt)») or after a dash or colon («Annet – styremøte»,
// «Annet: styremøte»); ok is false when there is none.
func noteAfter(raw string) (head, note string, ok bool) {
	s := strings.TrimSpace(raw)
	if i := strings.Index(s, " ("); i > 0 && strings.HasSuffix(s, ")") {
		return strings.TrimSpace(s[:i]), strings.TrimSpace(s[i+2 : len(s)-1]), true
	}
	for _, sep := range []string{" - ", " – ", " — ", ": "} {
		if h, n, cut := strings.Cut(s, sep); cut {
			return strings.TrimSpace(h), strings.TrimSpace(n), true
		}
	}
	return "", "", false
}

// activityType resolves a type as written, remembering the answer: a file
// spells its few types the same way thousands of times.
func (a *activitiesBuilder) activityType(raw string) (string, bool) {
	if t, ok := a.types[raw]; ok {
		return t, t != ""
	}
	t, ok := a.ref.ActivityType(raw)
	if len(a.types) < 1000 {
		a.types[raw] = t
	}
	return t, ok
}
