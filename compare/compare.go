package compare

import (
	"errors"
	"fmt"
	"math"

	"github.com/syninfo/syninfo/analytic"
	"github.com/syninfo/syninfo/approx"
	"github.com/syninfo/syninfo/empirical"
	"github.com/syninfo/syninfo/exact"
	"github.com/syninfo/syninfo/knn"
	"github.com/syninfo/syninfo/model"
	"github.com/syninfo/syninfo/num"
)

// DefaultBlocks is the number of row blocks behind a standard error. With
// B blocks the standard error is itself estimated from B values, so a
// deviation of z standard errors is t-distributed with B−1 degrees of
// freedom: 25 blocks make "3 SE" mean P ≈ 0.6% (10 blocks: 1.5%).
const DefaultBlocks = 25

// Options tune Case. The zero value samples nothing (closed form and exact
// reference only); set Samples for the estimates.
type Options struct {
	// Samples is M, the number of draws of the network for the estimates;
	// 0 skips sampling (no entropy-difference or KSG estimate).
	Samples int
	// Seed and CaseKey name the random stream of the draws:
	// rng.New(Seed, CaseKey, chunk) inside empirical. Sweeps derive CaseKey
	// from the case id; syninfo compare uses the case's position.
	Seed, CaseKey uint64
	// K is the number of neighbours of the k-NN estimators (default 3).
	K int
	// Blocks is the number of disjoint row blocks of the standard errors
	// (default DefaultBlocks).
	Blocks int
	// NoKSG skips the direct KSG estimate (the slowest part for large n).
	NoKSG bool
	// Exact tunes the exact singleton reference.
	Exact exact.Options
	// Approximations names approximations (package approx: "corrected1",
	// …) to evaluate beside the closed form; when set, Result.Approximations
	// holds each of them and "fw", with its error against the truth.
	Approximations []string
	// Workers bounds the goroutines of the sampler; 0 means GOMAXPROCS.
	Workers int
}

// Statuses of the closed form, as in Analytic.Status.
const (
	StatusOK                  = "ok"
	StatusInfinite            = "infinite"
	StatusNotPositiveDefinite = "not_positive_definite"
)

// Analytic is the closed-form part of a Result.
type Analytic struct {
	Status            string    `json:"status"`
	MINats            num.Float `json:"mi_nats"`
	MIBits            num.Float `json:"mi_bits"`
	MinEigenvalue     num.Float `json:"min_eigenvalue"`
	MinEigenvalueRest num.Float `json:"min_eigenvalue_rest"`
	Dim               int       `json:"dim"`
	DimRest           int       `json:"dim_rest"`
}

// Exact is the exact singleton reference of a Result (n = 1 only).
type Exact struct {
	MINats        num.Float `json:"mi_nats"`
	ErrorEstimate num.Float `json:"error_estimate"`
	Status        string    `json:"status"`
}

// Truth is the best available value of the information: the exact
// reference for n = 1, the entropy-difference estimate otherwise, or +∞
// when the exact model is degenerate.
type Truth struct {
	// Source is "exact", "entropy_diff", "model" (decided by the exact
	// model: infinite by its rank, or 0 when pattern m's term is constant
	// on S), or "none" (nothing sampled).
	Source string `json:"source"`
	// MINats is the value (null when infinite or unknown), SE its standard
	// error (the exact reference's error estimate for "exact").
	MINats num.Float `json:"mi_nats"`
	SE     num.Float `json:"se"`
	// Infinite is true when the true information is +∞.
	Infinite bool `json:"infinite"`
}

// Error is the error of the closed form against the truth.
type Error struct {
	// Abs is I_FW − truth in nats, Rel = Abs/|truth|.
	Abs num.Float `json:"abs"`
	Rel num.Float `json:"rel"`
	// Z is Abs in standard errors of the truth (null when that is 0).
	Z num.Float `json:"z"`
}

// Result is the verdict on one case.
type Result struct {
	Analytic    Analytic  `json:"analytic"`
	Exact       *Exact    `json:"exact"`
	EntropyDiff *Estimate `json:"entropy_diff"`
	KSG         *Estimate `json:"ksg"`
	Truth       Truth     `json:"truth"`
	// Error is null when the closed form or the truth is not a finite number.
	Error *Error `json:"error"`
	// Approximations holds, when Options.Approximations asked for them, every
	// approximation by name ("fw" always), each with its error against Truth.
	Approximations map[string]*Approximation `json:"approximations,omitempty"`
}

// Approximation is one approximation of the information (package approx)
// beside the truth.
type Approximation struct {
	MINats num.Float `json:"mi_nats"`
	Status string    `json:"status"`
	// ErrorEstimate bounds its numerical error (not its error as an
	// approximation, which Error measures).
	ErrorEstimate num.Float `json:"error_estimate"`
	// Error is null when the approximation or the truth is not finite.
	Error *Error `json:"error"`
}

// Case computes the verdict on a valid case.
func Case(c *model.Case, o Options) (*Result, error) {
	a, err := analytic.Compute(c, analytic.Options{Workers: o.Workers})
	if err != nil {
		return nil, err
	}
	res := &Result{Analytic: Analytic{
		Status: string(a.Status), MINats: num.Float(a.MINats), MIBits: num.Float(a.MIBits()),
		MinEigenvalue: num.Float(a.MinEigenvalue), MinEigenvalueRest: num.Float(a.MinEigenvalueRest),
		Dim: a.Support.Dim, DimRest: a.Support.DimRest,
	}}
	if c.Len() == 1 {
		ex, err := exact.Singleton(c, o.Exact)
		switch {
		case errors.Is(err, exact.ErrLimit):
			// A valid case beyond the exact reference's limits: no exact
			// value; the sampled truth (if any) stands in.
		case err != nil:
			return nil, fmt.Errorf("exact reference: %w", err)
		default:
			res.Exact = &Exact{MINats: num.Float(ex.MINats), ErrorEstimate: num.Float(ex.ErrorEstimate), Status: ex.Status}
		}
	}
	if o.Samples > 0 {
		if err := estimate(c, o, res); err != nil {
			return nil, err
		}
	}
	res.Truth = truth(a, res)
	res.Error = errorAgainst(float64(res.Analytic.MINats), res.Truth)
	if len(o.Approximations) > 0 {
		res.Approximations = map[string]*Approximation{
			approx.FW: {MINats: res.Analytic.MINats, Status: res.Analytic.Status,
				ErrorEstimate: num.Float(a.ErrorBound), Error: res.Error},
		}
		for _, name := range o.Approximations {
			if name == approx.FW {
				continue
			}
			ap, err := approx.Compute(c, name, approx.Options{Workers: o.Workers, Analytic: analytic.Options{Workers: o.Workers}})
			if err != nil {
				return nil, fmt.Errorf("approximation %s: %w", name, err)
			}
			res.Approximations[name] = &Approximation{MINats: num.Float(ap.MINats), Status: ap.Status,
				ErrorEstimate: num.Float(ap.ErrorEstimate), Error: errorAgainst(ap.MINats, res.Truth)}
		}
	}
	return res, nil
}

// errorAgainst returns the error of v against the truth, or nil when either
// is not a finite number.
func errorAgainst(v float64, t Truth) *Error {
	if t.Infinite || !t.MINats.Valid() || math.IsNaN(v) || math.IsInf(v, 0) {
		return nil
	}
	abs := v - float64(t.MINats)
	e := &Error{Abs: num.Float(abs), Rel: num.Float(abs / math.Abs(float64(t.MINats))), Z: num.Float(math.NaN())}
	if t.SE > 0 {
		e.Z = num.Float(abs / float64(t.SE))
	}
	return e
}

func estimate(c *model.Case, o Options, res *Result) error {
	s, err := empirical.New(c)
	if err != nil {
		return err
	}
	d, err := s.Draw(o.Samples, o.Seed, o.CaseKey, empirical.Options{Workers: o.Workers})
	if err != nil {
		return err
	}
	blocks := o.Blocks
	if blocks == 0 {
		blocks = DefaultBlocks
	}
	ko := knn.Options{K: o.K, Blocks: blocks}
	if c.K() > 1 {
		ed, err := EntropyDiff(d, ko)
		if err != nil {
			return fmt.Errorf("entropy difference: %w", err)
		}
		res.EntropyDiff = &ed
	}
	if !o.NoKSG {
		mi, err := knn.MI(d.LogW, d.Synapses, d.LogX, d.Touched, ko)
		if err != nil {
			return fmt.Errorf("KSG: %w", err)
		}
		res.KSG = &Estimate{MINats: num.Float(mi.Value), SE: num.Float(mi.SE), Samples: mi.Samples}
	}
	return nil
}

func truth(a *analytic.Result, res *Result) Truth {
	switch {
	case a.Status == analytic.Infinite:
		return Truth{Source: "model", MINats: num.Float(math.Inf(1)), SE: 0, Infinite: true}
	case a.Status == analytic.Zero:
		// Pattern m's term is constant on S: W_S does not depend on X^(m).
		return Truth{Source: "model", MINats: 0, SE: 0}
	case res.Exact != nil:
		return Truth{Source: "exact", MINats: res.Exact.MINats, SE: res.Exact.ErrorEstimate,
			Infinite: math.IsInf(float64(res.Exact.MINats), 1)}
	case res.EntropyDiff != nil:
		return Truth{Source: "entropy_diff", MINats: res.EntropyDiff.MINats, SE: res.EntropyDiff.SE}
	}
	return Truth{Source: "none", MINats: num.Float(math.NaN()), SE: num.Float(math.NaN())}
}
