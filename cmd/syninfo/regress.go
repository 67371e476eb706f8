package main

import (
	"context"
	"fmt"

	"github.com/syninfo/syninfo/sweep"
)

func init() {
	register(&command{name: "regress", summary: "compare results with a baseline sweep; exit 1 and a table when something moved", order: 60, run: runRegress, cancellable: true})
}

func runRegress(e *env, args []string) error {
	fs := newFlags(e, "regress", "regress --baseline FILE.jsonl [CURRENT.jsonl] [--rel R] [--sigmas S]\n\n"+
		"Recomputes the baseline sweep's cases with the current code (or reads CURRENT) and fails\n"+
		"(exit 1, with a table of what moved) when a closed-form value, eigenvalue or status changes\n"+
		"beyond --rel relative, or an estimate moves beyond --sigmas combined standard errors.")
	base := fs.String("baseline", "", "baseline sweep file (required)")
	rel := fs.Float64("rel", 1e-9, "relative tolerance of closed-form values")
	sigmas := fs.Float64("sigmas", 4, "tolerance of estimates, in combined standard errors")
	workers := fs.Int("workers", 0, "cases recomputed at once (default: the number of CPUs)")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if *base == "" {
		return usageErrorf("--baseline: required")
	}
	if len(pos) > 1 {
		return usageErrorf("want at most one CURRENT file, got %d", len(pos))
	}
	if !(*rel > 0) || !(*sigmas > 0) {
		return usageErrorf("--rel and --sigmas must be positive")
	}
	if err := checkReadable(*base); err != nil {
		return err
	}
	cfg, baseline, err := sweep.ReadSweepFile(*base)
	if err != nil {
		return usageErrorf("--baseline: %v", err)
	}
	if len(baseline) == 0 {
		return usageErrorf("--baseline: %s holds no case", *base)
	}
	var current []*sweep.Record
	if len(pos) == 1 {
		if _, current, err = sweep.ReadSweepFile(pos[0]); err != nil {
			return badInput(err)
		}
	} else {
		if cfg == nil {
			return usageErrorf("--baseline: %s has no sweep header, so its cases cannot be recomputed; give CURRENT", *base)
		}
		if *workers < 0 {
			return usageErrorf("--workers: %d is negative", *workers)
		}
		if _, err := prepareSweep(e, cfg, *workers); err != nil {
			return usageErrorf("--baseline: %s: %v", *base, err)
		}
		err = interruptible("rerun the same command to recompute the baseline", func(ctx context.Context) (err error) {
			current, err = sweep.Recompute(ctx, cfg, baseline, *workers)
			return err
		})
		if err != nil {
			return err
		}
	}
	changes, checked := sweep.Regress(baseline, current, sweep.Tolerances{Rel: *rel, Sigmas: *sigmas})
	if len(changes) == 0 {
		fmt.Fprintf(e.stdout, "regress: %d cases, %d values checked against %s: no regression\n", len(baseline), checked, *base)
		return nil
	}
	sweep.WriteChanges(e.stdout, changes)
	return &exitError{code: 1, err: fmt.Errorf("%d of %d values moved beyond tolerance (%d cases)", len(changes), checked, len(baseline))}
}
