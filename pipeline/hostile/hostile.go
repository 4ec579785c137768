// Package hostile writes input files that a hostile or unlucky sender
// could send — sheets with row numbers past Excel's grid, runs of
// whitespace hundreds of megabytes long, CDATA, broken checksums, CSV with
// an unclosed quote or Mac line endings, FIFOs, links to /dev/zero, the
// tool's own reports — each with what a run must make of it. The tests of
// ingestion and of the command read them, and cmd/genhostile writes them
// to a folder for a person, or `make bench`, to try.
package hostile

import (
	"archive/zip"
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"unicode/utf16"
)

// Case is one hostile input: its file name, how to make it in a folder,
// and what a run must make of it.
type Case struct {
	Name string
	// Status is the file's status in run.json: ok, unreadable or skipped.
	Status string
	// Reason is a part of the reason the file is given (nb), if any.
	Reason string
	// FolderStatus and FolderReason, when set, are the outcome when the
	// file is found in a folder rather than named.
	FolderStatus, FolderReason string
	// Rows is how many rows the file must give as read (for an ok file).
	Rows int
	// Make writes the case's file at path.
	Make func(path string) error
	// Unix marks cases that need a Unix system (FIFOs, /dev/zero).
	Unix bool
}

// header is an activity log's header row; row is one good activity of
// it with the title t and date d (dd.mm.yyyy).
var header = []string{"Dato", "Region", "Kommunenr", "Mål", "Aktivitetstype", "Tittel", "Deltakere"}

func row(d, t string) []string {
	return []string{d, "BTV", "3301", "3.1", "kommunebesøk", t, "12"}
}

// Cases are the hostile inputs, each a file of its own.
func Cases() []Case {
	return []Case{
		{Name: "rad-uendelig.xlsx", Status: "unreadable", Reason: "radnummer 9223372036854775807",
			Make: sheetFile(sheetXML(rowsXML(3) + `<row r="9223372036854775807"><c r="A9223372036854775807" t="inlineStr"><is><t>x</t></is></c></row>`))},
		{Name: "rad-to-milliarder.xlsx", Status: "unreadable", Reason: "radnummer 2000000000",
			Make: sheetFile(sheetXML(rowsXML(3) + `<row r="2000000000"><c r="A2000000000" t="inlineStr"><is><t>x</t></is></c></row>`))},
		{Name: "kolonne-forbi-xfd.xlsx", Status: "unreadable", Reason: "ugyldig cellereferanse «XFE5»",
			Make: sheetFile(sheetXML(rowsXML(3) + `<row r="5"><c r="XFE5" t="inlineStr"><is><t>x</t></is></c></row>`))},
		{Name: "rad-null.xlsx", Status: "unreadable", Reason: "ugyldig cellereferanse «A0»",
			Make: sheetFile(sheetXML(rowsXML(3) + `<row><c r="A0" t="inlineStr"><is><t>x</t></is></c></row>`))},
		{Name: "mellomrom-100mb.xlsx", Status: "unreadable", Reason: "lengre enn 8 MB",
			Make: sheetFile(sheetXML(rowsXML(3) + strings.Repeat(" ", 100<<20) + rowsXMLFrom(4, 2)))},
		{Name: "cdata-etter-rad-20.xlsx", Status: "ok", Rows: 41,
			Make: sheetFile(sheetXML(rowsXML(29) + cdataRow(31) + rowsXMLFrom(32, 11)))},
		{Name: "delt-tekst-mangler.xlsx", Status: "unreadable", Reason: "delt tekst nr. 7",
			Make: sheetFile(sheetXML(rowsXML(3) + `<row r="5"><c r="A5" t="inlineStr"><is><t>05.03.2026</t></is></c><c r="F5" t="s"><v>7</v></c></row>`))},
		{Name: "flettede-celler-overlapper.xlsx", Status: "ok", Rows: 5000,
			Make: sheetFile(strings.Replace(sheetXML(rowsXML(5000)), "</sheetData>", "</sheetData><mergeCells>"+
				strings.Repeat(`<mergeCell ref="A2:G1048576"/><mergeCell ref="B2:B5001"/>`, 50000)+"</mergeCells>", 1))},
		// 70 000 fonts and cell formats, every other one struck
		// through: every other row struck (left out), the rest in a
		// format past the 65 536 the reader looks at (read).
		{Name: "gjennomstreket-70000-stiler.xlsx", Status: "ok", Rows: 2500, Make: manyStyles},
		{Name: "avkuttet-xml.xlsx", Status: "unreadable", Reason: "skadet",
			Make: sheetFile(truncated(sheetXML(rowsXML(25)), 600))},
		{Name: "feil-sjekksum.xlsx", Status: "unreadable", Reason: "skadet",
			Make: func(path string) error { return os.WriteFile(path, xlsx(sheetXML(rowsXML(5)), "", true), 0o644) }},
		{Name: "skjulte-ark.xlsx", Status: "unreadable", Reason: "bare skjulte ark",
			Make: func(path string) error {
				return os.WriteFile(path, xlsx(sheetXML(rowsXML(3)), `state="hidden"`, false), 0o644)
			}},
		{Name: "regneark.ods", Status: "unreadable", Reason: "gyldig OpenDocument",
			Make: func(path string) error { return os.WriteFile(path, odsFile(""), 0o644) }},
		{Name: "ods-rad-to-milliarder.ods", Status: "unreadable", Reason: "radnummer 1048577",
			Make: func(path string) error {
				return os.WriteFile(path, odsFile(`<table:table table:name="Ark1"><table:table-row><table:table-cell office:value-type="string"><text:p>Dato</text:p></table:table-cell></table:table-row>`+
					`<table:table-row table:number-rows-repeated="2000000000"><table:table-cell table:number-columns-repeated="1000000000"/></table:table-row>`+
					`<table:table-row><table:table-cell office:value-type="string"><text:p>x</text:p></table:table-cell></table:table-row></table:table>`), 0o644)
			}},
		{Name: "ods-mellomrom.ods", Status: "unreadable", Reason: "lengre enn 8 MB",
			Make: func(path string) error {
				return os.WriteFile(path, odsFile(`<table:table table:name="Ark1"><table:table-row><table:table-cell office:value-type="string"><text:p>Dato</text:p></table:table-cell></table:table-row>`+
					strings.Repeat(" ", 20<<20)+`</table:table>`), 0o644)
			}},
		{Name: "anforsel-uten-slutt.csv", Status: "unreadable", Reason: "lukkes ikke",
			Make: textFile(func() string {
				lines := []string{strings.Join(header, ";")}
				for i := 1; i <= 30; i++ {
					t := fmt.Sprintf("Besøk %d", i)
					if i == 3 {
						t = `"Konsert i parken`
					}
					lines = append(lines, strings.Join(row(fmt.Sprintf("%02d.03.2026", i%28+1), t), ";"))
				}
				return strings.Join(lines, "\n") + "\n"
			}())},
		{Name: "mac-linjeskift.csv", Status: "ok", Rows: 10,
			Make: textFile(strings.ReplaceAll(csvText(';', 10, "Besøk"), "\n", "\r"))},
		{Name: "semikolon-med-komma.csv", Status: "ok", Rows: 10,
			Make: textFile(csvText(';', 10, "Besøk, konsert, verksted og samtale, del"))},
		{Name: "utf16.csv", Status: "ok", Rows: 5,
			Make: func(path string) error { return os.WriteFile(path, utf16LE(csvText('\t', 5, "Besøk på Ål")), 0o644) }},
		{Name: "kontrolltegn-\x1b[31m-\a.csv", Status: "ok", Rows: 4,
			Make: textFile(csvText(';', 4, "Tittel med \x1b[2J escape og \a"))},
		{Name: "fifo.csv", Status: "unreadable", Reason: "ikke en vanlig fil", Unix: true,
			Make: func(path string) error { return mkfifo(path) }},
		{Name: "null.csv", Status: "unreadable", Reason: "ikke en vanlig fil", Unix: true,
			FolderStatus: "skipped", FolderReason: "peker ut av mappen",
			Make: func(path string) error { return os.Symlink("/dev/zero", path) }},
		{Name: "for-stor.xlsx", Status: "unreadable", Reason: "over grensen på 50 MB",
			Make: func(path string) error {
				f, err := os.Create(path)
				if err != nil {
					return err
				}
				defer f.Close()
				return f.Truncate(60 << 20) // sparse: 60 MB that take no disk
			}},
		{Name: "sammendrag.xlsx", Status: "skipped", Reason: "skrevet av kulturrapport",
			Make: func(path string) error {
				return os.WriteFile(path, xlsxWithProps(sheetXML(rowsXML(5)), "kulturrapport", "Rapport 2026-10"), 0o644)
			}},
	}
}

// Applicable are the cases this system can make.
func Applicable() []Case {
	var out []Case
	for _, c := range Cases() {
		if c.Unix && runtime.GOOS == "windows" {
			continue
		}
		out = append(out, c)
	}
	return out
}

// Write makes every applicable case in dir.
func Write(dir string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	for _, c := range Applicable() {
		if err := c.Make(filepath.Join(dir, c.Name)); err != nil {
			return fmt.Errorf("%s: %w", c.Name, err)
		}
	}
	return nil
}

// WriteRejected writes into dir avvist.csv, an activity log of n rows that
// are each rejected (a date that does not exist), and godtatt.csv, the
// same rows with real dates.
func WriteRejected(dir string, n int) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	for _, good := range []bool{false, true} {
		var b strings.Builder
		b.WriteString(strings.Join(header, ";") + "\n")
		for i := 0; i < n; i++ {
			d := "31.02.2026"
			if good {
				d = fmt.Sprintf("%02d.%02d.2026", i%28+1, i%9+1)
			}
			b.WriteString(strings.Join(row(d, fmt.Sprintf("Besøk nummer %d", i)), ";") + "\n")
		}
		name := "avvist.csv"
		if good {
			name = "godtatt.csv"
		}
		if err := os.WriteFile(filepath.Join(dir, name), []byte(b.String()), 0o644); err != nil {
			return err
		}
	}
	return nil
}

// rowsXML is the header row and n activity rows: rows 1 to n+1.
func rowsXML(n int) string { return rowXML(1, header) + rowsXMLFrom(2, n) }

// rowsXMLFrom is n activity rows numbered from first.
func rowsXMLFrom(first, n int) string {
	var b strings.Builder
	for i := 0; i < n; i++ {
		r := first + i
		b.WriteString(rowXML(r, row(fmt.Sprintf("%02d.03.2026", r%28+1), fmt.Sprintf("Kommunebesøk %d", r))))
	}
	return b.String()
}

// cdataRow is an activity row whose title is a CDATA section, as some
// writers put text that holds markup.
func cdataRow(r int) string {
	cells := row(fmt.Sprintf("%02d.03.2026", r%28+1), "")
	var b strings.Builder
	fmt.Fprintf(&b, `<row r="%d">`, r)
	for i, v := range cells {
		ref := fmt.Sprintf("%c%d", 'A'+i, r)
		if i == 5 {
			fmt.Fprintf(&b, `<c r="%s" t="inlineStr"><is><t><![CDATA[Konsert <i>ute</i> & inne %d]]></t></is></c>`, ref, r)
			continue
		}
		fmt.Fprintf(&b, `<c r="%s" t="inlineStr"><is><t>%s</t></is></c>`, ref, v)
	}
	b.WriteString(`</row>`)
	return b.String()
}

func rowXML(r int, cells []string) string {
	var b strings.Builder
	fmt.Fprintf(&b, `<row r="%d">`, r)
	for i, v := range cells {
		fmt.Fprintf(&b, `<c r="%c%d" t="inlineStr"><is><t>%s</t></is></c>`, 'A'+i, r, v)
	}
	b.WriteString(`</row>`)
	return b.String()
}

func sheetXML(rows string) string {
	return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` +
		`<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>` + rows + `</sheetData></worksheet>`
}

// manyStyles writes gjennomstreket-70000-stiler.xlsx.
func manyStyles(path string) error {
	var st strings.Builder
	st.WriteString(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?><styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><fonts count="70000">`)
	for i := range 70000 {
		if i%2 == 1 {
			st.WriteString(`<font><strike/></font>`)
		} else {
			st.WriteString(`<font/>`)
		}
	}
	st.WriteString(`</fonts><cellXfs count="70000">`)
	for i := range 70000 {
		fmt.Fprintf(&st, `<xf fontId="%d"/>`, i)
	}
	st.WriteString(`</cellXfs></styleSheet>`)
	var rows strings.Builder
	rows.WriteString(rowXML(1, header))
	for r := 2; r <= 5001; r++ {
		s := `<c s="1" r="`
		if r%2 == 1 {
			s = `<c s="69999" r="`
		}
		rows.WriteString(strings.ReplaceAll(rowXML(r, row(fmt.Sprintf("%02d.03.2026", r%28+1), fmt.Sprintf("Kommunebesøk %d", r))), `<c r="`, s))
	}
	return os.WriteFile(path, xlsxParts(sheetXML(rows.String()), "", false, "", st.String()), 0o644)
}

// sheetFile makes a workbook of one sheet with the XML given.
func sheetFile(sheet string) func(path string) error {
	return func(path string) error { return os.WriteFile(path, xlsx(sheet, "", false), 0o644) }
}

// truncated is s without its last n bytes: XML cut off mid-row, its zip
// part whole.
func truncated(s string, n int) string { return s[:len(s)-n] }

// csvText is a CSV activity log with n rows, titles "<title> <i>".
func csvText(comma rune, n int, title string) string {
	sep := string(comma)
	lines := []string{strings.Join(header, sep)}
	for i := 1; i <= n; i++ {
		lines = append(lines, strings.Join(row(fmt.Sprintf("%02d.03.2026", i), fmt.Sprintf("%s %d", title, i)), sep))
	}
	return strings.Join(lines, "\n") + "\n"
}

func textFile(text string) func(path string) error {
	return func(path string) error { return os.WriteFile(path, []byte(text), 0o644) }
}

func utf16LE(s string) []byte {
	b := []byte{0xFF, 0xFE}
	for _, u := range utf16.Encode([]rune(s)) {
		b = append(b, byte(u), byte(u>>8))
	}
	return b
}

// xlsx is a minimal workbook of one sheet "Aktiviteter" (its <sheet>
// attributes extra), deflated, or stored with a broken checksum on the
// sheet after its </sheetData>.
func xlsx(sheet, extra string, badCRC bool) []byte {
	return xlsxParts(sheet, extra, badCRC, "", "")
}

func xlsxWithProps(sheet, creator, title string) []byte {
	core := `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">` +
		`<dc:title>` + title + `</dc:title><dc:creator>` + creator + `</dc:creator></cp:coreProperties>`
	return xlsxParts(sheet, "", false, core, "")
}

func xlsxParts(sheet, extra string, badCRC bool, core, styles string) []byte {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	put := func(name, body string) {
		w, _ := zw.Create(name)
		w.Write([]byte(body))
	}
	ct := `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
		`<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>` +
		`<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>` +
		`<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`
	if core != "" {
		ct += `<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>`
	}
	put("[Content_Types].xml", ct+`</Types>`)
	rels := `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
		`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>`
	if core != "" {
		rels += `<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>`
	}
	put("_rels/.rels", rels+`</Relationships>`)
	put("xl/workbook.xml", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">`+
		`<sheets><sheet name="Aktiviteter" sheetId="1" `+extra+` r:id="rId1"/></sheets></workbook>`)
	put("xl/_rels/workbook.xml.rels", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">`+
		`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`)
	if core != "" {
		put("docProps/core.xml", core)
	}
	if styles != "" {
		put("xl/styles.xml", styles)
	}
	if badCRC {
		// Stored, so that a byte after </sheetData> can be changed
		// without breaking the deflate stream: only the CRC tells.
		h := &zip.FileHeader{Name: "xl/worksheets/sheet1.xml", Method: zip.Store}
		w, _ := zw.CreateHeader(h)
		w.Write([]byte(sheet))
		zw.Close()
		b := buf.Bytes()
		i := bytes.LastIndex(b, []byte("</worksheet>"))
		b[i+2] = 'W' // </Worksheet>: after the rows, inside the CRC
		return b
	}
	put("xl/worksheets/sheet1.xml", sheet)
	zw.Close()
	return buf.Bytes()
}

// odsFile is an OpenDocument spreadsheet of the tables given (XML of
// table:table elements; none: a document with no sheet), a zip whose
// first part, stored, is its mimetype.
func odsFile(tables string) []byte {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, _ := zw.CreateHeader(&zip.FileHeader{Name: "mimetype", Method: zip.Store})
	w.Write([]byte("application/vnd.oasis.opendocument.spreadsheet"))
	w, _ = zw.Create("content.xml")
	w.Write([]byte(`<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body><office:spreadsheet>` + tables + `</office:spreadsheet></office:body></office:document-content>`))
	zw.Close()
	return buf.Bytes()
}
