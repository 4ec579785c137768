package pipeline

import (
	"github.com/apache/arrow-go/v18/arrow"
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

// ProjectStatusWords and ProjectLevelWords are other words people use for
// the vocabularies' words, by the word they mean.
var (
	ProjectStatusWords = map[string][]string{
		"planlagt": {"ikke startet", "ikke påbegynt", "planlegges", "planned", "not started"},
		"pågår":    {"pågående", "i gang", "igang", "startet", "påbegynt", "aktiv", "ongoing", "in progress", "active"},
		"fullført": {"ferdig", "ferdigstilt", "gjennomført", "avsluttet", "completed", "finished", "done"},
		"avbrutt":  {"avlyst", "kansellert", "stoppet", "cancelled", "canceled", "stopped"},
	}
	ProjectLevelWords = map[string][]string{
		"lokal":         {"lokalt", "kommunal", "kommunalt", "local"},
		"regional":      {"regionalt"},
		"nasjonal":      {"nasjonalt", "national"},
		"internasjonal": {"internasjonalt", "international"},
	}
)

// ProjectsSchema is the schema of the normalised projects table: one row per
// project per reporting month. dato is the first day of the month.
var ProjectsSchema = arrow.NewSchema(append([]arrow.Field{
	{Name: FieldProject, Type: arrow.BinaryTypes.String},
	{Name: FieldPeriod, Type: DictString},
	{Name: FieldDate, Type: arrow.FixedWidthTypes.Date32},
	{Name: FieldRegion, Type: DictString},
	{Name: FieldGoals, Type: arrow.ListOf(arrow.BinaryTypes.String)},
	{Name: FieldStatus, Type: DictString},
	{Name: FieldLevel, Type: DictString, Nullable: true},
	{Name: FieldParticipants, Type: arrow.PrimitiveTypes.Int64, Nullable: true},
	{Name: FieldMuniCount, Type: arrow.PrimitiveTypes.Int64, Nullable: true},
	{Name: FieldMunicipalities, Type: arrow.ListOf(arrow.BinaryTypes.String)},
	{Name: FieldBudget, Type: arrow.PrimitiveTypes.Float64, Nullable: true},
	{Name: FieldSpent, Type: arrow.PrimitiveTypes.Float64, Nullable: true},
	{Name: FieldNote, Type: arrow.BinaryTypes.String, Nullable: true},
}, provenanceFields...), nil)

// Projects is the input kind of project reports.
var Projects = &Kind{
	Name:   "prosjekter",
	Schema: ProjectsSchema,
	Entity: FieldProject,
	Template: Template{Sheet: "Prosjekter", Title: "Prosjektrapport",
		Intro: "Én rad per prosjekt per måned. Bruk samme prosjektnavn hver måned. Send rapporten innen den 10. i måneden etter."},
	Columns: []Column{
		{Key: FieldProject, Header: "Prosjekt", Aliases: []string{"Prosjektnavn", "Prosjekt-ID", "Navn", "Project", "Project name"}, Required: true,
			Help: "Prosjektets navn, f.eks. El Sistema. Samme navn hver måned."},
		{Key: FieldPeriod, Header: "Periode", Aliases: []string{"Måned", "Rapporteringsmåned", "Period", "Month"}, Required: true,
			Help: "Måneden rapporten gjelder, f.eks. 2026-10."},
		{Key: FieldRegion, Header: "Region", Aliases: []string{"Regionkode", "Region code"}, Required: true,
			Help: "Regionens kode, f.eks. BTV."},
		{Key: FieldGoals, Header: "Mål", Aliases: []string{"Maal", "Mal", "Strategisk mål", "Goal", "Goals"}, Required: true, Numbered: true,
			Help: "Strategisk mål, f.eks. 1.3. Flere mål skilles med semikolon."},
		{Key: FieldStatus, Header: "Status", Aliases: []string{"Prosjektstatus", "Project status"}, Required: true,
			Help: "planlagt, pågår, fullført eller avbrutt."},
		{Key: FieldLevel, Header: "Nivå", Aliases: []string{"Nivaa", "Level"},
			Help: "lokal, regional, nasjonal eller internasjonal."},
		{Key: FieldParticipants, Header: "Deltakere", Aliases: []string{"Barn og unge", "Antall barn og unge", "Barn og unge nådd", "Antall deltakere", "Participants", "Children reached"},
			Help: "Antall barn og unge prosjektet har nådd til sammen fra start (ikke bare denne måneden), et helt tall. Hvert barn telles én gang."},
		{Key: FieldMunicipalities, Header: "Kommuner", Aliases: []string{"Antall kommuner", "Kommunenr", "Municipalities"},
			Help: "Antall kommuner, eller kommunenumrene skilt med semikolon: 3301; 3303."},
		{Key: FieldBudget, Header: "Budsjett", Aliases: []string{"Budsjett (kr)", "Budsjett NOK", "Budget"},
			Help: "Budsjett i kroner."},
		{Key: FieldSpent, Header: "Forbruk", Aliases: []string{"Forbruk (kr)", "Brukt", "Spent", "Spending"},
			Help: "Forbruk hittil i kroner."},
		{Key: FieldNote, Header: "Merknad", Aliases: []string{"Merknader", "Kommentar", "Note", "Notes", "Comment"},
			Help: "Fritekst (valgfritt)."},
	},
}
