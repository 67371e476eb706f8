package analytic

import (
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"

	"github.com/syninfo/syninfo/internal/rng"
	"github.com/syninfo/syninfo/model"
	"github.com/syninfo/syninfo/simsets"
)

// The regimes of the closed form that double precision makes hard, each
// against the 320-bit evaluation of bigref_test.go. The rule a result must
// keep: a status that claims a value (ok) has it to Tolerance; a status
// that claims a breakdown (not_positive_definite) is one in exact
// arithmetic; anything double precision cannot settle is imprecise.

// bigOrSkip evaluates c in high precision, or reports false when the case
// leaves big.Float's exponent range (log-covariances beyond ~1e9).
func bigOrSkip(c *model.Case) (b bigResult, ok bool) {
	defer func() {
		if recover() != nil {
			ok = false
		}
	}()
	return bigClosedForm(c), true
}

// checkHonest applies the rule above and returns the result.
func checkHonest(t *testing.T, name string, c *model.Case) *Result {
	t.Helper()
	r, err := Compute(c, Options{Eigenvalues: EigenAlways})
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	b, ok := bigOrSkip(c)
	switch r.Status {
	case OK:
		if !ok {
			t.Errorf("%s: ok %.17g, but the case is beyond the high-precision reference", name, r.MINats)
			break
		}
		if !b.pd || !b.pdR {
			t.Errorf("%s: ok %.17g, but C or C' is not positive definite in high precision", name, r.MINats)
			break
		}
		if e := math.Abs(r.MINats - b.mi); e > Tolerance*max(1, math.Abs(b.mi)) {
			t.Errorf("%s: ok %.17g, high precision %.17g (error %.3g, bound %.3g)", name, r.MINats, b.mi, e, r.ErrorBound)
		} else if e > 10*r.ErrorBound+1e-15 {
			t.Errorf("%s: error %.3g exceeds 10× its bound %.3g", name, e, r.ErrorBound)
		}
	case NotPositiveDefinite:
		if ok && b.pd && b.pdR {
			t.Errorf("%s: not_positive_definite, but C and C' are positive definite in high precision (I = %.17g)", name, b.mi)
		}
	}
	return r
}

// pair2 is a pattern of two neurons with log-variance s and correlation rho.
func pair2(mu0, mu1, s, rho float64) model.Pattern {
	return model.Pattern{Mu: []float64{mu0, mu1}, Sigma: [][]float64{{s, rho * s}, {rho * s, s}}}
}

// TestOppositeSignSigma: per-pattern Sigma_k ≈ s·[[1, ρ], [ρ, 1]] with ρ
// near −1 and s up to 800 (exp(V) − 1 must not be formed as a product of
// the four expm1(Sigma) entries, which cancels catastrophically). n = 1, so
// the status is never not_positive_definite.
func TestOppositeSignSigma(t *testing.T) {
	for _, s := range []float64{20, 36, 40, 100, 300, 800} {
		for _, rho := range []float64{-0.99, -0.999, -0.9996} {
			c := &model.Case{Synapses: []model.Synapse{{0, 1}}}
			for k := 0; k < 3; k++ {
				c.Patterns = append(c.Patterns, pair2(0, 0, s*(1+0.01*float64(k)), rho))
			}
			name := fmt.Sprintf("s=%v rho=%v", s, rho)
			if r := checkHonest(t, name, c); r.Status != OK {
				t.Errorf("%s: status %s (%v, bound %.3g), want ok", name, r.Status, r.MINats, r.ErrorBound)
			}
		}
	}
	// Sigma_ii = 800, Sigma_ij = −799.7 (V = 0.6).
	c := &model.Case{Synapses: []model.Synapse{{0, 1}}}
	for k := 0; k < 3; k++ {
		v := 800 + float64(k)
		c.Patterns = append(c.Patterns, model.Pattern{Mu: []float64{0, 0}, Sigma: [][]float64{{v, -799.7}, {-799.7, v}}})
	}
	if r := checkHonest(t, "800/-799.7", c); r.Status != OK {
		t.Errorf("800/-799.7: status %s, want ok", r.Status)
	}
}

// TestDominantPattern: pattern m's term exceeds the rest by far more than
// e^709, by its mean or by its variance.
func TestDominantPattern(t *testing.T) {
	unit := [][]float64{{1, 0}, {0, 1}}
	tests := []struct {
		name string
		c    *model.Case
		want float64 // from the high-precision evaluation, rounded (a sanity check of the reference)
	}{
		{"mu 400", &model.Case{Synapses: []model.Synapse{{0, 1}}, Patterns: []model.Pattern{
			{Mu: []float64{400, 400}, Sigma: unit}, {Mu: []float64{0, 0}, Sigma: unit}, {Mu: []float64{0, 0}, Sigma: unit}}}, 799.19},
		{"Sigma 800 I", &model.Case{Synapses: []model.Synapse{{0, 1}}, Patterns: []model.Pattern{
			{Mu: []float64{0, 0}, Sigma: [][]float64{{800, 0}, {0, 800}}}, {Mu: []float64{0, 0}, Sigma: unit}, {Mu: []float64{0, 0}, Sigma: unit}}}, math.NaN()},
	}
	for _, tt := range tests {
		r := checkHonest(t, tt.name, tt.c)
		if r.Status != OK {
			t.Errorf("%s: status %s (%v), want ok", tt.name, r.Status, r.MINats)
		}
		if !math.IsNaN(tt.want) && math.Abs(r.MINats-tt.want) > 0.01 {
			t.Errorf("%s: %v, want ≈ %v", tt.name, r.MINats, tt.want)
		}
	}
}

// TestExtremeScales: a common mu shift of 1e15 (the input's log-means are
// then known to ±0.0625 only), tiny (subnormal) and huge log-variances.
// Where double precision cannot represent the case the status says so; where
// it can, the value is right.
func TestExtremeScales(t *testing.T) {
	base := func(shift, scale float64) *model.Case {
		c := &model.Case{Synapses: []model.Synapse{{0, 1}}}
		for k := 0; k < 3; k++ {
			c.Patterns = append(c.Patterns, pair2(0.3*float64(k)+shift, -0.5*float64(k)+shift, scale*(1+0.1*float64(k)), 0.3))
		}
		return c
	}
	tests := []struct {
		name  string
		c     *model.Case
		wants Status
	}{
		{"shift 30", base(30, 1), OK},
		{"shift -30", base(-30, 1), OK},
		{"shift 1e15", base(1e15, 1), Imprecise},
		{"Sigma 1e-308", base(0, 1e-308), OK},
		{"Sigma 1e-300", base(0, 1e-300), OK},
		{"Sigma 1e16", base(0, 1e16), Imprecise},
		{"Sigma 1e6", base(0, 1e6), OK},
	}
	for _, tt := range tests {
		r := checkHonest(t, tt.name, tt.c)
		if r.Status != tt.wants {
			t.Errorf("%s: status %s (%v, bound %.3g), want %s", tt.name, r.Status, r.MINats, r.ErrorBound, tt.wants)
		}
	}
	// n > 1: tiny and huge scales through the equilibrated factorisation.
	r := rng.New(11)
	for _, scale := range []float64{1e-300, 1e-150, 1e-8, 1, 30} {
		c := randomCase(r, 6, 5, 6, false, scale)
		res := checkHonest(t, fmt.Sprintf("n=6 scale %g", scale), c)
		if res.Status != OK {
			t.Errorf("n=6 scale %g: status %s, want ok", scale, res.Status)
		}
	}
}

// TestLargeMeansNoFalseInfinite: Sigma = I on 5 neurons, 3 patterns, 8
// synapses, log-means up to ±19: the support of W_S^(-m) does not depend on
// the means when Sigma has full rank, so the dimensions are 8/8 at any
// scale of the means.
func TestLargeMeansNoFalseInfinite(t *testing.T) {
	syn := [][2]int{{0, 1}, {0, 2}, {0, 3}, {1, 2}, {1, 4}, {2, 3}, {2, 4}, {3, 4}}
	r := rng.New(3)
	for trial := 0; trial < 20; trial++ {
		mus := make([][]float64, 3)
		for k := range mus {
			mus[k] = make([]float64, 5)
			for i := range mus[k] {
				mus[k][i] = 2*r.Float64() - 1
			}
		}
		for _, scale := range []float64{0.05, 1, 19, 40} {
			c := &model.Case{Pattern: trial % 3}
			for _, s := range syn {
				c.Synapses = append(c.Synapses, model.Synapse{s[0], s[1]})
			}
			for k := 0; k < 3; k++ {
				mu := make([]float64, 5)
				for i := range mu {
					mu[i] = scale * mus[k][i]
				}
				c.Patterns = append(c.Patterns, model.Pattern{Mu: mu, Sigma: exchangeable(5, 1, 0)})
			}
			res := checkHonest(t, fmt.Sprintf("trial %d scale %v", trial, scale), c)
			if res.Support.Dim != 8 || res.Support.DimRest != 8 || res.Support.Ambiguous {
				t.Errorf("trial %d scale %v: dims %d/%d ambiguous %v, want 8/8", trial, scale, res.Support.Dim, res.Support.DimRest, res.Support.Ambiguous)
			}
			if res.Status == Infinite || res.Status == LowerDimensional {
				t.Errorf("trial %d scale %v: status %s", trial, scale, res.Status)
			}
		}
	}
}

// alternating returns s·vvᵀ with v_i = ±1 by the side of neuron i in a
// bipartite graph (side(i) = true: +1): log-fluctuations in the null space
// of the incidence matrix, so that X_i X_j is the same on every draw for
// every edge (i, j) between the sides.
func alternating(N int, s float64, side func(i int) bool) [][]float64 {
	sig := make([][]float64, N)
	for i := range sig {
		sig[i] = make([]float64, N)
		for j := range sig[i] {
			sig[i][j] = s
			if side(i) != side(j) {
				sig[i][j] = -s
			}
		}
	}
	return sig
}

// TestConstantOnS: patterns whose term is constant on S.
func TestConstantOnS(t *testing.T) {
	r := rng.New(5)
	randMu := func(N int) []float64 {
		mu := make([]float64, N)
		for i := range mu {
			mu[i] = 2*r.Float64() - 1
		}
		return mu
	}
	even := func(i int) bool { return i%2 == 0 }
	// Path graphs where every pattern but m is constant: W_S^(-m) is a
	// point, W_S is not: infinite.
	for trial := 0; trial < 15; trial++ {
		N := 3 + trial%5
		c := &model.Case{Pattern: trial % 3}
		for i := 0; i+1 < N; i++ {
			c.Synapses = append(c.Synapses, model.Synapse{i, i + 1})
		}
		for k := 0; k < 3; k++ {
			sig := alternating(N, 0.2+3*r.Float64(), even)
			if k == c.Pattern {
				sig = randomSigma(r, N, N, 1, 0.1)
			}
			c.Patterns = append(c.Patterns, model.Pattern{Mu: randMu(N), Sigma: sig})
		}
		res := checkHonest(t, fmt.Sprintf("path %d", trial), c)
		if res.Status != Infinite || res.Support.DimRest != 0 {
			t.Errorf("path %d: status %s dims %d/%d, want infinite with dim_rest 0", trial, res.Status, res.Support.Dim, res.Support.DimRest)
		}
	}
	// K_{4,4} with pattern m constant: the information is exactly 0.
	left := func(i int) bool { return i < 4 }
	for trial := 0; trial < 5; trial++ {
		c := &model.Case{Pattern: trial}
		for i := 0; i < 4; i++ {
			for j := 4; j < 8; j++ {
				c.Synapses = append(c.Synapses, model.Synapse{i, j})
			}
		}
		for k := 0; k < 20; k++ {
			sig := randomSigma(r, 8, 8, 1, 0.1)
			if k == c.Pattern {
				sig = alternating(8, 0.7, left)
			}
			c.Patterns = append(c.Patterns, model.Pattern{Mu: randMu(8), Sigma: sig})
		}
		if res := checkHonest(t, "K44", c); res.Status != Zero {
			t.Errorf("K44 %d: status %s dims %d/%d, want zero", trial, res.Status, res.Support.Dim, res.Support.DimRest)
		}
	}
	// A constant pattern m in a large ensemble on the count path: it adds
	// no direction.
	c := &model.Case{Pattern: 0}
	for i := 0; i < 40; i++ {
		for j := 40; j < 80; j++ {
			c.Synapses = append(c.Synapses, model.Synapse{i, j})
		}
	}
	half := func(i int) bool { return i < 40 }
	c.Patterns = append(c.Patterns, model.Pattern{Mu: make([]float64, 80), Sigma: alternating(80, 0.5, half)})
	for k := 0; k < 2; k++ {
		c.Patterns = append(c.Patterns, model.Pattern{Mu: randMu(80), Sigma: randomSigma(r, 80, 80, 1, 0.1)})
	}
	if res, _ := Compute(c, Options{Eigenvalues: EigenNever}); res.Status != Zero || res.Support.Dim != res.Support.DimRest {
		t.Errorf("n = 1600, pattern m constant: status %s dims %d/%d (%s), want zero with equal dims",
			res.Status, res.Support.Dim, res.Support.DimRest, res.Support.Method)
	}
}

// TestDegenerateTruths: the statuses the exact model decides.
func TestDegenerateTruths(t *testing.T) {
	tests := []struct {
		name string
		c    *model.Case
		want Status
	}{
		// K = 1 and W constant on S: the information is 0, not infinite.
		{"K=1 constant", &model.Case{Synapses: []model.Synapse{{0, 1}}, Patterns: []model.Pattern{pair2(0.3, 0, 1, -1)}}, Zero},
		{"K=1 zero Sigma", &model.Case{Synapses: []model.Synapse{{0, 1}}, Patterns: []model.Pattern{pair2(0.3, 0, 0, 0)}}, Zero},
		{"K=1", &model.Case{Synapses: []model.Synapse{{0, 1}}, Patterns: []model.Pattern{pair2(0.3, 0, 1, 0.2)}}, Infinite},
		// Pattern m deterministic on S, others not: 0 (the closed form says 0.2–0.3).
		{"m deterministic", &model.Case{Synapses: []model.Synapse{{0, 1}}, Patterns: []model.Pattern{
			pair2(0, 0, 0, 0), pair2(0.5, -0.2, 1, 0.1), pair2(0, 0.4, 0.7, 0.3)}}, Zero},
		// Every pattern has Sigma = s·11ᵀ (rank one, ln X_i − ln X_j fixed):
		// W_S and W_S^(-m) both live on sets of dimension 2 < n = 3.
		{"rank one", rankOneCase(), LowerDimensional},
	}
	for _, tt := range tests {
		r := checkHonest(t, tt.name, tt.c)
		if r.Status != tt.want {
			t.Errorf("%s: status %s (dims %d/%d, %v), want %s", tt.name, r.Status, r.Support.Dim, r.Support.DimRest, r.MINats, tt.want)
		}
	}
}

// rankOneCase: synapses (0,1), (2,3), (0,2) (n = 3) and K = 2 patterns
// with Sigma_k = 11ᵀ and the same log-mean: ln X^(k) = mu + z_k·1, so
// T^(k) = e^(A mu)·e^(2 z_k) moves along one fixed ray, W_S along the same
// ray, and W_S^(-m) too: dim = dim_rest = 1 < 3.
func rankOneCase() *model.Case {
	one := [][]float64{{1, 1, 1, 1}, {1, 1, 1, 1}, {1, 1, 1, 1}, {1, 1, 1, 1}}
	mu := []float64{0.1, -0.3, 0.2, 0.4}
	return &model.Case{Synapses: []model.Synapse{{0, 1}, {2, 3}, {0, 2}},
		Patterns: []model.Pattern{{Mu: mu, Sigma: one}, {Mu: mu, Sigma: one}}}
}

// TestPerPatternEqualsShared: with all Sigmas equal, the general
// per-pattern path gives the shared path's value to 1e-12, over random
// scaled cases with log-variances up to 800 and correlations down to
// −0.999 (two-neuron blocks, so that Sigma stays positive semi-definite).
func TestPerPatternEqualsShared(t *testing.T) {
	r := rng.New(12)
	checked := 0
	for trial := 0; trial < 300; trial++ {
		c := scaledCase(r, true)
		shared, err1 := Compute(c, Options{})
		per, err2 := Compute(c, Options{perPattern: true})
		if err1 != nil || err2 != nil {
			t.Fatal(err1, err2)
		}
		if shared.Status != per.Status {
			t.Errorf("trial %d: shared %s, per pattern %s", trial, shared.Status, per.Status)
			continue
		}
		if shared.Status != OK {
			continue
		}
		checked++
		if e := math.Abs(shared.MINats - per.MINats); e > 1e-12*max(1, math.Abs(shared.MINats)) {
			t.Errorf("trial %d (n=%d K=%d): shared %.17g, per pattern %.17g", trial, c.Len(), c.K(), shared.MINats, per.MINats)
		}
	}
	if checked < 150 {
		t.Errorf("only %d of 300 cases ok", checked)
	}
}

// scaledCase draws a case with log-variances log-uniform in [1e-3, 800],
// two-neuron blocks of correlation in [−0.999, 0.999] plus a weak full-rank
// coupling, means in [−3, 3], n ≤ 6 synapses, K ≤ 8 patterns.
func scaledCase(r *rand.Rand, shared bool) *model.Case {
	N := 2 * (1 + r.IntN(3))
	n := 1 + r.IntN(min(6, N*(N-1)/2))
	K := 2 + r.IntN(7)
	c := &model.Case{Synapses: randomSynapses(r, N, n), Pattern: r.IntN(K)}
	var sig [][]float64
	for k := 0; k < K; k++ {
		if k == 0 || !shared {
			s2 := math.Pow(10, -3+math.Log10(800/1e-3)*r.Float64())
			rho := -0.999 + 1.998*r.Float64()
			if r.IntN(3) == 0 {
				rho = -0.999
			}
			sig = make([][]float64, N)
			for i := range sig {
				sig[i] = make([]float64, N)
			}
			for b := 0; b < N; b += 2 {
				sig[b][b], sig[b+1][b+1] = s2, s2
				sig[b][b+1], sig[b+1][b] = rho*s2, rho*s2
			}
			for i := 0; i < N; i++ {
				sig[i][i] += 1e-3 * s2
			}
		}
		mu := make([]float64, N)
		for i := range mu {
			mu[i] = 6*r.Float64() - 3
		}
		c.Patterns = append(c.Patterns, model.Pattern{Mu: mu, Sigma: sig})
	}
	return c
}

// TestRandomScaledAgainstBig: the rule of checkHonest over random scaled
// cases with one Sigma per pattern, and n = 1 is never not_positive_definite.
func TestRandomScaledAgainstBig(t *testing.T) {
	r := rng.New(13)
	count := map[Status]int{}
	trials := 150
	if testing.Short() {
		trials = 40
	}
	for trial := 0; trial < trials; trial++ {
		c := scaledCase(r, r.IntN(4) == 0)
		if trial%3 == 0 {
			c.Synapses = c.Synapses[:1]
		}
		res := checkHonest(t, fmt.Sprintf("trial %d", trial), c)
		count[res.Status]++
		if c.Len() == 1 && res.Status == NotPositiveDefinite {
			t.Errorf("trial %d: n = 1 not_positive_definite", trial)
		}
	}
	t.Logf("statuses: %v", count)
	if count[OK] < trials/2 {
		t.Errorf("only %d of %d ok", count[OK], trials)
	}
}

// TestSingletonNeverNotPositiveDefinite: n = 1 (C = ln(1 + Var/E²) > 0) over
// wide ranges: K up to 50, log-variances 1e-6…800, correlations to −0.999,
// means ±30.
func TestSingletonNeverNotPositiveDefinite(t *testing.T) {
	r := rng.New(14)
	for trial := 0; trial < 2000; trial++ {
		K := 1 + r.IntN(50)
		c := &model.Case{Synapses: []model.Synapse{{0, 1}}, Pattern: r.IntN(K)}
		for k := 0; k < K; k++ {
			s := math.Pow(10, -6+math.Log10(800e6)*r.Float64())
			c.Patterns = append(c.Patterns, pair2(60*r.Float64()-30, 60*r.Float64()-30, s, -0.999+1.998*r.Float64()))
		}
		res, err := Compute(c, Options{})
		if err != nil {
			t.Fatal(err)
		}
		if res.Status == NotPositiveDefinite || (K > 1 && res.Status != OK) {
			t.Errorf("trial %d (K=%d): status %s %v bound %.3g", trial, K, res.Status, res.MINats, res.ErrorBound)
		}
	}
}

// TestMeanShiftInvariance: shifting every log-mean by the same s (|s| ≤ 30)
// changes neither status nor value (beyond the rounding of mu + s) when the
// Sigmas have full rank.
func TestMeanShiftInvariance(t *testing.T) {
	r := rng.New(15)
	for trial := 0; trial < 100; trial++ {
		N := 3 + r.IntN(5)
		c := randomCase(r, N, 2+r.IntN(10), 1+r.IntN(min(8, N*(N-1)/2)), trial%2 == 0, math.Pow(10, -2+3*r.Float64()))
		base, _ := Compute(c, Options{})
		for _, s := range []float64{-30, -7.5, 0.3, 12, 30} {
			d := *c
			d.Patterns = make([]model.Pattern, len(c.Patterns))
			for k, p := range c.Patterns {
				mu := make([]float64, len(p.Mu))
				for i := range mu {
					mu[i] = p.Mu[i] + s
				}
				d.Patterns[k] = model.Pattern{Mu: mu, Sigma: p.Sigma}
			}
			got, _ := Compute(&d, Options{})
			if got.Status != base.Status || got.Support != base.Support {
				t.Errorf("trial %d shift %v: %s %+v, unshifted %s %+v", trial, s, got.Status, got.Support, base.Status, base.Support)
			}
			if base.Status == OK && math.Abs(got.MINats-base.MINats) > 1e-9*max(1, math.Abs(base.MINats)) {
				t.Errorf("trial %d shift %v: %.17g, unshifted %.17g", trial, s, got.MINats, base.MINats)
			}
		}
	}
}

// TestNearlySingular: a dominant pattern m on an even cycle (whose
// incidence matrix has rank n − 1): W_S is nearly T^(m), which lives on an
// (n−1)-dimensional set, so C approaches singularity as pattern m's mean
// grows. Every value reported ok is right to Tolerance, the condition
// number grows, and the cases double precision cannot settle say imprecise.
func TestNearlySingular(t *testing.T) {
	r := rng.New(16)
	count := map[Status]int{}
	lastCond := 0.0
	for _, shift := range []float64{0, 1, 2, 3, 4, 5, 6, 8, 10, 12, 15} {
		c := &model.Case{Synapses: []model.Synapse{{0, 1}, {1, 2}, {2, 3}, {3, 0}}}
		for k := 0; k < 4; k++ {
			mu := make([]float64, 4)
			for i := range mu {
				mu[i] = 0.3 * r.NormFloat64()
				if k == 0 {
					mu[i] += shift
				}
			}
			c.Patterns = append(c.Patterns, model.Pattern{Mu: mu, Sigma: randomSigma(r, 4, 4, 0.5, 0.05)})
		}
		res := checkHonest(t, fmt.Sprintf("shift %v", shift), c)
		count[res.Status]++
		if res.Status == OK {
			if !(res.Condition > 0) {
				t.Errorf("shift %v: condition %v", shift, res.Condition)
			}
			lastCond = res.Condition
		}
	}
	t.Logf("statuses %v, condition at the last ok %.3g", count, lastCond)
	if count[OK] == 0 || lastCond < 1e3 {
		t.Errorf("want ok cases up to a large condition number, got %v and %.3g", count, lastCond)
	}
}

// TestStatusExamples: examples/statuses.jsonl holds one case per status,
// named by its id (docs/statuses.md shows the output).
func TestStatusExamples(t *testing.T) {
	f, err := os.Open(filepath.Join("..", "examples", "statuses.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	cases, err := model.ReadAll(f)
	if err != nil {
		t.Fatal(err)
	}
	seen := map[Status]bool{}
	for _, c := range cases {
		r := checkHonest(t, c.ID, c)
		if string(r.Status) != c.ID {
			t.Errorf("%s: status %s", c.ID, r.Status)
		}
		seen[r.Status] = true
	}
	for _, s := range []Status{Zero, Infinite, LowerDimensional, Imprecise, NotPositiveDefinite, OK} {
		if !seen[s] {
			t.Errorf("no example of %s", s)
		}
	}
}

// TestPaperScaleAgainstBig: paper-scale cases (the paper's set 3 at N = 20,
// K = 50, n = 20, one Sigma per pattern: the product form of the build)
// against the 320-bit evaluation.
func TestPaperScaleAgainstBig(t *testing.T) {
	if testing.Short() {
		t.Skip("about 2 s per case in high precision")
	}
	p := simsets.Params{Set: 3, Draws: 3}
	p.Ranges.Neurons, p.Ranges.KMin, p.Ranges.KMax, p.Ranges.LenMin, p.Ranges.LenMax = 20, 50, 50, 20, 20
	count := map[Status]int{}
	for i := 0; i < 3; i++ {
		pt, err := p.Case(1, i)
		if err != nil {
			t.Fatal(err)
		}
		r := checkHonest(t, pt.Case.ID, pt.Case)
		count[r.Status]++
	}
	if count[OK] == 0 {
		t.Errorf("no ok case among %v", count)
	}
}

// TestRandomHostileAgainstBig: wide random cases — per-pattern scales from
// 1e-6 to 300, rank-deficient and zero Sigmas, log-means up to ±200 —
// keep the rule of checkHonest, never panic, and always carry a status.
func TestRandomHostileAgainstBig(t *testing.T) {
	r := rng.New(18)
	trials := 120
	if testing.Short() {
		trials = 30
	}
	count := map[Status]int{}
	for trial := 0; trial < trials; trial++ {
		N := 2 + r.IntN(5)
		n := 1 + r.IntN(min(6, N*(N-1)/2))
		K := 1 + r.IntN(8)
		c := &model.Case{Synapses: randomSynapses(r, N, n), Pattern: r.IntN(K)}
		for k := 0; k < K; k++ {
			scale := math.Pow(10, -6+math.Log10(300e6)*r.Float64())
			var sig [][]float64
			switch r.IntN(5) {
			case 0: // zero
				sig = randomSigma(r, N, 1, 0, 0)
			case 1: // rank one
				sig = randomSigma(r, N, 1, scale, 0)
			default:
				sig = randomSigma(r, N, 1+r.IntN(N), scale, scale*0.01*r.Float64())
			}
			mu := make([]float64, N)
			muScale := math.Pow(10, -1+3.3*r.Float64())
			for i := range mu {
				mu[i] = muScale * (2*r.Float64() - 1)
			}
			c.Patterns = append(c.Patterns, model.Pattern{Mu: mu, Sigma: sig})
		}
		if err := c.Validate(); err != nil {
			continue // a rank-deficient draw that rounding made slightly indefinite
		}
		res := checkHonest(t, fmt.Sprintf("trial %d", trial), c)
		count[res.Status]++
		if res.Status == "" {
			t.Errorf("trial %d: no status", trial)
		}
	}
	t.Logf("statuses %v", count)
}
