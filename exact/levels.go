package exact

import (
	"errors"
	"fmt"
	"math"
)

// sums returns the entropies of the sum of all terms but the last (-Inf for
// a single term) and of all terms, on the grid of step h.
func sums(terms []term, h float64, o Options) (hPrev, hAll float64, err error) {
	g, err := gaussianGrid(terms[0], h, o.MaxPoints)
	if err != nil {
		return 0, 0, err
	}
	hPrev = math.Inf(-1)
	for k, t := range terms[1:] {
		if k == len(terms)-2 {
			hPrev = g.entropy()
		}
		if g, err = addTerm(g, t, o.MaxPoints, o.Workers); err != nil {
			return 0, 0, err
		}
	}
	return hPrev, g.entropy(), nil
}

// traceLevel, when set (by tests), sees every refinement level's values.
var traceLevel func(level int, h float64, v []float64)

// refine evaluates f on the levels h_L = h0/sqrt(2)^L until two successive levels
// agree to o.Tol in every value (from level o.MinLevel on), and returns the
// finer values with the largest difference of the first value as its error
// estimate. When the grid limit stops it first, the last pair is returned.
func refine(h0 float64, o Options, f func(h float64) ([]float64, error)) ([]float64, float64, error) {
	var prev, cur []float64
	est := math.Inf(1)
	for level := 0; level <= 80; level++ {
		h := h0 * math.Pow(math.Sqrt2, -float64(level))
		v, err := f(h)
		if errors.Is(err, errTooCoarse) {
			prev = nil
			continue
		}
		if errors.Is(err, errTooFine) {
			break
		}
		if err != nil {
			return nil, 0, err
		}
		if traceLevel != nil {
			traceLevel(level, h, v)
		}
		if prev != nil {
			diff := 0.0
			for i := range v {
				diff = math.Max(diff, math.Abs(v[i]-prev[i]))
			}
			cur, est = v, math.Abs(v[0]-prev[0])
			if level >= o.MinLevel && diff <= o.Tol {
				return cur, est, nil
			}
		}
		prev = v
	}
	if cur == nil {
		return nil, 0, fmt.Errorf("exact: the terms' scales are too disparate for a grid of at most %d points "+
			"(narrowest log-sd %.3g); raise Options.MaxPoints", o.MaxPoints, h0*2)
	}
	return cur, est, nil
}

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
// terms: sqrt(ln(1 + Var/E^2)), in log space.
func fwSigma(terms []term) float64 {
	num, den := math.Inf(-1), math.Inf(-1)
	for _, t := range terms {
		num = logAddExp(num, 2*t.m+t.v+math.Log(math.Expm1(t.v)))
		den = logAddExp(den, t.m+t.v/2)
	}
	return math.Sqrt(softplus(num - 2*den))
}

// solve computes the information for non-constant rest terms and term tm.
func solve(rest []term, tm term, o Options) (Result, error) {
	terms := append(append([]term(nil), rest...), tm)
	v, est, err := refine(step0(terms), o, func(h float64) ([]float64, error) {
		hr, hw, err := sums(terms, h, o)
		return []float64{hw - hr, hw, hr}, err
	})
	if err != nil {
		return Result{}, err
	}
	return Result{MINats: v[0], ErrorEstimate: est, HW: v[1], HWRest: v[2], Status: StatusOK}, nil
}

// sumEntropy returns the differential entropy of the sum of the terms
// (-Inf for none).
func sumEntropy(terms []term, o Options) (float64, error) {
	switch len(terms) {
	case 0:
		return math.Inf(-1), nil
	case 1:
		return terms[0].entropy(), nil
	}
	v, _, err := refine(step0(terms), o, func(h float64) ([]float64, error) {
		_, hw, err := sums(terms, h, o)
		return []float64{hw}, err
	})
	if err != nil {
		return 0, err
	}
	return v[0], nil
}
