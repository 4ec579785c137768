package pipeline

import (
	"time"

	"github.com/apache/arrow-go/v18/arrow"

	"kulturrapport/config"
)

// Status is the traffic-light status of an indicator value.
type Status string

// The statuses. NoData is shown when nothing was reported for the window;
// None when the indicator has neither target nor thresholds.
const (
	Green  Status = "green"
	Yellow Status = "yellow"
	Red    Status = "red"
	NoData Status = "nodata"
	None   Status = "none"
)

// SeriesMonths is how many months before the period each series shows.
const SeriesMonths = 24

// Point is an indicator's value for one month; Value is nil when there was
// no data for that month's window.
type Point struct {
	Period Month    `json:"period"`
	Value  *float64 `json:"value"`
}

// PublishedGap is what SSB's files lack of an indicator's published
// figure: Missing municipalities of Of, Markers counting SSB's marker
// («..», «:», «.») of those it marked.
type PublishedGap struct {
	Missing int            `json:"missing"`
	Of      int            `json:"of"`
	Markers map[string]int `json:"markers,omitempty"`
}

// Group is an indicator's value for one region, county or municipality.
type Group struct {
	Key         string   `json:"key"`
	Name        string   `json:"name"`
	Value       *float64 `json:"value"`
	Numerator   *float64 `json:"numerator,omitempty"`
	Denominator *float64 `json:"denominator,omitempty"`
	Status      Status   `json:"status"`
}

// IndicatorResult is an indicator evaluated for a period.
type IndicatorResult struct {
	Def *config.Indicator `json:"-"`
	// Measure says in words, in the run's language, what the indicator's
	// measure computes.
	Measure string `json:"-"`
	ID      string `json:"id"`
	Goal    string `json:"goal"`
	Period  Month  `json:"period"`
	// Value is nil when there is no data for the window.
	Value       *float64 `json:"value"`
	Numerator   *float64 `json:"numerator,omitempty"`
	Denominator *float64 `json:"denominator,omitempty"`
	Target      *float64 `json:"target,omitempty"`
	// Published is SSB's own figure for the same scope (the indicator's
	// published field, weighted by its denominator), where SSB's files
	// give it.
	Published *float64 `json:"published_ssb,omitempty"`
	// PublishedGap says, when SSB's files give its figure for some of the
	// municipalities but not all, how many lack it and what SSB marked
	// theirs («:» confidential …): then there is no Published.
	PublishedGap *PublishedGap `json:"published_ssb_gap,omitempty"`
	Status       Status        `json:"status"`
	// ChangeMonth and ChangeYear compare with one month and twelve months
	// before; nil when either value is missing.
	ChangeMonth *float64 `json:"change_month"`
	ChangeYear  *float64 `json:"change_year"`
	// ChangeBase compares with the end of the base year (BaseYear: the
	// indicator's, or the strategy's); nil when either value is missing.
	BaseYear   int      `json:"base_year,omitempty"`
	ChangeBase *float64 `json:"change_base,omitempty"`
	// WindowFrom and WindowTo are the first and last month of the window.
	WindowFrom Month   `json:"window_from"`
	WindowTo   Month   `json:"window_to"`
	Series     []Point `json:"series"`
	Regions    []Group `json:"regions"`
	Counties   []Group `json:"counties,omitempty"`
	// Municipalities holds every member municipality for tables that have a
	// kommunenummer (for coverage: 100 when reached in the window, 0 when
	// not).
	Municipalities []Group `json:"municipalities,omitempty"`
	// Progress toward the target, for indicators with a base and a target
	// year; nil otherwise.
	Progress *Progress `json:"progress,omitempty"`
	// Note explains the value where it needs it; nil where it does not.
	Note *Note `json:"note,omitempty"`
}

// Note explains an indicator's value where it lacks something: for a
// KOSTRA share, the municipalities with one school year only; rows left
// out for a missing value; member municipalities without figures.
type Note struct {
	// SingleYear of Used municipalities have only one school year (KOSTRA
	// weighting).
	SingleYear int `json:"single_year,omitempty"`
	Used       int `json:"used,omitempty"`
	// RowsMissing rows of the window lacked a value of MissingFields and
	// were left out of the value.
	RowsMissing   int      `json:"rows_missing,omitempty"`
	MissingFields []string `json:"missing_fields,omitempty"`
	// Of the Members member municipalities in scope, Reporting have
	// figures; Absent names the others. Members is 0 when none is absent.
	Members   int      `json:"members,omitempty"`
	Reporting int      `json:"reporting,omitempty"`
	Absent    []string `json:"absent,omitempty"`
	// DataFrom is the first month of the data when a change is not shown
	// because the window it compares with begins before it.
	DataFrom Month `json:"data_from,omitempty"`
}

// ErrConfig is the cause of every error about the config that only the
// pipeline can see (indicator definitions, pins), made by config.Invalidf:
// it is config.ErrInvalid, as the config's own errors are.
var ErrConfig = config.ErrInvalid

// Measure statuses of the evidence.
const (
	MeasureActive          = "active"            // an activity within the quiet period
	MeasureQuiet           = "quiet"             // activities, but none for quiet_months
	MeasureNoActivity      = "no_activity"       // no activity recorded
	MeasureNotReportedHere = "not_reported_here" // its work is reported elsewhere (config)
	MeasureNotStarted      = "not_started"       // planned to start after the period (config)
)

// Evidence is what the activities say about one measure ("tiltak") up to
// the end of the period.
type Evidence struct {
	Code   string `json:"code"`
	Goal   string `json:"goal"`
	Region string `json:"region,omitempty"`
	Text   string `json:"text"`
	// Activities linked to the measure, and their participants.
	Activities   int   `json:"activities"`
	Participants int64 `json:"participants"`
	// LastActivity is the day of the latest activity (zero for none).
	LastActivity Date `json:"last_activity"`
	// Last12Months counts the activities of the last twelve months.
	Last12Months int `json:"last_12_months"`
	// ProjectReports counts the monthly reports of the measure's projects
	// (they count as activities too, without their participants).
	ProjectReports int    `json:"project_reports,omitempty"`
	Status         string `json:"status"`
	// ReportedElsewhere and Starts are the config's: where the work is
	// reported, and the month a planned measure begins.
	ReportedElsewhere string `json:"reported_elsewhere,omitempty"`
	Starts            string `json:"starts,omitempty"`
}

// Progress statuses, as Open SDG grades progress toward a target (the
// method it takes from Statistics Canada).
const (
	ProgressAchieved      = "achieved"
	ProgressOnTrack       = "on_track"      // substantial progress
	ProgressModerate      = "moderate"      // moderate progress
	ProgressLimited       = "limited"       // limited progress
	ProgressDeterioration = "deterioration" // moving away from the target
	ProgressNotAvailable  = "not_available"
)

// Progress is an indicator's progress toward its target: the growth since
// the base year against the growth needed to reach the target by the target
// year.
type Progress struct {
	Status     string   `json:"status"`
	BaseYear   int      `json:"base_year"`
	BaseValue  *float64 `json:"base_value"`
	TargetYear int      `json:"target_year"`
	Target     float64  `json:"target"`
	// Ratio is the observed compound annual growth rate divided by the one
	// required, signed by the direction: ≥ 0.95 on track, ≥ 0.6 moderate,
	// ≥ 0 limited, below 0 deterioration.
	Ratio *float64 `json:"ratio"`
}

// Result is everything a run computed, for the report writers.
type Result struct {
	Config *config.Config
	Ref    *Reference
	Period Month
	Lang   string
	Data   *Dataset
	// Dimensions are the reference tables: areas, goals, measures,
	// regions and municipalities.
	Dimensions map[string]arrow.RecordBatch
	Indicators []*IndicatorResult
	// Goals are the goals' statuses, rolled up from their indicators, and
	// what in them needs attention.
	Goals []GoalResult
	// Evidence is what the activities say about each measure.
	Evidence []Evidence
	Totals   Totals
	// Timings of the stages; kept out of the outputs, which must not
	// change from run to run.
	Timings Timings
	// Regions are the regions' own reports (run --per-region), computed
	// from the same tables.
	Regions []*Result
	// Scope is the region of a region's report ("" for the nation's), and
	// National the nation's indicators by id, to compare with.
	Scope    string
	National map[string]*IndicatorResult
}

// Timings are the durations of a run's stages.
type Timings struct {
	Ingest     time.Duration
	Indicators time.Duration
}

// Totals sum up the files and rows of a run.
type Totals struct {
	Files           int `json:"files"`
	FilesOK         int `json:"files_ok"`
	FilesUnreadable int `json:"files_unreadable"`
	FilesDuplicate  int `json:"files_duplicate"`
	FilesReplaced   int `json:"files_replaced,omitempty"`
	FilesSkipped    int `json:"files_skipped,omitempty"`
	RowsRead        int `json:"rows_read"`
	RowsAccepted    int `json:"rows_accepted"`
	RowsRejected    int `json:"rows_rejected"`
	RowsSkipped     int `json:"rows_skipped"`
	RowsStruck      int `json:"rows_struck,omitempty"`
	RowsCancelled   int `json:"rows_cancelled,omitempty"`
	ValuesLost      int `json:"values_lost,omitempty"`
	Warnings        int `json:"warnings"`
	// Indicator statuses: how many are green, yellow, red or without data.
	Status map[Status]int `json:"indicator_status"`
}

// Lost tells whether data was lost on the way in: a row rejected, a file
// not read, a value the file did not hold. --strict fails the run on it.
func (t Totals) Lost() bool {
	return t.RowsRejected > 0 || t.FilesUnreadable > 0 || t.ValuesLost > 0
}

// Release frees the Arrow memory of the result.
func (r *Result) Release() {
	r.Data.Release()
	for _, d := range r.Dimensions {
		d.Release()
	}
	for _, reg := range r.Regions {
		reg.Release()
	}
}

// IndicatorsSchema is the long table of indicator results: the whole
// organisation for every month of the series, and each region, county and
// municipality for the period.
var IndicatorsSchema = arrow.NewSchema([]arrow.Field{
	{Name: "indikator", Type: arrow.BinaryTypes.String},
	{Name: "maal", Type: arrow.BinaryTypes.String},
	{Name: "nivaa", Type: arrow.BinaryTypes.String}, // organisasjon, region, fylke, kommune
	{Name: "nokkel", Type: arrow.BinaryTypes.String, Nullable: true},
	{Name: "navn", Type: arrow.BinaryTypes.String, Nullable: true},
	{Name: FieldPeriod, Type: arrow.BinaryTypes.String},
	{Name: "verdi", Type: arrow.PrimitiveTypes.Float64, Nullable: true},
	{Name: "teller", Type: arrow.PrimitiveTypes.Float64, Nullable: true},
	{Name: "nevner", Type: arrow.PrimitiveTypes.Float64, Nullable: true},
	{Name: "maalverdi", Type: arrow.PrimitiveTypes.Float64, Nullable: true},
	{Name: "status", Type: arrow.BinaryTypes.String},
	{Name: "fremdrift", Type: arrow.BinaryTypes.String, Nullable: true},
}, nil)

// TableIndicators is the name of the indicator results table.
const TableIndicators = "indikatorer"

// GoalResult is a goal's status, rolled up from its indicators' by the
// config's rule (goal_status), and the indicators in it that need the
// board's attention.
type GoalResult struct {
	Code       string      `json:"code"`
	Status     Status      `json:"status"`
	Indicators []string    `json:"indicators"`
	Attention  []Attention `json:"attention"`
}

// Why an indicator needs attention.
const (
	AttentionRed      = "red"       // under the target's yellow threshold
	AttentionWrongWay = "wrong_way" // worse three months running
	AttentionOffTrack = "off_track" // limited progress or moving away from its target year's target
)

// Attention is an indicator that needs attention, with the facts its
// reason is told from (the writers put them into one sentence).
type Attention struct {
	Indicator string   `json:"indicator"`
	Goal      string   `json:"goal"`
	Kinds     []string `json:"kinds"`
	// Weakest is the region or county that pulls the value down most, when
	// the indicator has more than one.
	Weakest *Group `json:"weakest,omitempty"`
	// MissingReports counts the reports the indicator's window expected
	// (activity logs or project reports) that did not come.
	MissingReports int `json:"missing_reports,omitempty"`
}
