package pipeline

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
)

// Options steer ingestion.
type Options struct {
	// Period is the reporting month, YYYY-MM; PeriodEnd its last day.
	Period    string
	PeriodEnd time.Time
	Limits    WorkbookLimits
	// HeaderSearchRows is how many rows from the top the header may be in.
	HeaderSearchRows int
	// Progress, if set, is called after each file.
	Progress func(done, total int, path string)
	// Pins fix the kind or sheet of the files they match.
	Pins []Pin
}

// Pin fixes how the files whose path or name matches Match (a glob, as
// path/filepath.Match) are read: as Kind, and from Sheet only (which may be
// hidden). Either may be empty.
type Pin struct {
	Match string
	Kind  string
	Sheet string
}

// pinFor returns the first pin that matches path, or a zero Pin.
func (o *Options) pinFor(path string) Pin {
	for _, p := range o.Pins {
		if ok, _ := filepath.Match(p.Match, path); ok {
			return p
		}
		if ok, _ := filepath.Match(p.Match, filepath.Base(path)); ok {
			return p
		}
	}
	return Pin{}
}

// File statuses in run.json.
const (
	StatusOK         = "ok"
	StatusUnreadable = "unreadable"
	StatusDuplicate  = "duplicate"
)

// FileReport is the account of one input file: what it was, and where each
// of its rows went.
type FileReport struct {
	Path   string `json:"path"`
	SHA256 string `json:"sha256"`
	Kind   string `json:"kind"`
	Sheet  string `json:"sheet"`
	Status string `json:"status"`
	Reason string `json:"reason"`
	// RowsRead counts data rows: blank rows and totals rows are not data.
	RowsRead     int       `json:"rows_read"`
	RowsAccepted int       `json:"rows_accepted"`
	RowsRejected int       `json:"rows_rejected"`
	RowsSkipped  int       `json:"rows_skipped"`
	Rejected     []Problem `json:"rejected"`
	Warnings     []Problem `json:"warnings"`
	// Submitted is the date the file says it was saved (YYYY-MM-DD), from
	// its document properties; empty when it does not say (CSV).
	Submitted string `json:"submitted,omitempty"`

	reason Msg
}

// Dataset is the normalised result of ingestion: one Arrow record per input
// kind, and the account of every file.
type Dataset struct {
	Files  []*FileReport
	Tables map[string]arrow.RecordBatch
}

// Release frees the Arrow memory of the dataset.
func (d *Dataset) Release() {
	for _, t := range d.Tables {
		t.Release()
	}
}

// Table returns the table of the named kind (never nil: an empty table when
// no file of that kind was read).
func (d *Dataset) Table(name string) arrow.RecordBatch { return d.Tables[name] }

// Localise fills in the Reason of every problem and file in lang.
func (d *Dataset) Localise(lang string) {
	for _, f := range d.Files {
		if f.reason.Key != "" {
			f.Reason = f.reason.Text(lang)
		}
		for i := range f.Rejected {
			f.Rejected[i].Reason = f.Rejected[i].Msg.Text(lang)
		}
		for i := range f.Warnings {
			f.Warnings[i].Reason = f.Warnings[i].Msg.Text(lang)
		}
	}
}

// spreadsheetExt are the file endings picked up when a folder is read.
var spreadsheetExt = map[string]bool{".xlsx": true, ".xlsm": true, ".xls": true, ".csv": true, ".ods": true}

// ExpandInputs turns files and folders into a sorted list of files. Folders
// are read recursively for spreadsheets; hidden files and Excel's lock files
// (~$name.xlsx) are left out. A named file is always kept.
func ExpandInputs(inputs []string) ([]string, error) {
	seen := map[string]bool{}
	var out []string
	add := func(p string) {
		p = filepath.Clean(p)
		if !seen[p] {
			seen[p] = true
			out = append(out, p)
		}
	}
	for _, in := range inputs {
		fi, err := os.Stat(in)
		if err != nil {
			return nil, fmt.Errorf("input %s: %w", in, err)
		}
		if !fi.IsDir() {
			add(in)
			continue
		}
		err = filepath.WalkDir(in, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			name := d.Name()
			if p != in && strings.HasPrefix(name, ".") {
				if d.IsDir() {
					return filepath.SkipDir
				}
				return nil
			}
			if d.IsDir() || strings.HasPrefix(name, "~$") {
				return nil
			}
			if spreadsheetExt[strings.ToLower(filepath.Ext(name))] {
				add(p)
			}
			return nil
		})
		if err != nil {
			return nil, fmt.Errorf("reading folder %s: %w", in, err)
		}
	}
	sort.Strings(out)
	return out, nil
}

// Ingest reads every file, validates each row and builds the normalised
// tables. A file that cannot be read is reported and the others are read; an
// error is returned only when the run itself cannot go on (cancelled).
func Ingest(ctx context.Context, ref *Reference, files []string, opts Options, mem memory.Allocator) (*Dataset, error) {
	if opts.HeaderSearchRows <= 0 {
		opts.HeaderSearchRows = 20
	}
	builders := map[string]tableBuilder{}
	for _, k := range kinds {
		builders[k.Name] = k.newBuilder(ref, opts, mem)
	}
	defer func() {
		for _, b := range builders {
			b.release()
		}
	}()

	ds := &Dataset{Tables: map[string]arrow.RecordBatch{}}
	byHash := map[string]string{}
	for i, path := range files {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		rep := &FileReport{Path: filepath.ToSlash(path), Rejected: []Problem{}, Warnings: []Problem{}}
		ds.Files = append(ds.Files, rep)
		sum, err := hashFile(path)
		if err != nil {
			rep.fail(msg("file.unreadable", err.Error()))
		} else {
			rep.SHA256 = sum
			if first, dup := byHash[sum]; dup {
				rep.Status = StatusDuplicate
				rep.reason = msg("file.duplicate", first)
			} else {
				byHash[sum] = rep.Path
				readFile(ref, path, rep, builders, opts)
			}
		}
		if opts.Progress != nil {
			opts.Progress(i+1, len(files), path)
		}
	}
	for _, k := range kinds {
		ds.Tables[k.Name] = builders[k.Name].newRecord()
	}
	return ds, nil
}

func hashFile(path string) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

func (rep *FileReport) fail(m Msg) {
	rep.Status = StatusUnreadable
	rep.reason = m
}

// readFile reads one file into the builders, and accounts for it in rep.
// A panic in a reader library on a hostile file makes that file unreadable
// instead of ending the run.
func readFile(ref *Reference, path string, rep *FileReport, builders map[string]tableBuilder, opts Options) {
	defer func() {
		if r := recover(); r != nil {
			rep.fail(msg("file.read", fmt.Sprint(r)))
		}
	}()
	wb, err := OpenWorkbook(path, opts.Limits)
	if err != nil {
		var fe *fileError
		if errors.As(err, &fe) {
			rep.fail(fe.msg)
		} else {
			rep.fail(msg("file.unreadable", err.Error()))
		}
		return
	}
	defer wb.Close()
	if t := wb.Modified(); !t.IsZero() && t.Year() >= 2000 {
		rep.Submitted = t.Format("2006-01-02")
	}
	for _, n := range wb.Notes() {
		rep.Warnings = append(rep.Warnings, Problem{File: rep.Path, Msg: n})
	}

	// Read every visible sheet whose header row matches a kind (or the
	// sheet a pin names, hidden or not).
	pin := opts.pinFor(rep.Path)
	var closest headerMatch
	var kindsRead, sheetsRead []string
	blank := true
	for _, sh := range wb.Sheets() {
		if pin.Sheet != "" {
			if sh.Name != pin.Sheet {
				continue
			}
		} else if sh.Hidden {
			continue
		}
		rr, err := wb.Rows(sh.Name)
		if err != nil {
			rep.fail(msg("file.read", err.Error()))
			return
		}
		var head [][]string
		var nums []int
		for len(head) < opts.HeaderSearchRows && rr.Scan() {
			head = append(head, append([]string(nil), rr.Row()...))
			nums = append(nums, rr.RowNum())
			if !isBlank(rr.Row()) {
				blank = false
			}
		}
		if err := rr.Err(); err != nil {
			rr.Close()
			rep.fail(msg("file.read", err.Error()))
			return
		}
		m, idx, ok := detectHeader(head, pin.Kind)
		if !ok || len(m.missing) > 0 {
			if ok && (closest.kind == nil || m.matched > closest.matched) {
				closest = m
			}
			rr.Close()
			continue
		}
		if !slices.Contains(kindsRead, m.kind.Name) {
			kindsRead = append(kindsRead, m.kind.Name)
		}
		sheetsRead = append(sheetsRead, sh.Name)
		readRows(rep, wb, sh.Name, rr, head, nums, idx, m, builders[m.kind.Name])
		rr.Close()
	}
	if len(sheetsRead) > 0 {
		rep.Kind = strings.Join(kindsRead, ", ")
		rep.Sheet = strings.Join(sheetsRead, ", ")
		rep.Status = StatusOK
		return
	}
	switch {
	case pin.Sheet != "" && !hasSheet(wb, pin.Sheet):
		rep.fail(msg("file.pinsheet", pin.Sheet))
	case closest.kind != nil:
		rep.Kind = closest.kind.Name
		rep.fail(msg("file.missingcols", strings.Join(closest.missing, ", ")))
	case blank:
		rep.fail(msg("file.empty"))
	default:
		var names []string
		for _, k := range kinds {
			if pin.Kind == "" || pin.Kind == k.Name {
				names = append(names, k.Name+": "+strings.Join(requiredHeaders(k), ", "))
			}
		}
		rep.fail(msg("file.nosheet", strings.Join(names, "; ")))
	}
}

func hasSheet(wb Workbook, name string) bool {
	for _, sh := range wb.Sheets() {
		if sh.Name == name {
			return true
		}
	}
	return false
}

// readRows reads the data rows of a sheet, after its header row.
// head holds the rows read while looking for the header, nums their row
// numbers.
func readRows(rep *FileReport, wb Workbook, sheet string, rr RowReader, head [][]string, nums []int, headerIdx int, m headerMatch, tb tableBuilder) {
	rc := &rowCtx{file: rep.Path, sheet: sheet, cols: m.cols, kind: m.kind, date1904: wb.Date1904()}
	headerRow := nums[headerIdx]
	for _, e := range m.extra {
		rep.Warnings = append(rep.Warnings, Problem{File: rep.Path, Sheet: sheet, Cell: cellRef(e.idx+1, headerRow), Value: e.header, Msg: msg("column.extra", e.header)})
	}
	for _, e := range m.dups {
		rep.Warnings = append(rep.Warnings, Problem{File: rep.Path, Sheet: sheet, Cell: cellRef(e.idx+1, headerRow), Value: e.header, Msg: msg("column.duplicate", e.header)})
	}
	one := func(num int, cells []string) {
		if isBlank(cells) {
			return
		}
		if isTotalRow(cells) {
			rep.RowsSkipped++
			rep.Warnings = append(rep.Warnings, Problem{File: rep.Path, Sheet: sheet, Cell: cellRef(1, num), Msg: msg("row.total")})
			return
		}
		rep.RowsRead++
		rc.num, rc.cells = num, cells
		rejects, warnings := tb.add(rc)
		rep.Warnings = append(rep.Warnings, warnings...)
		if len(rejects) > 0 {
			rep.RowsRejected++
			rep.Rejected = append(rep.Rejected, rejects...)
		} else {
			rep.RowsAccepted++
		}
	}
	for i := headerIdx + 1; i < len(head); i++ {
		one(nums[i], head[i])
	}
	for rr.Scan() {
		one(rr.RowNum(), rr.Row())
	}
	if err := rr.Err(); err != nil {
		rep.Warnings = append(rep.Warnings, Problem{File: rep.Path, Sheet: sheet, Msg: msg("file.read", err.Error())})
	}
}

// rowCtx is the row being validated, with what is needed to name its cells.
type rowCtx struct {
	file, sheet string
	num         int
	cells       []string
	cols        map[string]int
	kind        *Kind
	date1904    bool
}

// value returns the trimmed cell of the column key, or "".
func (r *rowCtx) value(key string) string {
	i, ok := r.cols[key]
	if !ok || i >= len(r.cells) {
		return ""
	}
	return strings.TrimSpace(r.cells[i])
}

// where names the row by its first cell, file:Sheet!A17, for messages.
func (r *rowCtx) where() string {
	if r.sheet == "" {
		return fmt.Sprintf("%s:A%d", r.file, r.num)
	}
	return fmt.Sprintf("%s:%s!A%d", r.file, r.sheet, r.num)
}

// problem builds a Problem for the cell of column key in this row.
func (r *rowCtx) problem(key string, m Msg) Problem {
	p := Problem{File: r.file, Sheet: r.sheet, Value: r.value(key), Msg: m, Column: key}
	for _, c := range r.kind.Columns {
		if c.Key == key {
			p.Column = c.Header
		}
	}
	if i, ok := r.cols[key]; ok {
		p.Cell = cellRef(i+1, r.num)
	} else {
		p.Cell = fmt.Sprintf("%d:%d", r.num, r.num)
	}
	return p
}

// appendProvenance appends file, sheet and row to the last three fields of
// b, starting at field i.
func (r *rowCtx) appendProvenance(b *array.RecordBuilder, i int) {
	b.Field(i).(*array.StringBuilder).Append(r.file)
	b.Field(i + 1).(*array.StringBuilder).Append(r.sheet)
	b.Field(i + 2).(*array.Int32Builder).Append(int32(r.num))
}
