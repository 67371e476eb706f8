package exact

import (
	"errors"
	"fmt"
	"math"
	"slices"

	"github.com/syninfo/syninfo/model"
)

// Status values of a Result.
const (
	// StatusOK: the information is finite and MINats holds it.
	StatusOK = "ok"
	// StatusInfinite: the true information is +infinity (K = 1, or every
	// other term is a constant while term m is not).
	StatusInfinite = "infinite"
	// StatusNotConverged: the finest grid the work and memory limits allow
	// still differs from the one before by more than Options.Tol. MINats is
	// the finest value and ErrorEstimate that (too large) difference.
	StatusNotConverged = "not_converged"
)

// ErrNotSingleton is returned (wrapped) for a case with n != 1 synapses.
var ErrNotSingleton = errors.New("the exact reference is 1-D only (n = 1 synapse); use 'syninfo compare' for ensembles")

// Options tune the computation. The zero value gives the defaults.
type Options struct {
	// Tol is the agreement, in nats, required between two successive
	// refinement levels on the information and on both entropies (the
	// information alone with InfoOnly) before the finer one is returned
	// (default 1e-6, the accuracy goal; the finer level is typically far
	// more accurate than this bound on the coarser one). Above 1e-6 the
	// tails are also cut more closely (masses 1e-6 Tol, see the package
	// doc).
	Tol float64
	// MaxPoints bounds the grid (memory): a refinement level on which a
	// partial sum would need more points is not attempted. Default
	// DefaultMaxPoints; the grid is otherwise sized from the terms.
	MaxPoints int
	// MaxWork bounds the time: the number of integrand evaluations (about
	// 5 ns each) all refinement levels together may use. A level whose
	// estimated cost would exceed what is left is not attempted. Default
	// DefaultMaxWork.
	MaxWork float64
	// MinLevel is the first refinement level whose agreement with the one
	// before counts as convergence (default 1).
	MinLevel int
	// InfoOnly judges convergence on the information alone: the refinement
	// stops when two levels agree on it to Tol, whatever the entropies do
	// (they converge like it but with constants up to ten times larger).
	// HW and HWRest are then those of the returned level, without a
	// tolerance. For callers that use MINats only (the corrected
	// approximations): it saves a refinement level at loose tolerances.
	InfoOnly bool
	// Workers is the number of goroutines a convolution uses; 0 means
	// GOMAXPROCS. Results are identical for any value.
	Workers int
}

// Defaults of Options.
const (
	// DefaultMaxPoints is 2^20 points (8 MB) per partial-sum grid.
	DefaultMaxPoints = 1 << 20
	// DefaultMaxWork is 4e9 integrand evaluations, about 20 CPU-seconds.
	DefaultMaxWork = 4e9
)

func (o Options) withDefaults() Options {
	if o.Tol <= 0 {
		o.Tol = 1e-6
	}
	if o.MaxPoints <= 0 {
		o.MaxPoints = DefaultMaxPoints
	}
	if !(o.MaxWork > 0) {
		o.MaxWork = DefaultMaxWork
	}
	if o.MinLevel <= 0 {
		o.MinLevel = 1
	}
	return o
}

// Result is the exact singleton information and its ingredients, in nats.
type Result struct {
	// MINats is I(W; X^(m)) = HW - HWRest: +Inf when Status is "infinite".
	MINats float64
	// ErrorEstimate is the difference of MINats between the last two
	// refinement levels, or a seventh of it when three levels confirm the
	// asymptotic rate (see the package doc); 0 where the answer is exact
	// (MI = 0 or infinite).
	ErrorEstimate float64
	// HW is the differential entropy of W (the weight), HWRest that of
	// W^(-m) (the weight without pattern m's term); -Inf for a constant.
	HW, HWRest float64
	// Status is StatusOK or StatusInfinite.
	Status string
}

// Singleton returns the exact information of the single synapse of c about
// pattern c.Pattern. It fails with ErrNotSingleton when c has n != 1.
func Singleton(c *model.Case, o Options) (Result, error) {
	if c.Len() != 1 {
		return Result{}, fmt.Errorf("n = %d synapses: %w", c.Len(), ErrNotSingleton)
	}
	ms := make([]float64, c.K())
	vs := make([]float64, c.K())
	for k := range ms {
		ms[k] = c.LogMean(k)[0]
		vs[k] = c.LogCovAt(k, 0, 0)
	}
	return SingletonTerms(ms, vs, c.Pattern, o)
}

// negVarTol is how negative a log-variance may be (rounding of a
// positive semi-definite Sigma) and still be read as zero.
const negVarTol = 1e-12

// SingletonTerms returns I(W; T_m) for W = sum_k T_k, T_k independent
// log-normal with log-means logMeans[k] and log-variances logVars[k] (a zero
// log-variance makes T_k a constant).
func SingletonTerms(logMeans, logVars []float64, m int, o Options) (Result, error) {
	o = o.withDefaults()
	if len(logMeans) == 0 {
		return Result{}, errors.New("exact: no terms")
	}
	if len(logMeans) != len(logVars) {
		return Result{}, fmt.Errorf("exact: %d log-means but %d log-variances", len(logMeans), len(logVars))
	}
	if m < 0 || m >= len(logMeans) {
		return Result{}, fmt.Errorf("exact: pattern %d out of range [0, %d)", m, len(logMeans))
	}
	vs := make([]float64, len(logVars))
	for k, v := range logVars {
		mk := logMeans[k]
		if math.IsNaN(mk) || math.IsInf(mk, 0) || math.IsNaN(v) || math.IsInf(v, 0) {
			return Result{}, fmt.Errorf("exact: term %d: log-mean %v, log-variance %v not finite", k, mk, v)
		}
		if v < 0 {
			if v < -negVarTol*math.Max(1, math.Abs(mk)) {
				return Result{}, fmt.Errorf("exact: term %d: negative log-variance %v", k, v)
			}
			v = 0
		}
		vs[k] = v
	}
	var rest []term
	for k := range vs {
		if k != m && vs[k] > 0 {
			rest = append(rest, term{logMeans[k], vs[k]})
		}
	}
	tm := term{logMeans[m], vs[m]}
	if tm.v == 0 {
		// T_m is a constant: W carries nothing about X^(m).
		h, _, conv, err := sumEntropy(rest, o)
		if err != nil {
			return Result{}, err
		}
		return Result{MINats: 0, ErrorEstimate: 0, HW: h, HWRest: h, Status: status(conv)}, nil
	}
	rest = dropNegligible(rest)
	if len(rest) == 0 {
		// W^(-m) is a constant and W is not: the information is infinite.
		return Result{MINats: math.Inf(1), HW: tm.entropy(), HWRest: math.Inf(-1), Status: StatusInfinite}, nil
	}
	restLo, restHi := span(rest)
	switch {
	case tm.hi() < restLo-negligible:
		// T_m is below e^-60 of W^(-m) (but for 2e-21 of its mass): adding
		// it changes no entropy at float64 precision.
		h, _, conv, err := sumEntropy(rest, o)
		if err != nil {
			return Result{}, err
		}
		return Result{MINats: 0, ErrorEstimate: 0, HW: h, HWRest: h, Status: status(conv)}, nil
	case restHi < tm.lo()-negligible:
		// W^(-m) is below e^-60 of T_m: h(W) = h(T_m) in closed form.
		hr, est, conv, err := sumEntropy(rest, o)
		if err != nil {
			return Result{}, err
		}
		hw := tm.entropy()
		mi := hw - hr
		if math.IsInf(mi, 0) {
			return Result{}, fmt.Errorf("exact: term %d: log-mean %g: the information exceeds the float64 range", m, tm.m)
		}
		return Result{MINats: mi, ErrorEstimate: est, HW: hw, HWRest: hr, Status: status(conv)}, nil
	}
	// Shift every log-mean by c: the entropies move by c, the information
	// not, and the grids stay near 0 where float64 resolves u finely.
	c := restLo
	if err := checkRange(append([]term{tm}, rest...), c, o); err != nil {
		return Result{}, err
	}
	terms := make([]term, 0, len(rest)+1)
	for _, t := range rest {
		terms = append(terms, term{t.m - c, t.v})
	}
	sortWideFirst(terms)
	terms = append(terms, term{tm.m - c, tm.v})
	v, est, conv, err := refine(step0(terms), terms, o, func(h float64, b *budget) ([]float64, error) {
		hr, hw, err := sums(terms, h, o, b)
		return []float64{hw - hr, hw, hr}, err
	})
	if err != nil {
		return Result{}, err
	}
	return Result{MINats: v[0], ErrorEstimate: est, HW: v[1] + c, HWRest: v[2] + c, Status: status(conv)}, nil
}

// status is StatusOK for a converged refinement, StatusNotConverged
// otherwise.
func status(converged bool) string {
	if !converged {
		return StatusNotConverged
	}
	return StatusOK
}

// sortWideFirst orders terms by decreasing log-variance (then log-mean):
// the grid then grows early and narrow terms act on it.
func sortWideFirst(terms []term) {
	slices.SortStableFunc(terms, func(a, b term) int {
		if a.v != b.v {
			if a.v > b.v {
				return -1
			}
			return 1
		}
		if a.m > b.m {
			return -1
		} else if a.m < b.m {
			return 1
		}
		return 0
	})
}

// span returns the largest lower and upper cut, max_k (m_k - cut s_k) and
// max_k (m_k + cut s_k): the sum of the terms lies above e^lo and below
// about e^hi (times their number).
func span(terms []term) (lo, hi float64) {
	lo, hi = math.Inf(-1), math.Inf(-1)
	for _, t := range terms {
		lo, hi = math.Max(lo, t.lo()), math.Max(hi, t.hi())
	}
	return lo, hi
}

// dropNegligible removes the terms that stay below e^-negligible of another
// term (but for 2e-21 of their mass): they change ln of the sum by less than
// 1e-26 anywhere, far below float64 resolution.
func dropNegligible(terms []term) []term {
	lo, _ := span(terms)
	var out []term
	for _, t := range terms {
		if t.hi() >= lo-negligible {
			out = append(out, t)
		}
	}
	return out
}

// roundingFloor is the relative rounding, in nats per unit of |ln w|, that
// the entropies of a grid spanning |u| <= U carry (a sum of up to 2^20
// products, each rounded to 2^-53).
const roundingFloor = 1e-13

// checkRange refuses terms whose range of ln w is so wide that float64
// rounding of the entropies (about roundingFloor times that range) would
// exceed the tolerance, naming the widest term.
func checkRange(terms []term, c float64, o Options) error {
	worst, wk := 0.0, 0
	for k, t := range terms {
		r := math.Max(math.Abs(t.hi()-c), math.Abs(t.lo()-c))
		if r > worst || math.IsNaN(r) {
			worst, wk = r, k
		}
	}
	if !(roundingFloor*worst <= o.Tol) {
		t := terms[wk]
		return fmt.Errorf("exact: log-variance %g (log-mean %g): ln w spans about %.3g, where float64 rounding "+
			"(%.2g nats) exceeds the tolerance %g: %w", t.v, t.m, worst, roundingFloor*worst, o.Tol, ErrLimit)
	}
	return nil
}

// term is one non-constant log-normal: ln T ~ Normal(m, v).
type term struct{ m, v float64 }

// entropy is the differential entropy of the log-normal: m + ln(2 pi e v)/2.
func (t term) entropy() float64 { return t.m + 0.5*math.Log(2*math.Pi*math.E*t.v) }

// lo and hi are the cuts of ln T at m -/+ cut standard deviations.
func (t term) lo() float64 { return t.m - cut*math.Sqrt(t.v) }
func (t term) hi() float64 { return t.m + cut*math.Sqrt(t.v) }

// ErrLimit is wrapped by the errors of valid cases the reference cannot
// compute within its limits: the grid (Options.MaxPoints), the work
// (Options.MaxWork) or float64 rounding at Options.Tol. Callers with another
// truth (sampling) can fall back to it.
var ErrLimit = errors.New("beyond the exact reference's limits")

// ErrUnsupported is returned (wrapped) by Reference for a case it cannot
// compute exactly: a group of three or more synapses whose weights are
// dependent.
var ErrUnsupported = errors.New("the exact reference covers synapses in independent blocks of 1 or 2 " +
	"(no log-covariance between blocks for any pattern); use 'syninfo compare' for the rest")

// Pair returns the exact information of the two synapses of c about
// pattern c.Pattern (PairTerms on the case's terms). It fails with
// ErrUnsupported when c does not have n = 2.
func Pair(c *model.Case, o Options) (Result, error) {
	if c.Len() != 2 {
		return Result{}, fmt.Errorf("n = %d synapses, not 2: %w", c.Len(), ErrUnsupported)
	}
	return pairOf(c, 0, 1, o)
}

func pairOf(c *model.Case, a, b int, o Options) (Result, error) {
	ms := make([][2]float64, c.K())
	vs := make([][3]float64, c.K())
	for k := range ms {
		lm := c.LogMean(k)
		ms[k] = [2]float64{lm[a], lm[b]}
		vs[k] = [3]float64{c.LogCovAt(k, a, a), c.LogCovAt(k, a, b), c.LogCovAt(k, b, b)}
	}
	return PairTerms(ms, vs, c.Pattern, o)
}

// Blocks returns the synapses of c grouped into independent blocks: the
// connected components of the graph linking synapses a and b whenever
// V_k[a,b] != 0 for some pattern k. The weights of different blocks are
// then independent (their logs are jointly Gaussian and uncorrelated), for
// W and for W^(-m) alike, so entropies and the information add over blocks.
// Blocks are ordered by their first synapse, synapses ascending.
func Blocks(c *model.Case) [][]int {
	n := c.Len()
	parent := make([]int, n)
	for a := range parent {
		parent[a] = a
	}
	var find func(int) int
	find = func(a int) int {
		for parent[a] != a {
			parent[a] = parent[parent[a]]
			a = parent[a]
		}
		return a
	}
	for a := 0; a < n; a++ {
		for b := a + 1; b < n; b++ {
			for k := 0; k < c.K(); k++ {
				if c.LogCovAt(k, a, b) != 0 {
					if ra, rb := find(a), find(b); ra != rb {
						parent[max(ra, rb)] = min(ra, rb)
					}
					break
				}
			}
		}
	}
	var blocks [][]int
	index := map[int]int{}
	for a := 0; a < n; a++ {
		r := find(a)
		i, ok := index[r]
		if !ok {
			i = len(blocks)
			index[r] = i
			blocks = append(blocks, nil)
		}
		blocks[i] = append(blocks[i], a)
	}
	return blocks
}

// Reference returns the exact information of c: the singleton reference
// for n = 1, the pair reference for n = 2, and for any n whose synapses
// fall into independent blocks of 1 or 2 (Blocks) the sum over blocks of
// their references (entropies, information and error estimates add; the
// status is infinite if a block's is, else not_converged if a block's is).
// Other cases fail with ErrUnsupported.
func Reference(c *model.Case, o Options) (Result, error) {
	blocks := Blocks(c)
	for _, b := range blocks {
		if len(b) > 2 {
			return Result{}, fmt.Errorf("synapses %v form a dependent block of %d: %w", b, len(b), ErrUnsupported)
		}
	}
	total := Result{Status: StatusOK}
	for _, b := range blocks {
		var r Result
		var err error
		if len(b) == 1 {
			ms := make([]float64, c.K())
			vs := make([]float64, c.K())
			for k := range ms {
				ms[k] = c.LogMean(k)[b[0]]
				vs[k] = c.LogCovAt(k, b[0], b[0])
			}
			r, err = SingletonTerms(ms, vs, c.Pattern, o)
		} else {
			r, err = pairOf(c, b[0], b[1], o)
		}
		if err != nil {
			if len(blocks) > 1 {
				return Result{}, fmt.Errorf("block %v: %w", b, err)
			}
			return Result{}, err
		}
		total.MINats += r.MINats
		total.ErrorEstimate += r.ErrorEstimate
		total.HW += r.HW
		total.HWRest += r.HWRest
		switch {
		case r.Status == StatusInfinite || total.Status == StatusInfinite:
			total.Status = StatusInfinite
		case r.Status == StatusNotConverged:
			total.Status = StatusNotConverged
		}
	}
	if total.Status == StatusInfinite {
		total.MINats, total.ErrorEstimate = math.Inf(1), 0
	}
	return total, nil
}
