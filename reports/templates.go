package reports

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"kulturrapport/config"
	"kulturrapport/pipeline"
	"kulturrapport/reports/internal/xlsxw"
)

// Template sheet names.
const (
	SheetGuide = "Veiledning"
	SheetLists = "Lister"
	// templateRows is how many rows of a template have dropdowns.
	templateRows = 1000
)

// TemplateFile is the file name of a kind's template.
func TemplateFile(kind string) string { return "mal-" + kind + ".xlsx" }

// WriteTemplates writes one blank template per input kind into dir and
// returns the files written.
func WriteTemplates(dir string, cfg *config.Config) ([]string, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	var out []string
	for _, k := range pipeline.Kinds() {
		p := filepath.Join(dir, TemplateFile(k.Name))
		tmp := p + ".tmp"
		f, err := os.Create(tmp)
		if err != nil {
			return out, err
		}
		err = WriteTemplate(f, cfg, k)
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		if err == nil {
			err = os.Rename(tmp, p)
		}
		if err != nil {
			os.Remove(tmp)
			return out, fmt.Errorf("writing %s: %w", p, err)
		}
		out = append(out, p)
	}
	return out, nil
}

// WriteTemplate writes the blank input workbook of one kind: the data sheet
// with its header row (protected) and dropdowns fed from the config, an
// instructions sheet in Norwegian, and a hidden sheet of lists.
func WriteTemplate(w io.Writer, cfg *config.Config, kind *pipeline.Kind) error {
	f := excelize.NewFile()
	defer f.Close()
	f.SetZipWriter(func(w io.Writer) excelize.ZipWriter { return xlsxw.NewZip(w) })
	x := &xlsx{f: f, lang: "nb"}
	x.styles()
	data := kind.Template.Sheet
	x.check(f.SetSheetName(sheetDefault, data))
	x.newSheet(SheetGuide)
	x.newSheet(SheetLists)
	lists := x.templateLists(cfg)
	x.templateData(cfg, kind, data, lists)
	x.templateGuide(cfg, kind, data)
	x.check(f.SetSheetVisible(SheetLists, false))
	// The guide first, the data sheet open.
	x.check(f.MoveSheet(SheetGuide, data))
	idx, _ := f.GetSheetIndex(data)
	f.SetActiveSheet(idx)
	if x.err != nil {
		return x.err
	}
	epoch := time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC).Format(time.RFC3339)
	if err := f.SetDocProps(&excelize.DocProperties{Creator: "kulturrapport", Title: "Mal: " + kind.Name,
		Subject: cfg.Organisation, Created: epoch, Modified: epoch, Language: "nb-NO"}); err != nil {
		return err
	}
	_, err := f.WriteTo(w)
	return err
}

// templateLists holds the ranges of the lists sheet that dropdowns use.
type templateLists struct {
	municipalities string // 'Lister'!$B$2:$B$42
	measures       string
	goals          []string
	subjects       string // goals and indicators, for comments
}

func (x *xlsx) templateLists(cfg *config.Config) templateLists {
	sh := SheetLists
	var l templateLists
	col := 1
	column := func(title string, values []string) string {
		x.str(sh, col, 1, title)
		for i, v := range values {
			x.str(sh, col, i+2, v)
		}
		ref := fmt.Sprintf("'%s'!$%s$2:$%s$%d", sh, colName(col), colName(col), len(values)+1)
		col++
		return ref
	}
	var munis, regions []string
	for _, r := range cfg.Regions {
		regions = append(regions, r.Code)
		for _, m := range r.Municipalities {
			munis = append(munis, m.Code+" "+m.Name)
		}
	}
	column("Region", regions)
	l.municipalities = column("Kommune", munis)
	var all []string
	for _, a := range cfg.Areas {
		for _, g := range a.Goals {
			l.goals = append(l.goals, g.Code)
			for _, m := range g.Measures {
				all = append(all, m.Code)
			}
		}
	}
	column("Mål", l.goals)
	l.measures = column("Tiltak", all)
	subjects := append([]string{}, l.goals...)
	for _, ind := range cfg.Indicators {
		subjects = append(subjects, ind.ID)
	}
	l.subjects = column("Mål og indikatorer", subjects)
	// One named list of measures per goal, for the dropdown that offers
	// only the chosen goal's measures: Tiltak_1_1, Tiltak_BTV_1, …
	for _, a := range cfg.Areas {
		for _, g := range a.Goals {
			var codes []string
			for _, m := range g.Measures {
				codes = append(codes, m.Code)
			}
			if len(codes) == 0 {
				codes = []string{"–"}
			}
			ref := column("Tiltak "+g.Code, codes)
			x.check(x.f.SetDefinedName(&excelize.DefinedName{Name: measureListName(g.Code), RefersTo: ref}))
		}
	}
	return l
}

func measureListName(goal string) string { return "Tiltak_" + strings.ReplaceAll(goal, ".", "_") }

// templateData writes the data sheet: header, formats, dropdowns, and the
// protection that keeps the header as it is.
func (x *xlsx) templateData(cfg *config.Config, kind *pipeline.Kind, sh string, l templateLists) {
	heads := make([]string, len(kind.TemplateColumns()))
	for i, c := range kind.TemplateColumns() {
		heads[i] = c.Header
	}
	x.headerRow(sh, 1, heads)
	unlocked := x.style(&excelize.Style{Protection: &excelize.Protection{Locked: false}})
	unlockedDate := x.style(&excelize.Style{NumFmt: 14, Protection: &excelize.Protection{Locked: false}})
	unlockedInt := x.style(&excelize.Style{NumFmt: 3, Protection: &excelize.Protection{Locked: false}})
	unlockedDec := x.style(&excelize.Style{NumFmt: 4, Protection: &excelize.Protection{Locked: false}})
	unlockedText := x.style(&excelize.Style{NumFmt: 49, Protection: &excelize.Protection{Locked: false}}) // @: text, keeps leading zeros
	var regions []string
	for _, r := range cfg.Regions {
		regions = append(regions, r.Code)
	}
	last := templateRows + 1
	for i, c := range kind.TemplateColumns() {
		col := colName(i + 1)
		ref := fmt.Sprintf("%s2:%s%d", col, col, last)
		style, width := unlocked, 16.0
		dv := excelize.NewDataValidation(true)
		dv.SetSqref(ref)
		dv.SetInput(c.Header, truncate(c.Help, 250))
		use := true
		switch c.Key {
		case pipeline.FieldDate:
			style, width = unlockedDate, 12
			// Excel serials of 2000-01-01 and 2099-12-31.
			x.check(dv.SetRange(36526, 73050, excelize.DataValidationTypeDate, excelize.DataValidationOperatorBetween))
			dv.SetError(excelize.DataValidationErrorStyleStop, "Ugyldig dato", "Skriv en dato, f.eks. 15.03.2026.")
		case pipeline.FieldRegion:
			x.check(dv.SetDropList(regions))
			dv.SetError(excelize.DataValidationErrorStyleStop, "Ukjent region", "Velg regionen fra listen.")
		case pipeline.FieldKommunenr:
			style, width = unlockedText, 18
			dv.SetSqrefDropList(l.municipalities)
			dv.SetError(excelize.DataValidationErrorStyleWarning, "Ukjent kommune", "Velg kommunen fra listen (kommunenummer og navn).")
		case pipeline.FieldGoals:
			width = 12
			dv.SetSqrefDropList(fmt.Sprintf("'%s'!$C$2:$C$%d", SheetLists, len(l.goals)+1))
			// A warning, not a stop: several goals may be written as "1.1; 3.1".
			dv.SetError(excelize.DataValidationErrorStyleWarning, "Mål", "Velg et mål fra listen, eller skriv flere skilt med semikolon.")
		case pipeline.FieldMeasure:
			width = 12
			// Only the measures of the goal in the Mål column of the row.
			goalCol := colName(columnIndex(kind, pipeline.FieldGoals) + 1)
			// CONCATENATE, not &: excelize writes the formula into the XML as it is.
			dv.SetSqrefDropList(fmt.Sprintf(`INDIRECT(CONCATENATE("Tiltak_",SUBSTITUTE(TRIM($%s2),".","_")))`, goalCol))
			dv.SetError(excelize.DataValidationErrorStyleWarning, "Tiltak", "Velg et tiltak under målet i kolonnen Mål.")
		case pipeline.FieldType:
			width = 20
			x.check(dv.SetDropList(cfg.ActivityTypes))
			dv.SetError(excelize.DataValidationErrorStyleStop, "Ukjent aktivitetstype", "Velg aktivitetstypen fra listen.")
		case pipeline.FieldStatus:
			x.check(dv.SetDropList(pipeline.ProjectStatuses))
			dv.SetError(excelize.DataValidationErrorStyleStop, "Ukjent status", "Velg status fra listen.")
		case pipeline.FieldLevel:
			x.check(dv.SetDropList(pipeline.ProjectLevels))
			dv.SetError(excelize.DataValidationErrorStyleStop, "Ukjent nivå", "Velg nivå fra listen.")
		case pipeline.FieldParticipants, pipeline.FieldPupils, pipeline.FieldPupils615, pipeline.FieldWaiting,
			pipeline.FieldWaiting615, pipeline.FieldChildren615, pipeline.FieldSubjects:
			style, width = unlockedInt, 12
			x.check(dv.SetRange(0, 10000000, excelize.DataValidationTypeWhole, excelize.DataValidationOperatorBetween))
			dv.SetError(excelize.DataValidationErrorStyleStop, "Ugyldig tall", "Skriv et helt tall, 0 eller mer.")
		case pipeline.FieldBudget, pipeline.FieldSpent, pipeline.FieldFTE, pipeline.FieldFee:
			style, width = unlockedDec, 13
			x.check(dv.SetRange(0, 1e12, excelize.DataValidationTypeDecimal, excelize.DataValidationOperatorGreaterThanOrEqual))
			dv.SetError(excelize.DataValidationErrorStyleStop, "Ugyldig tall", "Skriv et tall, 0 eller mer.")
		case pipeline.FieldSubject:
			width = 24
			dv.SetSqrefDropList(l.subjects)
			dv.SetError(excelize.DataValidationErrorStyleWarning, "Mål eller indikator", "Velg et mål eller en indikator fra listen.")
		case pipeline.FieldComment, pipeline.FieldFollowUp:
			width = 60
			use = false
		case pipeline.FieldTitle, pipeline.FieldNote, pipeline.FieldProject:
			width = 40
			use = false
		default:
			use = false
		}
		x.check(x.f.SetCellStyle(sh, col+"2", fmt.Sprintf("%s%d", col, last), style))
		x.check(x.f.SetColWidth(sh, col, col, width))
		if use {
			x.check(x.f.AddDataValidation(sh, dv))
		}
	}
	x.printLayout(sh)
	// The header is locked; the rows below are not.
	x.check(x.f.ProtectSheet(sh, &excelize.SheetProtectionOptions{
		FormatCells: true, FormatColumns: true, FormatRows: true, InsertRows: true, DeleteRows: true,
		Sort: true, AutoFilter: true, SelectLockedCells: true, SelectUnlockedCells: true,
	}))
}

func columnIndex(kind *pipeline.Kind, key string) int {
	for i, c := range kind.TemplateColumns() {
		if c.Key == key {
			return i
		}
	}
	return 0
}

func truncate(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

// templateGuide writes the instructions sheet.
func (x *xlsx) templateGuide(cfg *config.Config, kind *pipeline.Kind, data string) {
	sh := SheetGuide
	x.str(sh, 1, 1, cfg.Organisation+" – mal for "+strings.ToLower(kind.Template.Title))
	x.check(x.f.SetCellStyle(sh, "A1", "A1", x.title))
	x.str(sh, 1, 2, kind.Template.Intro)
	x.str(sh, 1, 3, "Fyll ut arket «"+data+"». Ikke endre overskriftene; de er låst. Lister med gyldige verdier kommer opp når du klikker i en celle.")
	x.headerRow(sh, 5, []string{"Kolonne", "Påkrevd", "Hva den skal inneholde"})
	row := 6
	for _, c := range kind.TemplateColumns() {
		x.str(sh, 1, row, c.Header)
		req := "nei"
		if c.Required {
			req = "ja"
		}
		x.str(sh, 2, row, req)
		x.str(sh, 3, row, c.Help)
		x.check(x.f.SetCellStyle(sh, "C"+fmt.Sprint(row), "C"+fmt.Sprint(row), x.wrap))
		row++
	}
	row++
	section := func(title string, pairs [][2]string) {
		x.str(sh, 1, row, title)
		x.check(x.f.SetCellStyle(sh, cellName(1, row), cellName(1, row), x.bold))
		row++
		for _, p := range pairs {
			x.str(sh, 1, row, p[0])
			x.str(sh, 3, row, p[1])
			row++
		}
		row++
	}
	var goals, measures [][2]string
	for _, a := range cfg.Areas {
		for _, g := range a.Goals {
			goals = append(goals, [2]string{g.Code, g.Name})
			for _, m := range g.Measures {
				measures = append(measures, [2]string{m.Code, m.Text})
			}
		}
	}
	if hasColumn(kind, pipeline.FieldGoals) {
		section("Mål (kolonnen Mål)", goals)
	}
	if hasColumn(kind, pipeline.FieldMeasure) {
		section("Tiltak (kolonnen Tiltak, under sitt mål)", measures)
	}
	if hasColumn(kind, pipeline.FieldType) {
		var types [][2]string
		for _, t := range cfg.ActivityTypes {
			types = append(types, [2]string{t, ""})
		}
		section("Aktivitetstyper", types)
	}
	var munis [][2]string
	for _, r := range cfg.Regions {
		for _, m := range r.Municipalities {
			munis = append(munis, [2]string{m.Code, m.Name + " (" + r.Code + ", " + m.County + ")"})
		}
	}
	if hasColumn(kind, pipeline.FieldKommunenr) {
		section("Kommuner (kolonnen Kommunenr)", munis)
	}
	x.printLayout(sh)
	x.check(x.f.SetColWidth(sh, "A", "A", 22))
	x.check(x.f.SetColWidth(sh, "B", "B", 10))
	x.check(x.f.SetColWidth(sh, "C", "C", 90))
}

func hasColumn(kind *pipeline.Kind, key string) bool {
	for _, c := range kind.TemplateColumns() {
		if c.Key == key {
			return true
		}
	}
	return false
}
