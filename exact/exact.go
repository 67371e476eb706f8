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
)

// ErrNotSingleton is returned (wrapped) for a case with n != 1 synapses.
var ErrNotSingleton = errors.New("the exact reference is 1-D only (n = 1 synapse); use 'syninfo compare' for ensembles")

// Options tune the computation. The zero value gives the defaults.
type Options struct {
	// Tol is the agreement, in nats, required between two successive
	// refinement levels on the information and on both entropies before the
	// finer one is returned (default 1e-6, the accuracy goal; the finer level
	// is typically far more accurate than this bound on the coarser one).
	Tol float64
	// MaxPoints bounds the grid: a refinement level on which a partial sum
	// would need more points is not attempted. Default 8192.
	MaxPoints int
	// MinLevel is the first refinement level whose agreement with the one
	// before counts as convergence (default 1).
	MinLevel int
	// Workers is the number of goroutines a convolution uses; 0 means
	// GOMAXPROCS. Results are identical for any value.
	Workers int
}

func (o Options) withDefaults() Options {
	if o.Tol <= 0 {
		o.Tol = 1e-6
	}
	if o.MaxPoints <= 0 {
		o.MaxPoints = 8192
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
	// refinement levels (0 where the answer is exact: MI = 0 or infinite).
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
	// Wide terms first: the grid then grows early and narrow terms act on it.
	slices.SortStableFunc(rest, func(a, b term) int {
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
	tm := term{logMeans[m], vs[m]}
	if tm.v == 0 {
		// T_m is a constant: W carries nothing about X^(m).
		h, err := sumEntropy(rest, o)
		if err != nil {
			return Result{}, err
		}
		return Result{MINats: 0, ErrorEstimate: 0, HW: h, HWRest: h, Status: StatusOK}, nil
	}
	if len(rest) == 0 {
		// W^(-m) is a constant and W is not: the information is infinite.
		return Result{MINats: math.Inf(1), HW: tm.entropy(), HWRest: math.Inf(-1), Status: StatusInfinite}, nil
	}
	return solve(rest, tm, o)
}

// term is one non-constant log-normal: ln T ~ Normal(m, v).
type term struct{ m, v float64 }

// entropy is the differential entropy of the log-normal: m + ln(2 pi e v)/2.
func (t term) entropy() float64 { return t.m + 0.5*math.Log(2*math.Pi*math.E*t.v) }
