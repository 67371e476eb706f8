package exact

import (
	"errors"
	"fmt"
	"math"
)

// sums returns the entropies of the sum of all terms but the last (-Inf for
// a single term) and of all terms, on the grid of step h.
func sums(terms []term, h float64, o Options, b *budget) (hPrev, hAll float64, err error) {
	tl := tailsFor(o.Tol, len(terms))
	g, err := gaussianGrid(terms[0], h, tl, o.MaxPoints)
	if err != nil {
		return 0, 0, err
	}
	nc := newNodeCache()
	return chain(g, terms[1:], func(g *grid, t term) (*grid, error) {
		return addTerm(g, t, tl, nc, o.MaxPoints, o.Workers, b)
	})
}

// chain adds the terms to g one by one and returns the entropies before the
// last addition (-Inf when there is none) and after it.
func chain[G interface{ entropy() float64 }, T any](g G, terms []T, add func(G, T) (G, error)) (hPrev, hAll float64, err error) {
	hPrev = math.Inf(-1)
	for k, t := range terms {
		if k == len(terms)-1 {
			hPrev = g.entropy()
		}
		if g, err = add(g, t); err != nil {
			return 0, 0, err
		}
	}
	return hPrev, g.entropy(), nil
}

// budget is the number of integrand evaluations a computation has left.
type budget struct{ left float64 }

// take reserves w evaluations; false (nothing taken) when fewer are left.
func (b *budget) take(w float64) bool {
	if w > b.left {
		return false
	}
	b.left -= w
	return true
}

// traceLevel, when set (by tests), sees every refinement level's values.
var traceLevel func(level int, h float64, v []float64)

// refine evaluates f on the levels h_L = h0/sqrt(2)^L (terms name the scales in errors),
// until two successive levels agree to o.Tol in every value (in the first,
// the information, alone when o.InfoOnly; from level o.MinLevel on), and
// returns the finer values with the difference of the first value as its
// error estimate, and converged = true; or, when three successive levels
// show the asymptotic rate (the last difference at most 1/rateMin of the one
// before) and the last difference is below (rateMin-1) o.Tol, the finer
// values with 1/(rateMin-1) of that difference as the estimate. When the
// grid or work limit stops it first, the last pair is returned with
// converged = false; when not even two levels fit, the error says what the
// case needs.
func refine(h0 float64, terms []term, o Options, f func(h float64, b *budget) ([]float64, error)) (v []float64, est float64, converged bool, err error) {
	b := &budget{left: o.MaxWork}
	var prev, cur []float64
	est = math.Inf(1)
	lastDiff := math.Inf(1) // the previous pair's largest difference
	for level := 0; level <= 80; level++ {
		h := h0 * math.Pow(math.Sqrt2, -float64(level))
		v, err := f(h, b)
		if errors.Is(err, errTooCoarse) {
			prev, lastDiff = nil, math.Inf(1)
			continue
		}
		if errors.Is(err, errTooFine) {
			break
		}
		if err != nil {
			return nil, 0, false, err
		}
		if traceLevel != nil {
			traceLevel(level, h, v)
		}
		if prev != nil {
			diff := 0.0
			for i := range v {
				if i == 0 || !o.InfoOnly {
					diff = math.Max(diff, math.Abs(v[i]-prev[i]))
				}
			}
			cur, est = v, math.Abs(v[0]-prev[0])
			if level >= o.MinLevel && diff <= o.Tol {
				return cur, est, true, nil
			}
			// In the asymptotic regime the error falls by rateMin or more
			// per level, so the finer level's error is at most
			// diff/(rateMin-1). Accepted when the fall observed over three
			// levels confirms that rate (a fall observed once, before the
			// asymptotic regime, can be far faster than the one that follows).
			if level >= o.MinLevel && !math.IsInf(lastDiff, 1) && diff <= lastDiff/rateMin && diff/(rateMin-1) <= o.Tol {
				return cur, est / (rateMin - 1), true, nil
			}
			lastDiff = diff
		}
		prev = v
	}
	if cur == nil {
		lo, hi := math.Inf(1), 0.0
		for _, t := range terms {
			lo, hi = math.Min(lo, math.Sqrt(t.v)), math.Max(hi, math.Sqrt(t.v))
		}
		return nil, 0, false, fmt.Errorf("exact: log-variances %.3g to %.3g (log-sd ratio %.3g): a grid step of %.3g "+
			"over a range of %.3g needs more than %d points per grid or %.3g integrand evaluations "+
			"(Options.MaxPoints, Options.MaxWork): %w", lo*lo, hi*hi, hi/lo, h0, 2*cut*hi, o.MaxPoints, o.MaxWork, ErrLimit)
	}
	return cur, est, false, nil
}

// rateMin is the slowest fall of the error per refinement level (a factor
// sqrt(2) in h) that refine assumes in the asymptotic regime: the
// interpolation is O(h^8) (16 per level) and the trapezoidal rule faster,
// but over 20-50 terms the measured falls are 9 to 14 per level (about
// h^6.5-h^7.5; TestErrorEstimateManyTerms), so 8 (h^6) with a margin.
const rateMin = 8

// step0 is the coarsest grid step: half the smallest of the terms' and the
// partial sums' log-scale (Fenton–Wilkinson), at most 1.
func step0(terms []term) float64 {
	s := math.Inf(1)
	for k, t := range terms {
		s = math.Min(s, math.Sqrt(t.v))
		if k > 0 {
			s = math.Min(s, fwSigma(terms[:k+1]))
		}
	}
	return math.Min(s/2, 1)
}

// fwSigma is the Fenton–Wilkinson log-standard-deviation of the sum of the
// terms: sqrt(ln(1 + Var/E^2)), in log space (ln(e^v - 1) without overflow).
func fwSigma(terms []term) float64 {
	num, den := math.Inf(-1), math.Inf(-1)
	for _, t := range terms {
		num = logAddExp(num, 2*t.m+t.v+lnExpm1(t.v))
		den = logAddExp(den, t.m+t.v/2)
	}
	return math.Sqrt(softplus(num - 2*den))
}

// lnExpm1 returns ln(e^x - 1) for x > 0 without overflow.
func lnExpm1(x float64) float64 {
	if x > 1 {
		return x + math.Log(-math.Expm1(-x))
	}
	return math.Log(math.Expm1(x))
}

// sumEntropy returns the differential entropy of the sum of the terms
// (-Inf for none), its error estimate and whether it converged.
func sumEntropy(terms []term, o Options) (float64, float64, bool, error) {
	terms = dropNegligible(terms)
	switch len(terms) {
	case 0:
		return math.Inf(-1), 0, true, nil
	case 1:
		return terms[0].entropy(), 0, true, nil
	}
	c, _ := span(terms)
	if err := checkRange(terms, c, o); err != nil {
		return 0, 0, false, err
	}
	shifted := make([]term, len(terms))
	for k, t := range terms {
		shifted[k] = term{t.m - c, t.v}
	}
	sortWideFirst(shifted)
	v, est, conv, err := refine(step0(shifted), shifted, o, func(h float64, b *budget) ([]float64, error) {
		_, hw, err := sums(shifted, h, o, b)
		return []float64{hw}, err
	})
	if err != nil {
		return 0, 0, false, err
	}
	return v[0] + c, est, conv, nil
}
