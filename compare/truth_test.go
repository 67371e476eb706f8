package compare

import (
	"math"
	"testing"

	"github.com/syninfo/syninfo/analytic"
	"github.com/syninfo/syninfo/empirical"
	"github.com/syninfo/syninfo/exact"
	"github.com/syninfo/syninfo/knn"
	"github.com/syninfo/syninfo/model"
	"github.com/syninfo/syninfo/num"
	"github.com/syninfo/syninfo/simsets"
)

// TestDriftPowerLaw: estimates following H(M) = H∞ + c·M^(−α) exactly are
// extrapolated to H∞ (α recovered from the nested differences), for rates
// inside [2/d, 2]; at the slowest rate the truth is flagged unsettled.
func TestDriftPowerLaw(t *testing.T) {
	const hInf, m = 1.5, 20000.0
	for _, c := range []struct {
		c, alpha float64
		dim      int
		settled  bool
	}{
		{-3, 0.5, 10, true}, {2, 1, 6, true}, {-40, 0.3, 12, true}, {5, 1.7, 3, true}, {-1, 0.15, 10, false},
	} {
		h := make([]float64, 3)
		for r := range h {
			h[r] = hInf + c.c*math.Pow(m/math.Exp2(float64(r)), -c.alpha)
		}
		v, bias, noise, extrap, settled := Drift(h, 1e-8, c.dim)
		if !c.settled { // the rate is below 2/d: no extrapolation, the
			// bias is the correction at 2/d
			d1, d2 := h[0]-h[1], h[1]-h[2]
			wantBias := math.Max(math.Abs(d1), math.Abs(d2)) / (math.Exp2(2/float64(c.dim)) - 1)
			if v != h[0] || extrap || settled || math.Abs(bias-wantBias) > 1e-12 {
				t.Errorf("c=%v α=%v: value %v extrapolated %v settled %v bias %v, want %v, bias %v", c.c, c.alpha, v, extrap, settled, bias, h[0], wantBias)
			}
			continue
		}
		if !extrap || math.Abs(v-hInf) > 1e-9 {
			t.Errorf("c=%v α=%v: value %v (extrapolated %v), want %v", c.c, c.alpha, v, extrap, hInf)
		}
		wantBias := math.Abs(hInf-h[0]) / 2
		if settled != c.settled || math.Abs(bias-wantBias) > 1e-9 || !(noise > 0) {
			t.Errorf("c=%v α=%v: settled %v bias %v noise %v, want %v, %v", c.c, c.alpha, settled, bias, noise, c.settled, wantBias)
		}
	}
}

// TestDriftNoise: without a significant drift the value stays H_0 and the
// bias is the drift the nested estimates show; a drift that does not
// shrink with M leaves the truth unsettled with the slowest-rate bias.
func TestDriftNoise(t *testing.T) {
	v, bias, _, extrap, settled := Drift([]float64{1.00, 1.01, 0.98}, 0.01, 4)
	if v != 1 || extrap || !settled || math.Abs(bias-0.015) > 1e-12 {
		t.Errorf("noise: %v %v %v %v", v, bias, extrap, settled)
	}
	// A steady sub-threshold drift: bias |d1| + |d2|.
	if _, bias, _, _, settled := Drift([]float64{1.02, 1.00, 0.99}, 0.01, 4); !settled || math.Abs(bias-0.03) > 1e-12 {
		t.Errorf("steady drift: bias %v settled %v, want 0.03", bias, settled)
	}
	// Tiny information: SE far below the scatter of the nested estimates.
	v, bias, _, extrap, settled = Drift([]float64{-1.1e-4, -2.7e-4, -1.3e-4}, 4.7e-6, 1)
	if v != -1.1e-4 || extrap || settled || bias < 1.1e-4 {
		t.Errorf("tiny: %v bias %v extrap %v settled %v; want the scatter in the bias", v, bias, extrap, settled)
	}
	// Growing drift (|d2| < |d1|): not settled.
	v, bias, _, extrap, settled = Drift([]float64{1.3, 1.1, 1.0}, 0.01, 8)
	want := 0.2 / (math.Exp2(0.25) - 1)
	if v != 1.3 || extrap || settled || math.Abs(bias-want) > 1e-12 {
		t.Errorf("growing drift: %v %v %v %v, want bias %v", v, bias, extrap, settled, want)
	}
}

// TestVerdict: an exact reference is judged with the tolerance and no z;
// a statistical one with RealSigmas (2) uncertainties and z = error/uncertainty.
func TestVerdict(t *testing.T) {
	ex := Truth{Method: "exact", MINats: 0.5, SE: 1e-15, Uncertainty: 1e-15, Tolerance: Tolerance}
	if e := verdict(0.5+5e-7, ex); e.Real || e.Z.Valid() {
		t.Errorf("5e-7 against exact: real %v z %v", e.Real, e.Z)
	}
	if e := verdict(0.5-2e-6, ex); !e.Real || e.Z.Valid() || float64(e.Signed) > 0 || float64(e.Abs) != -float64(e.Signed) {
		t.Errorf("-2e-6 against exact: %+v", e)
	}
	st := Truth{Method: "wkl-white", MINats: 2, SE: 0.01, Uncertainty: 0.05, Tolerance: Tolerance}
	if e := verdict(2.09, st); e.Real || math.Abs(float64(e.Z)-1.8) > 1e-9 || math.Abs(float64(e.Rel)-0.045) > 1e-9 {
		t.Errorf("1.8 uncertainties: %+v", e)
	}
	if e := verdict(1.89, st); !e.Real {
		t.Errorf("-2.2 uncertainties not real: %+v", e)
	}
	if e := verdict(2.11, st); !e.Real {
		t.Errorf("+2.2 uncertainties not real: %+v", e)
	}
	if verdict(num.Float(math.NaN()), st) != nil || verdict(1, Truth{Infinite: true, MINats: num.Float(math.Inf(1))}) != nil {
		t.Error("verdict without a finite closed form or truth")
	}
}

// TestExactBlocks: synapses on disjoint neurons with Sigma zero across them
// get the exact reference (the sum over blocks), judged with the tolerance;
// a correlated ensemble of three gets the statistical truth.
func TestExactBlocks(t *testing.T) {
	c, err := simsets.Set1(6, 3, 1, 0, []model.Synapse{{0, 1}, {2, 3}, {4, 5}}, 0)
	if err != nil {
		t.Fatal(err)
	}
	r, err := Case(c, Options{})
	if err != nil {
		t.Fatal(err)
	}
	sum := 0.0
	for a := range c.Synapses {
		one := *c
		one.Synapses = c.Synapses[a : a+1]
		ex, err := exact.Singleton(&one, exact.Options{})
		if err != nil {
			t.Fatal(err)
		}
		sum += ex.MINats
	}
	if r.Truth.Method != "exact" || math.Abs(float64(r.Truth.MINats)-sum) > 1e-9 || r.Error == nil || r.Error.Z.Valid() {
		t.Errorf("truth %+v (sum of singletons %v), error %+v", r.Truth, sum, r.Error)
	}
	c3, _ := simsets.Set1(6, 3, 1, 0.3, []model.Synapse{{0, 1}, {0, 2}, {1, 2}}, 0)
	if r, err := Case(c3, Options{}); err != nil || r.Exact != nil || r.Truth.Method != "none" {
		t.Errorf("dependent triple: %+v, %v", r, err)
	}
}

// TestCrossCheck: a dependent case gets the other estimator's value, and
// the truth's uncertainty includes a disagreement beyond 2 uncertainties.
func TestCrossCheck(t *testing.T) {
	c, err := simsets.Set1(4, 3, math.Sqrt(0.5), 0, []model.Synapse{{0, 1}, {0, 2}, {1, 2}}, 0)
	if err != nil {
		t.Fatal(err)
	}
	r, err := Case(c, Options{Samples: 3000, Seed: 1, NoKSG: true})
	if err != nil {
		t.Fatal(err)
	}
	ed := r.EntropyDiff
	if ed == nil || ed.Cross == nil || ed.Cross.Method != "kl-white" || !ed.Cross.MINats.Valid() || len(ed.Nested) != 2 {
		t.Fatalf("entropy difference %+v", ed)
	}
	if r.Truth.Method != "wkl-white" || !(r.Truth.Uncertainty >= r.Truth.SE) {
		t.Errorf("truth %+v", r.Truth)
	}
	// Force a disagreement and recompute the truth.
	ed.Cross.MINats = ed.MINats + 10*r.Truth.Uncertainty
	a, err := analytic.Compute(c, analytic.Options{})
	if err != nil {
		t.Fatal(err)
	}
	tr := truth(a, r, "", c.Len())
	if tr.Settled || float64(tr.Uncertainty) < 10*float64(r.Truth.Uncertainty) {
		t.Errorf("disagreement of 10 uncertainties: %+v", tr)
	}
}

// TestSmallSamples: at M too small for the nested prefixes the truth has
// no uncertainty (null) and no error is called real, rather than failing.
func TestSmallSamples(t *testing.T) {
	c, err := simsets.Set1(6, 3, 1, 0.2, []model.Synapse{{0, 1}, {0, 2}, {1, 2}, {2, 3}, {3, 4}, {4, 5}, {0, 5}, {1, 4}}, 0)
	if err != nil {
		t.Fatal(err)
	}
	r, err := Case(c, Options{Samples: 40, Seed: 1, NoKSG: true, Blocks: 2})
	if err != nil {
		t.Fatal(err)
	}
	if r.Truth.Uncertainty.Valid() || r.Truth.Settled || (r.Error != nil && r.Error.Real) {
		t.Errorf("truth %+v error %+v", r.Truth, r.Error)
	}
}

// TestCrossFromSameSearch: the cross-check of a weighted truth, taken from
// the weighted estimator's own neighbour searches, is the unweighted
// estimate computed on its own, bit for bit (whitened, and unwhitened
// where whitening fails and compare falls back).
func TestCrossFromSameSearch(t *testing.T) {
	for _, tc := range []struct {
		n, k int
		syn  []model.Synapse
	}{
		{4, 3, []model.Synapse{{0, 1}, {0, 2}, {1, 2}}},
		{5, 4, []model.Synapse{{0, 1}, {1, 2}, {2, 3}, {3, 4}, {0, 4}}},
	} {
		c, err := simsets.Set1(tc.n, tc.k, math.Sqrt(0.5), 0.2, tc.syn, 0)
		if err != nil {
			t.Fatal(err)
		}
		o := Options{Samples: 2000, Seed: 3, CaseKey: 11, NoKSG: true}
		r, err := Case(c, o)
		if err != nil {
			t.Fatal(err)
		}
		if r.EntropyDiff == nil || r.EntropyDiff.Cross == nil {
			t.Fatalf("N=%d: no cross-check: %+v", tc.n, r.EntropyDiff)
		}
		s, err := empirical.New(c)
		if err != nil {
			t.Fatal(err)
		}
		d, err := s.Draw(o.Samples, o.Seed, o.CaseKey, empirical.Options{})
		if err != nil {
			t.Fatal(err)
		}
		alt, err := knn.ParseEstimator(r.EntropyDiff.Cross.Method)
		if err != nil {
			t.Fatal(err)
		}
		a, err := EntropyDiffWith(d, knn.Options{K: 3, Blocks: 1}, alt)
		if err != nil {
			t.Fatal(err)
		}
		if a.MINats != r.EntropyDiff.Cross.MINats {
			t.Errorf("N=%d: cross-check %v from the weighted search, %v computed alone", tc.n, float64(r.EntropyDiff.Cross.MINats), float64(a.MINats))
		}
	}
}
