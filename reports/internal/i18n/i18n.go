// Package i18n holds the report writers' words in bokmål and English (T) and
// how numbers, changes, dates and statuses are written in each.
package i18n

import (
	"math"
	"strconv"
	"strings"
	"time"

	"kulturrapport/pipeline"
)

// labels holds the report's fixed texts in bokmål and English.
var labels = map[string][2]string{
	"report.title":                 {"Strategirapport", "Strategy report"},
	"period":                       {"Periode", "Period"},
	"data.asof":                    {"Data per", "Data as of"},
	"generated":                    {"Laget", "Generated"},
	"overview":                     {"Oversikt", "Overview"},
	"mission":                      {"Visjon", "Vision"},
	"indicator":                    {"Indikator", "Indicator"},
	"goal":                         {"Mål", "Goal"},
	"value":                        {"Verdi", "Value"},
	"target":                       {"Målverdi", "Target"},
	"status":                       {"Status", "Status"},
	"change.month":                 {"Endring siste måned", "Change since last month"},
	"change.year":                  {"Endring siste år", "Change since last year"},
	"window":                       {"Periode for beregning", "Window"},
	"month":                        {"Måned", "Month"},
	"months":                       {"mnd.", "months"},
	"month.one":                    {"mnd.", "month"},
	"status.green":                 {"På mål", "On target"},
	"status.yellow":                {"Nær målet", "Near target"},
	"status.red":                   {"Under målet", "Below target"},
	"status.nodata":                {"Ingen data", "No data"},
	"status.none":                  {"Uten mål", "No target"},
	"no.indicators":                {"Ingen indikatorer for dette målet ennå.", "No indicators for this goal yet."},
	"show.table":                   {"Vis tallene", "Show the numbers"},
	"trend":                        {"Utvikling", "Trend"},
	"by.county":                    {"Per fylke", "By county"},
	"by.region":                    {"Per region", "By region"},
	"municipalities":               {"Kommuner", "Municipalities"},
	"reached":                      {"Nådd", "Reached"},
	"not.reached":                  {"Ikke nådd", "Not reached"},
	"numerator":                    {"Teller", "Numerator"},
	"denominator":                  {"Nevner", "Denominator"},
	"quality":                      {"Datakvalitet", "Data quality"},
	"files":                        {"Filer", "Files"},
	"file":                         {"Fil", "File"},
	"kind":                         {"Type", "Kind"},
	"sheet":                        {"Ark", "Sheet"},
	"rows.read":                    {"Rader lest", "Rows read"},
	"rows.accepted.n":              {"rader godtatt", "rows accepted"},
	"rows.rejected.n":              {"rader avvist", "rows rejected"},
	"from.files":                   {"fra %s %s", "from %s %s"},
	"file.one":                     {"fil", "file"},
	"file.many":                    {"filer", "files"},
	"rows.accepted":                {"Godtatt", "Accepted"},
	"rows.rejected":                {"Avvist", "Rejected"},
	"warnings":                     {"Merknader", "Warnings"},
	"rejected.rows":                {"Avviste rader", "Rejected rows"},
	"no.rejected":                  {"Ingen rader ble avvist.", "No rows were rejected."},
	"cell":                         {"Celle", "Cell"},
	"column":                       {"Kolonne", "Column"},
	"value.written":                {"Verdi i filen", "Value as written"},
	"reason":                       {"Årsak", "Reason"},
	"method":                       {"Metode", "Method"},
	"definition":                   {"Definisjon", "Definition"},
	"source":                       {"Kilde", "Source"},
	"measure":                      {"Beregning", "Measure"},
	"filter":                       {"Utvalg", "Filter"},
	"direction":                    {"Retning", "Direction"},
	"higher.better":                {"høyere er bedre", "higher is better"},
	"lower.better":                 {"lavere er bedre", "lower is better"},
	"thresholds":                   {"Terskler", "Thresholds"},
	"summary.line":                 {"indikatorer", "indicators"},
	"status.file.ok":               {"lest", "read"},
	"status.file.unr":              {"kan ikke leses", "unreadable"},
	"status.file.dup":              {"duplikat", "duplicate"},
	"status.file.rep":              {"erstattet", "replaced"},
	"status.file.skip":             {"hoppet over", "skipped"},
	"quality.capped":               {"Arket viser de første %d av %d avviste cellene (det et Excel-ark rommer); alle står i datasettet, data/avviste/.", "The sheet shows the first %d of %d rejected cells (what an Excel sheet holds); all are in the dataset, data/avviste/."},
	"more.rows":                    {"Viser de første %d av %d avviste cellene; alle står i sammendrag.xlsx og datasettet (data/avviste/).", "Showing the first %d of %d rejected cells; all are in sammendrag.xlsx and the dataset (data/avviste/)."},
	"summary":                      {"Sammendrag", "Summary"},
	"page":                         {"side", "page"},
	"page.of":                      {"av", "of"},
	"method.print":                 {"Hver indikators definisjon står ved indikatoren.", "Each indicator's definition is printed with the indicator."},
	"area":                         {"Område", "Area"},
	"goals":                        {"Mål", "Goals"},
	"rejected.reasons":             {"Vanligste årsaker", "Most common reasons"},
	"count":                        {"Antall", "Count"},
	"footer":                       {"Laget med kulturrapport", "Made with kulturrapport"},
	"regional.goal":                {"regionalt mål", "regional goal"},
	"none":                         {"–", "–"},
	"attention.value":              {"%s er %s", "%s is %s"},
	"attention.target":             {" mot mål %s", " against a target of %s"},
	"attention.red":                {"langt fra målet", "far from the target"},
	"attention.wrong_way":          {"dårligere tre måneder på rad", "worse three months running"},
	"attention.limited":            {"begrenset fremgang mot målet for %d", "limited progress toward the target for %d"},
	"attention.deterioration":      {"beveger seg bort fra målet for %d", "moving away from the target for %d"},
	"attention.change":             {"%s siste år", "%s over the year"},
	"attention.missing":            {"%d {forventet rapport|forventede rapporter} i perioden mangler", "%d expected {report|reports} of the period {is|are} missing"},
	"attention.weakest":            {"svakest: %s (%s)", "weakest: %s (%s)"},
	"board":                        {"Styresammendrag", "Board summary"},
	"board.rule.worst":             {"Et mål har statusen til sin svakeste indikator.", "A goal has the status of its weakest indicator."},
	"board.rule.majority":          {"Et mål har statusen flertallet av indikatorene har (ved likt antall den svakeste).", "A goal has the status most of its indicators have (the weaker on a tie)."},
	"board.mission":                {"Visjon", "Vision"},
	"comments":                     {"Kommentarer", "Comments"},
	"comment":                      {"Kommentar", "Comment"},
	"comment.next":                 {"Videre arbeid", "Next steps"},
	"comment.author":               {"Forfatter", "Author"},
	"comment.month":                {"Måned", "Month"},
	"comment.history":              {"Tidligere kommentarer", "Earlier comments"},
	"percentage.points":            {"prosentpoeng", "percentage points"},
	"chart.trend.summary":          {"%s siste 24 måneder: %s i %s, %s siste år", "%s over the last 24 months: %s in %s, %s over the year"},
	"chart.target.summary":         {"; målverdien er %s", "; the target is %s"},
	"chart.county.summary":         {"%s per fylke: høyest %s (%s), lavest %s (%s).", "%s by county: highest %s (%s), lowest %s (%s)."},
	"chart.reporting.summary":      {"Rapportene de siste 12 månedene: %s mottatt, %s i tide.", "The reports of the last 12 months: %s received, %s on time."},
	"files.hidden.national":        {"%s %s til er lest uten avviste rader (%s av dem med merknader); alle %s står i arket «%s» i den nasjonale arbeidsboken.", "%s more %s were read without rejected rows (%s of them with notes); all %s are on the «%s» sheet of the national workbook."},
	"ssb.gap":                      {"SSBs tall vises ikke: SSB oppgir det ikke for %d av %d {kommune|kommuner}%s.", "SSB's figure is not shown: SSB does not give it for %d of %d {municipality|municipalities}%s."},
	"ssb.gap.marker.na":            {"«..» ikke tilgjengelig", "«..» not available"},
	"ssb.gap.marker.confidential":  {"«:» skjermet", "«:» confidential"},
	"ssb.gap.marker.notapplicable": {"«.» ikke relevant", "«.» not applicable"},
	"ssb.differs":                  {"Verdien avviker %s prosentpoeng fra SSBs publiserte tall: sjekk tallene eller vektingen.", "The value differs by %s percentage points from SSB's published figure: check the figures or the weighting."},
	"national":                     {"Nasjonalt", "Nationally"},
	"report.title.region":          {"Strategirapport for %s", "Strategy report for %s"},
	"files.hidden":                 {"%s %s til er lest uten avviste rader (%s av dem med merknader); alle %s står i arket «%s» i arbeidsboken.", "%s more %s were read without rejected rows (%s of them with notes); all %s are on the workbook's «%s» sheet."},
	"unit":                         {"Enhet", "Unit"},
	"unit.count":                   {"antall", "number"},
	"filter.is":                    {"er", "is"},
	"filter.or":                    {"eller", "or"},
	"filter.and":                   {"og", "and"},
	"filter.range":                 {"%s fra %s til %s", "%s from %s to %s"},
	"change.better":                {"bedre", "better"},
	"change.worse":                 {"verre", "worse"},
	"change.since":                 {"Siden", "Since"},
	"board.goal":                   {"Mål", "Goal"},
	"board.key":                    {"Nøkkeltall", "Key figure"},
	"board.change":                 {"Siste år", "Over the year"},
	"board.attention":              {"Trenger oppmerksomhet", "Needs attention"},
	"board.attention.none":         {"Ingen indikator trenger oppmerksomhet denne måneden.", "No indicator needs attention this month."},
	"note.members":                 {"%d av %d kommuner har tall; mangler tall: %s.", "%d of %d municipalities have figures; no figures: %s."},
	"note.members.one":             {"%d av %d kommuner har tall; mangler tall: %s.", "%d of %d municipalities has figures; no figures: %s."},
	"note.datafrom":                {"Data fra %s: endringen vises når vinduet den sammenlignes med er helt innenfor dataene.", "Data from %s: the change is shown once the window it compares with lies wholly within the data."},
	"note.more":                    {"og %d til", "and %d more"},
	"note.missing":                 {"%d {rad|rader} uten tall for %s er holdt utenfor.", "%d {row|rows} without a value for %s {is|are} left out."},
	"note.kostra.single":           {"%d av %d kommuner har bare ett skoleår; for dem brukes det alene.", "%d of %d municipalities have only one school year; for them it is used alone."},
	"note.kostra.single.one":       {"%d av %d kommuner har bare ett skoleår; for den brukes det alene.", "%d of %d municipalities has only one school year; for it that year is used alone."},
	"progress":                     {"Fremdrift mot målet", "Progress toward the target"},
	"progress.achieved":            {"Målet er nådd", "Target achieved"},
	"progress.on_track":            {"I rute", "On track"},
	"progress.moderate":            {"Noe fremgang", "Moderate progress"},
	"progress.limited":             {"Begrenset fremgang", "Limited progress"},
	"progress.deterioration":       {"Går feil vei", "Deterioration"},
	"progress.not_available":       {"Kan ikke vurderes ennå", "Not yet available"},
	"measures":                     {"Tiltak", "Measures"},
	"measure.active":               {"Aktiv", "Active"},
	"measure.quiet":                {"Stille", "Quiet"},
	"measure.not_started":          {"Ikke startet (fra %s)", "Not started (from %s)"},
	"measure.no_activity":          {"Ingen registrert aktivitet", "No recorded activity"},
	"measure.not_reported_here":    {"Rapporteres ikke her", "Not reported here"},
	"level":                        {"Nivå", "Level"},
	"activities":                   {"Aktiviteter", "Activities"},
	"participants":                 {"Deltakere", "Participants"},
	"last.activity":                {"Siste aktivitet", "Last activity"},
	"last12":                       {"Siste 12 mnd.", "Last 12 months"},
	"reporting":                    {"Rapportering", "Reporting"},
	"reporting.intro":              {"Forventede rapporter de siste 12 månedene: aktivitetslogger per region og prosjektrapporter per prosjekt. Mottatt %s, i tide %s.", "Expected reports in the last 12 months: activity logs per region and project reports per project. Received %s, on time %s."},
	"report.ontime":                {"I tide", "On time"},
	"report.undated":               {"Mottatt, uten dato", "Received, undated"},
	"report.late":                  {"For sent", "Late"},
	"report.missing":               {"Mangler", "Missing"},
	"activity.log":                 {"Aktivitetslogg", "Activity log"},
	"target.example":               {"eksempelmål", "example target"},
	"target.example.kpi":           {"Eksempelmål", "Example target"},
	"targets.examples":             {"Målene er eksempelmål som styret skal fastsette.", "The targets are examples for the board to set."},
	"target.short":                 {"mål", "target"},
	"submitted":                    {"Lagret", "Saved"},
	"text":                         {"Tekst", "Text"},
	"mission.section":              {"Kulturskole for alle", "Kulturskole for alle (a kulturskole for everyone)"},
}

// fieldNames are the fields' names in text, for the filters (by the
// field's name or a filter alias).
var fieldNames = map[string][2]string{
	"type": {"aktivitetstype", "activity type"}, "aktivitetstype": {"aktivitetstype", "activity type"},
	"goal": {"mål", "goal"}, "maal": {"mål", "goal"}, "mål": {"mål", "goal"},
	"level": {"nivå", "level"}, "nivaa": {"nivå", "level"},
	"fag": {"antall fag", "number of subjects"}, "deltakere": {"deltakere", "participants"},
	"dato": {"dato", "date"}, "date": {"dato", "date"}, "region": {"region", "region"},
	"status": {"status", "status"}, "kommunenr": {"kommune", "municipality"},
}

// FieldName is a field's name in text; the field itself if it has none.
func FieldName(lang, field string) string {
	n, ok := fieldNames[field]
	if !ok {
		return field
	}
	if lang == "en" {
		return n[1]
	}
	return n[0]
}

// Plural is the word key (e.g. "file") in the singular or plural form
// for n: labels key.one and key.many.
func Plural(lang string, n int, key string) string {
	if n == 1 {
		return T(lang, key+".one")
	}
	return T(lang, key+".many")
}

// T is the report's text for key in lang.
func T(lang, key string) string {
	l, ok := labels[key]
	if !ok {
		return key
	}
	if lang == "en" {
		return l[1]
	}
	return l[0]
}

// FormatDate writes a date as 25.11.2026 (Norwegian) or 2026-11-25.
func FormatDate(lang string, t time.Time) string {
	if lang == "en" {
		return t.Format("2006-01-02")
	}
	return t.Format("02.01.2006")
}

// FormatNumber writes v with the given decimals, in Norwegian style
// (1 234,5 with a no-break space) or English (1,234.5).
func FormatNumber(lang string, v float64, decimals int) string {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return "–"
	}
	// Rounded as the status and the charts round it (20,5 → 21), not
	// as FormatFloat does (to even: 20).
	s := strconv.FormatFloat(math.Abs(pipeline.Round(v, decimals)), 'f', decimals, 64)
	intPart, frac := s, ""
	if i := strings.IndexByte(s, '.'); i >= 0 {
		intPart, frac = s[:i], s[i+1:]
	}
	sep, dec := "\u00a0", ","
	if lang == "en" {
		sep, dec = ",", "."
	}
	var b strings.Builder
	if v < 0 && strings.Trim(s, "0.") != "" {
		b.WriteString("−")
	}
	for i, r := range intPart {
		if i > 0 && (len(intPart)-i)%3 == 0 {
			b.WriteString(sep)
		}
		b.WriteRune(r)
	}
	if frac != "" {
		b.WriteString(dec + frac)
	}
	return b.String()
}

// FormatValue writes an indicator value with its unit, or "no data".
func FormatValue(lang string, v *float64, decimals int, unit string) string {
	if v == nil {
		return T(lang, "status.nodata")
	}
	s := FormatNumber(lang, *v, decimals)
	switch unit {
	case "%":
		return s + "\u00a0%"
	case "":
		return s
	}
	if l := UnitLabel(lang, unit); l != "" {
		return s + " " + l
	}
	return s
}

// UnitLabel translates the units of the default catalog.
func UnitLabel(lang, unit string) string {
	if lang != "en" {
		return unit
	}
	switch unit {
	case "stk":
		return ""
	case "personer":
		return "people"
	case "kommuner":
		return "municipalities"
	case "prosjekter":
		return "projects"
	case "barn":
		return "children"
	case "kr":
		return "NOK"
	}
	return unit
}

// FormatChange writes a change with its sign: +3, −1,5, ±0.
func FormatChange(lang string, v *float64, decimals int, unit string) string {
	if v == nil {
		return "–"
	}
	// The sign is the rounded change's: +0,02 is shown as ±0,0, not +0,0.
	s := FormatNumber(lang, *v, decimals)
	switch r := pipeline.Round(*v, decimals); {
	case r == 0:
		s = "±" + FormatNumber(lang, 0, decimals)
	case r > 0:
		s = "+" + s
	}
	if unit == "%" {
		return s + " " + T(lang, "percentage.points")
	}
	return s
}

// StatusInfo is how a status is shown: a word, a symbol that does not rely
// on colour, and a CSS class.
func StatusInfo(lang string, s pipeline.Status) (word, symbol, class string) {
	switch s {
	case pipeline.Green:
		return T(lang, "status.green"), "●", "green"
	case pipeline.Yellow:
		return T(lang, "status.yellow"), "▲", "yellow"
	case pipeline.Red:
		return T(lang, "status.red"), "■", "red"
	case pipeline.NoData:
		return T(lang, "status.nodata"), "○", "nodata"
	}
	return T(lang, "status.none"), "–", "none"
}

// StatusColor is the colour of a status in charts and workbooks: a
// palette that colour-blind readers can tell apart (blue-green, dark amber,
// vermilion, grey), each at least 4.5:1 on white (WCAG AA for text, and so
// for graphics), always shown together with a symbol or word.
func StatusColor(s pipeline.Status) string {
	switch s {
	case pipeline.Green:
		return "#1a7f5a" // 4.97:1
	case pipeline.Yellow:
		return "#946800" // 4.95:1
	case pipeline.Red:
		return "#c8401e" // 4.99:1
	}
	return "#6b7280" // 4.83:1
}
