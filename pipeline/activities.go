package pipeline

import (
	"github.com/apache/arrow-go/v18/arrow"
)

// Field names of the activities table (kind A of the README's inputs).
const (
	FieldDate      = "dato"
	FieldPeriod    = "periode"
	FieldRegion    = "region"
	FieldKommunenr = "kommunenr"
	// FieldKommunenrGiven is the kommunenummer as the file gave it, when
	// it was an older one (followed to kommunenr through SSB's changes).
	FieldKommunenrGiven = "kommunenr_oppgitt"
	FieldGoals          = "maal"
	FieldMeasure        = "tiltak"
	FieldType           = "aktivitetstype"
	FieldTitle          = "tittel"
	FieldParticipants   = "deltakere"
	FieldResponsible    = "ansvarlig"
	FieldNote           = "merknad"
	FieldSourceFile     = "kilde_fil"
	FieldSourceSheet    = "kilde_ark"
	FieldSourceRow      = "kilde_rad"
)

// provenanceFields are the columns every normalised table ends with.
var provenanceFields = []arrow.Field{
	{Name: FieldSourceFile, Type: DictString},
	{Name: FieldSourceSheet, Type: DictString},
	{Name: FieldSourceRow, Type: arrow.PrimitiveTypes.Int32},
}

// ActivitiesSchema is the schema of the normalised activities table.
var ActivitiesSchema = arrow.NewSchema(append([]arrow.Field{
	{Name: FieldDate, Type: arrow.FixedWidthTypes.Date32},
	{Name: FieldPeriod, Type: DictString},
	{Name: FieldRegion, Type: DictString},
	{Name: FieldKommunenr, Type: DictString, Nullable: true},
	{Name: FieldKommunenrGiven, Type: DictString, Nullable: true},
	{Name: FieldGoals, Type: arrow.ListOf(arrow.BinaryTypes.String)},
	{Name: FieldMeasure, Type: DictString, Nullable: true},
	{Name: FieldType, Type: DictString},
	{Name: FieldTitle, Type: arrow.BinaryTypes.String},
	{Name: FieldParticipants, Type: arrow.PrimitiveTypes.Int64, Nullable: true},
	{Name: FieldResponsible, Type: DictString, Nullable: true},
	{Name: FieldNote, Type: arrow.BinaryTypes.String, Nullable: true},
}, provenanceFields...), nil)

// Activities is the input kind of activity logs.
var Activities = &Kind{
	Name:   "aktiviteter",
	Schema: ActivitiesSchema,
	Template: Template{Sheet: "Aktiviteter", Title: "Aktivitetslogg",
		Intro: "Én rad per aktivitet: kommunebesøk, konferanser, kurs, nettverksmøter, publiseringer og annet arbeid knyttet til strategien. Send loggen for måneden innen den 10. i måneden etter. En aktivitet som ble avlyst: skriv «avlyst» i Merknad, eller stryk gjennom raden; den telles ikke."},
	Columns: []Column{
		{Key: FieldDate, Header: "Dato", Aliases: []string{"Date", "Aktivitetsdato", "Dato for aktivitet", "Activity date"}, Required: true,
			Help: "Datoen aktiviteten fant sted, f.eks. 15.03.2026."},
		{Key: FieldRegion, Header: "Region", Aliases: []string{"Regionkode", "Region code"}, Required: true, DerivedFrom: FieldKommunenr,
			Help: "Regionens kode, f.eks. BTV."},
		{Key: FieldKommunenr, Header: "Kommunenr", Aliases: []string{"Kommunenummer", "Kommune nr", "Knr", "Municipality", "Municipality number", "Municipality code"},
			Fallback: []string{"Kommune", "Kommunenavn", "Municipality name"},
			Help:     "Kommunenummer med fire siffer, f.eks. 3301. Tom for aktiviteter i hele regionen."},
		{Key: FieldGoals, Header: "Mål", Aliases: []string{"Maal", "Mal", "Mål nr", "Strategisk mål", "Delmål", "Goal", "Goals"}, Required: true, Numbered: true,
			Help: "Strategisk mål, f.eks. 3.1. Flere mål skilles med semikolon: 1.1; 3.1."},
		{Key: FieldMeasure, Header: "Tiltak", Aliases: []string{"Tiltakskode", "Measure"},
			Help: "Tiltakets kode, f.eks. 3.1.R1. Må høre til målet."},
		{Key: FieldType, Header: "Aktivitetstype", Aliases: []string{"Type", "Aktivitet type", "Type aktivitet", "Kategori", "Aktivitetskategori", "Activity type"}, Required: true,
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
}

// DictString is the type of the text columns that repeat a few values over
// many rows (source file, region, period, type, kommunenummer …): stored
// once each, with an index per row.
var DictString = &arrow.DictionaryType{IndexType: arrow.PrimitiveTypes.Int32, ValueType: arrow.BinaryTypes.String}
