// Package approx owns the approximations of I(W_S; X^(m)) beyond the plain
// Fenton–Wilkinson closed form: the closed form with its singleton terms
// replaced by exact ones (first order, "corrected1"), and the names under
// which every approximation is asked for ("fw", "corrected1",
// "corrected2").
//
// The first-order correction rests on an exact decomposition. With
// U = ln W_S, h(W_S) = h(U) + E[Σ_a U_a] and h(U) = Σ_a h(U_a) − TC(U)
// (TC: total correlation), so the shift identity I = h(W_S) − h(W_S^(−m))
// gives
//
//	I(W_S; X^(m)) = Σ_a I(W_a; X^(m)) − [TC(U) − TC(U^(−m))].
//
// The closed form satisfies the same identity with its own parts (the
// marginal of its n-dimensional log-normal at synapse a is the univariate
// Fenton–Wilkinson log-normal of W_a), so it approximates both the singleton
// terms and the dependence term. Every singleton term is available exactly
// (package exact), which gives
//
//	I_corr1 = I_FW + Σ_a (I_exact(a) − I_FW(a)),
//
// exact for n = 1 by construction, and exact whenever the closed form's
// dependence term is. The second order ("corrected2") also replaces each
// pair's dependence term D(a,b) = I(a,b) − I(a) − I(b) by the exact pair's:
//
//	I_corr2 = I_corr1 + Σ_{a<b} (D_exact(a,b) − D_FW(a,b)),
//
// exact for n = 2 and for independent blocks of at most two synapses
// (docs/approximations.md).
package approx

import (
	"fmt"
	"math"

	"github.com/syninfo/syninfo/analytic"
	"github.com/syninfo/syninfo/exact"
	"github.com/syninfo/syninfo/model"
)

// The approximations, by name.
const (
	// FW is the Fenton–Wilkinson closed form (package analytic).
	FW = "fw"
	// Corrected1 is I_FW with its singleton terms replaced by exact ones.
	Corrected1 = "corrected1"
	// Corrected2 also corrects the dependence term with exact pair terms.
	Corrected2 = "corrected2"
)

// Names lists the approximations in order of refinement.
var Names = []string{FW, Corrected1, Corrected2}

// DefaultTol is the accuracy asked of each exact singleton term (nats): a
// correction needs about 1e-4, not the 1e-6 of the reference itself.
const DefaultTol = 1e-4

// Options tune Compute. The zero value gives the defaults.
type Options struct {
	// Tol is the accuracy of each exact singleton term (default DefaultTol).
	Tol float64
	// Analytic tunes the closed form.
	Analytic analytic.Options
	// Workers is passed to the exact reference (0: GOMAXPROCS).
	Workers int
}

// Result is one approximation of one case.
type Result struct {
	// Name is the approximation (FW, Corrected1, ...).
	Name string
	// MINats is the approximation in nats (NaN when it has no value).
	MINats float64
	// Status is the closed form's status (analytic.Status) with one more
	// reason for a corrected form to fail: "singleton_not_converged" when
	// an exact singleton term did not reach its tolerance.
	Status string
	// ErrorEstimate bounds the numerical error of MINats: the closed form's
	// error bound plus the exact terms' error estimates.
	ErrorEstimate float64
	// Singletons are the per-synapse terms (Corrected1, Corrected2):
	// I_exact(a) and I_FW(a).
	Singletons []Singleton
	// Pairs counts the pairs whose dependence term Corrected2 corrected
	// (pairs of independent synapses need none).
	Pairs int
	// Closed is the closed form of the whole case that the approximation
	// starts from (its eigenvalues, conditioning and dimensions).
	Closed *analytic.Result
}

// Singleton is the pair of singleton terms of synapse a.
type Singleton struct {
	Exact, FW float64
}

// Statuses a corrected form adds to the closed form's.
const (
	// StatusSingletonNotConverged: an exact singleton term did not reach
	// its tolerance.
	StatusSingletonNotConverged = "singleton_not_converged"
	// StatusPairNotConverged: an exact pair term did not reach its
	// tolerance.
	StatusPairNotConverged = "pair_not_converged"
	// StatusPairNotAvailable: the exact pair reference cannot compute a
	// pair of this case (e.g. a singular 2×2 log-covariance of a term), or
	// the closed form of a pair has no value; MINats is NaN.
	StatusPairNotAvailable = "pair_not_available"
)

// Compute evaluates the approximation name for the case.
func Compute(c *model.Case, name string, o Options) (*Result, error) {
	switch name {
	case FW:
		r, err := analytic.Compute(c, o.Analytic)
		if err != nil {
			return nil, err
		}
		return &Result{Name: FW, MINats: r.MINats, Status: string(r.Status), ErrorEstimate: r.ErrorBound, Closed: r}, nil
	case Corrected1:
		return corrected1(c, o)
	case Corrected2:
		return corrected2(c, o)
	}
	return nil, fmt.Errorf("approximation %q: unknown (want one of fw, corrected1, corrected2)", name)
}

func corrected1(c *model.Case, o Options) (*Result, error) {
	if o.Tol <= 0 {
		o.Tol = DefaultTol
	}
	full, err := analytic.Compute(c, o.Analytic)
	if err != nil {
		return nil, err
	}
	res := &Result{Name: Corrected1, MINats: math.NaN(), Status: string(full.Status), ErrorEstimate: math.NaN(), Closed: full}
	if math.IsNaN(full.MINats) {
		return res, nil
	}
	ao := o.Analytic
	ao.Validated = true
	ao.Eigenvalues = analytic.EigenNever
	corr, errSum := 0.0, full.ErrorBound
	converged := true
	single := *c
	K := c.K()
	ms, vs := make([]float64, K), make([]float64, K)
	for a := range c.Synapses {
		single.Synapses = c.Synapses[a : a+1]
		fw, err := analytic.Compute(&single, ao)
		if err != nil {
			return nil, err
		}
		for k := 0; k < K; k++ {
			ms[k] = c.LogMean(k)[a]
			vs[k] = c.LogCovAt(k, a, a)
		}
		// Only the information enters the correction: convergence is
		// judged on it alone (exact.Options.InfoOnly).
		ex, err := exact.SingletonTerms(ms, vs, c.Pattern, exact.Options{Tol: o.Tol, Workers: o.Workers, InfoOnly: true})
		if err != nil {
			return nil, fmt.Errorf("synapse %d: exact singleton: %w", a, err)
		}
		res.Singletons = append(res.Singletons, Singleton{Exact: ex.MINats, FW: fw.MINats})
		if ex.Status != exact.StatusOK || math.IsNaN(fw.MINats) {
			// An infinite singleton makes the ensemble infinite too; the
			// closed form's status has said so already.
			corr = math.NaN()
			continue
		}
		if !(ex.ErrorEstimate <= o.Tol) {
			converged = false
		}
		corr += ex.MINats - fw.MINats
		errSum += ex.ErrorEstimate + fw.ErrorBound
	}
	res.MINats = full.MINats + corr
	res.ErrorEstimate = errSum
	if !converged && res.Status == string(analytic.OK) {
		res.Status = StatusSingletonNotConverged
	}
	return res, nil
}

// corrected2 adds to corrected1, for every pair of dependent synapses
// (V_k[a,b] ≠ 0 for some k), the exact pair dependence term minus the
// closed form's: D(a,b) = I(a,b) − I(a) − I(b).
func corrected2(c *model.Case, o Options) (*Result, error) {
	res, err := corrected1(c, o)
	if err != nil {
		return nil, err
	}
	res.Name = Corrected2
	if math.IsNaN(res.MINats) {
		return res, nil
	}
	if o.Tol <= 0 {
		o.Tol = DefaultTol
	}
	ao := o.Analytic
	ao.Validated = true
	ao.Eigenvalues = analytic.EigenNever
	sub := *c
	pair := make([]model.Synapse, 2)
	sub.Synapses = pair
	corr, errSum := 0.0, 0.0
	for a := 0; a < c.Len(); a++ {
		for b := a + 1; b < c.Len(); b++ {
			if independent(c, a, b) {
				continue // D = 0 exactly, and so is the closed form's
			}
			pair[0], pair[1] = c.Synapses[a], c.Synapses[b]
			fw, err := analytic.Compute(&sub, ao)
			if err != nil {
				return nil, err
			}
			ex, err := exact.Pair(&sub, exact.Options{Tol: o.Tol, Workers: o.Workers})
			if err != nil || math.IsNaN(fw.MINats) || ex.Status == exact.StatusInfinite {
				res.MINats, res.Status = math.NaN(), StatusPairNotAvailable
				return res, nil
			}
			if ex.Status != exact.StatusOK || !(ex.ErrorEstimate <= o.Tol) {
				if res.Status == string(analytic.OK) {
					res.Status = StatusPairNotConverged
				}
			}
			sa, sb := res.Singletons[a], res.Singletons[b]
			corr += (ex.MINats - sa.Exact - sb.Exact) - (fw.MINats - sa.FW - sb.FW)
			errSum += ex.ErrorEstimate + fw.ErrorBound
			res.Pairs++
		}
	}
	res.MINats += corr
	res.ErrorEstimate += errSum
	return res, nil
}

// independent reports whether synapses a and b have V_k[a,b] = 0 for every
// pattern: their log-weights are then uncorrelated Gaussians, hence
// independent, and their pair adds no dependence.
func independent(c *model.Case, a, b int) bool {
	for k := range c.Patterns {
		if c.LogCovAt(k, a, b) != 0 {
			return false
		}
	}
	return true
}
