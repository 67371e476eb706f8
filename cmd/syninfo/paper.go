package main

import (
	"context"
	"fmt"
	"os"
	"slices"
	"strings"

	"github.com/syninfo/syninfo/approx"
	"github.com/syninfo/syninfo/internal/buildinfo"
	"github.com/syninfo/syninfo/paper"
)

func init() {
	register(&command{name: "paper", summary: "reproduce the paper's figures with the closed form and the truth, and say which claims hold", order: 70, run: runPaper, cancellable: true})
}

// paperSizes, when not nil, replaces the sizes of --quick (tests use it for
// tiny in-process runs).
var paperSizes *paper.Sizes

func runPaper(e *env, args []string) error {
	fs := newFlags(e, "paper", "paper --out DIR [--quick] [--seed N] [--workers W] [--no-truth] [--no-synergy] [--approximations LIST]\n\n"+
		"Redraws the paper's simulation sets 1-3 (docs/method.md), computes the closed form on every draw and\n"+
		"the truth on the same draws (exact for n = 1, entropy difference otherwise), recomputes the\n"+
		"paper's statistics both ways, studies synergy up to the whole network, and writes\n"+
		"DIR/paper.json, DIR/report.md, DIR/index.html, the figures (SVG, PNG) and DIR/truth.jsonl.\n"+
		"The truth sweep resumes when the same command is rerun after an interruption.\n\n"+
		"--approximations (default corrected1; none to skip) judges the claims again with the corrected\n"+
		"forms of docs/approximations.md on a subsample of the draws that carry a truth (the first 1000\n"+
		"draws of set 2, set 3 and each stratum of Fig 4's truth subsample; --quick: 100), resumable in\n"+
		"DIR/approx.jsonl.")
	out := fs.String("out", "", "output directory (required)")
	quick := fs.Bool("quick", false, "a run of a few minutes: fewer draws, smaller samples")
	seed := fs.Uint64("seed", paper.DefaultSeed, "seed of every random draw (the default reproduces the published figures in docs/benchmarks/paper.md)")
	workers := fs.Int("workers", 0, "goroutines (default: the number of CPUs); results do not depend on it")
	noTruth := fs.Bool("no-truth", false, "closed form only")
	noSynergy := fs.Bool("no-synergy", false, "skip the synergy study")
	approxList := fs.String("approximations", strings.Join(paper.DefaultApproximations, ","), "approximations beyond the closed form, comma-separated: corrected1, corrected2 (none: skip)")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usageErrorf("unexpected argument %q (want only flags)", pos[0])
	}
	if *out == "" {
		return usageErrorf("--out: required (the output directory)")
	}
	if *workers < 0 {
		return usageErrorf("--workers: %d is negative", *workers)
	}
	if fi, err := os.Stat(*out); err == nil && !fi.IsDir() {
		return outputError("--out", fmt.Errorf("%s exists and is not a directory", *out))
	}
	names := []string{}
	if *approxList != "none" && *approxList != "" {
		for _, n := range strings.Split(*approxList, ",") {
			if n != approx.Corrected1 && n != approx.Corrected2 {
				return usageErrorf("--approximations: %q is not corrected1 or corrected2 (or none)", n)
			}
			if !slices.Contains(names, n) {
				names = append(names, n)
			}
		}
	}
	sizes := paper.FullSizes()
	if *quick {
		sizes = paper.QuickSizes()
		if paperSizes != nil {
			sizes = *paperSizes
		}
	}
	var res *paper.Result
	err = interruptible("rerun the same command to resume the truth sweep in "+*out, func(ctx context.Context) (err error) {
		res, err = paper.Run(ctx, paper.Options{Out: *out, Seed: *seed, Sizes: &sizes, Workers: *workers,
			NoTruth: *noTruth, NoSynergy: *noSynergy, Approximations: names, Progress: progress(e), Terminal: e.isTerminal, Provenance: buildinfo.Now()})
		return err
	})
	if err != nil {
		return err
	}
	kind := paper.RunKind(sizes)
	label := ""
	if kind != "" {
		label = " (" + kind + ")"
		fmt.Fprintf(e.stdout, "%s: %d set-2 and %d set-3 draws, %d Fig 4 draws (the paper: 1000, 1000, 20000); verdicts may change at full size\n",
			kind, sizes.Set2Draws, sizes.Set3Draws, sizes.Fig4Draws)
	}
	fmt.Fprintf(e.stdout, "%-12s  %-54s  %s\n", "claim", "source", "verdict")
	for _, c := range res.Claims {
		for _, k := range []string{"closed_form_dropped", "truth", "closed_form"} {
			if v, ok := c.Verdicts[k]; ok {
				fmt.Fprintf(e.stdout, "%-12s  %-54s  %s%s\n", c.ID, paper.Words(k), v.Holds, label)
			}
		}
	}
	fmt.Fprintf(e.stdout, "wrote %s/paper.json, report.md, index.html\n", *out)
	return nil
}
