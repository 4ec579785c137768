package ingest

import (
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
	subject, goal := "", ""
	if raw := strings.TrimSpace(r.value(pipeline.FieldSubject)); raw == "" {
		c.reject(pipeline.FieldSubject, msg("required"))
	} else if g, ok := k.ref.Goal(raw); ok {
		subject, goal = g, g
	} else if id, g, ok := k.ref.Indicator(strings.TrimSpace(strings.SplitN(raw, " (", 2)[0])); ok {
		subject, goal = id, g
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
	if k.dups.check(c, r, period+"\x00"+subject+"\x00"+region+"\x00"+strings.ToLower(text)) {
		return c.rejects, c.warnings
	}
	b := k.b
	b.Str(commentCols.period, period)
	b.Date(commentCols.date, arrow.Date32FromTime(month))
	b.Str(commentCols.subject, subject)
	b.Str(commentCols.goal, goal)
	b.OptStr(commentCols.region, region)
	b.Str(commentCols.comment, text)
	b.OptStr(commentCols.followUp, followUp)
	b.OptStr(commentCols.author, author)
	r.appendProvenance(b, k.prov)
	return nil, c.warnings
}
