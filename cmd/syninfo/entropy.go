package main

import (
	"github.com/syninfo/syninfo/knn"
)

func init() {
	register(&command{
		name:    "entropy",
		summary: "Kozachenko–Leonenko entropy of columns of a numeric table",
		order:   31,
		run:     runEntropy,
	})
}

// entropyLine is the output of "syninfo entropy".
type entropyLine struct {
	HNats     num     `json:"h_nats"`
	SE        num     `json:"se"`
	Samples   int     `json:"samples"`
	K         int     `json:"k"`
	Blocks    int     `json:"blocks"`
	Cols      []int   `json:"cols"`
	Noise     float64 `json:"noise"`
	Normalize bool    `json:"normalize"`
	// Warnings are knn.Screen's: exact ties that bias the estimate.
	Warnings []string `json:"warnings,omitempty"`
}

func runEntropy(e *env, args []string) error {
	lowGCHeadroom(e)
	fs := newFlags(e, "entropy", "entropy --cols COLS [--k 3] [--normalize] [--noise S] [--seed N] [--blocks B] [FILE|-]\n\n"+
		"Kozachenko–Leonenko estimate of the differential entropy in nats (max-norm) of a group of\n"+
		"columns (0-based, e.g. 0,1 or 2-4) of a numeric table: whitespace- or comma-separated,\n"+
		"lines starting with % or # skipped. Prints one JSON line: h_nats, se (the standard error\n"+
		"from B disjoint contiguous row blocks), samples, k. With --normalize the estimate is made\n"+
		"on z-scored columns and the log standard deviations are added back.")
	var f knnFlags
	cs := fs.String("cols", "", "columns, e.g. 0,1 (required)")
	fs.IntVar(&f.k, "k", 3, "number of nearest neighbours")
	fs.BoolVar(&f.normalize, "normalize", false, "z-score every column (M-1 divisor) first, then correct back")
	fs.Float64Var(&f.noise, "noise", 0, "standard deviation of seeded Gaussian noise added after normalisation (breaks ties)")
	fs.Uint64Var(&f.seed, "seed", 0, "seed of the noise")
	fs.IntVar(&f.blocks, "blocks", 0, "row blocks for the standard error (0: 10, fewer for small tables; 1: none)")
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
	cols, x, err := columns(t, "cols", *cs)
	if err != nil {
		return err
	}
	warnings, err := screen(e, "entropy", []knn.Group{{Name: "cols", X: x, D: len(cols), Strict: true}}, &f)
	if err != nil {
		return err
	}
	est, err := knn.Entropy(x, len(cols), f.options())
	if err != nil {
		return badInput(err)
	}
	return jsonLine(e.stdout, entropyLine{HNats: num(est.Value), SE: num(est.SE),
		Samples: est.Samples, K: est.K, Blocks: len(est.Blocks), Cols: cols,
		Noise: f.noise, Normalize: f.normalize, Warnings: warnings})
}
