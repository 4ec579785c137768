package pipeline

import (
	"strings"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/memory"
)

// Field names of the activities table (kind A of the README's inputs).
const (
	FieldDate         = "dato"
	FieldPeriod       = "periode"
	FieldRegion       = "region"
	FieldKommunenr    = "kommunenr"
	FieldGoals        = "maal"
	FieldMeasure      = "tiltak"
	FieldType         = "aktivitetstype"
	FieldTitle        = "tittel"
	FieldParticipants = "deltakere"
	FieldResponsible  = "ansvarlig"
	FieldNote         = "merknad"
	FieldSourceFile   = "kilde_fil"
	FieldSourceSheet  = "kilde_ark"
	FieldSourceRow    = "kilde_rad"
)

// provenanceFields are the columns every normalised table ends with.
var provenanceFields = []arrow.Field{
	{Name: FieldSourceFile, Type: dictString},
	{Name: FieldSourceSheet, Type: dictString},
	{Name: FieldSourceRow, Type: arrow.PrimitiveTypes.Int32},
}

// ActivitiesSchema is the schema of the normalised activities table.
var ActivitiesSchema = arrow.NewSchema(append([]arrow.Field{
	{Name: FieldDate, Type: arrow.FixedWidthTypes.Date32},
	{Name: FieldPeriod, Type: dictString},
	{Name: FieldRegion, Type: dictString},
	{Name: FieldKommunenr, Type: dictString, Nullable: true},
	{Name: FieldGoals, Type: arrow.ListOf(arrow.BinaryTypes.String)},
	{Name: FieldMeasure, Type: dictString, Nullable: true},
	{Name: FieldType, Type: dictString},
	{Name: FieldTitle, Type: arrow.BinaryTypes.String},
	{Name: FieldParticipants, Type: arrow.PrimitiveTypes.Int64, Nullable: true},
	{Name: FieldResponsible, Type: dictString, Nullable: true},
	{Name: FieldNote, Type: arrow.BinaryTypes.String, Nullable: true},
}, provenanceFields...), nil)

var activitiesKind = &Kind{
	Name:   "aktiviteter",
	Schema: ActivitiesSchema,
	Template: Template{Sheet: "Aktiviteter", Title: "Aktivitetslogg",
		Intro: "Én rad per aktivitet: kommunebesøk, konferanser, kurs, nettverksmøter, publiseringer og annet arbeid knyttet til strategien. Send loggen for måneden innen den 10. i måneden etter."},
	Columns: []Column{
		{Key: FieldDate, Header: "Dato", Aliases: []string{"Date", "Aktivitetsdato", "Dato for aktivitet", "Activity date"}, Required: true,
			Help: "Datoen aktiviteten fant sted, f.eks. 15.03.2026."},
		{Key: FieldRegion, Header: "Region", Aliases: []string{"Regionkode", "Region code"}, Required: true,
			Help: "Regionens kode, f.eks. BTV."},
		{Key: FieldKommunenr, Header: "Kommunenr", Aliases: []string{"Kommunenummer", "Kommune nr", "Knr", "Municipality", "Municipality number", "Municipality code"},
			Help: "Kommunenummer med fire siffer, f.eks. 3301. Tom for aktiviteter i hele regionen."},
		{Key: FieldGoals, Header: "Mål", Aliases: []string{"Maal", "Mal", "Mål nr", "Strategisk mål", "Goal", "Goals"}, Required: true,
			Help: "Strategisk mål, f.eks. 3.1. Flere mål skilles med semikolon: 1.1; 3.1."},
		{Key: FieldMeasure, Header: "Tiltak", Aliases: []string{"Tiltakskode", "Measure"},
			Help: "Tiltakets kode, f.eks. 3.1.R1. Må høre til målet."},
		{Key: FieldType, Header: "Aktivitetstype", Aliases: []string{"Type", "Aktivitet type", "Type aktivitet", "Activity type"}, Required: true,
			Help: "En av: kommunebesøk, konferanse, høring, rektornettverk, fagnettverk, kurs, publisering, sosiale medier, mediekontakt, samarbeidsavtale, prosjektmøte, politisk møte, internasjonalt møte, annet."},
		{Key: FieldTitle, Header: "Tittel", Aliases: []string{"Beskrivelse", "Aktivitet", "Title", "Description"}, Required: true,
			Help: "Kort tittel på aktiviteten."},
		{Key: FieldParticipants, Header: "Deltakere", Aliases: []string{"Antall deltakere", "Ant deltakere", "Participants"},
			Help: "Antall deltakere, et helt tall (valgfritt)."},
		{Key: FieldResponsible, Header: "Ansvarlig", Aliases: []string{"Kontaktperson", "Responsible"},
			Help: "Hvem som var ansvarlig (valgfritt)."},
		{Key: FieldNote, Header: "Merknad", Aliases: []string{"Merknader", "Kommentar", "Note", "Notes", "Comment"},
			Help: "Fritekst (valgfritt)."},
	},
	newBuilder: newActivitiesBuilder,
}

type activitiesBuilder struct {
	builderBase
	types map[string]string
}

func newActivitiesBuilder(ref *Reference, opts Options, mem memory.Allocator) tableBuilder {
	return &activitiesBuilder{builderBase: newBuilderBase(ref, opts, mem, ActivitiesSchema, FieldTitle, "duplicate.row"), types: map[string]string{}}
}

func (a *activitiesBuilder) add(r *rowCtx) (rejects, warnings []Problem) {
	c := a.check(r)
	date, _ := c.date(FieldDate)
	region := c.regionCode(FieldRegion)
	kommune := c.kommune(FieldKommunenr, false)
	goals := c.goals(FieldGoals)
	measure := c.measure(FieldMeasure, goals)
	typ := ""
	if raw := r.value(FieldType); raw == "" {
		c.reject(FieldType, msg("required"))
	} else if t, ok := a.activityType(raw); !ok {
		c.reject(FieldType, msg("type.unknown", a.ref.ActivityTypeList()))
	} else {
		typ = t
	}
	title := c.text(FieldTitle, true)
	participants, hasParticipants := c.count(FieldParticipants, false)
	responsible := c.text(FieldResponsible, false)
	note := strings.TrimSpace(r.value(FieldNote))
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
	b.date(0, day)
	b.str(1, MonthOf(date).String())
	b.str(2, region)
	b.optStr(3, kommune)
	b.strs(4, goals)
	b.optStr(5, measure)
	b.str(6, typ)
	b.str(7, title)
	b.optInt(8, participants, hasParticipants)
	b.optStr(9, responsible)
	b.optStr(10, note)
	r.appendProvenance(b, 11)
	return nil, c.warnings
}

// dictString is the type of the text columns that repeat a few values over
// many rows (source file, region, period, type, kommunenummer …): stored
// once each, with an index per row.
var dictString = &arrow.DictionaryType{IndexType: arrow.PrimitiveTypes.Int32, ValueType: arrow.BinaryTypes.String}

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
