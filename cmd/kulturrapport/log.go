package main

import (
	"io"
	"log/slog"
	"os"

	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"

	"kulturrapport/config"
)

// newLogger returns the structured log of a run, on stderr. Text logs are
// for people and show only warnings and errors (the summary on stdout says
// the rest); JSON logs are for CI and show each stage with its timings.
func newLogger(cfg *config.Config, stderr io.Writer) *slog.Logger {
	level := slog.LevelWarn
	if cfg.LogFormat == "json" {
		level = slog.LevelInfo
	}
	if cfg.Quiet {
		level = slog.LevelError
	}
	o := &slog.HandlerOptions{Level: level}
	if cfg.LogFormat == "json" {
		return slog.New(slog.NewJSONHandler(stderr, o))
	}
	return slog.New(slog.NewTextHandler(stderr, o))
}

// isTerminal reports whether w is a terminal.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

// newProgress returns a progress callback that draws a bar over the files
// on a terminal, or nil when stderr is not a terminal, --quiet is given or
// the logs are JSON.
func newProgress(cfg *config.Config, stderr io.Writer, label string) (func(done, total int, path string), func()) {
	if cfg.Quiet || cfg.LogFormat == "json" || !isTerminal(stderr) {
		return nil, func() {}
	}
	var bar *progressbar.ProgressBar
	update := func(done, total int, path string) {
		if bar == nil {
			bar = progressbar.NewOptions(total,
				progressbar.OptionSetWriter(stderr),
				progressbar.OptionSetDescription(label),
				progressbar.OptionShowCount(),
				progressbar.OptionSetWidth(30),
				progressbar.OptionClearOnFinish(),
				progressbar.OptionThrottle(100_000_000),
			)
		}
		bar.Set(done)
	}
	return update, func() {
		if bar != nil {
			bar.Finish()
		}
	}
}
