package ingest

import (
	"strings"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"kulturrapport/pipeline"
)

type projectsBuilder struct{ builderBase }

func newProjectsBuilder(ref *pipeline.Reference, opts Options, mem memory.Allocator) tableBuilder {
	return &projectsBuilder{newBuilderBase(ref, opts, mem, pipeline.ProjectsSchema, pipeline.FieldProject, "duplicate.project")}
}

// projectCols are the positions of the projects table's columns, by name.
var projectCols = struct{ project, period, date, region, goals, status, level, participants, muniCount, munis, budget, spent, note int }{
	project:      at(pipeline.ProjectsSchema, pipeline.FieldProject),
	period:       at(pipeline.ProjectsSchema, pipeline.FieldPeriod),
	date:         at(pipeline.ProjectsSchema, pipeline.FieldDate),
	region:       at(pipeline.ProjectsSchema, pipeline.FieldRegion),
	goals:        at(pipeline.ProjectsSchema, pipeline.FieldGoals),
	status:       at(pipeline.ProjectsSchema, pipeline.FieldStatus),
	level:        at(pipeline.ProjectsSchema, pipeline.FieldLevel),
	participants: at(pipeline.ProjectsSchema, pipeline.FieldParticipants),
	muniCount:    at(pipeline.ProjectsSchema, pipeline.FieldMuniCount),
	munis:        at(pipeline.ProjectsSchema, pipeline.FieldMunicipalities),
	budget:       at(pipeline.ProjectsSchema, pipeline.FieldBudget),
	spent:        at(pipeline.ProjectsSchema, pipeline.FieldSpent),
	note:         at(pipeline.ProjectsSchema, pipeline.FieldNote),
}

func (p *projectsBuilder) add(r *rowCtx) (rejects, warnings []pipeline.Problem) {
	c := p.check(r)
	name := c.text(pipeline.FieldProject, true)
	month, _ := c.month(pipeline.FieldPeriod)
	region := c.regionCode(pipeline.FieldRegion)
	goals := c.goals(pipeline.FieldGoals)
	status := c.vocabulary(pipeline.FieldStatus, pipeline.ProjectStatuses, pipeline.ProjectStatusWords, true)
	level := c.vocabulary(pipeline.FieldLevel, pipeline.ProjectLevels, pipeline.ProjectLevelWords, false)
	participants, hasParticipants := c.estimate(pipeline.FieldParticipants)
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
	b.Str(projectCols.project, name)
	b.Str(projectCols.period, pipeline.MonthOf(month).String())
	b.Date(projectCols.date, arrow.Date32FromTime(month))
	b.Str(projectCols.region, region)
	b.Strs(projectCols.goals, goals)
	b.Str(projectCols.status, status)
	b.OptStr(projectCols.level, level)
	b.OptInt(projectCols.participants, participants, hasParticipants)
	b.OptInt(projectCols.muniCount, muniCount, hasMunis)
	b.Strs(projectCols.munis, munis)
	b.OptFloat(projectCols.budget, budget, hasBudget)
	b.OptFloat(projectCols.spent, spent, hasSpent)
	b.OptStr(projectCols.note, strings.TrimSpace(r.value(pipeline.FieldNote)))
	r.appendProvenance(b, p.prov)
	return nil, c.warnings
}
