// Package config holds kulturrapport's configuration: the strategy (areas,
// goals, measures), the regions and their municipalities, the indicator
// catalog, and the run settings.
//
// The default configuration, default.yaml, is embedded in the binary. Load
// layers, from weakest to strongest: the default, a YAML file, environment
// variables (KULTURRAPPORT_*), and command-line flags. This is the only
// package that imports viper.
package config

import (
	"bytes"
	_ "embed"
	"errors"
	"fmt"
	"os"
	"reflect"
	"regexp"
	"slices"
	"sort"
	"strings"

	"github.com/go-viper/mapstructure/v2"
	"github.com/spf13/pflag"
	"github.com/spf13/viper"
	"go.yaml.in/yaml/v3"
)

//go:embed default.yaml
var defaultYAML []byte

// DefaultYAML returns the embedded default configuration.
func DefaultYAML() []byte { return bytes.Clone(defaultYAML) }

// EnvPrefix is the prefix of the environment variables that set config keys:
// KULTURRAPPORT_PERIOD sets period, KULTURRAPPORT_LIMITS_MAX_FILE_MB sets
// limits.max_file_mb.
const EnvPrefix = "KULTURRAPPORT"

// Config is the whole configuration of a run.
type Config struct {
	Organisation string `mapstructure:"organisation"`
	Strategy     string `mapstructure:"strategy"`
	// OrganisationEN and StrategyEN, like every *_en key, are the English
	// texts that Localize puts in place of the Norwegian ones for lang: en.
	OrganisationEN string `mapstructure:"organisation_en"`
	StrategyEN     string `mapstructure:"strategy_en"`
	// Period is the reporting month, YYYY-MM; empty means the last full month.
	Period string `mapstructure:"period"`
	// Out is the folder under which each period gets its own folder.
	Out string `mapstructure:"out"`
	// Lang is the language of messages and reports: nb or en.
	Lang string `mapstructure:"lang"`
	// Strict makes a run that rejected rows exit with code 3.
	Strict bool `mapstructure:"strict"`
	// Quiet prints nothing but errors.
	Quiet bool `mapstructure:"quiet"`
	// LogFormat is text (for people) or json (for CI log collectors).
	LogFormat string `mapstructure:"log_format"`
	// Inputs are files or folders read when a command is given none.
	Inputs []string `mapstructure:"inputs"`
	// Pins fix the kind or sheet of matching input files.
	Pins []Pin `mapstructure:"pins"`

	Limits        Limits   `mapstructure:"limits"`
	Outputs       Outputs  `mapstructure:"outputs"`
	SSB           SSB      `mapstructure:"ssb"`
	Mission       Mission  `mapstructure:"mission"`
	Areas         []Area   `mapstructure:"areas"`
	ActivityTypes []string `mapstructure:"activity_types"`
	// ActivityTypeAliases read a word the senders use for one of the
	// activity types as that type («webinar» → kurs).
	ActivityTypeAliases map[string]string `mapstructure:"activity_type_aliases"`
	Regions             []Region          `mapstructure:"regions"`
	MunicipalityRenames map[string]string `mapstructure:"municipality_renames"`
	// MunicipalitySplits names, for a kommunenummer that was split, the
	// successor its rows are counted to (SSB's change table knows the
	// splits, not which successor a row was about).
	MunicipalitySplits map[string]string `mapstructure:"municipality_splits"`
	Indicators         []Indicator       `mapstructure:"indicators"`
	Completeness       Completeness      `mapstructure:"completeness"`
	Evidence           Evidence          `mapstructure:"evidence"`
	// GoalStatus is how a goal's status is rolled up from its indicators':
	// worst (the default: a goal is as far as its weakest indicator) or
	// majority (the most common; a tie goes to the worse).
	GoalStatus string `mapstructure:"goal_status"`
	// ExampleTargets marks the indicators' targets as examples for the
	// board to set (the default config's are): the report says so.
	ExampleTargets bool `mapstructure:"example_targets"`
	// BaseYear is the strategy's base year: every indicator is compared
	// with its value at the end of it (an indicator's own base_year wins).
	BaseYear int `mapstructure:"base_year"`
}

// Completeness says which reports are expected each month, and by when.
type Completeness struct {
	// DeadlineDay: a month's report is on time when it is dated on or before
	// this day of the next month.
	DeadlineDay int `mapstructure:"deadline_day"`
	// From is the first month reports are expected (YYYY-MM).
	From string `mapstructure:"from"`
	// Regions each send an activity log every month.
	Regions []string `mapstructure:"regions"`
	// Projects each send a report every month they run.
	Projects []ExpectedProject `mapstructure:"projects"`
}

// ExpectedProject is a project that reports monthly from From to To.
type ExpectedProject struct {
	Name   string `mapstructure:"name"`
	Region string `mapstructure:"region"`
	From   string `mapstructure:"from"`
	To     string `mapstructure:"to"`
}

// Evidence sets how a measure's status is read from its activities.
type Evidence struct {
	// QuietMonths without activity make an active measure quiet.
	QuietMonths int `mapstructure:"quiet_months"`
}

// Pin fixes how input files whose path or name matches Match (a glob) are
// read: as Kind (aktiviteter, prosjekter, statistikk) and from Sheet only,
// which may be a hidden sheet.
type Pin struct {
	Match string `mapstructure:"match"`
	Kind  string `mapstructure:"kind"`
	Sheet string `mapstructure:"sheet"`
}

// Limits protect a run from files that are too large or hostile.
type Limits struct {
	MaxFileMB        int `mapstructure:"max_file_mb"`
	MaxUnzippedMB    int `mapstructure:"max_unzipped_mb"`
	HeaderSearchRows int `mapstructure:"header_search_rows"`
}

// SSB says how Statistics Norway's files are read.
type SSB struct {
	// Contents maps SSB's contents codes (or the variables' labels, as a
	// statistics bank CSV writes them) to the statistics fields.
	Contents map[string]string `mapstructure:"contents"`
}

// Outputs are the outputs a run writes besides the page, the workbook,
// the data and run.json.
type Outputs struct {
	// PDF prints rapport.pdf from the page with headless Chromium.
	PDF bool `mapstructure:"pdf"`
	// PDFTimeout is the longest, in seconds, the browser may take to
	// print: one that hangs fails the run then.
	PDFTimeout int `mapstructure:"pdf_timeout"`
	// PerRegion writes a report for every region (or those in Regions)
	// under <period>/regioner/<REGION>/.
	PerRegion bool     `mapstructure:"per_region"`
	Regions   []string `mapstructure:"regions"`
}

// Mission is the organisation's mission-level aim.
type Mission struct {
	Name    string `mapstructure:"name"`
	Text    string `mapstructure:"text"`
	Purpose string `mapstructure:"purpose"`
	Values  string `mapstructure:"values"`

	NameEN    string `mapstructure:"name_en"`
	TextEN    string `mapstructure:"text_en"`
	PurposeEN string `mapstructure:"purpose_en"`
	ValuesEN  string `mapstructure:"values_en"`
}

// Area is one of the strategy's strategic areas.
type Area struct {
	Code   string `mapstructure:"code"`
	Name   string `mapstructure:"name"`
	NameEN string `mapstructure:"name_en"`
	Goals  []Goal `mapstructure:"goals"`
}

// Goal is a national goal, or a regional goal when Region is set.
type Goal struct {
	Code     string    `mapstructure:"code"`
	Region   string    `mapstructure:"region"`
	Name     string    `mapstructure:"name"`
	Short    string    `mapstructure:"short"`
	Text     string    `mapstructure:"text"`
	Measures []Measure `mapstructure:"measures"`

	NameEN  string `mapstructure:"name_en"`
	ShortEN string `mapstructure:"short_en"`
	TextEN  string `mapstructure:"text_en"`
}

// Measure is a measure ("tiltak") under a goal: national when Region is
// empty, regional otherwise.
type Measure struct {
	Code   string `mapstructure:"code"`
	Region string `mapstructure:"region"`
	Text   string `mapstructure:"text"`
	// Evidence picks the activities that are this measure's work besides
	// those naming its code: a filter as indicators have (type, goal …).
	// A regional measure takes only its region's activities.
	Evidence map[string][]string `mapstructure:"evidence"`
	// Projects whose monthly reports are this measure's work.
	Projects []string `mapstructure:"projects"`
	// ReportedElsewhere says where the measure's work is reported when it
	// is not in these spreadsheets (a document, the annual report): its
	// status is then «Rapporteres ikke her».
	ReportedElsewhere string `mapstructure:"reported_elsewhere"`
	// Starts is the month (YYYY-MM) a planned measure begins: before it,
	// its status is «Ikke startet».
	Starts string `mapstructure:"starts"`

	TextEN              string `mapstructure:"text_en"`
	ReportedElsewhereEN string `mapstructure:"reported_elsewhere_en"`
}

// Region is a region of the organisation and its member municipalities.
type Region struct {
	Code           string         `mapstructure:"code"`
	Name           string         `mapstructure:"name"`
	NameEN         string         `mapstructure:"name_en"`
	Municipalities []Municipality `mapstructure:"municipalities"`
}

// Municipality is a member municipality, by its 4-digit kommunenummer.
type Municipality struct {
	Code   string `mapstructure:"code"`
	Name   string `mapstructure:"name"`
	County string `mapstructure:"county"`
}

// Indicator defines one indicator of the catalog.
type Indicator struct {
	ID          string `mapstructure:"id"`
	Goal        string `mapstructure:"goal"`
	Name        string `mapstructure:"name"`
	NameEN      string `mapstructure:"name_en"`
	Description string `mapstructure:"description"`
	// Rationale says in one plain sentence what the indicator counts and
	// why that shows progress on its goal.
	Rationale string `mapstructure:"rationale"`
	// DescriptionEN, RationaleEN and UnitEN are the English texts (a
	// known unit is translated without one: stk, personer, kommuner …).
	DescriptionEN string `mapstructure:"description_en"`
	RationaleEN   string `mapstructure:"rationale_en"`
	UnitEN        string `mapstructure:"unit_en"`
	// Source is the normalised table the indicator is computed from.
	Source string `mapstructure:"source"`
	// Filter keeps the rows whose field holds one of the listed values.
	Filter map[string][]string `mapstructure:"filter"`
	// Measure is count, sum(FIELD), distinct(FIELD), median(FIELD) or coverage.
	Measure string `mapstructure:"measure"`
	// Window is the rolling window in months, ending at the month evaluated.
	Window   int    `mapstructure:"window"`
	Unit     string `mapstructure:"unit"`
	Decimals int    `mapstructure:"decimals"`
	// Target is the national target. A rate (a share, a ratio, a median)
	// has the same target in every region; a count or sum has its own
	// per region in RegionTargets, and nationally, without a Target, the
	// sum of every region's.
	Target        *float64           `mapstructure:"target"`
	RegionTargets map[string]float64 `mapstructure:"region_targets"`
	// Published is the statistics field holding SSB's own figure of the
	// same quantity per municipality (andel_6_15_ssb): shown beside the
	// value, weighted as the value is, and a difference flagged.
	Published string `mapstructure:"published"`
	// Direction is higher (default) or lower: which way is better.
	Direction  string     `mapstructure:"direction"`
	Thresholds Thresholds `mapstructure:"thresholds"`
	// Scale multiplies a ratio (100 for a percentage or "per 100").
	Scale *float64 `mapstructure:"scale"`
	// Latest keeps only the latest row in the window of each project or
	// municipality (for statistics: the latest school year).
	Latest bool `mapstructure:"latest"`
	// BaseYear and TargetYear, with Target, grade the progress toward the
	// target as Open SDG does: the growth since the base year against the
	// growth needed to reach the target by the target year.
	BaseYear   int `mapstructure:"base_year"`
	TargetYear int `mapstructure:"target_year"`
}

// Thresholds are the values at which an indicator turns green and yellow;
// below yellow (above, when lower is better) it is red.
type Thresholds struct {
	Green  *float64 `mapstructure:"green"`
	Yellow *float64 `mapstructure:"yellow"`
}

// replacedMaps are the map keys that a config file replaces as a whole;
// other maps (limits, completeness, …) are merged key by key.
var replacedMaps = []string{"municipality_renames", "municipality_splits"}

// Flag names that Load binds to config keys when the command defines them.
var flagKeys = map[string]string{
	"period":     "period",
	"out":        "out",
	"lang":       "lang",
	"strict":     "strict",
	"quiet":      "quiet",
	"log-format": "log_format",
	"pdf":        "outputs.pdf",
	"per-region": "outputs.per_region",
	"region":     "outputs.regions",
}

// LangOf is the language the flag --lang of fs (nil: none) or the
// environment asks for, before any config is read; "" when neither does.
func LangOf(fs *pflag.FlagSet) string {
	if fs != nil {
		if f := fs.Lookup("lang"); f != nil && f.Changed {
			return f.Value.String()
		}
	}
	return os.Getenv(EnvPrefix + "_LANG")
}

// Load builds the configuration: the embedded default, then the YAML file at
// path (if path is not empty), then KULTURRAPPORT_* environment variables,
// then the flags of fs that were set. Unknown keys are an error that names
// them.
func Load(path string, fs *pflag.FlagSet) (*Config, error) {
	// Before the file is read, its messages are in the language of the
	// flag or the environment.
	lang := LangOf(fs)
	t := func(nb, en string) string { return tr(lang, nb, en) }
	where := func() string {
		if path == "" {
			return t("konfigurasjonen", "config")
		}
		return t("konfigurasjonsfilen ", "config ") + path
	}
	v := viper.New()
	v.SetConfigType("yaml")
	if path != "" {
		b, err := os.ReadFile(path)
		if err != nil {
			return nil, fmt.Errorf(t("leser konfigurasjonen: %w", "reading config: %w"), err)
		}
		// The merged tree goes to viper as it is: written out as YAML
		// and read again it cost 35 of a run's first 60 ms.
		merged, err := mergeYAML(defaultYAML, b)
		if err != nil {
			return nil, fmt.Errorf(t("%s er ikke gyldig YAML: %w", "%s is not valid YAML: %w"), where(), err)
		}
		if err := v.MergeConfigMap(merged); err != nil {
			return nil, fmt.Errorf(t("leser konfigurasjonen: %w", "reading config: %w"), err)
		}
	} else if err := v.ReadConfig(bytes.NewReader(defaultYAML)); err != nil {
		return nil, fmt.Errorf(t("leser konfigurasjonen: %w", "reading config: %w"), err)
	}
	v.SetEnvPrefix(EnvPrefix)
	v.SetEnvKeyReplacer(strings.NewReplacer(".", "_"))
	v.AutomaticEnv()
	if fs != nil {
		for name, key := range flagKeys {
			if f := fs.Lookup(name); f != nil && f.Changed {
				if err := v.BindPFlag(key, f); err != nil {
					return nil, err
				}
			}
		}
	}
	// Once read, the config's own language is the messages'.
	if l := v.GetString("lang"); l == "en" || l == "nb" {
		lang = l
	}
	var c Config
	err := v.UnmarshalExact(&c, func(dc *mapstructure.DecoderConfig) {
		dc.ErrorUnused = true
		dc.DecodeHook = mapstructure.ComposeDecodeHookFunc(dc.DecodeHook, yesNo)
	})
	if err != nil {
		if lines := badValues(err, t); len(lines) > 0 {
			return nil, fmt.Errorf("%s: %s", where(), strings.Join(lines, "; "))
		}
		return nil, explainDecodeError(where(), t("ukjent nøkkel %q", "unknown key %q"), err)
	}
	c.regionKeys()
	if err := c.Validate(); err != nil {
		if path != "" {
			return nil, fmt.Errorf("%s: %w", where(), err)
		}
		return nil, err
	}
	c.Localise(c.Lang)
	return &c, nil
}

// regionKeys puts the region codes that key region_targets back as the
// regions write them: viper lowercases map keys (BTV arrives as btv).
func (c *Config) regionKeys() {
	for i := range c.Indicators {
		ind := &c.Indicators[i]
		if len(ind.RegionTargets) == 0 {
			continue
		}
		keyed := make(map[string]float64, len(ind.RegionTargets))
		for k, v := range ind.RegionTargets {
			for _, r := range c.Regions {
				if strings.EqualFold(r.Code, k) {
					k = r.Code
				}
			}
			keyed[k] = v
		}
		ind.RegionTargets = keyed
	}
}

// UnknownEnv lists the variables of environ (as os.Environ gives them) that
// start with KULTURRAPPORT_ but set no config key and mean nothing else to
// the program: a misspelt KULTURRAPPORT_PERIDO would otherwise be ignored
// without a word.
func UnknownEnv(environ []string) []string {
	// Most runs set none: the default config is read for its keys only
	// when a variable is there to check.
	check := false
	for _, kv := range environ {
		name, _, _ := strings.Cut(kv, "=")
		check = check || strings.HasPrefix(name, EnvPrefix+"_") && name != EnvPrefix+"_CONFIG" && !slices.Contains(OtherEnv, name)
	}
	if !check {
		return nil
	}
	v := viper.New()
	v.SetConfigType("yaml")
	if err := v.ReadConfig(bytes.NewReader(defaultYAML)); err != nil {
		return nil
	}
	known := map[string]bool{EnvPrefix + "_CONFIG": true}
	for _, name := range OtherEnv {
		known[name] = true
	}
	for _, k := range v.AllKeys() {
		name := EnvPrefix + "_" + strings.ToUpper(strings.ReplaceAll(k, ".", "_"))
		known[name] = true
		// A parent key is set as a whole too (KULTURRAPPORT_LIMITS).
		for i := strings.LastIndexByte(name, '_'); i > len(EnvPrefix); i = strings.LastIndexByte(name[:i], '_') {
			known[name[:i]] = true
		}
	}
	var unknown []string
	for _, kv := range environ {
		name, _, _ := strings.Cut(kv, "=")
		if strings.HasPrefix(name, EnvPrefix+"_") && !known[name] {
			unknown = append(unknown, name)
		}
	}
	sort.Strings(unknown)
	return unknown
}

// OtherEnv are the KULTURRAPPORT_ variables that are not config keys: the
// corpus the benchmarks read, the browser that prints the PDF.
var OtherEnv = []string{EnvPrefix + "_BENCH_CORPUS", EnvPrefix + "_CHROMIUM"}

// mergeYAML lays the user's YAML over the default: settings maps are
// merged key by key; lists, scalars and the maps in replacedMaps are
// replaced as a whole.
func mergeYAML(def, user []byte) (map[string]any, error) {
	var d, u map[string]any
	if err := yaml.Unmarshal(def, &d); err != nil {
		return nil, err
	}
	if err := yaml.Unmarshal(user, &u); err != nil {
		return nil, err
	}
	for k, uv := range u {
		replace := false
		for _, r := range replacedMaps {
			replace = replace || r == k
		}
		dm, dOK := d[k].(map[string]any)
		um, uOK := uv.(map[string]any)
		if dOK && uOK && !replace {
			d[k] = mergeMaps(dm, um)
			continue
		}
		d[k] = uv
	}
	return d, nil
}

func mergeMaps(d, u map[string]any) map[string]any {
	for k, uv := range u {
		dm, dOK := d[k].(map[string]any)
		um, uOK := uv.(map[string]any)
		if dOK && uOK {
			d[k] = mergeMaps(dm, um)
			continue
		}
		d[k] = uv
	}
	return d
}

// yesNo reads a yes or no as a Norwegian (or an English speaker) writes
// it, where a setting is true or false: outputs.pdf: ja.
func yesNo(from, to reflect.Type, data any) (any, error) {
	if to.Kind() != reflect.Bool || from.Kind() != reflect.String {
		return data, nil
	}
	switch strings.ToLower(strings.TrimSpace(data.(string))) {
	case "ja", "yes", "på", "on":
		return true, nil
	case "nei", "no", "av", "off":
		return false, nil
	}
	return data, nil
}

// badValues are mapstructure's errors of values that are not of their
// key's type, each as a line that names the key and what it must be, in
// the config's language (t); none for other errors.
func badValues(err error, t func(nb, en string) string) []string {
	var lines []string
	var walk func(error)
	walk = func(err error) {
		if j, ok := err.(interface{ Unwrap() []error }); ok {
			for _, e := range j.Unwrap() {
				walk(e)
			}
			return
		}
		de, ok := err.(*mapstructure.DecodeError)
		if !ok {
			if inner := errors.Unwrap(err); inner != nil {
				walk(inner)
			}
			return
		}
		var want reflect.Type
		var value any
		var pe *mapstructure.ParseError
		var ue *mapstructure.UnconvertibleTypeError
		switch {
		case errors.As(err, &pe):
			want, value = pe.Expected.Type(), pe.Value
		case errors.As(err, &ue):
			want, value = ue.Expected.Type(), ue.Value
		default:
			walk(de.Unwrap())
			return
		}
		lines = append(lines, fmt.Sprintf(t("%s: «%v» er ikke %s", "%s: «%v» is not %s"), de.Name(), value, kindWord(want, t)))
	}
	walk(err)
	sort.Strings(lines)
	return lines
}

// kindWord says what a value of type k is, for badValues.
func kindWord(k reflect.Type, t func(nb, en string) string) string {
	switch k.Kind() {
	case reflect.Bool:
		return t("ja eller nei (true/false)", "yes or no (true/false)")
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64, reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return t("et helt tall", "a whole number")
	case reflect.Float32, reflect.Float64:
		return t("et tall (med punktum som desimaltegn: 12.5)", "a number (12.5)")
	case reflect.String:
		return t("tekst", "text")
	case reflect.Slice, reflect.Array:
		return t("en liste ([a, b])", "a list ([a, b])")
	case reflect.Map, reflect.Struct:
		return t("en gruppe av nøkler ({nøkkel: verdi})", "a group of keys ({key: value})")
	case reflect.Pointer:
		return kindWord(k.Elem(), t)
	}
	return k.String()
}

var invalidKeysRe = regexp.MustCompile(`'([^']*)' has invalid keys: (.*)`)

// explainDecodeError rewrites mapstructure's messages about unknown keys into
// one line per key, with its full path (unknown, a format for one key),
// after where (the config file, or "config").
func explainDecodeError(where, unknown string, err error) error {
	ms := invalidKeysRe.FindAllStringSubmatch(err.Error(), -1)
	if len(ms) == 0 {
		return fmt.Errorf("%s: %w", where, err)
	}
	var lines []string
	for _, m := range ms {
		// The top level is named '' or, by newer mapstructure, by its
		// type ('config.Config').
		if strings.HasPrefix(m[1], "config.") {
			m[1] = ""
		}
		for _, k := range strings.Split(m[2], ", ") {
			full := k
			if m[1] != "" {
				full = m[1] + "." + k
			}
			lines = append(lines, fmt.Sprintf(unknown, full))
		}
	}
	sort.Strings(lines)
	return fmt.Errorf("%s: %s", where, strings.Join(lines, "; "))
}

// ErrInvalid is the cause of every validation error of a Config.
var ErrInvalid = errors.New("invalid config")
