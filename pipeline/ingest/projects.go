package ingest

import (
	"kulturrapport/pipeline"
	"strings"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/memory"
)

type projectsBuilder struct{ builderBase }

func newProjectsBuilder(ref *pipeline.Reference, opts Options, mem memory.Allocator) tableBuilder {
	return &projectsBuilder{newBuilderBase(ref, opts, mem, pipeline.ProjectsSchema, pipeline.FieldProject, "duplicate.project")}
}

func (p *projectsBuilder) add(r *rowCtx) (rejects, warnings []pipeline.Problem) {
	c := p.check(r)
	name := c.text(pipeline.FieldProject, true)
	month, _ := c.month(pipeline.FieldPeriod)
	region := c.regionCode(pipeline.FieldRegion)
	goals := c.goals(pipeline.FieldGoals)
	status := c.vocabulary(pipeline.FieldStatus, pipeline.ProjectStatuses, true)
	level := c.vocabulary(pipeline.FieldLevel, pipeline.ProjectLevels, false)
	participants, hasParticipants := c.count(pipeline.FieldParticipants, false)
	munis, muniCount, hasMunis := c.kommuneList(pipeline.FieldMunicipalities)
	budget, hasBudget := c.amount(pipeline.FieldBudget, false)
	spent, hasSpent := c.amount(pipeline.FieldSpent, false)
	if hasBudget && hasSpent && spent > budget {
		c.warn(pipeline.FieldSpent, msg("budget.over"))
	}
	if !c.ok() {
		return c.rejects, c.warnings
	}
	id := strings.ToLower(name) + "\x00" + pipeline.MonthOf(month).String() + "\x00" + region
	if p.dups.check(c, r, id) {
		return c.rejects, c.warnings
	}

	b := p.b
	b.Str(0, name)
	b.Str(1, pipeline.MonthOf(month).String())
	b.Date(2, arrow.Date32FromTime(month))
	b.Str(3, region)
	b.Strs(4, goals)
	b.Str(5, status)
	b.OptStr(6, level)
	b.OptInt(7, participants, hasParticipants)
	b.OptInt(8, muniCount, hasMunis)
	b.Strs(9, munis)
	b.OptFloat(10, budget, hasBudget)
	b.OptFloat(11, spent, hasSpent)
	b.OptStr(12, strings.TrimSpace(r.value(pipeline.FieldNote)))
	r.appendProvenance(b, 13)
	return nil, c.warnings
}
