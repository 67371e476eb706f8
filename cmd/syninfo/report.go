package main

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/syninfo/syninfo/internal/buildinfo"
	"github.com/syninfo/syninfo/reports"
	"github.com/syninfo/syninfo/sweep"
)

func init() {
	register(&command{name: "report", summary: "write the accuracy report of a sweep file: index.html, report.md, figures, results.csv", order: 55, run: runReport})
}

// withResults returns the records that hold a result, saying on stderr how
// many failed records (Record.Failure) it leaves out.
func withResults(e *env, cmd string, recs []*sweep.Record) []*sweep.Record {
	out := recs[:0:0]
	failed := 0
	for _, r := range recs {
		if r.Result == nil {
			failed++
			continue
		}
		out = append(out, r)
	}
	if failed > 0 {
		fmt.Fprintf(e.stderr, "%s: %d cases failed (their records hold the error; the report lists them)\n", cmd, failed)
	}
	return out
}

func runReport(e *env, args []string) error {
	fs := newFlags(e, "report", "report FILE.jsonl --out DIR [--title T] [--worst N]\n\n"+
		"Reads a sweep file (from 'syninfo sweep' or 'syninfo merge'; the header line is optional)\n"+
		"and writes DIR/index.html (self-contained, offline), DIR/report.md, the figures as SVG and\n"+
		"PNG, DIR/results.csv (one row per case) and DIR/sweep-config.json (the sweep's configuration,\n"+
		"which the reproduction commands of the worst cases read). Prints the path of index.html and\n"+
		"a short summary table. All values are in nats.")
	out := fs.String("out", "", "output directory (required; created if needed)")
	title := fs.String("title", "", "title of the report (default: syninfo accuracy report)")
	worst := fs.Int("worst", 10, "rows of the worst-cases tables")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usageErrorf("want one sweep file (FILE.jsonl), got %d arguments", len(pos))
	}
	if *out == "" {
		return usageErrorf("--out: required (the directory to write the report to)")
	}
	if *worst < 1 {
		return usageErrorf("--worst: %d, want at least 1", *worst)
	}
	path := pos[0]
	if fi, err := os.Stat(path); err != nil {
		return usageErrorf("input: %v", err)
	} else if fi.IsDir() {
		return usageErrorf("input: %s is a directory, want a sweep file", path)
	}
	d, err := sweep.ReadSweepDataFile(path)
	if err != nil {
		return badInput(err)
	}
	if d.Torn > 0 {
		fmt.Fprintf(e.stderr, "report: %s: left out a torn last line (an unfinished case)\n", path)
	}
	cfg, recs := d.Config, d.Records
	if len(withResults(e, "report", recs)) == 0 {
		return usageErrorf("%s: no sweep records with a result", path)
	}
	// Conflicting duplicates and records of two configurations are bad
	// input; identical duplicates are counted once.
	recs, _, err = reports.Check(cfg, recs)
	if err != nil {
		return badInput(fmt.Errorf("%s: %w", path, err))
	}
	if err := reports.Write(*out, recs, reports.Options{Title: *title, Config: cfg, Source: path, Worst: *worst, Provenance: buildinfo.Now().String()}); err != nil {
		return outputError("--out", err)
	}
	fmt.Fprintln(e.stdout, filepath.Join(*out, reports.HTMLFile))
	return reports.Summary(e.stdout, recs)
}
