package exact

import (
	"fmt"
	"math"
	"testing"
)

// errorClassTerms: K terms of a pair with log-variances v1, v2 and
// correlation rho, log-means spread over [-1, 1] on each axis (in different
// orders) as in pairBenchTerms.
func errorClassTerms(K int, v1, v2, rho float64) ([][2]float64, [][3]float64) {
	ms1, _ := benchTerms(K, 1)
	ms := make([][2]float64, K)
	vs := make([][3]float64, K)
	for k := range ms {
		ms[k] = [2]float64{ms1[k], ms1[(k+3)%K]}
		vs[k] = [3]float64{v1, rho * math.Sqrt(v1*v2), v2}
	}
	return ms, vs
}

// TestPairErrorEstimate: over a class of pairs (K = 10-50, both shapes:
// correlations 0.5 as for two synapses sharing a neuron, weaker or
// negative for disjoint synapses with correlated patterns, 0.85 for
// strongly correlated patterns), the result at the tolerance corrections
// use (1e-4) lies within its ErrorEstimate of a far finer computation
// (tolerance 1e-6 or 1e-7) — the estimate bounds the actual error — and
// within the tolerance. All but two cases take minutes: -exact.long.
// Measured: errors 1.2e-7 to 1.3e-6 against estimates 2.2e-6 to 2e-5
// (docs/benchmarks/exact.md).
func TestPairErrorEstimate(t *testing.T) {
	t.Parallel()
	cases := []struct {
		K           int
		v1, v2, rho float64
		fineTol     float64
		long        bool
	}{
		{10, 2, 2, 0.5, 1e-6, false},
		{10, 1.5, 1, -0.4, 1e-6, false},
		{10, 1, 2, 0.2, 1e-7, true},
		{10, 1, 1, 0.85, 1e-7, true},
		{20, 2, 2, 0.5, 1e-6, true},
		{20, 4, 3, 0.7, 1e-6, true},
		{50, 1, 1, 0.5, 1e-6, true},
		{50, 2, 1.5, 0.2, 1e-6, true},
	}
	for _, c := range cases {
		t.Run(fmt.Sprintf("K=%d/v=%g,%g/rho=%g", c.K, c.v1, c.v2, c.rho), func(t *testing.T) {
			if c.long && !*long {
				t.Skip("the fine reference takes minutes here; run with -exact.long")
			}
			t.Parallel()
			ms, vs := errorClassTerms(c.K, c.v1, c.v2, c.rho)
			r, err := PairTerms(ms, vs, 0, Options{Tol: 1e-4})
			if err != nil || r.Status != StatusOK {
				t.Fatalf("tol 1e-4: %+v %v", r, err)
			}
			f, err := PairTerms(ms, vs, 0, Options{Tol: c.fineTol})
			if err != nil || f.Status != StatusOK {
				t.Fatalf("tol %g: %+v %v", c.fineTol, f, err)
			}
			d := math.Abs(r.MINats - f.MINats)
			if d > r.ErrorEstimate+f.ErrorEstimate || r.ErrorEstimate > 1e-4 {
				t.Errorf("MI %.10f (estimate %.2g), fine %.10f (estimate %.2g): error %.2g not within the estimate",
					r.MINats, r.ErrorEstimate, f.MINats, f.ErrorEstimate, d)
			}
			t.Logf("MI %.10f estimate %.2g, fine %.10f estimate %.2g, error %.2g", r.MINats, r.ErrorEstimate, f.MINats, f.ErrorEstimate, d)
		})
	}
}
