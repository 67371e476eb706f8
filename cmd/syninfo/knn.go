package main

import (
	"bufio"
	"fmt"
	"math"
	"slices"

	"github.com/syninfo/syninfo/internal/table"
	"github.com/syninfo/syninfo/knn"
)

func init() {
	register(&command{
		name:    "knn",
		summary: "KSG mutual information between two column groups of a numeric table",
		order:   30,
		run:     runKNN,
	})
}

// knnLine is the output of "syninfo knn".
type knnLine struct {
	MINats    num     `json:"mi_nats"`
	MIBits    num     `json:"mi_bits"`
	SE        num     `json:"se"`
	Samples   int     `json:"samples"`
	K         int     `json:"k"`
	Algorithm int     `json:"algorithm"`
	Blocks    int     `json:"blocks"`
	PValue    *num    `json:"p_value,omitempty"`
	Shuffles  int     `json:"shuffles,omitempty"`
	X         []int   `json:"x"`
	Y         []int   `json:"y"`
	Noise     float64 `json:"noise"`
	Normalize bool    `json:"normalize"`
	// Warnings are knn.Screen's: exact ties that bias the estimate.
	Warnings []string `json:"warnings,omitempty"`
}

// screen runs knn.Screen on the groups, printing its warnings to stderr
// (they also go in the output line); a degenerate sample is bad input.
func screen(e *env, cmd string, groups []knn.Group, f *knnFlags) ([]string, error) {
	warnings, err := knn.Screen(groups, f.k, f.noise)
	if err != nil {
		return nil, badInput(err)
	}
	for _, w := range warnings {
		fmt.Fprintf(e.stderr, "%s: warning: %s\n", cmd, w)
	}
	return warnings, nil
}

// readTable reads the numeric table named by the positional arguments
// (a file, or stdin for "-" or nothing) for the command cmd, refusing one
// that cannot fit in memory (boundTable).
func readTable(e *env, cmd string, pos []string) (*table.Table, error) {
	in, name, err := openInput(e, pos)
	if err != nil {
		return nil, err
	}
	defer in.Close()
	r, err := boundTable(e, cmd, in, name)
	if err != nil {
		return nil, err
	}
	t, err := table.Read(bufio.NewReaderSize(r, 1<<20), name)
	return t, badInput(err)
}

// columns parses a --x/--y/--cols flag and extracts those columns.
func columns(t *table.Table, flag, list string) ([]int, []float64, error) {
	if list == "" {
		return nil, nil, usageErrorf("--%s is required", flag)
	}
	cols, err := table.ParseColumns(list)
	if err != nil {
		return nil, nil, usageErrorf("--%s: %v", flag, err)
	}
	data, err := t.Columns(cols)
	if err != nil {
		return nil, nil, usageErrorf("--%s: %v", flag, err)
	}
	return cols, data, nil
}

// knnFlags are the estimator flags knn and entropy share.
type knnFlags struct {
	k, blocks int
	normalize bool
	noise     float64
	seed      uint64
}

func (f *knnFlags) options() knn.Options {
	return knn.Options{K: f.k, Normalize: f.normalize, Noise: f.noise, Seed: f.seed, Blocks: f.blocks}
}

// maxShuffles bounds --shuffles: a million whole estimates already take
// far longer than anyone waits, and resolve p-values down to 1e-6.
const maxShuffles = 1_000_000

// checkRows refuses a k beyond the table's rows (k > M; the estimators
// themselves refuse k = M) before k + 1 can overflow.
func (f *knnFlags) checkRows(rows int) error {
	if f.k > rows {
		return usageErrorf("--k = %d exceeds the %d rows of the table", f.k, rows)
	}
	return nil
}

func (f *knnFlags) check() error {
	if f.k < 1 {
		return usageErrorf("--k = %d, want >= 1", f.k)
	}
	if math.IsNaN(f.noise) || math.IsInf(f.noise, 0) || f.noise < 0 {
		return usageErrorf("--noise = %v, want a finite value >= 0", f.noise)
	}
	if f.blocks < 0 {
		return usageErrorf("--blocks = %d, want >= 0", f.blocks)
	}
	return nil
}

func runKNN(e *env, args []string) error {
	lowGCHeadroom(e)
	fs := newFlags(e, "knn", "knn --x COLS --y COLS [--k 3] [--algorithm 1|2] [--normalize] [--noise S] [--seed N] [--blocks B] [--shuffles S] [FILE|-]\n\n"+
		"Kraskov–Stögbauer–Grassberger estimate of I(X;Y) in nats (max-norm) between two groups of\n"+
		"columns (0-based, e.g. 0,1 or 2-4) of a numeric table: whitespace- or comma-separated,\n"+
		"lines starting with % or # skipped. Prints one JSON line: mi_nats, mi_bits, se (the\n"+
		"standard error from B disjoint contiguous row blocks), samples, k, and with --shuffles the\n"+
		"permutation-test p-value of I > 0.")
	var f knnFlags
	xs := fs.String("x", "", "columns of X, e.g. 0,1 (required)")
	ys := fs.String("y", "", "columns of Y, e.g. 2,3 (required)")
	fs.IntVar(&f.k, "k", 3, "number of nearest neighbours")
	alg := fs.Int("algorithm", 1, "KSG algorithm: 1 (strict counts) or 2 (<= counts, marginal radii)")
	fs.BoolVar(&f.normalize, "normalize", false, "z-score every column (M-1 divisor) first")
	fs.Float64Var(&f.noise, "noise", 0, "standard deviation of seeded Gaussian noise added after normalisation (breaks ties)")
	fs.Uint64Var(&f.seed, "seed", 0, "seed of the noise and the permutations")
	fs.IntVar(&f.blocks, "blocks", 0, "row blocks for the standard error (0: 10, fewer for small tables; 1: none)")
	shuffles := fs.Int("shuffles", 0, "permutations for a test of I > 0 (0: no test)")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if err := f.check(); err != nil {
		return err
	}
	if *alg != 1 && *alg != 2 {
		return usageErrorf("--algorithm = %d, want 1 or 2", *alg)
	}
	if *shuffles < 0 || *shuffles > maxShuffles {
		return usageErrorf("--shuffles = %d, want 0..%d (each shuffle is a whole estimate)", *shuffles, maxShuffles)
	}
	if *xs == "" || *ys == "" {
		return usageErrorf("--x and --y are required (run 'syninfo knn --help')")
	}
	t, err := readTable(e, "knn", pos)
	if err != nil {
		return err
	}
	if err := f.checkRows(t.Rows); err != nil {
		return err
	}
	xc, x, err := columns(t, "x", *xs)
	if err != nil {
		return err
	}
	yc, y, err := columns(t, "y", *ys)
	if err != nil {
		return err
	}
	for _, c := range yc {
		if slices.Contains(xc, c) {
			return usageErrorf("--y: column %d is also in --x: the information of a continuous variable with itself is infinite", c)
		}
	}
	warnings, err := screen(e, "knn", []knn.Group{{Name: "x", X: x, D: len(xc)}, {Name: "y", X: y, D: len(yc)},
		{Name: "joint (x, y)", X: knn.Joint(x, len(xc), y, len(yc)), D: len(xc) + len(yc), Strict: true}}, &f)
	if err != nil {
		return err
	}
	o := f.options()
	o.Algorithm = *alg
	est, err := knn.MI(x, len(xc), y, len(yc), o)
	if err != nil {
		return badInput(err)
	}
	out := knnLine{MINats: num(est.Value), MIBits: num(est.Value / math.Ln2), SE: num(est.SE),
		Samples: est.Samples, K: est.K, Algorithm: *alg, Blocks: len(est.Blocks),
		X: xc, Y: yc, Noise: f.noise, Normalize: f.normalize, Warnings: warnings}
	if *shuffles > 0 {
		p, err := knn.PermutationTest(x, len(xc), y, len(yc), o, *shuffles)
		if err != nil {
			return badInput(err)
		}
		pv := num(p)
		out.PValue, out.Shuffles = &pv, *shuffles
	}
	return jsonLine(e.stdout, out)
}
