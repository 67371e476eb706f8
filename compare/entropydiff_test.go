package compare

import (
	"fmt"
	"math"
	"testing"

	"github.com/syninfo/syninfo/empirical"
	"github.com/syninfo/syninfo/exact"
	"github.com/syninfo/syninfo/knn"
	"github.com/syninfo/syninfo/model"
	"github.com/syninfo/syninfo/simsets"
)

// TestEntropyDiffMatchesExact: at M = 1e5 the entropy-difference estimate
// is within max(0.01 nats, 3 SE) of the exact singleton reference, across
// sigma² in [0.1, 3], rho and K in [2, 30]. The standard error comes from 25
// blocks, so |estimate − exact|/SE is t-distributed with 24 degrees of
// freedom: P(> 3) ≈ 0.6% per case, and among 18 independent cases one such
// excursion has probability ≈ 10%, two ≈ 0.5%. The test therefore allows
// at most one case beyond 3 SE (none beyond 4.5 SE, P ≈ 1e-4 per case) and
// still fails for a bias of half a standard error on all cases.
func TestEntropyDiffMatchesExact(t *testing.T) {
	if testing.Short() {
		t.Skip("M = 1e5 draws per case")
	}
	var worstZ float64
	beyond := 0
	for _, s2 := range []float64{0.1, 1, 3} {
		for _, rho := range []float64{0, 0.5} {
			for _, K := range []int{2, 10, 30} {
				c, err := simsets.Set1(20, K, math.Sqrt(s2), rho, []model.Synapse{{1, 2}}, 0)
				if err != nil {
					t.Fatal(err)
				}
				name := fmt.Sprintf("s2=%v rho=%v K=%d", s2, rho, K)
				ex, err := exact.Singleton(c, exact.Options{})
				if err != nil {
					t.Fatal(err)
				}
				r, err := Case(c, Options{Samples: 100000, Seed: 11, CaseKey: uint64(K), NoKSG: true})
				if err != nil {
					t.Fatal(err)
				}
				got, se := float64(r.EntropyDiff.MINats), float64(r.EntropyDiff.SE)
				diff := math.Abs(got - ex.MINats)
				worstZ = max(worstZ, diff/se)
				if diff > math.Max(0.01, 3*se) {
					beyond++
					t.Logf("%s: entropy difference %.5f ± %.5f, exact %.6f (%.2f SE)", name, got, se, ex.MINats, diff/se)
				}
				if diff > math.Max(0.01, 4.5*se) {
					t.Errorf("%s: entropy difference %.5f ± %.5f, exact %.6f", name, got, se, ex.MINats)
				}
			}
		}
	}
	t.Logf("largest |estimate − exact| / SE: %.2f; cases beyond max(0.01, 3 SE): %d of 18", worstZ, beyond)
	if beyond > 1 {
		t.Errorf("%d of 18 cases beyond max(0.01, 3 SE), want at most 1", beyond)
	}
}

// TestNestedFull: the estimate on all M rows that NestedEntropyDiff makes
// is EntropyDiffWith's value with blocks, bit for bit, for every
// estimator, so compare reuses it rather than making it twice.
func TestNestedFull(t *testing.T) {
	c, err := simsets.Set1(6, 3, 1, 0.3, []model.Synapse{{0, 1}, {0, 2}, {3, 4}}, 0)
	if err != nil {
		t.Fatal(err)
	}
	s, err := empirical.New(c)
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range []int{800, 3000} {
		d, err := s.Draw(m, 5, 9, empirical.Options{})
		if err != nil {
			t.Fatal(err)
		}
		for _, name := range []string{"kl", "kl-white", "wkl", "wkl-white"} {
			e, _ := knn.ParseEstimator(name)
			ed, err := EntropyDiffWith(d, knn.Options{K: 3, Blocks: 10}, e)
			if err != nil {
				t.Fatal(err)
			}
			nested, err := NestedEntropyDiff(d, knn.Options{K: 3, Blocks: 10}, e, 2)
			if err != nil {
				t.Fatal(err)
			}
			if nested[0] != float64(ed.MINats) {
				t.Errorf("M = %d, %s: nested[0] = %v, estimate %v", m, name, nested[0], float64(ed.MINats))
			}
		}
	}
}
