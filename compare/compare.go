package compare

import (
	"cmp"
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
	// Estimator names the entropy estimator of the entropy-difference
	// truth (knn.ParseEstimator: "wkl-white", "kl-white", "wkl", "kl");
	// "" means DefaultEstimator.
	Estimator string
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

// DefaultEstimator is the entropy estimator of the truth unless
// Options.Estimator says otherwise (docs/truth.md has the measurements
// behind the choice).
const DefaultEstimator = "wkl-white"

// Exact is the exact reference of a Result: the singleton (n = 1) or the
// sum of singletons over independent synapses.
type Exact struct {
	MINats        num.Float `json:"mi_nats"`
	ErrorEstimate num.Float `json:"error_estimate"`
	Status        string    `json:"status"`
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
	ex, method, err := exactReference(c, o.Exact)
	if err != nil {
		return nil, fmt.Errorf("exact reference: %w", err)
	}
	res.Exact = ex
	if o.Samples > 0 {
		if err := estimate(c, o, res); err != nil {
			return nil, err
		}
	}
	res.Truth = truth(a, res, method, c.Len())
	res.Error = verdict(res.Analytic.MINats, res.Truth)
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
				ErrorEstimate: num.Float(ap.ErrorEstimate), Error: verdict(num.Float(ap.MINats), res.Truth)}
		}
	}
	return res, nil
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
	name := o.Estimator
	if name == "" {
		name = DefaultEstimator
	}
	e, err := knn.ParseEstimator(name)
	if err != nil {
		return err
	}
	blocks := o.Blocks
	if blocks == 0 {
		// Each block needs more rows than the estimator's largest k (k_max
		// for the weighted one): at small M the default shrinks so that a
		// block holds at least 2(k + 1) rows.
		k := o.K
		if e.Weighted {
			k = max(k, cmp.Or(e.KMax, knn.DefaultKMax))
		}
		blocks = max(1, min(DefaultBlocks, o.Samples/(2*(k+1))))
	}
	ko := knn.Options{K: o.K, Blocks: blocks}
	if c.K() > 1 {
		ed, nested, plain, err := entropyDiffNested(d, ko, e)
		if err != nil && e.Whiten {
			// ln W_S or ln W_S^(-m) on a linear subspace (a degenerate
			// law, e.g. W_S^(-m) of K = 2 on fewer neurons than synapses):
			// no whitening; the estimate is then of an entropy of −∞.
			e.Whiten = false
			ed, nested, plain, err = entropyDiffNested(d, ko, e)
		}
		if err != nil {
			return fmt.Errorf("entropy difference: %w", err)
		}
		ed.Method = e.Name()
		for _, v := range nested[1:] {
			ed.Nested = append(ed.Nested, num.Float(v))
		}
		if res.Exact == nil && res.Analytic.Status != StatusInfinite {
			// The truth rests on this estimate: cross-check it with the
			// other bias reduction (weighted ↔ unweighted, same whitening).
			alt := knn.Estimator{Whiten: e.Whiten, Weighted: !e.Weighted}
			if e.Weighted && !math.IsNaN(plain) {
				// The unweighted estimate came with the weighted one's
				// neighbour search (same rows, same whitening).
				ed.Cross = &Cross{Method: alt.Name(), MINats: num.Float(plain)}
			} else {
				ao := ko
				ao.Blocks = 1
				a, err := EntropyDiffWith(d, ao, alt)
				if err != nil {
					return fmt.Errorf("entropy difference (%s): %w", alt.Name(), err)
				}
				ed.Cross = &Cross{Method: alt.Name(), MINats: a.MINats}
			}
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

// entropyDiffNested is the entropy-difference estimate with estimator e,
// its values on the nested prefixes of NestedLevels halvings, and (for a
// weighted e) the unweighted estimate from the same searches.
func entropyDiffNested(d *empirical.Draws, ko knn.Options, e knn.Estimator) (Estimate, []float64, float64, error) {
	ed, plain, err := entropyDiff(d, ko, e)
	if err != nil {
		return ed, nil, math.NaN(), err
	}
	nested, err := nestedEntropyDiff(d, ko, e, NestedLevels, float64(ed.MINats))
	return ed, nested, plain, err
}

// truth picks the truth of a result: the model's +∞, the exact reference
// (method "exact"), or the entropy-difference estimate
// with its bias worked out by Drift from the nested subsamples.
func truth(a *analytic.Result, res *Result, method string, dim int) Truth {
	nan := num.Float(math.NaN())
	tol := num.Float(Tolerance)
	switch {
	case a.Status == analytic.Infinite:
		return Truth{Method: "model", MINats: num.Float(math.Inf(1)), SE: 0, Bias: 0, Uncertainty: 0,
			Settled: true, Tolerance: tol, Infinite: true}
	case a.Status == analytic.Zero:
		// Pattern m's term is constant on S: W_S does not depend on X^(m).
		return Truth{Method: "model", MINats: 0, SE: 0, Bias: 0, Uncertainty: 0, Settled: true, Tolerance: tol}
	case res.Exact != nil:
		u := num.Float(math.Abs(float64(res.Exact.ErrorEstimate)))
		return Truth{Method: method, MINats: res.Exact.MINats, SE: u, Bias: 0, Uncertainty: u,
			Settled: true, Tolerance: tol, Infinite: math.IsInf(float64(res.Exact.MINats), 1)}
	case res.EntropyDiff != nil:
		return SampledTruth(res.EntropyDiff, dim)
	}
	return Truth{Method: "none", MINats: nan, SE: nan, Bias: nan, Uncertainty: nan, Tolerance: tol}
}

// SampledTruth is the truth an entropy-difference estimate ed of an
// information of dim synapses states: its value (extrapolated when the
// drift over the nested subsamples in ed.Nested allows, see Drift), the
// bias worked out from that drift, and, when ed carries a cross-check
// disagreeing by more than 2 uncertainties, that disagreement joined to
// the bias with the truth marked not settled. It is the truth of every
// case without an exact reference; the reports also form it where an
// exact reference exists, to check it against that reference.
func SampledTruth(ed *Estimate, dim int) Truth {
	h := []float64{float64(ed.MINats)}
	for _, v := range ed.Nested {
		h = append(h, float64(v))
	}
	se := float64(ed.SE)
	v, bias, noise, extrap, settled := Drift(h, se, dim)
	if ed.Cross != nil && ed.Cross.MINats.Valid() {
		// Estimators disagreeing by more than 2 uncertainties: the
		// disagreement joins the bias and the truth is not settled.
		if dis := math.Abs(float64(ed.Cross.MINats - ed.MINats)); dis > 2*math.Sqrt(se*se+bias*bias+noise*noise) {
			bias, settled = math.Hypot(bias, dis), false
		}
	}
	return Truth{Method: ed.Method, MINats: num.Float(v), SE: ed.SE, Bias: num.Float(bias),
		Uncertainty:  num.Float(math.Sqrt(se*se + bias*bias + noise*noise)),
		Extrapolated: extrap, Settled: settled, Tolerance: Tolerance}
}
