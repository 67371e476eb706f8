package compare

import (
	"errors"
	"math"

	"github.com/syninfo/syninfo/exact"
	"github.com/syninfo/syninfo/model"
	"github.com/syninfo/syninfo/num"
)

// Tolerance is the error, in nats, below which the closed form is never
// called wrong: a deterministic reference is compared with a tolerance,
// not in units of its (rounding-level) error estimate.
const Tolerance = 1e-6

// RealSigmas is the number of uncertainties beyond which an error of the
// closed form against the truth is called real. The uncertainty is
// conservative (in the coverage study 84–91% of truths lie within one
// uncertainty of the reference, ≥ 99% within two), so two uncertainties
// keep false "real" verdicts rare without hiding errors the truth resolves.
const RealSigmas = 2

// Truth is the best available value of the information with its one-sigma
// uncertainty: the exact reference (n = 1, n = 2, or independent blocks
// of one or two synapses), the bias-reduced entropy-difference estimate otherwise, or +∞
// when the exact model is degenerate.
type Truth struct {
	// Method is "exact" (the exact reference: n = 1, n = 2, or synapses
	// in independent blocks of one or two), the estimator's name for an
	// entropy-difference estimate ("wkl-white", "kl-white", "kl", "wkl"),
	// "model" (infinite by the model's rank) or "none" (nothing sampled).
	Method string `json:"method"`
	// MINats is the value (null when infinite or unknown).
	MINats num.Float `json:"mi_nats"`
	// SE is the variance part of the uncertainty (block standard error;
	// for exact references, the reference's own error estimate).
	SE num.Float `json:"se"`
	// Bias is the estimated remaining bias (0 for exact references), from
	// the drift of the estimate over nested subsamples M, M/2, M/4.
	Bias num.Float `json:"bias"`
	// Uncertainty is the combined one-sigma uncertainty,
	// √(SE² + Bias² + the extrapolation's own noise²).
	Uncertainty num.Float `json:"uncertainty"`
	// Extrapolated is true when MINats is the estimate extrapolated to
	// M → ∞ from the nested subsamples rather than the estimate at M.
	Extrapolated bool `json:"extrapolated"`
	// Settled is false where the drift with M could not be bounded (it
	// does not shrink as the k-NN bias must) or the weighted and
	// unweighted estimators disagree by more than 2 uncertainties;
	// Uncertainty then includes the whole drift and the disagreement.
	Settled bool `json:"settled"`
	// Tolerance is the error, in nats, below which no error is real.
	Tolerance num.Float `json:"tolerance"`
	// Infinite is true when the true information is +∞.
	Infinite bool `json:"infinite"`
}

// Error is the error of the closed form against the truth.
type Error struct {
	// Signed is I_FW − truth in nats, Abs = |Signed|, Rel = Signed/truth.
	Signed num.Float `json:"signed"`
	Abs    num.Float `json:"abs"`
	Rel    num.Float `json:"rel"`
	// Real is true when Abs > max(Truth.Tolerance, RealSigmas·Truth.Uncertainty).
	Real bool `json:"real"`
	// Z is Signed/Truth.Uncertainty where the truth is statistical (null
	// for exact references, whose uncertainty is rounding).
	Z num.Float `json:"z"`
}

// verdict forms the error of the closed form cf against t, or nil when
// either is not a finite number.
func verdict(cf num.Float, t Truth) *Error {
	if t.Infinite || !t.MINats.Valid() || !cf.Valid() {
		return nil
	}
	s := float64(cf - t.MINats)
	e := &Error{Signed: num.Float(s), Abs: num.Float(math.Abs(s)),
		Rel: num.Float(s / float64(t.MINats)), Z: num.Float(math.NaN())}
	u := float64(t.Uncertainty)
	e.Real = math.Abs(s) > math.Max(float64(t.Tolerance), RealSigmas*u)
	if !isExact(t.Method) && u > 0 {
		e.Z = num.Float(s / u)
	}
	return e
}

func isExact(method string) bool { return method == "exact" }

// Drift is the bias part of an entropy-difference truth, worked out from
// the estimates H_0, H_1, H_2 on the nested prefixes of M, M/2 and M/4
// draws (same draws, so their differences carry little noise).
//
// A k-NN entropy estimate's bias falls as a power of the sample size,
// b(M) ≈ c·M^(−α), with α = 2/d for the leading term of the plain
// estimator in d dimensions and larger for the bias-reduced ones (and,
// measured, for whitened data). Then d_1 = H_0 − H_1 = −c M^(−α)(2^α − 1)
// and d_2 = H_1 − H_2 = 2^α d_1, so the remaining bias at M is
// b = −d_1/(2^α − 1) and H_∞ = H_0 + d_1/(2^α − 1).
//
//   - Drift detected and shrinking (|d_1| > 3 SE and |d_2| > 3√2 SE, same
//     sign, and α = log₂(d_2/d_1) ≥ 2/d): α is clipped to at most 2, the
//     value is extrapolated to H_∞; Bias is half the correction (the rate
//     is estimated, not known); its noise is SE/(2^α − 1).
//   - Drift not shrinking as the k-NN bias must (significant, with
//     α < 2/d, or |d_2| ≤ |d_1|, or signs differing with both
//     significant): not settled; the value stays H_0 and
//     Bias is max(|d_1|, |d_2|)·max(1, 1/(2^(2/d) − 1)): the correction at
//     the slowest rate, and never less than the drift itself.
//   - Otherwise (no significant drift) the value is H_0. Where d_1 and d_2
//     have the same sign (a drift too small to detect at one halving, but
//     steady) Bias is |d_1| + |d_2|, the remaining bias of a drift with
//     α ≈ 0.6; where they differ, max(|d_1|, |d_2|/2): the scatter the
//     data show at this M, whatever its source (for tiny informations the
//     nested estimates scatter far more than the block standard error
//     says, and this catches it).
func Drift(h []float64, se float64, dim int) (value, bias, noise float64, extrapolated, settled bool) {
	value, settled = h[0], true
	if len(h) < 3 || math.IsNaN(se) {
		return value, math.NaN(), 0, false, false
	}
	d1, d2 := h[0]-h[1], h[1]-h[2]
	aMin := 2 / float64(max(dim, 1))
	sig1 := math.Abs(d1) > 3*se
	sig2 := math.Abs(d2) > 3*math.Sqrt2*se
	shrinking := sig1 && sig2 && d1*d2 > 0 && math.Log2(d2/d1) >= aMin
	switch {
	case shrinking:
		a := math.Min(math.Log2(d2/d1), 2)
		corr := d1 / (math.Exp2(a) - 1)
		value, extrapolated = h[0]+corr, true
		bias, noise = math.Abs(corr)/2, se/(math.Exp2(a)-1)
	case sig1 && sig2 && d1*d2 > 0, sig1 && (math.Abs(d2) <= math.Abs(d1) || (sig2 && d1*d2 < 0)):
		settled = false
		bias = math.Max(math.Abs(d1), math.Abs(d2)) * math.Max(1, 1/(math.Exp2(aMin)-1))
	case d1*d2 > 0:
		bias = math.Abs(d1) + math.Abs(d2)
	default:
		bias = math.Max(math.Abs(d1), math.Abs(d2)/2)
	}
	return value, bias, noise, extrapolated, settled
}

// pairWork is the integrand evaluations (exact.Options.MaxWork) a verdict
// grants an exact reference of n ≥ 2 synapses when the caller set none:
// about 1–2 CPU-seconds, enough for pairs of a few patterns to 1e-6.
const pairWork = 5e7

// exactReference returns the exact reference of c where one exists
// (exact.Reference: n = 1, n = 2, and synapses in independent blocks of one
// or two, whose informations add), with method "exact"; nil when c has none.
func exactReference(c *model.Case, o exact.Options) (*Exact, string, error) {
	if c.Len() > 1 && o.MaxWork == 0 {
		// A pair reference costs seconds at K = 3 and minutes at K = 50;
		// within a verdict (sweeps, validate, paper) it gets a budget of
		// a few CPU-seconds, beyond which the sampled truth stands in.
		o.MaxWork = pairWork
	}
	r, err := exact.Reference(c, o)
	if errors.Is(err, exact.ErrUnsupported) || errors.Is(err, exact.ErrLimit) {
		// Not covered, or a valid case beyond the exact reference's
		// limits: no exact value; the sampled truth (if any) stands in.
		return nil, "", nil
	}
	if err != nil {
		return nil, "", err
	}
	return &Exact{MINats: num.Float(r.MINats), ErrorEstimate: num.Float(r.ErrorEstimate), Status: r.Status}, "exact", nil
}
