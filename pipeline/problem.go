package pipeline

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// Problem is something wrong with one cell or row of an input file: the
// reason a row was rejected, or a warning about a row that was kept.
type Problem struct {
	File   string `json:"-"`
	Sheet  string `json:"sheet"`
	Cell   string `json:"cell"`
	Column string `json:"column"`
	Value  string `json:"value"`
	Msg    Msg    `json:"-"`
	// Reason is Msg in the run's language, filled in by Localise.
	Reason string `json:"reason"`
}

// MaxListed is how many rejections, and how many warnings, a file lists
// as Problems (in run.json, validate and the report's tables). Past it, a
// problem costs a few bytes in the file's problem log, which the
// workbook's quality sheet and the dataset's avviste table read whole: a file of
// a million bad rows costs megabytes, not gigabytes.
const MaxListed = 1000

// problemLog holds every problem of one list of a file compactly: the
// sheet, column and message as indexes into tables of the distinct ones,
// the cells and the values as one text: text (made once by compact), then
// bytes (added since).
type problemLog struct {
	sheets, columns []string
	msgs            []Msg
	reasons         []string // msgs in the run's language (Localise)
	index           map[internKey]uint32
	msgIndex        map[string]uint32
	recs            []problemRec
	text            string
	bytes           []byte
}

// problemRec is one problem of a log: 20 bytes and its text's.
type problemRec struct {
	sheet, column uint16
	msg           uint32
	off           uint32 // of the cell, then the value, in text then bytes
	cell          uint16
	value         uint32
}

// add appends p to the log.
func (l *problemLog) add(p *Problem) {
	if l.index == nil {
		l.reindex()
	}
	r := problemRec{sheet: uint16(l.intern(&l.sheets, 's', p.Sheet)), column: uint16(l.intern(&l.columns, 'c', p.Column)), msg: l.internMsg(p.Msg)}
	r.off, r.cell, r.value = uint32(len(l.text)+len(l.bytes)), uint16(len(p.Cell)), uint32(len(p.Value))
	l.bytes = append(append(l.bytes, p.Cell...), p.Value...)
	l.recs = append(l.recs, r)
}

// internKey is a text of a log's table of sheets ('s') or columns ('c').
type internKey struct {
	table byte
	s     string
}

// intern numbers the distinct texts of a table (sheets, columns); there
// are few of each in a file.
func (l *problemLog) intern(table *[]string, kind byte, s string) uint32 {
	key := internKey{kind, s}
	if i, ok := l.index[key]; ok {
		return i
	}
	i := uint32(len(*table))
	*table = append(*table, s)
	l.index[key] = i
	return i
}

// internMsg numbers the distinct messages: most rejections of a bad file
// repeat one or a few.
func (l *problemLog) internMsg(m Msg) uint32 {
	key := msgKey(m)
	if i, ok := l.msgIndex[key]; ok {
		return i
	}
	i := uint32(len(l.msgs))
	l.msgs = append(l.msgs, m)
	l.msgIndex[key] = i
	return i
}

// msgKey is what makes two messages the same: the key and the arguments
// as printed.
func msgKey(m Msg) string {
	if len(m.Args) == 0 {
		return m.Key
	}
	return m.Key + "\x00" + fmt.Sprint(m.Args...)
}

// reindex makes the lookups add interns with: empty for a new log, or
// again for a log that compact let them go.
func (l *problemLog) reindex() {
	l.index, l.msgIndex = map[internKey]uint32{}, map[string]uint32{}
	for i, s := range l.sheets {
		l.index[internKey{'s', s}] = uint32(i)
	}
	for i, c := range l.columns {
		l.index[internKey{'c', c}] = uint32(i)
	}
	for i, m := range l.msgs {
		l.msgIndex[msgKey(m)] = uint32(i)
	}
}

// str is the n bytes at off of the log's text, as a string: a part of
// text, or a copy of bytes added since compact.
func (l *problemLog) str(off, n uint32) string {
	if t := uint32(len(l.text)); off >= t {
		return string(l.bytes[off-t : off-t+n])
	}
	return l.text[off : off+n]
}

// compact turns the log's bytes into its text, and makes the problems
// listed from the log (list[i] is the log's i-th: record adds to both)
// use its storage: their cells and values become parts of the text,
// their messages the log's; the lookups that add interns with go
// (reindex makes them again). A file's problems are small objects made
// among its rows' garbage; kept one by one they would hold the heap's
// pages of that garbage for the whole run. After it, each gives parts of
// the text, making no string of its own.
func (l *problemLog) compact(list []Problem) {
	if len(l.bytes) > 0 {
		l.text += string(l.bytes)
		l.bytes = nil
	}
	l.index, l.msgIndex = nil, nil
	if len(list) > len(l.recs) {
		return
	}
	for i := range list {
		r, p := l.recs[i], &list[i]
		cell, value := l.str(r.off, uint32(r.cell)), l.str(r.off+uint32(r.cell), r.value)
		if p.Cell != cell || p.Value != value || p.Sheet != l.sheets[r.sheet] || p.Column != l.columns[r.column] || p.Msg.Key != l.msgs[r.msg].Key {
			return // not the log's i-th: left as it is
		}
		p.Sheet, p.Column, p.Cell, p.Value, p.Msg = l.sheets[r.sheet], l.columns[r.column], cell, value, l.msgs[r.msg]
	}
}

// reason is the i-th listed problem p's message in the language of the
// last localise: the log's text of it when p's message is the log's
// (compact), so that the problems of one message share one text.
func (l *problemLog) reason(i int, p *Problem, lang string) string {
	if i < len(l.recs) && int(l.recs[i].msg) < len(l.reasons) {
		m := l.msgs[l.recs[i].msg]
		if m.Key == p.Msg.Key && len(m.Args) == len(p.Msg.Args) && (len(m.Args) == 0 || &m.Args[0] == &p.Msg.Args[0]) {
			return l.reasons[l.recs[i].msg]
		}
	}
	return p.Msg.Text(lang)
}

// localise puts the log's messages into lang.
func (l *problemLog) localise(lang string) {
	l.reasons = make([]string, len(l.msgs))
	for i, m := range l.msgs {
		l.reasons[i] = m.Text(lang)
	}
}

// each calls fn with every problem of the log, in order, as a Problem of
// file that is valid during the call.
func (l *problemLog) each(file string, fn func(*Problem)) {
	var p Problem
	for _, r := range l.recs {
		p = Problem{File: file, Sheet: l.sheets[r.sheet], Cell: l.str(r.off, uint32(r.cell)), Column: l.columns[r.column], Value: l.str(r.off+uint32(r.cell), r.value), Msg: l.msgs[r.msg]}
		if int(r.msg) < len(l.reasons) {
			p.Reason = l.reasons[r.msg]
		}
		fn(&p)
	}
}

// reset empties the log.
func (l *problemLog) reset() { *l = problemLog{} }

// Position is where the problem is, as file:Sheet!Cell.
func (p *Problem) Position() string {
	var b strings.Builder
	b.WriteString(p.File)
	if p.Sheet != "" {
		b.WriteString(":" + p.Sheet)
		if p.Cell != "" {
			b.WriteString("!" + p.Cell)
		}
	} else if p.Cell != "" {
		b.WriteString(":" + p.Cell)
	}
	return b.String()
}

// Text formats the problem as one line in lang:
// file.xlsx:Ark!C7 (Dato): ugyldig dato «31.02.2025».
func (p *Problem) Text(lang string) string {
	s := p.Position()
	if p.Column != "" {
		s += " (" + p.Column + ")"
	}
	s += ": " + p.Msg.Text(lang)
	if p.Value != "" {
		s += " «" + p.Value + "»"
	}
	return s
}

// Msg is a message with its arguments, kept apart from its wording so that
// it can be written in Norwegian or English.
type Msg struct {
	Key  string
	Args []any
}

// Text is the message in lang ("nb" or "en"); an argument that is a
// message itself is written in the same language.
func (m Msg) Text(lang string) string {
	tr, ok := messages[m.Key]
	if !ok {
		return m.Key
	}
	f := tr[0]
	if lang == "en" {
		f = tr[1]
	}
	args := m.Args
	cloned := false
	for i, a := range m.Args {
		if inner, ok := a.(Msg); ok {
			if !cloned {
				args, cloned = slices.Clone(m.Args), true
			}
			args[i] = inner.Text(lang)
		}
	}
	return Plural(f, args...)
}

// Error is the message in English, so that a Msg can travel as an error
// (errors.As finds it) and be written in the reader's language at the end.
func (m Msg) Error() string { return m.Text("en") }

// messages holds each message in bokmål and English («{one|many}»: the
// form for the number before it, see Plural).
var messages = map[string][2]string{
	// Row problems.
	"required":                  {"mangler verdi (påkrevd)", "value missing (required)"},
	"date.invalid":              {"ugyldig dato", "not a valid date"},
	"date.range":                {"dato utenfor 2000–2099", "date outside 2000–2099"},
	"date.monthonly":            {"bare måneden er oppgitt: skriv dagen aktiviteten fant sted, f.eks. %s", "only the month is given: write the day the activity took place, e.g. %s"},
	"date.week":                 {"en uke er ikke en dato: skriv dagen aktiviteten fant sted (dd.mm.åååå)", "a week is not a date: write the day the activity took place (dd.mm.yyyy)"},
	"date.after":                {"dato etter rapporteringsperioden %s", "date after the reporting period %s"},
	"number.invalid":            {"ugyldig tall", "not a valid number"},
	"number.approx":             {"omtrentlig tall, lest som %d", "an approximate figure, read as %d"},
	"fee.peryear":               {"%s kr per semester er lest som %s kr per år (to semestre)", "%s kr a semester is read as %s kr a year (two semesters)"},
	"date.yearfrom":             {"%d {dato|datoer} uten årstall er lest i %d, året %s: %s", "%d {date|dates} without a year {is|are} read in %d, the year %s: %s"},
	"month.yearfrom":            {"%d {måned|måneder} uten årstall er lest i %d, året %s: %s", "%d {month|months} without a year {is|are} read in %d, the year %s: %s"},
	"column.fromsheet":          {"arket har ingen kolonne %s: %s, %s, er lest for alle radene", "the sheet has no column %s: %s, %s, is read for every row"},
	"where.sheet":               {"i arkets navn", "in the sheet's name"},
	"where.title":               {"i tittelen over overskriftsraden", "in the title above the header row"},
	"where.file":                {"i filens navn", "in the file's name"},
	"date.nosuchday":            {"datoen finnes ikke: den måneden har %d dager", "no such date: that month has %d days"},
	"date.trailing":             {"«%s» etter datoen er ikke lest (skriv det i Merknad)", "«%s» after the date is not read (write it in Merknad)"},
	"month.nosuch":              {"måned %d finnes ikke (skriv f.eks. 2026-10)", "there is no month %d (write e.g. 2026-10)"},
	"date.span":                 {"flere dager: lest som den første, %s", "several days: read as the first, %s"},
	"type.note":                 {"lest som %s; «%s» er ikke lest (skriv det i Merknad)", "read as %s; «%s» is not read (write it in Merknad)"},
	"number.approxstat":         {"et omtrentlig tall: statistikkens tall er talte tall, skriv det talte", "an approximate figure: the statistics' figures are counted, write the count"},
	"number.sum":                {"summen er lest som %d", "the sum is read as %d"},
	"fee.span":                  {"et spenn av avgifter: skriv avgiften per år for ett tilbud, det vanligste (f.eks. et instrument i kulturskolens kjernetilbud)", "a span of fees: write the fee per year for one offer, the most common (e.g. an instrument in the school's core offer)"},
	"number.range":              {"et spenn, lest som det minste tallet: %d", "a span, read as its smaller end: %d"},
	"number.note":               {"lest som %d; teksten i parentes («%s») er ikke lest", "read as %d; the text in brackets («%s») is not read"},
	"number.integer":            {"må være et helt tall", "must be a whole number"},
	"number.negative":           {"kan ikke være negativt", "cannot be negative"},
	"number.comma":              {"kommaet kan skille tusener (som på engelsk) eller være desimalkomma: skriv tusener med mellomrom (1 200) og desimaler med komma (1,2)", "the comma may group thousands (as in English) or be a decimal comma: write thousands with a space (1 200) and decimals with a comma (1,2)"},
	"region.unknown":            {"ukjent region", "unknown region"},
	"kommune.several":           {"flere kommuner i én celle (%s): skriv én rad per kommune, eller la cellen stå tom for en aktivitet i hele regionen", "several municipalities in one cell (%s): write a row for each, or leave the cell empty for an activity in the whole region"},
	"kommune.regionwide":        {"lest som en aktivitet i hele regionen, uten kommune: skriv kommunen om det var én", "read as an activity in the whole region, with no municipality: write the municipality if it was one"},
	"kommune.invalid":           {"ugyldig kommunenummer (skal være 4 siffer)", "invalid kommunenummer (must be 4 digits)"},
	"kommune.unknown":           {"ukjent kommunenummer", "unknown kommunenummer"},
	"cell.formulaerror":         {"formelen i cellen gir feilen %s: rett formelen i regnearket", "the cell's formula gives the error %s: correct the formula in the spreadsheet"},
	"date.noyear":               {"datoen mangler årstall: skriv f.eks. 06.10.2026", "the date has no year: write e.g. 06.10.2026"},
	"date.above":                {"mangler dato: er cellen slått sammen med den over, eller ment som «samme som over»? Skriv datoen på hver rad", "no date: is the cell merged with the one above, or meant as «the same as above»? Write the date on every row"},
	"row.header":                {"overskriftsraden igjen: hoppet over", "the header row again: skipped"},
	"column.derived":            {"ingen kolonne «%s»: den er lest fra «%s» på hver rad", "no column «%s»: it is read from «%s» on each row"},
	"region.fromkommune":        {"raden har ingen kommune, og arket har ingen kolonne «Region» å lese regionen fra", "the row has no municipality, and the sheet has no «Region» column to read the region from"},
	"kommune.unknownname":       {"ukjent kommune: skriv kommunenummeret, f.eks. 3301", "unknown municipality: write its kommunenummer, e.g. 3301"},
	"kommune.ambiguous":         {"flere kommuner har dette navnet: %s; skriv kommunenummeret", "several municipalities have this name: %s; write the kommunenummer"},
	"kommune.renamed":           {"gammelt kommunenummer %s er endret til %s", "old kommunenummer %s changed to %s"},
	"kommune.region":            {"kommune %s hører ikke til region %s", "municipality %s is not in region %s"},
	"kommune.split":             {"kommunenummeret ble delt %s (%s), og flere av etterfølgerne er medlemmer: skriv hvilken under municipality_splits", "the kommunenummer was split on %s (%s), and several successors are members: name which under municipality_splits"},
	"kommune.splitregion":       {"kommunenummer %s ble delt %s (%s), og flere av etterfølgerne er medlemmer: raden er regnet for regionen, ikke for en kommune (navngi etterfølgeren under municipality_splits)", "kommunenummer %s was split on %s (%s), and several successors are members: the row is counted for the region, not a municipality (name the successor under municipality_splits)"},
	"kommune.splitcounty":       {"kommunenummer %s ble delt %s (%s), og flere av etterfølgerne er medlemmer: raden er regnet for fylket %[4]s og regionen, ikke for en kommune (navngi etterfølgeren under municipality_splits)", "kommunenummer %s was split on %s (%s), and several successors are members: the row is counted for the county %[4]s and the region, not a municipality (name the successor under municipality_splits)"},
	"kommune.splitconfig":       {"kommunenummer %s ble delt %s (%s): regnet til %s, som municipality_splits sier", "kommunenummer %s was split on %s (%s): counted to %s, as municipality_splits says"},
	"kommune.splitmember":       {"kommunenummer %s ble delt %s (%s): regnet til %s, den ene etterfølgeren som er medlem", "kommunenummer %s was split on %s (%s): counted to %s, the one successor that is a member"},
	"ssb.marker.na":             {"%d {verdi|verdier} er «..» hos SSB (tall ikke tilgjengelig): {tom|tomme}, ikke 0", "%d {value is|values are} «..» at SSB (not available): empty, not 0"},
	"ssb.marker.confidential":   {"%d {verdi|verdier} er «:» hos SSB (skjermet): {tom|tomme}, ikke 0", "%d {value is|values are} «:» at SSB (confidential): empty, not 0"},
	"ssb.marker.notapplicable":  {"%d {verdi|verdier} er «.» hos SSB (ikke relevant): {tom|tomme}, ikke 0", "%d {value is|values are} «.» at SSB (not applicable): empty, not 0"},
	"ssb.skipped":               {"%d {region|regioner} i filen er ikke {medlemskommune|medlemskommuner} (landet, fylker, andre kommuner) og er ikke tatt med", "%d {region|regions} of the file {is not a member municipality|are not member municipalities} (the country, counties, other municipalities) and {is|are} left out"},
	"ssb.unmapped":              {"statistikkvariabler uten felt i ssb.contents er ikke tatt med: %s", "contents without a field in ssb.contents are left out: %s"},
	"file.jsonstat":             {"ikke en JSON-stat-fil fra SSB (%s)", "not a JSON-stat file from SSB (%s)"},
	"jsonstat.notdataset":       {"ikke et JSON-stat 2.0-datasett", "not a JSON-stat 2.0 dataset"},
	"jsonstat.dimension":        {"dimensjonen %s har %d {kategori|kategorier}, men størrelse %d", "dimension %s has %d {category|categories} but size %d"},
	"jsonstat.notime":           {"ingen tidsdimensjon (Tid)", "no time dimension (Tid)"},
	"jsonstat.values":           {"%d verdier for %d celler", "%d values for %d cells"},
	"stats.merged":              {"kommunene %s ble slått sammen til %s: tallene deres for %s er lagt sammen (elevavgift og fag: den største kommunens)", "the municipalities %s merged into %s: their figures for %s are added up (fee and subjects: the largest one's)"},
	"goal.unknown":              {"ukjent mål (målene er %s)", "unknown goal (the goals are %s)"},
	"goal.unknownpart":          {"ukjent mål «%s» (målene er %s)", "unknown goal «%s» (the goals are %s)"},
	"goal.region":               {"mål %s er et regionalt mål for %s", "goal %s is a regional goal of %s"},
	"measure.unknown":           {"ukjent tiltak", "unknown measure"},
	"month.invalid":             {"ugyldig måned (skriv f.eks. 2026-10)", "not a valid month (write e.g. 2026-10)"},
	"schoolyear.invalid":        {"ugyldig skoleår (skriv f.eks. 2023/2024)", "not a valid school year (write e.g. 2023/2024)"},
	"vocab.unknown":             {"ugyldig verdi (gyldige: %s)", "not a valid value (valid: %s)"},
	"kommune.listall":           {"lest som alle de %d medlemskommunene i %s", "read as all the %d member municipalities of %s"},
	"kommune.listinvalid":       {"ugyldig kommunenummer «%s» i listen", "invalid kommunenummer «%s» in the list"},
	"kommune.listunknown":       {"ukjent kommunenummer «%s» i listen", "unknown kommunenummer «%s» in the list"},
	"kommune.name":              {"kommunenavnet passer ikke med kommunenummeret (%s er %s)", "the municipality name does not match its number (%s is %s)"},
	"budget.over":               {"forbruk er større enn budsjettet", "spending is larger than the budget"},
	"pupils.over":               {"flere elever enn barn 6–15 år i kommunen", "more pupils than children aged 6–15 in the municipality"},
	"waiting.over":              {"flere på venteliste 6–15 år enn barn 6–15 år", "more children 6–15 on the waiting list than children 6–15"},
	"duplicate.project":         {"prosjektet er allerede rapportert for denne måneden (%s)", "the project is reported for this month already (%s)"},
	"duplicate.stats":           {"kommunen er allerede rapportert for dette skoleåret (%s)", "the municipality is reported for this school year already (%s)"},
	"measure.goal":              {"tiltak %s hører ikke til mål %s", "measure %s does not belong to goal %s"},
	"type.unknown":              {"ukjent aktivitetstype (gyldige: %s)", "unknown activity type (valid: %s)"},
	"duplicate.comment":         {"samme kommentar er registrert før for samme måned og mål (%s)", "the same comment is recorded already for the month and goal (%s)"},
	"subject.several":           {"kommentaren er lest for hvert av dem: %s", "the comment is read for each of them: %s"},
	"subject.unknown":           {"ukjent mål eller indikator (skriv målets kode, f.eks. 1.3, eller indikatorens id fra listen)", "unknown goal or indicator (write the goal's code, e.g. 1.3, or the indicator's id from the list)"},
	"duplicate.row":             {"samme aktivitet er registrert før, lik i alle felt (%s)", "the same activity is recorded already, equal in every field (%s)"},
	"duplicate.near":            {"mulig dobbeltregistrering (se %s): samme dato, tittel, kommune og type", "possibly recorded twice (see %s): same date, title, municipality and type"},
	"column.extra":              {"ukjent kolonne «%s» blir ikke brukt", "unknown column «%s» is not used"},
	"row.total":                 {"summeringsrad hoppet over", "totals row skipped"},
	"row.cancelled":             {"aktiviteten er merket avlyst og er utelatt: en avlyst aktivitet telles ikke; fjern ordet om den ble holdt", "the activity is marked cancelled and is left out: a cancelled activity is not counted; remove the word if it took place"},
	"row.struck":                {"raden er gjennomstreket i hver celle og er utelatt, som avsenderen har strøket den; fjern gjennomstrekingen om den skal telle", "the row is struck through in every cell and is left out, as its sender struck it; remove the strikethrough if it is to count"},
	"date.monthfirst":           {"datoene med skråstrek er lest som måned/dag/år (amerikansk rekkefølge), som denne viser; skriv helst datoer som dd.mm.åååå", "the dates with slashes are read as month/day/year (American order), as this one shows; better write dates as dd.mm.yyyy"},
	"date.eitherway":            {"%d {dato|datoer} med skråstrek (%s) kan leses både med dagen og med måneden først, og ingen i arket viser hvilken: lest med dagen først (06/10/2026 er 6. oktober); skriv helst datoer som dd.mm.åååå", "%d {date|dates} with slashes (%s) can be read day first or month first, and none in the sheet shows which: read day first (06/10/2026 is 6 October); better write dates as dd.mm.yyyy"},
	"date.doubtful":             {"%d {dato|datoer} med skråstrek, lest som dag/måned/år før %s viste at arket skriver måned/dag/år, kan være feil: %s", "%d {date|dates} with slashes, read as day/month/year before %s showed that the sheet writes month/day/year, may be wrong: %s"},
	"cell.merged":               {"%s: verdien i %d {sammenslått celle|sammenslåtte celler} er lest på hver rad {den|de} dekker (%s)", "%s: the value of %d merged {cell|cells} is read on every row {it spans|they span} (%s)"},
	"formula.uncached":          {"formel uten lagret resultat er lest som tom: filen er lagret av et program som ikke regner ut formler; åpne den i Excel eller LibreOffice og lagre den på nytt", "formula without a saved result is read as empty: the file was saved by a program that does not calculate formulas; open it in Excel or LibreOffice and save it again"},
	"formula.uncalculated":      {"formelens resultat er skrevet av programmet som laget filen, ikke regnet ut av et regneark (filen ber Excel regne på nytt når den åpnes), og er lest som det står: åpne filen i Excel eller LibreOffice og lagre den på nytt for å være sikker", "the formula's result was written by the program that made the file, not calculated by a spreadsheet (the file asks Excel to calculate when opened), and is read as written: open the file in Excel or LibreOffice and save it again to be sure"},
	"formula.uncalculated.many": {"%d {formel|formler} har {et resultat|resultater} skrevet av programmet som laget filen, ikke regnet ut av et regneark (filen ber Excel regne på nytt når den åpnes), og {det|de} er lest som {det|de} står (%s): åpne filen i Excel eller LibreOffice og lagre den på nytt for å være sikker", "%d {formula has a result|formulas have results} written by the program that made the file, not calculated by a spreadsheet (the file asks Excel to calculate when opened), read as written (%s): open the file in Excel or LibreOffice and save it again to be sure"},
	"formula.uncached.many":     {"%d {formel|formler} uten lagret resultat er lest som {tom|tomme} (%s): filen er lagret av et program som ikke regner ut formler; åpne den i Excel eller LibreOffice og lagre den på nytt", "%d {formula|formulas} without a saved result {is|are} read as empty (%s): the file was saved by a program that does not calculate formulas; open it in Excel or LibreOffice and save it again"},
	"column.duplicate":          {"kolonnen «%s» finnes to ganger; den første brukes", "column «%s» appears twice; the first is used"},
	"file.replaced":             {"erstattet av %s (en nyere utgave av samme rapport)", "replaced by %s (a newer version of the same report)"},
	"file.duplicate":            {"samme innhold som %s; lest bare én gang", "same content as %s; read only once"},
	"file.unreadable":           {"kan ikke leses: %s", "cannot be read: %s"},
	"file.nosheet":              {"fant ingen ark med kjent overskriftsrad (%s)", "found no sheet with a known header row (%s)"},
	"file.toolarge":             {"filen er %s MB, over grensen på %d MB", "the file is %s MB, over the limit of %d MB"},
	"file.type":                 {"ikke et regneark (.xlsx, .ods eller .csv)", "not a spreadsheet (.xlsx, .ods or .csv)"},
	"file.numbers":              {"en Apple Numbers-fil: eksporter den fra Numbers som Excel (.xlsx) eller CSV", "an Apple Numbers file: export it from Numbers as Excel (.xlsx) or CSV"},
	"file.xlsb":                 {"en binær Excel-arbeidsbok (.xlsb): lagre den i Excel som Excel-arbeidsbok (.xlsx)", "a binary Excel workbook (.xlsb): save it in Excel as an Excel workbook (.xlsx)"},
	"file.gsheet":               {"en snarvei til et Google-regneark, ikke selve regnearket: last det ned som .xlsx (Fil › Last ned › Microsoft Excel)", "a shortcut to a Google Sheets spreadsheet, not the spreadsheet: download it as .xlsx (File › Download › Microsoft Excel)"},
	"file.document":             {"et dokument (%s), ikke et regneark: tallene må sendes som .xlsx, .ods eller .csv", "a document (%s), not a spreadsheet: the figures must come as .xlsx, .ods or .csv"},
	"file.xls":                  {"gammelt Excel-format (.xls); lagre som .xlsx", "old Excel format (.xls); save it as .xlsx"},
	"file.encrypted":            {"filen er passordbeskyttet", "the file is password protected"},
	"file.corrupt":              {"filen er skadet eller ikke en gyldig .xlsx", "the file is damaged or not a valid .xlsx"},
	"file.missingcols":          {"mangler påkrevde kolonner: %s", "required columns missing: %s"},
	"file.empty":                {"filen har ingen data", "the file holds no data"},
	"file.bomb":                 {"filen pakker ut til mer enn grensen på %d MB", "the file unpacks to more than the limit of %d MB"},
	"file.sheetlimit":           {"arket er større enn grensen på %d MB", "the sheet is larger than the limit of %d MB"},
	"file.pinsheet":             {"arket «%s» som konfigurasjonen peker på, finnes ikke", "the sheet «%s» that the config names does not exist"},
	"file.read":                 {"lesefeil: %s", "read error: %s"},
	"file.token":                {"arket har en celle eller tagg lengre enn %d MB; filen er skadet eller ikke laget av et regneark", "the sheet holds a cell or tag longer than %d MB; the file is damaged or not made by a spreadsheet program"},
	"file.rownum":               {"arket har radnummer %s; Excel har rad 1 til 1 048 576", "the sheet has row number %s; Excel has rows 1 to 1,048,576"},
	"file.sstmissing":           {"en tekstcelle viser til delt tekst nr. %s, som filen ikke har: filen er skadet", "a text cell refers to shared string %s, which the file does not have: the file is damaged"},
	"file.cellref":              {"arket har ugyldig cellereferanse «%s» (kolonner A–XFD, rader fra 1)", "the sheet has an invalid cell reference «%s» (columns A–XFD, rows from 1)"},
	"file.rowlong":              {"en rad i arket holder mer enn %d MB tekst", "a row of the sheet holds more than %d MB of text"},
	"file.csvencoding":          {"tegnkoding lest som Windows-1252", "character encoding read as Windows-1252"},
	"file.csvquote":             {"anførselstegn i linje %d lukkes ikke før linje %d, og radene mellom blir én celle; rett anførselstegnet i filen", "a quote on line %d is not closed before line %d, and the rows between become one cell; fix the quote in the file"},
	"file.csvutf16":             {"tegnkoding lest som UTF-16", "character encoding read as UTF-16"},
	"file.permission":           {"ingen lesetilgang til filen", "no permission to read the file"},
	"file.gone":                 {"filen forsvant mens kjøringen pågikk", "the file disappeared during the run"},
	"file.notregular":           {"ikke en vanlig fil (en FIFO, en enhet eller lignende)", "not a regular file (a FIFO, a device or the like)"},
	"file.linkout":              {"lenke som peker ut av mappen (oppgi filen selv for å lese den)", "a link that leads out of the folder (name the file itself to read it)"},
	"file.ours":                 {"skrevet av kulturrapport («%s»), ikke inndata", "written by kulturrapport («%s»), not input"},
	"file.odscorrupt":           {"filen er skadet eller ikke et gyldig OpenDocument-regneark (.ods)", "the file is damaged or not a valid OpenDocument spreadsheet (.ods)"},
	"file.hiddenonly":           {"arbeidsboken har bare skjulte ark (%s); vis arket, eller fest det med pins i konfigurasjonen", "the workbook has hidden sheets only (%s); unhide the sheet, or pin it in the config"},
	"file.hiddenignore":         {"skjult ark «%s» ignorert", "hidden sheet «%s» ignored"},
}

// ColumnName turns a 1-based column number into its letters: 1 → A, 28 → AB.
func ColumnName(n int) string {
	s := ""
	for n > 0 {
		n--
		s = string(rune('A'+n%26)) + s
		n /= 26
	}
	return s
}

// CellRef is the A1-style reference of a 1-based column and row.
func CellRef(col, row int) string { return ColumnName(col) + strconv.Itoa(row) }
