package main

import (
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/syninfo/syninfo/internal/buildinfo"
	"github.com/syninfo/syninfo/reports"
	"github.com/syninfo/syninfo/sweep"
)

func init() {
	register(&command{name: "validate", summary: "the main job: run the default validation suite and write ./syninfo-report", order: 1, run: runValidate, cancellable: true})
}

func runValidate(e *env, args []string) error {
	fs := newFlags(e, "validate", "validate [--out DIR] [--cases C] [--samples M] [--seed 1] [--workers W]\n\n"+
		"Runs the embedded default validation suite (singletons and small ensembles, all three\n"+
		"statuses, a spread of sigma², rho, K and n: 'syninfo sweep --print-default' shows it) and\n"+
		"writes DIR/results.jsonl (resumable: rerun to continue an interrupted run), DIR/index.html,\n"+
		"DIR/report.md, the figures and DIR/results.csv, then prints a short summary.")
	out := fs.String("out", "syninfo-report", "output folder")
	cases := fs.Int("cases", 0, "at most this many cases per group (quick runs)")
	samples := fs.Int("samples", 0, "draws per case, overriding the suite's")
	workers := fs.Int("workers", 0, "cases computed at once (default: the number of CPUs)")
	seed := fs.Uint64("seed", 1, "random seed (the suite's own is 1)")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usageErrorf("unexpected argument %q (validate runs the embedded suite; use sweep for a config)", pos[0])
	}
	cfg, err := loadConfig(e, nil, *cases, *samples)
	if err != nil {
		return err
	}
	cfg.Seed = *seed
	if err := os.MkdirAll(*out, 0o755); err != nil {
		return outputError("--out", err)
	}
	path := filepath.Join(*out, "results.jsonl")
	start := time.Now()
	failed, err := runSweepFile(e, "validate", path, cfg, sweep.RunOptions{Workers: *workers}, false)
	if err != nil {
		return err
	}
	_, recs, err := sweep.ReadSweepFile(path)
	if err != nil {
		return err
	}
	sweep.SortRecords(recs)
	withResults(e, "validate", recs) // the note; the report lists the failed cases
	if err := reports.Write(*out, recs, reports.Options{Title: "syninfo validation report", Config: cfg, Source: "results.jsonl", Provenance: buildinfo.Now().String()}); err != nil {
		return outputError("--out", err)
	}
	if err := reports.Summary(e.stdout, recs); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "\n%d cases in %s; report: %s\n", len(recs), time.Since(start).Round(time.Second), filepath.Join(*out, "index.html"))
	return reportFailures(e, "validate", path, failed)
}
