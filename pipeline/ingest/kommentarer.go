package ingest

import (
	"slices"
	"strings"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"kulturrapport/pipeline"
)

type commentsBuilder struct{ builderBase }

func newCommentsBuilder(ref *pipeline.Reference, opts Options, mem memory.Allocator) tableBuilder {
	return &commentsBuilder{newBuilderBase(ref, opts, mem, pipeline.CommentsSchema, pipeline.FieldComment, "duplicate.comment")}
}

// commentCols are the positions of the comments table's columns, by name.
var commentCols = struct{ period, date, subject, goal, region, comment, followUp, author int }{
	period:   at(pipeline.CommentsSchema, pipeline.FieldPeriod),
	date:     at(pipeline.CommentsSchema, pipeline.FieldDate),
	subject:  at(pipeline.CommentsSchema, pipeline.FieldSubject),
	goal:     at(pipeline.CommentsSchema, pipeline.FieldGoal),
	region:   at(pipeline.CommentsSchema, pipeline.FieldRegion),
	comment:  at(pipeline.CommentsSchema, pipeline.FieldComment),
	followUp: at(pipeline.CommentsSchema, pipeline.FieldFollowUp),
	author:   at(pipeline.CommentsSchema, pipeline.FieldAuthor),
}

func (k *commentsBuilder) add(r *rowCtx) (rejects, warnings []pipeline.Problem) {
	c := k.check(r)
	month, _ := c.month(pipeline.FieldPeriod)
	// What the comment is about: a goal or an indicator, or several of
	// them listed («1.1, 1.2»), the comment then read for each.
	var subjects, goals []string
	if raw := strings.TrimSpace(r.value(pipeline.FieldSubject)); raw == "" {
		c.reject(pipeline.FieldSubject, msg("required"))
	} else if s, g, ok := k.subject(raw); ok {
		subjects, goals = []string{s}, []string{g}
	} else if ss, gs, ok := k.subjects(raw); ok {
		subjects, goals = ss, gs
		c.warn(pipeline.FieldSubject, msg("subject.several", strings.Join(ss, ", ")))
	} else {
		c.reject(pipeline.FieldSubject, msg("subject.unknown"))
	}
	// The region whose comment it is, when the sheet says: none is the
	// nation's (the analyst's).
	region := ""
	if r.value(pipeline.FieldRegion) != "" {
		region = c.regionCode(pipeline.FieldRegion)
	}
	text := c.text(pipeline.FieldComment, true)
	followUp := c.text(pipeline.FieldFollowUp, false)
	author := c.text(pipeline.FieldAuthor, false)
	if !c.ok() {
		return c.rejects, c.warnings
	}
	period := pipeline.MonthOf(month).String()
	for _, subject := range subjects {
		if k.dups.check(c, r, period+"\x00"+subject+"\x00"+region+"\x00"+strings.ToLower(text)) {
			return c.rejects, c.warnings
		}
	}
	b := k.b
	for i, subject := range subjects {
		b.Str(commentCols.period, period)
		b.Date(commentCols.date, arrow.Date32FromTime(month))
		b.Str(commentCols.subject, subject)
		b.Str(commentCols.goal, goals[i])
		b.OptStr(commentCols.region, region)
		b.Str(commentCols.comment, text)
		b.OptStr(commentCols.followUp, followUp)
		b.OptStr(commentCols.author, author)
		r.appendProvenance(b, k.prov)
	}
	return nil, c.warnings
}

// subject resolves what a comment is about: a goal (its code), or an
// indicator (its id or name, a note in brackets after it left out); it
// returns the subject and its goal.
func (k *commentsBuilder) subject(raw string) (subject, goal string, ok bool) {
	if g, ok := k.ref.Goal(raw); ok {
		return g, g, true
	}
	if id, g, ok := k.ref.Indicator(strings.TrimSpace(strings.SplitN(raw, " (", 2)[0])); ok {
		return id, g, true
	}
	return "", "", false
}

// subjects resolves a list of subjects («1.1, 1.2», «1.1 og 1.2»; at
// most a goal's worth), each once; ok only if every one resolves.
func (k *commentsBuilder) subjects(raw string) (subjects, goals []string, ok bool) {
	parts := strings.FieldsFunc(strings.ReplaceAll(raw, " og ", ","), func(r rune) bool { return r == ',' || r == ';' || r == '/' })
	if len(parts) < 2 || len(parts) > 20 {
		return nil, nil, false
	}
	for _, p := range parts {
		s, g, ok := k.subject(strings.TrimSpace(p))
		if !ok {
			return nil, nil, false
		}
		if !slices.Contains(subjects, s) {
			subjects, goals = append(subjects, s), append(goals, g)
		}
	}
	return subjects, goals, len(subjects) > 1
}
