package pipeline

import (
	"strings"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/memory"
)

// Field names of the projects table (kind B of the README's inputs).
const (
	FieldProject        = "prosjekt"
	FieldStatus         = "status"
	FieldLevel          = "nivaa"
	FieldMunicipalities = "kommuner"
	FieldMuniCount      = "kommuner_antall"
	FieldBudget         = "budsjett"
	FieldSpent          = "forbruk"
)

// ProjectStatuses and ProjectLevels are the vocabularies of kind B.
var (
	ProjectStatuses = []string{"planlagt", "pågår", "fullført", "avbrutt"}
	ProjectLevels   = []string{"lokal", "regional", "nasjonal", "internasjonal"}
)

// ProjectsSchema is the schema of the normalised projects table: one row per
// project per reporting month. dato is the first day of the month.
var ProjectsSchema = arrow.NewSchema(append([]arrow.Field{
	{Name: FieldProject, Type: arrow.BinaryTypes.String},
	{Name: FieldPeriod, Type: dictString},
	{Name: FieldDate, Type: arrow.FixedWidthTypes.Date32},
	{Name: FieldRegion, Type: dictString},
	{Name: FieldGoals, Type: arrow.ListOf(arrow.BinaryTypes.String)},
	{Name: FieldStatus, Type: dictString},
	{Name: FieldLevel, Type: dictString, Nullable: true},
	{Name: FieldParticipants, Type: arrow.PrimitiveTypes.Int64, Nullable: true},
	{Name: FieldMuniCount, Type: arrow.PrimitiveTypes.Int64, Nullable: true},
	{Name: FieldMunicipalities, Type: arrow.ListOf(arrow.BinaryTypes.String)},
	{Name: FieldBudget, Type: arrow.PrimitiveTypes.Float64, Nullable: true},
	{Name: FieldSpent, Type: arrow.PrimitiveTypes.Float64, Nullable: true},
	{Name: FieldNote, Type: arrow.BinaryTypes.String, Nullable: true},
}, provenanceFields...), nil)

var projectsKind = &Kind{
	Name:   "prosjekter",
	Schema: ProjectsSchema,
	Entity: FieldProject,
	Template: Template{Sheet: "Prosjekter", Title: "Prosjektrapport",
		Intro: "Én rad per prosjekt per måned. Bruk samme prosjektnavn hver måned. Send rapporten innen den 10. i måneden etter."},
	Columns: []Column{
		{Key: FieldProject, Header: "Prosjekt", Aliases: []string{"Prosjektnavn", "Prosjekt-ID", "Project", "Project name"}, Required: true,
			Help: "Prosjektets navn, f.eks. El Sistema. Samme navn hver måned."},
		{Key: FieldPeriod, Header: "Periode", Aliases: []string{"Måned", "Rapporteringsmåned", "Period", "Month"}, Required: true,
			Help: "Måneden rapporten gjelder, f.eks. 2026-10."},
		{Key: FieldRegion, Header: "Region", Aliases: []string{"Regionkode", "Region code"}, Required: true,
			Help: "Regionens kode, f.eks. BTV."},
		{Key: FieldGoals, Header: "Mål", Aliases: []string{"Maal", "Mal", "Strategisk mål", "Goal", "Goals"}, Required: true,
			Help: "Strategisk mål, f.eks. 1.3. Flere mål skilles med semikolon."},
		{Key: FieldStatus, Header: "Status", Aliases: []string{"Prosjektstatus", "Project status"}, Required: true,
			Help: "planlagt, pågår, fullført eller avbrutt."},
		{Key: FieldLevel, Header: "Nivå", Aliases: []string{"Nivaa", "Level"},
			Help: "lokal, regional, nasjonal eller internasjonal."},
		{Key: FieldParticipants, Header: "Deltakere", Aliases: []string{"Barn og unge", "Antall deltakere", "Participants", "Children reached"},
			Help: "Antall barn og unge prosjektet har nådd, et helt tall."},
		{Key: FieldMunicipalities, Header: "Kommuner", Aliases: []string{"Antall kommuner", "Kommunenr", "Municipalities"},
			Help: "Antall kommuner, eller kommunenumrene skilt med semikolon: 3301; 3303."},
		{Key: FieldBudget, Header: "Budsjett", Aliases: []string{"Budsjett (kr)", "Budsjett NOK", "Budget"},
			Help: "Budsjett i kroner."},
		{Key: FieldSpent, Header: "Forbruk", Aliases: []string{"Forbruk (kr)", "Brukt", "Spent", "Spending"},
			Help: "Forbruk hittil i kroner."},
		{Key: FieldNote, Header: "Merknad", Aliases: []string{"Merknader", "Kommentar", "Note", "Notes", "Comment"},
			Help: "Fritekst (valgfritt)."},
	},
	newBuilder: newProjectsBuilder,
}

type projectsBuilder struct{ builderBase }

func newProjectsBuilder(ref *Reference, opts Options, mem memory.Allocator) tableBuilder {
	return &projectsBuilder{newBuilderBase(ref, opts, mem, ProjectsSchema, FieldProject, "duplicate.project")}
}

func (p *projectsBuilder) add(r *rowCtx) (rejects, warnings []Problem) {
	c := p.check(r)
	name := c.text(FieldProject, true)
	month, _ := c.month(FieldPeriod)
	region := c.regionCode(FieldRegion)
	goals := c.goals(FieldGoals)
	status := c.vocabulary(FieldStatus, ProjectStatuses, true)
	level := c.vocabulary(FieldLevel, ProjectLevels, false)
	participants, hasParticipants := c.count(FieldParticipants, false)
	munis, muniCount, hasMunis := c.kommuneList(FieldMunicipalities)
	budget, hasBudget := c.amount(FieldBudget, false)
	spent, hasSpent := c.amount(FieldSpent, false)
	if hasBudget && hasSpent && spent > budget {
		c.warn(FieldSpent, msg("budget.over"))
	}
	if !c.ok() {
		return c.rejects, c.warnings
	}
	id := strings.ToLower(name) + "\x00" + MonthOf(month).String() + "\x00" + region
	if p.dups.check(c, r, id) {
		return c.rejects, c.warnings
	}

	b := p.b
	b.str(0, name)
	b.str(1, MonthOf(month).String())
	b.date(2, arrow.Date32FromTime(month))
	b.str(3, region)
	b.strs(4, goals)
	b.str(5, status)
	b.optStr(6, level)
	b.optInt(7, participants, hasParticipants)
	b.optInt(8, muniCount, hasMunis)
	b.strs(9, munis)
	b.optFloat(10, budget, hasBudget)
	b.optFloat(11, spent, hasSpent)
	b.optStr(12, strings.TrimSpace(r.value(FieldNote)))
	r.appendProvenance(b, 13)
	return nil, c.warnings
}
