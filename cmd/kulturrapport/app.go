package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"runtime/pprof"
	"strconv"
	"strings"
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
	root := newRoot(stdout, stderr)
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
	fmt.Fprintln(stderr, "kulturrapport:", err)
	fmt.Fprintln(stderr, "Se «kulturrapport --help».")
	return exitUsage
}

func newRoot(stdout, stderr io.Writer) *cobra.Command {
	root := &cobra.Command{
		Use:   "kulturrapport",
		Short: "Rapport om strategien til Norsk kulturskoleråd fra regnearkene regionene sender inn",
		Long: `kulturrapport leser regneark (.xlsx, .csv) med aktiviteter, kontrollerer hver rad,
beregner indikatorene for hvert strategiske mål, og skriver en HTML-rapport, et
Excel-sammendrag og data i Parquet-format.

Exit codes: 0 ok, 1 run failed, 2 usage or config error, 3 rows rejected (with --strict).`,
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	root.AddCommand(newRunCmd(stdout), newValidateCmd(stdout), newTemplatesCmd(stdout), newIndicatorsCmd(stdout), newVersionCmd(stdout))
	root.SetFlagErrorFunc(func(c *cobra.Command, err error) error { return usageErr(err) })
	return root
}

// loadConfig loads the configuration with the command's flags.
func loadConfig(cmd *cobra.Command) (*config.Config, string, error) {
	path, _ := cmd.Flags().GetString("config")
	if path == "" {
		path = os.Getenv(config.EnvPrefix + "_CONFIG")
	}
	// A bad --period is the flag's fault, not the config file's.
	if f := cmd.Flags().Lookup("period"); f != nil && f.Changed && !config.ValidPeriod(f.Value.String()) {
		return nil, "", usageErr(fmt.Errorf("--period %q: want YYYY-MM in 2000–2099, e.g. 2026-10", f.Value.String()))
	}
	cfg, err := config.Load(path, cmd.Flags())
	if err != nil {
		return nil, "", usageErr(err)
	}
	for _, name := range config.UnknownEnv(os.Environ()) {
		fmt.Fprintf(cmd.ErrOrStderr(), tr(cfg.Lang, "kulturrapport: ukjent miljøvariabel %s blir ikke brukt\n",
			"kulturrapport: unknown environment variable %s is not used\n"), name)
	}
	return cfg, path, nil
}

// periodOf is the run's period: the config's, or the last full month
// before today, parsed here once. A period from SOURCE_DATE_EPOCH outside
// 2000–2099 is a usage error that names the variable.
func periodOf(cfg *config.Config, today time.Time, fromEpoch bool) (pipeline.Month, error) {
	p := cfg.ResolvePeriod(today)
	if !config.ValidPeriod(p) {
		if fromEpoch {
			return 0, usageErr(fmt.Errorf("SOURCE_DATE_EPOCH %q gives the period %q: want a time in 2000–2099, or --period", os.Getenv("SOURCE_DATE_EPOCH"), p))
		}
		return 0, usageErr(fmt.Errorf("the period %q is outside 2000–2099: give --period", p))
	}
	m, err := pipeline.ParseMonth(p)
	if err != nil {
		return 0, usageErr(err)
	}
	return m, nil
}

// now is the time a run takes as "today": SOURCE_DATE_EPOCH when set, so
// that builds and reports are reproducible, otherwise the clock.
func now() (t time.Time, fromEpoch bool, err error) {
	if s := os.Getenv("SOURCE_DATE_EPOCH"); s != "" {
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			return time.Time{}, false, usageErr(fmt.Errorf("SOURCE_DATE_EPOCH %q: not a number of seconds", s))
		}
		return time.Unix(n, 0).UTC(), true, nil
	}
	return time.Now(), false, nil
}

func addConfigFlag(cmd *cobra.Command) {
	cmd.Flags().String("config", "", "YAML config file merged over the default (env KULTURRAPPORT_CONFIG)")
	cmd.Flags().String("lang", "", "language of messages and reports: nb or en")
}

// inputsOf returns the files to read: args, or the config's inputs. The
// output folder is never read, so that a run does not read its own
// reports.
func inputsOf(cfg *config.Config, cfgPath string, args []string) (ingest.Inputs, error) {
	in, from := args, ""
	if len(in) == 0 {
		in = cfg.Inputs
		from = " (inputs from the built-in default config, relative to " + workDir() + ")"
		if cfgPath != "" {
			from = " (inputs from " + cfgPath + ")"
		}
	}
	if len(in) == 0 {
		return ingest.Inputs{}, usageErr(errors.New("no input: give files or folders, or list them under inputs in the config"))
	}
	var exclude []string
	if cfg.Out != "" {
		exclude = append(exclude, cfg.Out)
	}
	found, err := ingest.FindInputs(in, exclude)
	if err != nil {
		return ingest.Inputs{}, usageErr(fmt.Errorf("%w%s", err, from))
	}
	if len(found.Files) == 0 && len(found.Skipped) == 0 {
		return ingest.Inputs{}, usageErr(fmt.Errorf("no spreadsheets (.xlsx, .csv) found in %s%s", strings.Join(in, ", "), from))
	}
	return found, nil
}

// workDir is the working directory, for messages about relative paths.
func workDir() string {
	wd, err := os.Getwd()
	if err != nil {
		return "."
	}
	return wd
}

func newRunCmd(stdout io.Writer) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "run [INPUT…]",
		Short: "Les regnearkene og skriv rapportene for en periode",
		Long: `run reads every INPUT (file, or folder read recursively; without any, the
config's inputs), validates every row, computes the indicators for the period and
writes DIR/<period>/: rapport.html, sammendrag.xlsx, run.json and data/*.parquet.

The period defaults to the last full month (by SOURCE_DATE_EPOCH when set).
Each flag can also be set in the config file or as KULTURRAPPORT_<KEY>, e.g.
KULTURRAPPORT_PERIOD=2026-10; a flag wins over the environment, which wins over
the file, which wins over the embedded default.

Examples:
  kulturrapport run --period 2026-10 innsendt/
  kulturrapport run --strict --log-format json --out /srv/rapporter /srv/innsendt

Exit codes: 0 ok, 1 run failed, 2 usage or config error,
3 rows rejected or files unreadable (only with --strict).`,
		RunE: func(cmd *cobra.Command, args []string) error {
			return runRun(cmd, args, stdout)
		},
	}
	addConfigFlag(cmd)
	cmd.Flags().String("period", "", "reporting month YYYY-MM (default: the last full month)")
	cmd.Flags().String("out", "", "output folder; the report goes in OUT/<period>/ (default out)")
	cmd.Flags().Bool("strict", false, "exit with code 3 if any row was rejected or any file unreadable")
	cmd.Flags().Bool("quiet", false, "print nothing but errors")
	cmd.Flags().String("log-format", "", "log format on stderr: text (default) or json, for CI")
	cmd.Flags().String("cpuprofile", "", "write a CPU profile (pprof) of the run to FILE")
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
	today, fromEpoch, err := now()
	if err != nil {
		return err
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
	res, err := batch.Run(cmd.Context(), cfg, batch.RunOptions{Period: period, Files: files, Skipped: inputs.Skipped, Progress: progress, Ingested: out.WriteTables})
	done()
	if err != nil {
		out.Abort()
		if errors.Is(err, pipeline.ErrConfig) {
			return usageErr(err)
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
	o := reports.Options{Version: appVersion(), ConfigFile: cfgPath}
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
		printOutputs(stdout, cfg.Lang, dir)
	}
	if cfg.Strict && (res.Totals.RowsRejected > 0 || res.Totals.FilesUnreadable > 0) {
		return &exitError{code: exitRejected}
	}
	return nil
}

func newValidateCmd(stdout io.Writer) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "validate [INPUT…]",
		Short: "Kontroller regneark uten å skrive rapporter",
		Long: `validate runs the same checks as run on every INPUT (file or folder) and
lists, for each file, the rows read, accepted and rejected and every rejected
cell with its reason. Nothing is written. With --json it prints the "files" part
of run.json.`,
		RunE: func(cmd *cobra.Command, args []string) error {
			cfg, cfgPath, err := loadConfig(cmd)
			if err != nil {
				return err
			}
			today, fromEpoch, err := now()
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
					return usageErr(err)
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
			if cfg.Strict && (res.Totals.RowsRejected > 0 || res.Totals.FilesUnreadable > 0) {
				return &exitError{code: exitRejected}
			}
			return nil
		},
	}
	addConfigFlag(cmd)
	cmd.Flags().Bool("json", false, "print the result as JSON (the files part of run.json)")
	cmd.Flags().Bool("strict", false, "exit with code 3 if any row was rejected or any file unreadable")
	return cmd
}

func newTemplatesCmd(stdout io.Writer) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "templates --out DIR",
		Short: "Skriv tomme innrapporteringsmaler (xlsx) med nedtrekkslister",
		Long: `templates writes one blank workbook per input kind into DIR: mal-aktiviteter.xlsx,
mal-prosjekter.xlsx and mal-statistikk.xlsx. Each has the header row (locked), an
instructions sheet in Norwegian and dropdowns fed from the config: region,
municipality, goal, the measures of the chosen goal, activity type, project status
and level. A filled-in template reads without rejections.`,
		RunE: func(cmd *cobra.Command, args []string) error {
			cfg, _, err := loadConfig(cmd)
			if err != nil {
				return err
			}
			dir, _ := cmd.Flags().GetString("out")
			if dir == "" {
				return usageErr(errors.New("templates needs --out DIR"))
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
	addConfigFlag(cmd)
	cmd.Flags().String("out", "", "folder to write the templates in")
	return cmd
}

func newIndicatorsCmd(stdout io.Writer) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "indicators",
		Short: "List indikatorkatalogen, ordnet etter område og mål",
		RunE: func(cmd *cobra.Command, args []string) error {
			cfg, _, err := loadConfig(cmd)
			if err != nil {
				return err
			}
			if _, err := indicators.CompileCatalog(cfg); err != nil {
				return usageErr(err)
			}
			printCatalog(stdout, cfg)
			return nil
		},
	}
	addConfigFlag(cmd)
	return cmd
}

func newVersionCmd(stdout io.Writer) *cobra.Command {
	return &cobra.Command{
		Use:   "version",
		Short: "Skriv versjonen",
		Run: func(cmd *cobra.Command, args []string) {
			fmt.Fprintln(stdout, "kulturrapport", appVersion())
		},
	}
}
