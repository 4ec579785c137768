package main

import (
	"archive/zip"
	"bufio"
	"fmt"
	"html"
	"math/rand/v2"
	"os"
	"strconv"
	"strings"
	"time"
)

// writeLogOthers writes one region's log for a month as other programs
// write workbooks, not as excelize does: openpyxl (odd regions) and
// XlsxWriter (even ones) both keep text in a shared string table
// (t="s"), write dates as serial numbers with a date style and numbers
// as <v>; XlsxWriter adds spans="1:10" to every row. The rows carry what
// people type in the free-text columns (a full name as Ansvarlig, a
// sentence or two as Merknad), and about 6 % of them are rejected or
// warned of: bad dates, unknown types and municipalities, a measure of
// another goal, the same activity logged twice by two people.
func writeLogOthers(path string, rng *rand.Rand, r int, month time.Time, rows int) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	defer f.Close()
	zw := zip.NewWriter(bufio.NewWriterSize(f, 1<<20))
	xlsxWriter := r%2 == 0
	sst := &sharedStrings{index: map[string]int{}}
	var sheet strings.Builder
	sheet.WriteString(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n" +
		`<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">`)
	sheet.WriteString(`<sheetPr><outlinePr summaryBelow="1" summaryRight="1"/></sheetPr><dimension ref="A1:J` + strconv.Itoa(rows+1) + `"/>`)
	sheet.WriteString(`<sheetViews><sheetView workbookViewId="0"><selection activeCell="A1" sqref="A1"/></sheetView></sheetViews><sheetFormatPr defaultRowHeight="15"/><sheetData>`)
	rowStart := func(n int) {
		if xlsxWriter {
			fmt.Fprintf(&sheet, `<row r="%d" spans="1:10">`, n)
		} else {
			fmt.Fprintf(&sheet, `<row r="%d">`, n)
		}
	}
	str := func(col, row int, s string) {
		fmt.Fprintf(&sheet, `<c r="%c%d" t="s"><v>%d</v></c>`, 'A'+col, row, sst.add(s))
	}
	num := func(col, row, style int, v string) {
		if style > 0 {
			fmt.Fprintf(&sheet, `<c r="%c%d" s="%d" t="n"><v>%s</v></c>`, 'A'+col, row, style, v)
		} else {
			fmt.Fprintf(&sheet, `<c r="%c%d" t="n"><v>%s</v></c>`, 'A'+col, row, v)
		}
	}
	rowStart(1)
	for c, h := range []string{"Dato", "Region", "Kommunenr", "Mål", "Tiltak", "Aktivitetstype", "Tittel", "Deltakere", "Ansvarlig", "Merknad"} {
		str(c, 1, h)
	}
	sheet.WriteString(`</row>`)
	days := time.Date(month.Year(), month.Month()+1, 0, 0, 0, 0, 0, time.UTC).Day()
	epoch := time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC)
	var last struct {
		day          int
		kommune, typ string
		title        string
	}
	for i := 0; i < rows; i++ {
		row := i + 2
		rowStart(row)
		d := month.AddDate(0, 0, rng.IntN(days))
		g := goals[rng.IntN(len(goals))]
		k := kommune(r, rng.IntN(perRegion))
		typ := types[rng.IntN(len(types))]
		title := fmt.Sprintf("%s %d-%d", words[rng.IntN(len(words))], i, rng.IntN(1_000_000))
		measure := ""
		if ms := measures[g]; rng.IntN(3) > 0 {
			measure = ms[rng.IntN(len(ms))]
		}
		// About 3 % rejected, 3 % warned of.
		switch x := rng.IntN(200); {
		case x < 2:
			d = time.Time{} // a date that does not exist, typed as text
		case x < 4:
			typ = "workshop"
		case x < 6:
			k = "9999"
		case x < 9:
			measure = "2.2.N1" // a measure of another goal
			if g == "2.2" {
				measure = "1.1.N1"
			}
		case x < 12 && i > 0:
			// The same activity logged again by someone else.
			d = epoch.AddDate(0, 0, last.day)
			k, typ, title = last.kommune, last.typ, last.title
		}
		if d.IsZero() {
			str(0, row, "31.02."+month.Format("2006"))
		} else {
			num(0, row, 1, strconv.Itoa(int(d.Sub(epoch).Hours()/24)))
			last.day = int(d.Sub(epoch).Hours() / 24)
		}
		str(1, row, regionCode(r))
		if rng.IntN(10) > 0 {
			str(2, row, k)
		}
		str(3, row, g)
		if measure != "" {
			str(4, row, measure)
		}
		str(5, row, typ)
		str(6, row, title)
		num(7, row, 0, strconv.Itoa(rng.IntN(1500)))
		str(8, row, people[rng.IntN(len(people))])
		if rng.IntN(2) == 0 {
			str(9, row, notes[rng.IntN(len(notes))]+fmt.Sprintf(" (sak %d)", rng.IntN(10_000)))
		}
		sheet.WriteString(`</row>`)
		last.kommune, last.typ, last.title = k, typ, title
	}
	sheet.WriteString(`</sheetData><pageMargins left="0.75" right="0.75" top="1" bottom="1" header="0.5" footer="0.5"/></worksheet>`)

	creator := "openpyxl"
	if xlsxWriter {
		creator = "XlsxWriter"
	}
	saved := month.AddDate(0, 1, 3).Format(time.RFC3339)
	parts := []struct{ name, body string }{
		{"[Content_Types].xml", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n" + `<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/><Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/></Types>`},
		{"_rels/.rels", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n" + `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/></Relationships>`},
		{"docProps/core.xml", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n" + `<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><dc:creator>` + creator + `</dc:creator><dcterms:created xsi:type="dcterms:W3CDTF">` + saved + `</dcterms:created><dcterms:modified xsi:type="dcterms:W3CDTF">` + saved + `</dcterms:modified></cp:coreProperties>`},
		{"xl/workbook.xml", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n" + `<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><workbookPr/><bookViews><workbookView/></bookViews><sheets><sheet name="Aktiviteter" sheetId="1" r:id="rId1"/></sheets></workbook>`},
		{"xl/_rels/workbook.xml.rels", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n" + `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>`},
		{"xl/styles.xml", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n" + `<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><numFmts count="1"><numFmt numFmtId="164" formatCode="dd.mm.yyyy"/></numFmts><fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts><fills count="2"><fill><patternFill/></fill><fill><patternFill patternType="gray125"/></fill></fills><borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs></styleSheet>`},
		{"xl/worksheets/sheet1.xml", sheet.String()},
		{"xl/sharedStrings.xml", sst.xml()},
	}
	for _, p := range parts {
		w, err := zw.Create(p.name)
		if err != nil {
			return err
		}
		if _, err := w.Write([]byte(p.body)); err != nil {
			return err
		}
	}
	if err := zw.Close(); err != nil {
		return err
	}
	return f.Close()
}

// sharedStrings is a workbook's shared string table as it is built.
type sharedStrings struct {
	index map[string]int
	list  []string
	count int
}

func (s *sharedStrings) add(v string) int {
	s.count++
	if i, ok := s.index[v]; ok {
		return i
	}
	s.index[v] = len(s.list)
	s.list = append(s.list, v)
	return len(s.list) - 1
}

func (s *sharedStrings) xml() string {
	var b strings.Builder
	fmt.Fprintf(&b, `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>`+"\n"+`<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="%d" uniqueCount="%d">`, s.count, len(s.list))
	for _, v := range s.list {
		b.WriteString(`<si><t>` + html.EscapeString(v) + `</t></si>`)
	}
	b.WriteString(`</sst>`)
	return b.String()
}

var (
	people = []string{"Kari Nordmann", "Ola Hansen", "Ingrid Berg", "Per Johansen", "Siri Larsen", "Anders Olsen",
		"Marit Dahl", "Jon Eriksen", "Hilde Bakke", "Lars Moen", "Turid Haugen", "Espen Lie"}
	notes = []string{
		"Godt oppmøte, rektorene ønsker oppfølging i vår",
		"Utsatt fra forrige måned på grunn av sykdom",
		"Samarbeid med DKS og fylkeskommunen; referat sendt ut",
		"Tema: kulturskolen som ressurssenter; innlegg fra to kommuner",
		"Digitalt møte, 3 av 5 kommuner deltok",
		"Oppfølging av rammeplanarbeidet, ny samling i juni",
	}
)
