package reports

import (
	"fmt"
	"io"
	"maps"
	"slices"

	"github.com/apache/arrow-go/v18/arrow"

	"kulturrapport/pipeline"
)

// fieldWords describe the dataset's columns, in Norwegian and English.
var fieldWords = map[string][2]string{
	"dato":                 {"Datoen aktiviteten fant sted, rapporten gjelder eller tellingen ble gjort", "The date of the activity, the report, or the count"},
	"region":               {"Regionens kode", "The region's code"},
	"kommunenr":            {"Kommunenummeret (4 sifre, gjeldende nummer)", "The municipality number (4 digits, the current one)"},
	"maal":                 {"Mål i strategien (kode)", "Goals of the strategy (codes)"},
	"tiltak":               {"Tiltakets kode", "The measure's code"},
	"aktivitetstype":       {"Type aktivitet", "Kind of activity"},
	"tittel":               {"Aktivitetens tittel", "The activity's title"},
	"deltakere":            {"Antall deltakere (prosjekter: barn og unge nådd)", "Number of participants (projects: children and young people reached)"},
	"ansvarlig":            {"Ansvarlig person", "The person responsible"},
	"merknad":              {"Merknad", "Note"},
	"kilde_fil":            {"Filen raden ble lest fra", "The file the row was read from"},
	"kilde_ark":            {"Arket raden ble lest fra", "The sheet the row was read from"},
	"kilde_rad":            {"Radnummeret i arket", "The row number in the sheet"},
	"prosjekt":             {"Prosjektets navn", "The project's name"},
	"status":               {"Status", "Status"},
	"nivaa":                {"Nivå (prosjekter: lokal, regional, nasjonal, internasjonal; indikatorer: organisasjon, region, fylke, kommune; tiltak: N eller R)", "Level (projects: local, regional, national, international; indicators: organisation, region, county, municipality; measures: N or R)"},
	"kommuner":             {"Kommunene (prosjekter: kommunenumre; regioner: antall medlemskommuner)", "The municipalities (projects: numbers; regions: number of members)"},
	"kommuner_antall":      {"Antall kommuner prosjektet oppgir", "Number of municipalities the project gives"},
	"budsjett":             {"Budsjett, kroner", "Budget, NOK"},
	"forbruk":              {"Forbruk hittil, kroner", "Spent so far, NOK"},
	"skoleaar":             {"Skoleåret (2025/2026)", "The school year (2025/2026)"},
	"skoleaar_start":       {"Skoleårets første år", "The school year's first year"},
	"kommune":              {"Kommunens navn", "The municipality's name"},
	"elever":               {"Elever i kulturskolen", "Pupils in the kulturskole"},
	"elever_6_15":          {"Elever 6–15 år", "Pupils aged 6–15"},
	"andel_6_15_ssb":       {"SSBs publiserte andel barn 6–15 år i kulturskolen (KOSTRA), prosent", "SSB's published share of children aged 6–15 in the kulturskole (KOSTRA), per cent"},
	"ssb_merker":           {"SSBs merke for hvert tall SSB ikke oppga, felt=merke: «..» ikke tilgjengelig, «:» skjermet, «.» ikke relevant (tallet er tomt, ikke 0)", "SSB's marker for each figure SSB did not give, field=marker: «..» not available, «:» confidential, «.» not applicable (the figure is empty, not 0)"},
	"venteliste_andel_ssb": {"SSBs publiserte tall for barn 6–15 år på venteliste per 100 innbyggere 6–15 år", "SSB's published children aged 6–15 on the waiting list per 100 residents aged 6–15"},
	"elevplasser":          {"Elevplasser (én elev kan ha flere)", "Places (one pupil may hold several)"},
	"kommunenr_oppgitt":    {"Kommunenummeret slik filen oppga det, når det var et eldre (fulgt til kommunenr gjennom SSBs endringer)", "The municipality number as the file gave it, when an older one (followed to kommunenr through SSB's changes)"},
	"venteliste":           {"På venteliste", "On the waiting list"},
	"venteliste_6_15":      {"På venteliste, 6–15 år", "On the waiting list, aged 6–15"},
	"barn_6_15":            {"Innbyggere 6–15 år", "Residents aged 6–15"},
	"fag":                  {"Antall fag tilbudt", "Number of subjects offered"},
	"aarsverk":             {"Årsverk", "Full-time equivalents"},
	"elevavgift":           {"Elevavgift for ett tilbud per år, kroner", "Annual fee for one subject, NOK"},
	"gjelder":              {"Målet eller indikatoren kommentaren gjelder", "The goal or indicator commented on"},
	"maal_kode":            {"Målet kommentaren hører til", "The goal the comment belongs to"},
	"kommentar":            {"Kommentaren", "The comment"},
	"videre_arbeid":        {"Videre arbeid", "Follow-up"},
	"forfatter":            {"Forfatter", "Author"},
	"type":                 {"Rapporttype: aktivitetslogg eller prosjektrapport", "Kind of report: activity log or project report"},
	"nokkel":               {"Hvem eller hva raden gjelder (region, prosjekt, fylke, kommune)", "Who or what the row is about (region, project, county, municipality)"},
	"frist":                {"Fristen for rapporten", "The report's deadline"},
	"forventet":            {"1: rapporten er forventet", "1: the report is expected"},
	"mottatt":              {"1: rapporten kom", "1: the report arrived"},
	"i_tide":               {"1: kom innen fristen, 0: for sent, tom: ukjent", "1: arrived by the deadline, 0: late, empty: unknown"},
	"innsendt":             {"Da filen ble lagret", "When the file was saved"},
	"indikator":            {"Indikatorens id", "The indicator's id"},
	"navn":                 {"Navnet", "The name"},
	"navn_en":              {"Navnet på engelsk", "The name in English"},
	"verdi":                {"Verdien (avviste: verdien slik den stod i filen)", "The value (rejected: the value as written in the file)"},
	"teller":               {"Teller", "Numerator"},
	"nevner":               {"Nevner", "Denominator"},
	"maalverdi":            {"Målverdien", "The target"},
	"fremdrift":            {"Fremdrift mot målverdien", "Progress toward the target"},
	"fil":                  {"Filen", "The file"},
	"ark":                  {"Arket", "The sheet"},
	"celle":                {"Cellen", "The cell"},
	"kolonne":              {"Kolonnen", "The column"},
	"grunn":                {"Hvorfor cellen ble avvist", "Why the cell was rejected"},
	"kode":                 {"Koden", "The code"},
	"omraade":              {"Strategisk område (kode)", "Strategic area (code)"},
	"kortnavn":             {"Kort navn", "Short name"},
	"tekst":                {"Tiltakets tekst", "The measure's text"},
	"fylke":                {"Fylket", "The county"},
}

// tableWords describe the dataset's tables.
var tableWords = map[string][2]string{
	pipeline.Activities.Name:   {"Aktiviteter fra regionenes aktivitetslogger", "Activities from the regions' activity logs"},
	pipeline.Projects.Name:     {"Prosjektenes månedsrapporter", "The projects' monthly reports"},
	pipeline.Statistics.Name:   {"Kulturskolestatistikk per kommune og skoleår", "Kulturskole statistics per municipality and school year"},
	pipeline.Comments.Name:     {"Kommentarer til mål og indikatorer", "Comments on goals and indicators"},
	pipeline.TableIndicators:   {"Indikatorenes verdier for perioden, per organisasjon, region, fylke og kommune", "The indicators' values for the period, by organisation, region, county and municipality"},
	pipeline.TableReporting:    {"Forventede og mottatte rapporter per måned", "Expected and received reports by month"},
	pipeline.TableRejected:     {"Avviste celler i filene en kjøring leste", "Rejected cells of the files a run read"},
	pipeline.DimAreas:          {"Strategiens områder", "The strategy's areas"},
	pipeline.DimGoals:          {"Strategiens mål", "The strategy's goals"},
	pipeline.DimMeasures:       {"Strategiens tiltak", "The strategy's measures"},
	pipeline.DimRegions:        {"Regionene", "The regions"},
	pipeline.DimMunicipalities: {"Medlemskommunene", "The member municipalities"},
}

// keys are the tables' primary keys and foreign keys to the dimensions.
var keys = map[string]struct {
	primary []string
	foreign [][3]string // field, resource, field
}{
	pipeline.Activities.Name: {[]string{"kilde_fil", "kilde_ark", "kilde_rad"}, [][3]string{
		{"region", pipeline.DimRegions, "kode"}, {"kommunenr", pipeline.DimMunicipalities, "kommunenr"}, {"tiltak", pipeline.DimMeasures, "kode"}}},
	pipeline.Projects.Name:     {[]string{"kilde_fil", "kilde_ark", "kilde_rad"}, [][3]string{{"region", pipeline.DimRegions, "kode"}}},
	pipeline.Statistics.Name:   {[]string{"kommunenr", "skoleaar"}, [][3]string{{"kommunenr", pipeline.DimMunicipalities, "kommunenr"}, {"region", pipeline.DimRegions, "kode"}}},
	pipeline.Comments.Name:     {[]string{"kilde_fil", "kilde_ark", "kilde_rad"}, nil},
	pipeline.TableIndicators:   {nil, nil},
	pipeline.TableReporting:    {nil, [][3]string{{"region", pipeline.DimRegions, "kode"}}},
	pipeline.TableRejected:     {nil, nil},
	pipeline.DimAreas:          {[]string{"kode"}, nil},
	pipeline.DimGoals:          {[]string{"kode"}, [][3]string{{"omraade", pipeline.DimAreas, "kode"}}},
	pipeline.DimMeasures:       {[]string{"kode"}, [][3]string{{"maal", pipeline.DimGoals, "kode"}}},
	pipeline.DimRegions:        {[]string{"kode"}, nil},
	pipeline.DimMunicipalities: {[]string{"kommunenr"}, [][3]string{{"region", pipeline.DimRegions, "kode"}}},
}

// datasetSchemas are the schemas of the dataset's tables as their files
// hold them: the partition column left out.
func datasetSchemas() map[string]*arrow.Schema {
	out := map[string]*arrow.Schema{
		pipeline.TableIndicators: pipeline.IndicatorsSchema,
		pipeline.TableReporting:  pipeline.ReportingSchema,
		pipeline.TableRejected:   pipeline.RejectedSchema,
	}
	for _, k := range pipeline.Kinds() {
		out[k.Name] = k.Schema
	}
	for name, s := range pipeline.DimensionSchemas() {
		out[name] = s
	}
	for name, s := range out {
		if classOf(name) == dimensionTable {
			continue
		}
		var fields []arrow.Field
		for _, f := range s.Fields() {
			if f.Name != partitionKey {
				fields = append(fields, f)
			}
		}
		out[name] = arrow.NewSchema(fields, nil)
	}
	return out
}

// frictionlessType is a column's type as Table Schema names it.
func frictionlessType(t arrow.DataType) string {
	switch t.ID() {
	case arrow.STRING, arrow.DICTIONARY:
		return "string"
	case arrow.INT32, arrow.INT64:
		return "integer"
	case arrow.FLOAT64:
		return "number"
	case arrow.DATE32:
		return "date"
	case arrow.LIST:
		return "array"
	case arrow.BOOL:
		return "boolean"
	}
	return "any"
}

type dpField struct {
	Name          string `json:"name"`
	Type          string `json:"type"`
	Description   string `json:"description"`
	DescriptionEN string `json:"description_en"`
	Constraints   *struct {
		Required bool `json:"required"`
	} `json:"constraints,omitempty"`
}

type dpForeignKey struct {
	Fields    string `json:"fields"`
	Reference struct {
		Resource string `json:"resource"`
		Fields   string `json:"fields"`
	} `json:"reference"`
}

type dpResource struct {
	Name          string   `json:"name"`
	Path          []string `json:"path"`
	Format        string   `json:"format"`
	MediaType     string   `json:"mediatype"`
	Description   string   `json:"description"`
	DescriptionEN string   `json:"description_en"`
	// Partitioning says how a partitioned table's folders name the key
	// left out of its files (Hive: periode=YYYY-MM).
	Partitioning *struct {
		Style string `json:"style"`
		Field string `json:"field"`
	} `json:"partitioning,omitempty"`
	Schema struct {
		Fields      []dpField      `json:"fields"`
		PrimaryKey  []string       `json:"primaryKey,omitempty"`
		ForeignKeys []dpForeignKey `json:"foreignKeys,omitempty"`
	} `json:"schema"`
}

type dataPackage struct {
	Profile     string       `json:"profile"`
	Name        string       `json:"name"`
	Title       string       `json:"title"`
	Version     string       `json:"version"`
	Description string       `json:"description"`
	Resources   []dpResource `json:"resources"`
}

// writeDataPackage describes the dataset at dir (its files as they are
// there) as a Frictionless Tabular Data Package.
func writeDataPackage(w io.Writer, dir string) error {
	schemas := datasetSchemas()
	dp := dataPackage{Profile: "tabular-data-package", Name: "kulturrapport", Title: "kulturrapport",
		Version: fmt.Sprint(SchemaVersion),
		Description: "Normaliserte tabeller og resultater fra kulturrapport, partisjonert etter måned (periode=ÅÅÅÅ-MM). " +
			"Normalised tables and results from kulturrapport, partitioned by month (periode=YYYY-MM)."}
	names := slices.Sorted(maps.Keys(schemas))
	for _, name := range names {
		files := datasetFiles(dir, name)
		if len(files) == 0 {
			continue
		}
		r := dpResource{Name: name, Path: files, Format: "parquet", MediaType: "application/vnd.apache.parquet",
			Description: tableWords[name][0], DescriptionEN: tableWords[name][1]}
		if classOf(name) != dimensionTable {
			r.Partitioning = &struct {
				Style string `json:"style"`
				Field string `json:"field"`
			}{"hive", partitionKey}
		}
		for _, f := range schemas[name].Fields() {
			words := fieldWords[f.Name]
			df := dpField{Name: f.Name, Type: frictionlessType(f.Type), Description: words[0], DescriptionEN: words[1]}
			if !f.Nullable {
				df.Constraints = &struct {
					Required bool `json:"required"`
				}{true}
			}
			r.Schema.Fields = append(r.Schema.Fields, df)
		}
		k := keys[name]
		r.Schema.PrimaryKey = k.primary
		for _, fk := range k.foreign {
			var x dpForeignKey
			x.Fields, x.Reference.Resource, x.Reference.Fields = fk[0], fk[1], fk[2]
			r.Schema.ForeignKeys = append(r.Schema.ForeignKeys, x)
		}
		dp.Resources = append(dp.Resources, r)
	}
	b, err := marshalIndented(dp)
	if err != nil {
		return err
	}
	_, err = w.Write(b)
	return err
}
