package pipeline

import (
	"slices"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
)

// File statuses in run.json.
const (
	StatusOK         = "ok"
	StatusUnreadable = "unreadable"
	StatusDuplicate  = "duplicate"
	// StatusSkipped is an input not read on purpose: a report this tool
	// wrote, or a link that leads out of the folder it was found in.
	StatusSkipped = "skipped"
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
	// RowsRead counts data rows: blank rows, totals rows, rows struck
	// through and activities marked cancelled are not data.
	RowsRead     int `json:"rows_read"`
	RowsAccepted int `json:"rows_accepted"`
	RowsRejected int `json:"rows_rejected"`
	// RowsSkipped counts totals rows.
	RowsSkipped int `json:"rows_skipped"`
	// RowsStruck counts the rows whose every cell is struck through: the
	// sender's way of taking a row out (a cancelled activity), left out
	// with a warning each.
	RowsStruck int `json:"rows_struck,omitempty"`
	// RowsCancelled counts the activities their sender marked cancelled
	// («avlyst»), left out with a warning each.
	RowsCancelled int `json:"rows_cancelled,omitempty"`
	// ValuesLost counts the cells read as empty because the file holds
	// no value for them: formulas saved without their result. --strict
	// counts them as lost data, as it does rejected rows.
	ValuesLost int `json:"values_lost,omitempty"`
	// Rejected and Warnings list the first MaxListed problems of each
	// kind; RejectedUnlisted and WarningsUnlisted count the rest, which
	// EachRejected and EachWarning give with the listed ones.
	Rejected         []Problem `json:"rejected"`
	Warnings         []Problem `json:"warnings"`
	RejectedUnlisted int       `json:"rejected_unlisted,omitempty"`
	WarningsUnlisted int       `json:"warnings_unlisted,omitempty"`
	// Submitted is the day the file says it was saved, from
	// its document properties; empty when it does not say (CSV).
	Submitted Date `json:"submitted,omitempty"`

	// ReasonMsg is Reason as a message, put in words by Localise.
	ReasonMsg Msg `json:"-"`
	// Saved is when the workbook says it was saved, Modified the file's
	// modification time: which of two files of a report is newer.
	Saved    time.Time `json:"-"`
	Modified time.Time `json:"-"`

	rejectLog, warnLog problemLog
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
		if f.ReasonMsg.Key != "" {
			f.Reason = f.ReasonMsg.Text(lang)
		}
		f.rejectLog.localise(lang)
		f.warnLog.localise(lang)
		for i := range f.Rejected {
			f.Rejected[i].Reason = f.rejectLog.reason(i, &f.Rejected[i], lang)
		}
		for i := range f.Warnings {
			f.Warnings[i].Reason = f.warnLog.reason(i, &f.Warnings[i], lang)
		}
	}
}

// Compact packs the file's listed problems into its logs' storage (see
// problemLog.compact). Ingest calls it when the file is read, and for
// every file once all are merged: what the merge adds is packed then.
func (rep *FileReport) Compact() {
	rep.Rejected, rep.Warnings = clip(rep.Rejected), clip(rep.Warnings)
	rep.rejectLog.compact(rep.Rejected)
	rep.warnLog.compact(rep.Warnings)
}

// Compact compacts every file's report (FileReport.Compact).
func (d *Dataset) Compact() {
	for _, f := range d.Files {
		f.Compact()
	}
}

// clip copies a list of problems grown by append into one of its length,
// when it has room for an eighth more: up to half of a grown list's
// memory is room that is never used.
func clip(ps []Problem) []Problem {
	if cap(ps)-len(ps) <= len(ps)/8 {
		return ps
	}
	out := make([]Problem, len(ps))
	copy(out, ps)
	return out
}

// Fail marks the file unreadable for the reason m. None of its rows
// count: what was read of it before is dropped with its problems.
func (rep *FileReport) Fail(m Msg) {
	rep.Status = StatusUnreadable
	rep.ReasonMsg = m
	rep.RowsRead, rep.RowsAccepted, rep.RowsRejected, rep.RowsSkipped, rep.RowsStruck, rep.RowsCancelled, rep.ValuesLost = 0, 0, 0, 0, 0, 0, 0
	notes := slices.DeleteFunc(rep.Warnings, func(p Problem) bool { return p.Sheet != "" || p.Cell != "" })
	rep.Rejected, rep.Warnings, rep.RejectedUnlisted, rep.WarningsUnlisted = rep.Rejected[:0], nil, 0, 0
	rep.rejectLog.reset()
	rep.warnLog.reset()
	for _, n := range notes {
		rep.Warn(n)
	}
	if rep.Warnings == nil {
		rep.Warnings = []Problem{}
	}
}

// Reject records problems that rejected a row.
func (rep *FileReport) Reject(ps ...Problem) {
	record(&rep.Rejected, &rep.RejectedUnlisted, &rep.rejectLog, ps)
}

// Warn records warnings.
func (rep *FileReport) Warn(ps ...Problem) {
	record(&rep.Warnings, &rep.WarningsUnlisted, &rep.warnLog, ps)
}

// record adds problems to a file's list while it is short (counting those
// past it as unlisted) and to its log always.
func record(list *[]Problem, unlisted *int, log *problemLog, ps []Problem) {
	for i := range ps {
		if len(*list) < MaxListed {
			*list = append(*list, ps[i])
		} else {
			*unlisted++
		}
		log.add(&ps[i])
	}
}

// EachRejected calls fn with every rejection of the file, listed or not,
// in order; the Problem is valid during the call.
func (rep *FileReport) EachRejected(fn func(*Problem)) { rep.rejectLog.each(rep.Path, fn) }

// EachWarning calls fn with every warning of the file, as EachRejected.
func (rep *FileReport) EachWarning(fn func(*Problem)) { rep.warnLog.each(rep.Path, fn) }

// RejectedCount and WarningCount count the file's problems, listed or not.
func (rep *FileReport) RejectedCount() int { return len(rep.Rejected) + rep.RejectedUnlisted }

// WarningCount counts the file's warnings, listed or not.
func (rep *FileReport) WarningCount() int { return len(rep.Warnings) + rep.WarningsUnlisted }

// StatusReplaced is a file that a newer file of the same report replaces:
// a corrected file sent again. Its rows are not read into the tables.
const StatusReplaced = "replaced"
