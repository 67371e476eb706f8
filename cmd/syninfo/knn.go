package main

import (
	"bufio"
	"fmt"
	"math"
	"runtime"
	"slices"

	"github.com/syninfo/syninfo/compare"
	"github.com/syninfo/syninfo/internal/table"
	"github.com/syninfo/syninfo/knn"
)

func init() {
	register(&command{
		name:    "knn",
		summary: "KSG mutual information between two column groups of a table (CSV or .npy)",
		order:   30,
		run:     runKNN,
	})
}

// knnLine is one output line of "syninfo knn".
type knnLine struct {
	Case      *float64 `json:"case,omitempty"`
	MINats    num      `json:"mi_nats"`
	MIBits    num      `json:"mi_bits"`
	SE        num      `json:"se"`
	Samples   int      `json:"samples"`
	K         int      `json:"k"`
	Algorithm int      `json:"algorithm"`
	Blocks    int      `json:"blocks"`
	PValue    *num     `json:"p_value,omitempty"`
	Shuffles  int      `json:"shuffles,omitempty"`
	X         []int    `json:"x"`
	Y         []int    `json:"y"`
	Noise     float64  `json:"noise"`
	Normalize bool     `json:"normalize"`
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

// tableHelp describes the input of knn and entropy.
const tableHelp = `The input (a file, or stdin for - or nothing) is a text table — numbers separated by commas
and/or blanks, lines starting with # or % skipped, an optional header line of column names,
as "syninfo sample" writes — or a NumPy .npy file (1-D or 2-D numeric array, or a structured
array whose field names are column names), recognised by its first bytes. Columns are chosen
by name (w_0_1,x_0) or by 0-based index (0,1 or 2-4). When the table has a column named
"case" (sample's output for several cases), one estimate is made per case and each output
line has its "case"; --by picks another grouping column, --by none turns grouping off.`

// readTable reads the table named by the positional arguments (a file, or
// stdin for "-" or nothing) for the command cmd, refusing one that cannot
// fit in memory (boundTable).
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

// columns resolves a --x/--y/--cols flag against the table.
func columns(t *table.Table, flag, list string) ([]int, error) {
	if list == "" {
		return nil, usageErrorf("--%s is required", flag)
	}
	cols, err := t.Select(list)
	if err != nil {
		return nil, usageErrorf("--%s: %v", flag, err)
	}
	return cols, nil
}

// group is the rows of one value of the grouping column.
type group struct {
	value *float64 // nil without grouping
	rows  []int    // nil: all rows
}

// groups splits the table's rows by the --by column. By default ("case")
// a table without that column, or one that uses it as data, is one group.
func groups(e *env, t *table.Table, by string, explicit bool, used ...[]int) ([]group, error) {
	if !explicit && t.Names == nil && looksLikeCases(t) {
		fmt.Fprintf(e.stderr, "syninfo: note: the table has no column names and its last column (%d) looks like sample's case column; "+
			"--by %d makes one estimate per case, --by none pools the rows (and silences this note)\n", t.Cols-1, t.Cols-1)
	}
	if by == "" || by == "none" {
		return []group{{}}, nil
	}
	col := t.Index(by)
	if col < 0 {
		if !explicit {
			return []group{{}}, nil
		}
		cs, err := t.Select(by)
		if err != nil {
			return nil, usageErrorf("--by: %v", err)
		}
		if len(cs) != 1 {
			return nil, usageErrorf("--by: %q is %d columns, want one", by, len(cs))
		}
		col = cs[0]
	}
	for _, u := range used {
		for _, c := range u {
			if c == col {
				if explicit {
					return nil, usageErrorf("--by: column %d (%s) is also an estimate's column", col, by)
				}
				return []group{{}}, nil
			}
		}
	}
	index := map[float64]int{}
	var gs []group
	for r := 0; r < t.Rows; r++ {
		v := t.Data[r*t.Cols+col]
		i, ok := index[v]
		if !ok {
			i = len(gs)
			index[v] = i
			gs = append(gs, group{value: &v})
		}
		gs[i].rows = append(gs[i].rows, r)
	}
	return gs, nil
}

// split returns, for each group, its rows of each list of columns, and
// forgets the groups' row lists: once the caller drops the table, the
// estimators' peak memory holds the selected columns, not the whole table
// (24 MB less for a 10^6 x 3 table).
func split(t *table.Table, gs []group, cols ...[]int) ([][][]float64, error) {
	out := make([][][]float64, len(gs))
	for i := range gs {
		for _, c := range cols {
			d, err := t.Columns(c, gs[i].rows)
			if err != nil {
				return nil, badInput(err)
			}
			out[i] = append(out[i], d)
		}
		gs[i].rows = nil
	}
	return out, nil
}

// looksLikeCases reports whether the last column holds 0, 1, ..., c-1 in
// non-decreasing order with c >= 2, as sample's case column does.
func looksLikeCases(t *table.Table) bool {
	if t.Cols < 2 {
		return false
	}
	prev := 0.0
	for r := 0; r < t.Rows; r++ {
		v := t.Data[r*t.Cols+t.Cols-1]
		if v != prev && v != prev+1 {
			return false
		}
		prev = v
	}
	return prev >= 1
}

// knnFlags are the estimator flags knn and entropy share.
type knnFlags struct {
	k, blocks int
	normalize bool
	noise     float64
	seed      uint64
	by        string
	units     *string
	workers   *int
	fs        *flags
}

// defaultBlocks is the number of row blocks behind a standard error, the
// same in knn, entropy, compare and sweeps.
const defaultBlocks = compare.DefaultBlocks

func (f *knnFlags) add(fs *flags) {
	f.fs = fs
	fs.IntVar(&f.k, "k", 3, "number of nearest neighbours")
	fs.BoolVar(&f.normalize, "normalize", false, "z-score every column (M-1 divisor) first")
	fs.Float64Var(&f.noise, "noise", 0, "standard deviation of seeded Gaussian noise added after normalisation (breaks ties)")
	fs.Uint64Var(&f.seed, "seed", 1, "random seed (of the noise and permutations)")
	fs.IntVar(&f.blocks, "blocks", defaultBlocks, "row blocks for the standard error (fewer when a block would hold under 10(k+1) rows; 1: none)")
	fs.StringVar(&f.by, "by", "case", "grouping column: one estimate per value (none: no grouping)")
	f.units = unitsFlag(fs)
	f.workers = workersFlag(fs)
}

// options returns the estimator options for a group of m rows: the default
// block count shrinks for small groups.
func (f *knnFlags) options(m int) knn.Options {
	b := f.blocks
	if !f.fs.set("blocks") {
		b = min(defaultBlocks, m/knn.MinBlockRows(f.k))
		if b < 2 {
			b = 1
		}
	}
	return knn.Options{K: f.k, Normalize: f.normalize, Noise: f.noise, Seed: f.seed, Blocks: b}
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
	if f.blocks < 1 {
		return usageErrorf("--blocks = %d, want >= 1", f.blocks)
	}
	if err := checkUnits(*f.units); err != nil {
		return err
	}
	return applyWorkers(*f.workers)
}

// workersFlag adds --workers to a command that computes in parallel.
func workersFlag(fs *flags) *int {
	return fs.Int("workers", 0, "goroutines computing at once (0: the number of CPUs); results do not depend on it")
}

// applyWorkers sets the parallelism of the commands whose work is spread
// over GOMAXPROCS goroutines.
func applyWorkers(w int) error {
	if w < 0 {
		return usageErrorf("--workers = %d, want >= 0", w)
	}
	if w > 0 {
		runtime.GOMAXPROCS(w)
	}
	return nil
}

func runKNN(e *env, args []string) error {
	lowGCHeadroom(e)
	fs := newFlags(e, "knn", "knn --x COLS --y COLS [--k 3] [--algorithm 1|2] [--normalize] [--noise S] [--seed 1] [--blocks 25] [--shuffles S] [--units nats|bits] [FILE|-]\n\n"+
		"Kraskov–Stögbauer–Grassberger estimate of I(X;Y) (max-norm) between two groups of columns\n"+
		"of a table. Prints one JSON line (per case): mi_nats, mi_bits, se (the standard error from\n"+
		"B disjoint contiguous row blocks), samples, k, and with --shuffles the permutation-test\n"+
		"p-value of I > 0.\n\n"+tableHelp)
	var f knnFlags
	xs := fs.String("x", "", "columns of X: names or 0-based indices, e.g. w_0_1 or 0,1 (required)")
	ys := fs.String("y", "", "columns of Y, e.g. x_0,x_1 or 2-3 (required)")
	alg := fs.Int("algorithm", 1, "KSG algorithm: 1 (strict counts) or 2 (<= counts, marginal radii)")
	shuffles := fs.Int("shuffles", 0, "permutations for a test of I > 0 (0: no test)")
	f.add(fs)
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
	xc, err := columns(t, "x", *xs)
	if err != nil {
		return err
	}
	yc, err := columns(t, "y", *ys)
	if err != nil {
		return err
	}
	for _, c := range yc {
		if slices.Contains(xc, c) {
			return usageErrorf("--y: column %d is also in --x: the information of a continuous variable with itself is infinite", c)
		}
	}
	gs, err := groups(e, t, f.by, fs.set("by"), xc, yc)
	if err != nil {
		return err
	}
	data, err := split(t, gs, xc, yc)
	if err != nil {
		return err
	}
	// t is not used below: the collector takes the table back before the estimates.
	out := bufio.NewWriter(e.stdout)
	defer out.Flush()
	for i, g := range gs {
		x, y := data[i][0], data[i][1]
		data[i] = nil
		warnings, err := screen(e, "knn", []knn.Group{{Name: "x", X: x, D: len(xc)}, {Name: "y", X: y, D: len(yc)},
			{Name: "joint (x, y)", X: knn.Joint(x, len(xc), y, len(yc)), D: len(xc) + len(yc), Strict: true}}, &f)
		if err != nil {
			return caseError(g, err)
		}
		o := f.options(len(x) / len(xc))
		o.Algorithm = *alg
		est, err := knn.MI(x, len(xc), y, len(yc), o)
		if err != nil {
			return badInput(caseError(g, err))
		}
		line := knnLine{Case: g.value, MINats: num(est.Value), MIBits: num(est.Value / math.Ln2), SE: num(est.SE),
			Samples: est.Samples, K: est.K, Algorithm: *alg, Blocks: len(est.Blocks),
			X: xc, Y: yc, Noise: f.noise, Normalize: f.normalize, Warnings: warnings}
		if *shuffles > 0 {
			p, err := knn.PermutationTest(x, len(xc), y, len(yc), o, *shuffles)
			if err != nil {
				return badInput(caseError(g, err))
			}
			pv := num(p)
			line.PValue, line.Shuffles = &pv, *shuffles
		}
		if err := jsonLineUnits(out, line, *f.units); err != nil {
			return err
		}
		if err := out.Flush(); err != nil {
			return err
		}
	}
	return nil
}

// caseError names the group of an estimate's error.
func caseError(g group, err error) error {
	if g.value == nil {
		return err
	}
	return fmt.Errorf("case %v: %w", *g.value, err)
}
