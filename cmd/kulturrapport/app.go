package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"runtime/debug"
	"runtime/pprof"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/spf13/cobra"

	"kulturrapport/config"
	"kulturrapport/pipeline"
	"kulturrapport/pipeline/batch"
	"kulturrapport/pipeline/indicators"
	"kulturrapport/pipeline/ingest"
	"kulturrapport/reports"
)

// Exit codes (the README's "Exit codes").
const (
	exitOK       = 0
	exitFailed   = 1
	exitUsage    = 2
	exitRejected = 3
)

// version is set at build time with -ldflags "-X main.version=…"; otherwise
// the module version from the build info is used.
var version = ""

func appVersion() string {
	if version != "" {
		return version
	}
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		return bi.Main.Version
	}
	return "dev"
}

// exitError carries the exit code of a failed command.
type exitError struct {
	code int
	err  error
}

func (e *exitError) Error() string { return e.err.Error() }
func (e *exitError) Unwrap() error { return e.err }

func usageErr(err error) error { return &exitError{exitUsage, err} }

// stopped is the error of a run stopped by a signal (SIGINT, SIGTERM):
// exit 1, nothing written, the last report left as it was.
func stopped(lang string) error {
	return failedErr(errors.New(tr(lang, "avbrutt av et signal; ingenting er skrevet, forrige rapport står urørt",
		"stopped by a signal; nothing was written, the previous report is untouched")))
}
func failedErr(err error) error { return &exitError{exitFailed, err} }

// run executes the command line args and returns the exit code.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	root := newRoot(stdout, stderr, helpLang(args, os.Getenv(config.EnvPrefix+"_LANG")))
	root.SetArgs(args)
	root.SetOut(stdout)
	root.SetErr(stderr)
	err := root.ExecuteContext(ctx)
	if err == nil {
		return exitOK
	}
	var ee *exitError
	if errors.As(err, &ee) {
		if ee.err != nil && ee.code != exitRejected {
			fmt.Fprintln(stderr, "kulturrapport:", ee.err)
		}
		return ee.code
	}
	// Errors from cobra itself: unknown command or flag.
	lang := helpLang(args, os.Getenv(config.EnvPrefix+"_LANG"))
	fmt.Fprintln(stderr, "kulturrapport:", cobraMessage(lang, err.Error()))
	fmt.Fprintln(stderr, tr(lang, "Se «kulturrapport --help».", "See «kulturrapport --help»."))
	return exitUsage
}

// cobraWords are the words of cobra's and pflag's messages, in Norwegian.
var cobraWords = strings.NewReplacer(
	"unknown command", "ukjent kommando",
	" for \"kulturrapport\"", "",
	"Did you mean this?", "Mente du:",
	"unknown shorthand flag", "ukjent kortvalg",
	"unknown flag", "ukjent valg",
	"flag needs an argument", "valget trenger en verdi",
	"invalid argument", "ugyldig verdi",
	"accepts at most", "tar høyst",
	"arg(s), received", "argument, fikk",
)

// cobraMessage is a message of cobra's in lang.
func cobraMessage(lang, msg string) string {
	if lang == "en" {
		return msg
	}
	return cobraWords.Replace(msg)
}

// helpLang is the language of the help and usage texts, known before any
// config is read: --lang on the command line, else KULTURRAPPORT_LANG,
// else Norwegian.
func helpLang(args []string, env string) string {
	lang := env
	for i, a := range args {
		switch {
		case a == "--":
			return langOr(lang)
		case a == "--lang" && i+1 < len(args):
			lang = args[i+1]
		case strings.HasPrefix(a, "--lang="):
			lang = strings.TrimPrefix(a, "--lang=")
		}
	}
	return langOr(lang)
}

func langOr(lang string) string {
	if lang == "en" {
		return "en"
	}
	return "nb"
}

// usageTemplate is cobra's usage text in Norwegian.
const usageTemplateNB = `Bruk:{{if .Runnable}}
  {{replace .UseLine "[flags]" "[valg]"}}{{end}}{{if .HasAvailableSubCommands}}
  {{.CommandPath}} [kommando]{{end}}{{if .HasExample}}

Eksempler:
{{.Example}}{{end}}{{if .HasAvailableSubCommands}}

Kommandoer:{{range .Commands}}{{if (or .IsAvailableCommand (eq .Name "help"))}}
  {{rpad .Name .NamePadding }} {{.Short}}{{end}}{{end}}{{end}}{{if .HasAvailableLocalFlags}}

Valg:
{{.LocalFlags.FlagUsages | trimTrailingWhitespaces}}{{end}}{{if .HasAvailableInheritedFlags}}

Globale valg:
{{.InheritedFlags.FlagUsages | trimTrailingWhitespaces}}{{end}}{{if .HasAvailableSubCommands}}

Skriv «{{.CommandPath}} [kommando] --help» for mer om en kommando.{{end}}
`

// localiseHelp puts the help's own words in lang: the usage text, the
// help flag and the help command of every command.
func localiseHelp(root *cobra.Command, lang string) {
	if lang != "en" {
		cobra.AddTemplateFunc("replace", strings.ReplaceAll)
		root.SetUsageTemplate(usageTemplateNB)
	}
	// The shell completion is there (kulturrapport completion bash), but
	// not listed: its texts are cobra's, in English.
	root.CompletionOptions.HiddenDefaultCmd = true
	root.InitDefaultHelpCmd()
	var walk func(c *cobra.Command)
	walk = func(c *cobra.Command) {
		c.Flags().BoolP("help", "h", false, tr(lang, "hjelp til ", "help for ")+c.Name())
		if c.Name() == "help" {
			c.Short = tr(lang, "Hjelp til en kommando", "Help about any command")
			c.Long = tr(lang, "Hjelp gir hjelp til en hvilken som helst kommando.", "Help provides help for any command in the application.")
		}
		for _, sub := range c.Commands() {
			walk(sub)
		}
	}
	walk(root)
}

// newRoot is the command line, its help in lang.
func newRoot(stdout, stderr io.Writer, lang string) *cobra.Command {
	root := &cobra.Command{
		Use: "kulturrapport",
		Short: tr(lang, "Rapport om strategien til Norsk kulturskoleråd fra regnearkene regionene sender inn",
			"A report on the strategy of the Norwegian Council for Schools of Music and Performing Arts from the spreadsheets the regions send in"),
		Long: tr(lang, `kulturrapport leser regneark (.xlsx, .csv) med aktiviteter, prosjekter,
kulturskolestatistikk og kommentarer, kontrollerer hver rad, beregner indikatorene
for hvert strategiske mål, og skriver en HTML-rapport, et Excel-sammendrag og data
i Parquet-format.

Avslutningskoder: 0 ok, 1 kjøringen feilet, 2 feil bruk eller konfigurasjon,
3 data tapt: avviste rader, uleselige filer, formler uten lagret resultat
(bare med --strict).`, `kulturrapport reads spreadsheets (.xlsx, .csv) of activities, projects,
kulturskole statistics and comments, checks every row, computes the indicators of
every strategic goal, and writes an HTML report, an Excel summary and data in
Parquet.

Exit codes: 0 ok, 1 run failed, 2 usage or config error, 3 data lost: rows
rejected, files unreadable, formulas without a saved result (only with --strict).`),
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	// --lang on every command, before or after its name.
	root.PersistentFlags().String("lang", "", tr(lang, "språk i hjelp, meldinger og rapporter: `nb|en`", "language of help, messages and reports: `nb|en`"))
	root.AddCommand(newRunCmd(stdout, lang), newValidateCmd(stdout, lang), newTemplatesCmd(stdout, lang), newIndicatorsCmd(stdout, lang), newVersionCmd(stdout, lang))
	root.SetFlagErrorFunc(func(c *cobra.Command, err error) error {
		return usageErr(errors.New(cobraMessage(lang, err.Error())))
	})
	localiseHelp(root, lang)
	return root
}

// loadConfig loads the configuration with the command's flags.
func loadConfig(cmd *cobra.Command) (*config.Config, string, error) {
	path, _ := cmd.Flags().GetString("config")
	if path == "" {
		path = os.Getenv(config.EnvPrefix + "_CONFIG")
	}
	// Before the config is read, its language is the flag's or the
	// environment's.
	lang := langOr(config.LangOf(cmd.Flags()))
	// A bad --period is the flag's fault, not the config file's.
	if f := cmd.Flags().Lookup("period"); f != nil && f.Changed && !config.ValidPeriod(f.Value.String()) {
		return nil, "", usageErr(fmt.Errorf(tr(lang, "--period %q: skriv ÅÅÅÅ-MM i 2000–2099, f.eks. 2026-10", "--period %q: want YYYY-MM in 2000–2099, e.g. 2026-10"), f.Value.String()))
	}
	cfg, err := config.Load(path, cmd.Flags())
	if err != nil {
		if reason, ok := fsReason(lang, err); ok && path != "" {
			err = fmt.Errorf(tr(lang, "konfigurasjonsfilen %s: %s", "the config file %s: %s"), path, reason)
		}
		return nil, "", usageErr(err)
	}
	for _, name := range config.UnknownEnv(os.Environ()) {
		fmt.Fprintf(cmd.ErrOrStderr(), tr(cfg.Lang, "kulturrapport: ukjent miljøvariabel %s blir ikke brukt\n",
			"kulturrapport: unknown environment variable %s is not used\n"), name)
	}
	return cfg, path, nil
}

// configErr names the config file before an error in it that the
// pipeline found (an indicator's measure, a pin), as Load does for its own.
func configErr(lang, path string, err error) error {
	if path == "" {
		return err
	}
	return fmt.Errorf(tr(lang, "konfigurasjonsfilen %s: %w", "config %s: %w"), path, err)
}

// periodOf is the run's period: the config's, or the last full month
// before today, parsed here once. A period from SOURCE_DATE_EPOCH outside
// 2000–2099 is a usage error that names the variable.
func periodOf(cfg *config.Config, today time.Time, fromEpoch bool) (pipeline.Month, error) {
	p := cfg.ResolvePeriod(today)
	if !config.ValidPeriod(p) {
		if fromEpoch {
			return 0, usageErr(fmt.Errorf(tr(cfg.Lang, "SOURCE_DATE_EPOCH %q gir perioden %q: den må gi et tidspunkt i 2000–2099, ellers gi --period",
				"SOURCE_DATE_EPOCH %q gives the period %q: want a time in 2000–2099, or --period"), os.Getenv("SOURCE_DATE_EPOCH"), p))
		}
		return 0, usageErr(fmt.Errorf(tr(cfg.Lang, "perioden %q er utenfor 2000–2099: gi --period", "the period %q is outside 2000–2099: give --period"), p))
	}
	m, err := pipeline.ParseMonth(p)
	if err != nil {
		return 0, usageErr(err)
	}
	return m, nil
}

// now is the time a run takes as "today": SOURCE_DATE_EPOCH when set, so
// that builds and reports are reproducible, otherwise the clock.
func now(lang string) (t time.Time, fromEpoch bool, err error) {
	if s := os.Getenv("SOURCE_DATE_EPOCH"); s != "" {
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			return time.Time{}, false, usageErr(fmt.Errorf(tr(lang, "SOURCE_DATE_EPOCH %q: ikke et antall sekunder", "SOURCE_DATE_EPOCH %q: not a number of seconds"), s))
		}
		return time.Unix(n, 0).UTC(), true, nil
	}
	return time.Now(), false, nil
}

func addConfigFlag(cmd *cobra.Command, lang string) {
	cmd.Flags().String("config", "", tr(lang, "`FIL` med YAML-konfigurasjon lagt over standarden (miljø KULTURRAPPORT_CONFIG)", "YAML config `FILE` merged over the default (env KULTURRAPPORT_CONFIG)"))
}

// inputsOf returns the files to read: args, or the config's inputs. The
// output folder is never read, so that a run does not read its own
// reports.
func inputsOf(cfg *config.Config, cfgPath string, args []string) (ingest.Inputs, error) {
	lang := cfg.Lang
	in, from := args, ""
	if len(in) == 0 {
		in = cfg.Inputs
		from = fmt.Sprintf(tr(lang, " (inputs i den innebygde standardkonfigurasjonen, sett fra %s)", " (inputs from the built-in default config, relative to %s)"), workDir())
		if cfgPath != "" {
			from = fmt.Sprintf(tr(lang, " (inputs fra %s)", " (inputs from %s)"), cfgPath)
		}
	}
	if len(in) == 0 {
		return ingest.Inputs{}, usageErr(errors.New(tr(lang, "ingen inndata: gi filer eller mapper, eller list dem under inputs i konfigurasjonen",
			"no input: give files or folders, or list them under inputs in the config")))
	}
	var exclude []string
	if cfg.Out != "" {
		exclude = append(exclude, cfg.Out)
	}
	found, err := ingest.FindInputs(in, exclude)
	if err != nil {
		var ie *ingest.InputError
		if reason, ok := fsReason(lang, err); ok && errors.As(err, &ie) {
			err = fmt.Errorf(tr(lang, "inndata %s: %s", "input %s: %s"), ie.Path, reason)
		}
		return ingest.Inputs{}, usageErr(fmt.Errorf("%w%s", err, from))
	}
	if len(found.Files) == 0 && len(found.Skipped) == 0 {
		return ingest.Inputs{}, usageErr(fmt.Errorf(tr(lang, "fant ingen regneark (.xlsx, .csv) i %s%s", "no spreadsheets (.xlsx, .csv) found in %s%s"), strings.Join(in, ", "), from))
	}
	return found, nil
}

// fsReason says in lang why a file could not be looked at, for the
// reasons a user can act on; ok is false for others.
func fsReason(lang string, err error) (reason string, ok bool) {
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return tr(lang, "finnes ikke", "no such file or directory"), true
	case errors.Is(err, fs.ErrPermission):
		return tr(lang, "ingen tilgang (mangler leserett)", "permission denied"), true
	case errors.Is(err, syscall.EISDIR):
		return tr(lang, "er en mappe, ikke en fil", "is a directory"), true
	case errors.Is(err, syscall.ENOTDIR):
		return tr(lang, "en del av stien er ikke en mappe", "not a directory"), true
	}
	return "", false
}

// workDir is the working directory, for messages about relative paths.
func workDir() string {
	wd, err := os.Getwd()
	if err != nil {
		return "."
	}
	return wd
}

func newRunCmd(stdout io.Writer, lang string) *cobra.Command {
	cmd := &cobra.Command{
		Use:   tr(lang, "run [INNDATA…]", "run [INPUT…]"),
		Short: tr(lang, "Les regnearkene og skriv rapportene for en periode", "Read the spreadsheets and write the reports for a period"),
		Long: tr(lang, `run leser hver INNDATA (fil, eller mappe lest rekursivt; uten noen, inputs i
konfigurasjonen), kontrollerer hver rad, beregner indikatorene for perioden og
skriver MAPPE/<periode>/: rapport.html, sammendrag.xlsx og run.json, og datasettet
MAPPE/data/ (Parquet, partisjonert etter måned).

Perioden er som standard siste hele måned (etter SOURCE_DATE_EPOCH når den er satt).
Hvert valg kan også settes i konfigurasjonsfilen eller som KULTURRAPPORT_<NØKKEL>,
f.eks. KULTURRAPPORT_PERIOD=2026-10; et valg på kommandolinjen går foran miljøet,
som går foran filen, som går foran den innebygde standarden.

Eksempler:
  kulturrapport run --period 2026-10 innsendt/
  kulturrapport run --strict --log-format json --out /srv/rapporter /srv/innsendt

Avslutningskoder: 0 ok, 1 kjøringen feilet, 2 feil bruk eller konfigurasjon,
3 data tapt: avviste rader, uleselige filer, formler uten lagret resultat
(bare med --strict).`, `run reads every INPUT (file, or folder read recursively; without any, the
config's inputs), validates every row, computes the indicators for the period and
writes DIR/<period>/: rapport.html, sammendrag.xlsx and run.json, and the dataset
DIR/data/ (Parquet, partitioned by month).

The period defaults to the last full month (by SOURCE_DATE_EPOCH when set).
Each flag can also be set in the config file or as KULTURRAPPORT_<KEY>, e.g.
KULTURRAPPORT_PERIOD=2026-10; a flag wins over the environment, which wins over
the file, which wins over the embedded default.

Examples:
  kulturrapport run --period 2026-10 innsendt/
  kulturrapport run --strict --log-format json --out /srv/rapporter /srv/innsendt

Exit codes: 0 ok, 1 run failed, 2 usage or config error,
3 data lost: rows rejected, files unreadable, formulas without a saved result
(only with --strict).`),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runRun(cmd, args, stdout)
		},
	}
	addConfigFlag(cmd, lang)
	addPeriodFlag(cmd, lang)
	cmd.Flags().String("out", "", tr(lang, "`MAPPE` for utdata; rapporten havner i MAPPE/<periode>/ (standard out)", "output folder `DIR`; the report goes in DIR/<period>/ (default out)"))
	addStrictFlag(cmd, lang)
	cmd.Flags().Bool("quiet", false, tr(lang, "skriv ikke ut annet enn feil", "print nothing but errors"))
	cmd.Flags().String("log-format", "", tr(lang, "`format` for loggen på stderr: text (standard) eller json, for CI", "log `format` on stderr: text (default) or json, for CI"))
	cmd.Flags().Bool("pdf", false, tr(lang, "skriv også rapport.pdf (A4, for styret), med hodeløs Chromium", "also write rapport.pdf (A4, for the board), with headless Chromium"))
	cmd.Flags().String("chromium", "", tr(lang, "`FIL`: Chromium eller Chrome som skriver PDF-en (ellers KULTURRAPPORT_CHROMIUM, ellers PATH)", "`FILE`: the Chromium or Chrome that prints the PDF (else KULTURRAPPORT_CHROMIUM, else PATH)"))
	cmd.Flags().Bool("per-region", false, tr(lang, "skriv også en rapport for hver region, i MAPPE/<periode>/regioner/<REGION>/", "also write a report for every region, in DIR/<period>/regioner/<REGION>/"))
	cmd.Flags().StringSlice("region", nil, tr(lang, "bare for denne regionen (`KODE`; kan gjentas)", "only for this region (`CODE`; may be repeated)"))
	cmd.Flags().String("cpuprofile", "", tr(lang, "skriv en CPU-profil (pprof) av kjøringen til `FIL`", "write a CPU profile (pprof) of the run to `FILE`"))
	return cmd
}

func runRun(cmd *cobra.Command, args []string, stdout io.Writer) error {
	cfg, cfgPath, err := loadConfig(cmd)
	if err != nil {
		return err
	}
	if p, _ := cmd.Flags().GetString("cpuprofile"); p != "" {
		f, err := os.Create(p)
		if err != nil {
			return usageErr(err)
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return failedErr(err)
		}
		defer pprof.StopCPUProfile()
	}
	today, fromEpoch, err := now(cfg.Lang)
	if err != nil {
		return err
	}
	// A PDF asked for without a browser to print it is said before any
	// file is read.
	var pdf *reports.PDFOptions
	if cfg.Outputs.PDF {
		flag, _ := cmd.Flags().GetString("chromium")
		path, err := reports.FindChromium(flag)
		if errors.Is(err, reports.ErrNoChromium) && cfg.Lang != "en" {
			err = errors.New(`fant ingen Chromium eller Chrome til å skrive PDF-en: gi --chromium FIL eller ` + reports.EnvChromium + `, eller installer en:` + reports.ChromiumInstall)
		}
		if err != nil {
			return usageErr(err)
		}
		pdf = &reports.PDFOptions{Chromium: path, Timeout: time.Duration(cfg.Outputs.PDFTimeout) * time.Second}
	}
	inputs, err := inputsOf(cfg, cfgPath, args)
	if err != nil {
		return err
	}
	files := inputs.Files
	period, err := periodOf(cfg, today, fromEpoch)
	if err != nil {
		return err
	}
	log := newLogger(cfg, cmd.ErrOrStderr())
	log.Info("run started", "period", period, "files", len(files), "config", cfgPath, "out", cfg.Out, "version", appVersion())
	out := reports.NewWriter(cfg.Out, period)
	progress, done := newProgress(cfg, cmd.ErrOrStderr(), tr(cfg.Lang, "Leser filer", "Reading files"))
	// The tables read are written to Parquet while the indicators are
	// computed.
	res, err := batch.Run(cmd.Context(), cfg, batch.RunOptions{Period: period, Files: files, Skipped: inputs.Skipped, Progress: progress, Ingested: out.WriteTables,
		Regions: regionsOf(cfg)})
	done()
	if err != nil {
		out.Abort()
		if errors.Is(err, pipeline.ErrConfig) {
			return usageErr(configErr(cfg.Lang, cfgPath, err))
		}
		if cmd.Context().Err() != nil {
			return stopped(cfg.Lang)
		}
		return failedErr(err)
	}
	defer res.Release()
	for _, f := range res.Data.Files {
		if f.Status != pipeline.StatusOK {
			log.Info("file not read", "path", f.Path, "status", f.Status, "reason", f.Reason)
		} else if f.RowsRejected > 0 {
			log.Info("rows rejected", "path", f.Path, "rows_read", f.RowsRead, "rows_rejected", f.RowsRejected)
		}
	}
	o := reports.Options{Version: appVersion(), ConfigFile: cfgPath, PDF: pdf}
	if fromEpoch {
		o.Generated = today
	}
	writeStart := time.Now()
	dir, err := out.Finish(cmd.Context(), res, o)
	if err != nil {
		if cmd.Context().Err() != nil {
			return stopped(cfg.Lang)
		}
		log.Error("writing reports failed", "err", err)
		return failedErr(err)
	}
	t := res.Totals
	log.Info("run finished", "period", period, "out", dir,
		"files", t.Files, "files_unreadable", t.FilesUnreadable, "files_duplicate", t.FilesDuplicate,
		"rows_read", t.RowsRead, "rows_accepted", t.RowsAccepted, "rows_rejected", t.RowsRejected,
		"ingest_ms", res.Timings.Ingest.Milliseconds(), "indicators_ms", res.Timings.Indicators.Milliseconds(),
		"write_ms", time.Since(writeStart).Milliseconds())
	if !cfg.Quiet {
		printSummary(stdout, res, 20)
		printOutputs(stdout, cfg.Lang, dir, pdf != nil, regionsOf(cfg))
	}
	if cfg.Strict && res.Totals.Lost() {
		return &exitError{code: exitRejected}
	}
	return nil
}

// regionsOf lists the regions whose own reports a run writes: those given
// by --region, or with --per-region all of the config's.
func regionsOf(cfg *config.Config) []string {
	if len(cfg.Outputs.Regions) > 0 {
		return cfg.Outputs.Regions
	}
	var codes []string
	if cfg.Outputs.PerRegion {
		for _, r := range cfg.Regions {
			codes = append(codes, r.Code)
		}
	}
	return codes
}

func newValidateCmd(stdout io.Writer, lang string) *cobra.Command {
	cmd := &cobra.Command{
		Use:   tr(lang, "validate [INNDATA…]", "validate [INPUT…]"),
		Short: tr(lang, "Kontroller regneark uten å skrive rapporter", "Check spreadsheets without writing reports"),
		Long: tr(lang, `validate gjør de samme kontrollene som run på hver INNDATA (fil eller mappe) og
viser for hver fil radene som er lest, godtatt og avvist, og hver avvist celle med
årsaken. Ingenting skrives. Med --json skrives «files»-delen av run.json.`, `validate runs the same checks as run on every INPUT (file or folder) and
lists, for each file, the rows read, accepted and rejected and every rejected
cell with its reason. Nothing is written. With --json it prints the "files" part
of run.json.`),
		RunE: func(cmd *cobra.Command, args []string) error {
			cfg, cfgPath, err := loadConfig(cmd)
			if err != nil {
				return err
			}
			today, fromEpoch, err := now(cfg.Lang)
			if err != nil {
				return err
			}
			period, err := periodOf(cfg, today, fromEpoch)
			if err != nil {
				return err
			}
			inputs, err := inputsOf(cfg, cfgPath, args)
			if err != nil {
				return err
			}
			res, err := batch.Run(cmd.Context(), cfg, batch.RunOptions{Period: period, Files: inputs.Files, Skipped: inputs.Skipped})
			if err != nil {
				if errors.Is(err, pipeline.ErrConfig) {
					return usageErr(configErr(cfg.Lang, cfgPath, err))
				}
				return failedErr(err)
			}
			defer res.Release()
			asJSON, _ := cmd.Flags().GetBool("json")
			if asJSON {
				enc := json.NewEncoder(stdout)
				enc.SetIndent("", "  ")
				if err := enc.Encode(res.Data.Files); err != nil {
					return failedErr(err)
				}
			} else {
				printValidation(stdout, res)
			}
			if cfg.Strict && res.Totals.Lost() {
				return &exitError{code: exitRejected}
			}
			return nil
		},
	}
	addConfigFlag(cmd, lang)
	cmd.Flags().Bool("json", false, tr(lang, "skriv resultatet som JSON («files»-delen av run.json)", "print the result as JSON (the files part of run.json)"))
	// The period is what dates after it and a day without a year are
	// read against, as in a run.
	addPeriodFlag(cmd, lang)
	addStrictFlag(cmd, lang)
	return cmd
}

func addPeriodFlag(cmd *cobra.Command, lang string) {
	cmd.Flags().String("period", "", tr(lang, "rapport`periode`, en måned på formen 2026-10 (standard: siste hele måned)", "reporting month `YYYY-MM` (default: the last full month)"))
}

func addStrictFlag(cmd *cobra.Command, lang string) {
	cmd.Flags().Bool("strict", false, tr(lang, "avslutt med kode 3 om data gikk tapt: en rad avvist, en fil ulesbar, en formel uten lagret resultat", "exit with code 3 if data was lost: a row rejected, a file unreadable, a formula without a saved result"))
}

func newTemplatesCmd(stdout io.Writer, lang string) *cobra.Command {
	cmd := &cobra.Command{
		Use:   tr(lang, "templates --out MAPPE", "templates --out DIR"),
		Short: tr(lang, "Skriv tomme innrapporteringsmaler (xlsx) med nedtrekkslister", "Write blank reporting templates (xlsx) with dropdowns"),
		Long: tr(lang, `templates skriver én tom arbeidsbok per type inndata i MAPPE: mal-aktiviteter.xlsx,
mal-prosjekter.xlsx, mal-statistikk.xlsx og mal-kommentarer.xlsx. Hver har
overskriftsraden (låst), et ark med veiledning og nedtrekkslister fra
konfigurasjonen: region, kommune, mål, tiltakene under valgt mål, aktivitetstype,
prosjektstatus og nivå. En utfylt mal leses uten avviste rader.`, `templates writes one blank workbook per input kind into DIR: mal-aktiviteter.xlsx,
mal-prosjekter.xlsx and mal-statistikk.xlsx. Each has the header row (locked), an
instructions sheet in Norwegian and dropdowns fed from the config: region,
municipality, goal, the measures of the chosen goal, activity type, project status
and level. A filled-in template reads without rejections.`),
		RunE: func(cmd *cobra.Command, args []string) error {
			cfg, _, err := loadConfig(cmd)
			if err != nil {
				return err
			}
			dir, _ := cmd.Flags().GetString("out")
			if dir == "" {
				return usageErr(errors.New(tr(cfg.Lang, "templates trenger --out MAPPE", "templates needs --out DIR")))
			}
			files, err := reports.WriteTemplates(dir, cfg)
			if err != nil {
				return failedErr(err)
			}
			if !cfg.Quiet {
				for _, f := range files {
					fmt.Fprintln(stdout, f)
				}
			}
			return nil
		},
	}
	addConfigFlag(cmd, lang)
	cmd.Flags().String("out", "", tr(lang, "`MAPPE` malene skrives i", "folder `DIR` to write the templates in"))
	return cmd
}

func newIndicatorsCmd(stdout io.Writer, lang string) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "indicators",
		Short: tr(lang, "List indikatorkatalogen, ordnet etter område og mål", "List the indicator catalog by area and goal"),
		RunE: func(cmd *cobra.Command, args []string) error {
			cfg, cfgPath, err := loadConfig(cmd)
			if err != nil {
				return err
			}
			if _, err := indicators.CompileCatalog(cfg); err != nil {
				return usageErr(configErr(cfg.Lang, cfgPath, err))
			}
			printCatalog(stdout, cfg)
			return nil
		},
	}
	addConfigFlag(cmd, lang)
	return cmd
}

func newVersionCmd(stdout io.Writer, lang string) *cobra.Command {
	return &cobra.Command{
		Use:   "version",
		Short: tr(lang, "Skriv versjonen", "Print the version"),
		Run: func(cmd *cobra.Command, args []string) {
			fmt.Fprintln(stdout, "kulturrapport", appVersion())
		},
	}
}
