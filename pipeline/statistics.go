package pipeline

import (
	"github.com/apache/arrow-go/v18/arrow"
)

// Field names of the municipal statistics table (kind C of the README's inputs).
const (
	FieldSchoolYear      = "skoleaar"
	FieldSchoolYearStart = "skoleaar_start"
	FieldMunicipality    = "kommune"
	FieldPupils          = "elever"
	FieldPupils615       = "elever_6_15"
	FieldPlaces          = "elevplasser"
	// FieldShareSSB and FieldWaitingShareSSB are SSB's published shares
	// (KOSTRA), kept beside those computed from the counts.
	FieldShareSSB        = "andel_6_15_ssb"
	FieldWaitingShareSSB = "venteliste_andel_ssb"
	// FieldSSBMarkers keeps, for a row read from SSB's files, the
	// marker of each value SSB did not give: «andel_6_15_ssb=:» (see
	// SSBMarkers).
	FieldSSBMarkers  = "ssb_merker"
	FieldWaiting     = "venteliste"
	FieldWaiting615  = "venteliste_6_15"
	FieldChildren615 = "barn_6_15"
	FieldSubjects    = "fag"
	FieldFTE         = "aarsverk"
	FieldFee         = "elevavgift"
)

// StatisticsSchema is the schema of the normalised statistics table: one
// row per municipality and school year. dato is 1 October of the school
// year's first year, the counting date of the official figures (GSI).
var StatisticsSchema = arrow.NewSchema(append([]arrow.Field{
	{Name: FieldSchoolYear, Type: DictString},
	{Name: FieldSchoolYearStart, Type: arrow.PrimitiveTypes.Int32},
	{Name: FieldDate, Type: arrow.FixedWidthTypes.Date32},
	{Name: FieldKommunenr, Type: arrow.BinaryTypes.String},
	{Name: FieldKommunenrGiven, Type: arrow.BinaryTypes.String, Nullable: true},
	{Name: FieldMunicipality, Type: arrow.BinaryTypes.String},
	{Name: FieldRegion, Type: DictString},
	{Name: FieldPupils, Type: arrow.PrimitiveTypes.Int64, Nullable: true},
	{Name: FieldPupils615, Type: arrow.PrimitiveTypes.Int64, Nullable: true},
	{Name: FieldPlaces, Type: arrow.PrimitiveTypes.Int64, Nullable: true},
	{Name: FieldWaiting, Type: arrow.PrimitiveTypes.Int64, Nullable: true},
	{Name: FieldWaiting615, Type: arrow.PrimitiveTypes.Int64, Nullable: true},
	{Name: FieldChildren615, Type: arrow.PrimitiveTypes.Int64, Nullable: true},
	{Name: FieldSubjects, Type: arrow.PrimitiveTypes.Int64, Nullable: true},
	{Name: FieldFTE, Type: arrow.PrimitiveTypes.Float64, Nullable: true},
	{Name: FieldFee, Type: arrow.PrimitiveTypes.Float64, Nullable: true},
	{Name: FieldShareSSB, Type: arrow.PrimitiveTypes.Float64, Nullable: true},
	{Name: FieldWaitingShareSSB, Type: arrow.PrimitiveTypes.Float64, Nullable: true},
	{Name: FieldSSBMarkers, Type: DictString, Nullable: true},
}, provenanceFields...), nil)

// SSBMarkers are Statistics Norway's symbols for a value that is not
// there, each with the key of the message saying what it means. A value
// so marked is missing, not zero («-», SSB's zero, is read as 0); the
// marker is kept in ssb_merker.
var SSBMarkers = map[string]string{
	"..": "ssb.marker.na",
	"…":  "ssb.marker.na",
	":":  "ssb.marker.confidential",
	".":  "ssb.marker.notapplicable",
}

// Statistics is the input kind of the municipal kulturskole statistics.
var Statistics = &Kind{
	Name:   "statistikk",
	Schema: StatisticsSchema,
	Entity: FieldKommunenr,
	Template: Template{Sheet: "Statistikk", Title: "Kulturskolestatistikk",
		Intro: "Én rad per kommune per skoleår, med tallene fra GSI/KOSTRA."},
	Columns: []Column{
		{Key: FieldSchoolYear, Header: "Skoleår", Aliases: []string{"Skoleaar", "Skolear", "School year"}, Required: true, FromSheet: true,
			Help: "Skoleåret, f.eks. 2025/2026."},
		{Key: FieldKommunenr, Header: "Kommunenr", Aliases: []string{"Kommunenummer", "Kommune nr", "Knr", "Municipality number", "Municipality code"}, Required: true,
			Help: "Kommunenummer med fire siffer, f.eks. 3301."},
		{Key: FieldMunicipality, Header: "Kommune", Aliases: []string{"Kommunenavn", "Municipality", "Municipality name"},
			Help: "Kommunens navn (kontrolleres mot kommunenummeret)."},
		{Key: FieldPupils, Header: "Elever", Aliases: []string{"Antall elever", "Pupils"}, Required: true,
			Help: "Antall elever i kulturskolen."},
		{Key: FieldPlaces, Header: "Elevplasser", Aliases: []string{"Antall elevplasser", "Places"},
			Help: "Antall elevplasser (én elev kan ha flere plasser; ikke det samme som elever)."},
		{Key: FieldPupils615, Header: "Elever 6–15 år", Aliases: []string{"Elever 6-15", "Elever i grunnskolealder", "Pupils 6-15"},
			Help: "Elever i grunnskolealder (6–15 år), som KOSTRA teller dem."},
		{Key: FieldWaiting, Header: "Venteliste", Aliases: []string{"Søkere på venteliste", "På venteliste", "Antall på venteliste", "Waiting list"},
			Help: "Antall på venteliste."},
		{Key: FieldWaiting615, Header: "Venteliste 6–15 år", Aliases: []string{"Venteliste 6-15", "Waiting list 6-15"},
			Help: "Barn 6–15 år på venteliste."},
		{Key: FieldChildren615, Header: "Barn 6–15 år", Aliases: []string{"Barn 6-15 år", "Barn 6-15", "Innbyggere 6-15 år", "Children 6-15"},
			Help: "Innbyggere 6–15 år i kommunen."},
		{Key: FieldSubjects, Header: "Fag", Aliases: []string{"Antall fag", "Fagtilbud", "Subjects"},
			Help: "Antall fag i tilbudet (musikk, dans, teater, visuell kunst, skapende skriving …)."},
		{Key: FieldFTE, Header: "Årsverk", Aliases: []string{"Aarsverk", "Lærerårsverk", "FTE"},
			Help: "Lærerårsverk, med desimalkomma: 12,5."},
		{Key: FieldFee, Header: "Elevavgift", Aliases: []string{"Elevavgift (kr)", "Elevavgift per år", "Fee", "Annual fee"},
			Help: "Elevavgift i kroner per år for ett tilbud."},
		{Key: FieldShareSSB, Header: "Andel 6–15 år i kulturskolen (SSB)", Aliases: []string{"Andel barn 6-15 i kulturskolen (SSB)", "Share 6-15 (SSB)"},
			Help: "SSBs publiserte andel (KOSTRA) barn 6–15 år i kulturskolen, i prosent."},
		{Key: FieldWaitingShareSSB, Header: "Venteliste per 100 barn 6–15 år (SSB)", Aliases: []string{"Venteliste andel (SSB)", "Waiting list share (SSB)"},
			Help: "SSBs publiserte tall (KOSTRA) for barn 6–15 år på venteliste per 100 innbyggere 6–15 år."},
		{Key: FieldSSBMarkers, Header: "SSB-merker", Aliases: []string{"SSB markers"}, NotInTemplate: true,
			Help: "SSBs merke for hvert tall SSB ikke oppgir, f.eks. «andel_6_15_ssb=:»: .. ikke tilgjengelig, : konfidensielt, . ikke aktuelt."},
	},
}
