package main

import (
	"bufio"

	"github.com/syninfo/syninfo/knn"
)

func init() {
	register(&command{
		name:    "entropy",
		summary: "Kozachenko–Leonenko entropy of columns of a table (CSV or .npy)",
		order:   31,
		run:     runEntropy,
	})
}

// entropyLine is one output line of "syninfo entropy".
type entropyLine struct {
	Case      *float64 `json:"case,omitempty"`
	HNats     num      `json:"h_nats"`
	SE        num      `json:"se"`
	Samples   int      `json:"samples"`
	K         int      `json:"k"`
	Blocks    int      `json:"blocks"`
	Cols      []int    `json:"cols"`
	Noise     float64  `json:"noise"`
	Normalize bool     `json:"normalize"`
	// Warnings are knn.Screen's: exact ties that bias the estimate.
	Warnings []string `json:"warnings,omitempty"`
}

func runEntropy(e *env, args []string) error {
	lowGCHeadroom(e)
	fs := newFlags(e, "entropy", "entropy --cols COLS [--k 3] [--normalize] [--noise S] [--seed 1] [--blocks 25] [--units nats|bits] [FILE|-]\n\n"+
		"Kozachenko–Leonenko estimate of the differential entropy (max-norm) of a group of columns\n"+
		"of a table. Prints one JSON line (per case): h_nats, se (the standard error from B disjoint\n"+
		"contiguous row blocks), samples, k. With --normalize the estimate is made on z-scored\n"+
		"columns and the log standard deviations are added back.\n\n"+tableHelp)
	var f knnFlags
	cs := fs.String("cols", "", "columns: names or 0-based indices, e.g. x_0,x_1 or 0-1 (required)")
	f.add(fs)
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if err := f.check(); err != nil {
		return err
	}
	if *cs == "" {
		return usageErrorf("--cols is required (run 'syninfo entropy --help')")
	}
	t, err := readTable(e, "entropy", pos)
	if err != nil {
		return err
	}
	if err := f.checkRows(t.Rows); err != nil {
		return err
	}
	cols, err := columns(t, "cols", *cs)
	if err != nil {
		return err
	}
	gs, err := groups(e, t, f.by, fs.set("by"), cols)
	if err != nil {
		return err
	}
	data, err := split(t, gs, cols)
	if err != nil {
		return err
	}
	// t is not used below: the collector takes the table back before the estimates.
	out := bufio.NewWriter(e.stdout)
	defer out.Flush()
	for i, g := range gs {
		x := data[i][0]
		data[i] = nil
		warnings, err := screen(e, "entropy", []knn.Group{{Name: "cols", X: x, D: len(cols), Strict: true}}, &f)
		if err != nil {
			return caseError(g, err)
		}
		est, err := knn.Entropy(x, len(cols), f.options(len(x)/len(cols)))
		if err != nil {
			return badInput(caseError(g, err))
		}
		line := entropyLine{Case: g.value, HNats: num(est.Value), SE: num(est.SE),
			Samples: est.Samples, K: est.K, Blocks: len(est.Blocks), Cols: cols,
			Noise: f.noise, Normalize: f.normalize, Warnings: warnings}
		if err := jsonLineUnits(out, line, *f.units); err != nil {
			return err
		}
		if err := out.Flush(); err != nil {
			return err
		}
	}
	return nil
}
