package knn

import (
	"errors"
	"math"
	"testing"

	"github.com/syninfo/syninfo/internal/rng"
	"gonum.org/v1/gonum/stat/distuv"
)

// gaussPairs draws m pairs (x, y) of standard normals with correlation r.
func gaussPairs(seed, rep uint64, m int, r float64) (x, y []float64) {
	g := rng.New(seed, rep)
	x, y = make([]float64, m), make([]float64, m)
	s := math.Sqrt(1 - r*r)
	for i := range x {
		a, b := g.NormFloat64(), g.NormFloat64()
		x[i], y[i] = a, r*a+s*b
	}
	return x, y
}

// TestAccuracyGaussian checks both algorithms against the closed form
// I = -1/2 ln(1 - r^2) at M = 1e5.
func TestAccuracyGaussian(t *testing.T) {
	if testing.Short() {
		t.Skip("M = 1e5 estimates; the brute-force tests cover the same code")
	}
	for _, r := range []float64{0, 0.5, 0.9} {
		x, y := gaussPairs(11, uint64(r*10), 100000, r)
		truth := -0.5 * math.Log(1-r*r)
		for _, alg := range []int{1, 2} {
			e, err := MI(x, 1, y, 1, Options{Algorithm: alg})
			if err != nil {
				t.Fatal(err)
			}
			t.Logf("r=%.1f alg %d: %.5f ± %.5f, truth %.5f", r, alg, e.Value, e.SE, truth)
			if math.Abs(e.Value-truth) > 0.01 {
				t.Errorf("r=%.1f alg %d: MI = %.5f, truth %.5f (tolerance 0.01)", r, alg, e.Value, truth)
			}
		}
	}
}

// TestEntropyAccuracyGaussian checks Kozachenko–Leonenko against the
// entropy of a correlated 2-D Gaussian, 1/2 ln((2 pi e)^2 det Sigma).
func TestEntropyAccuracyGaussian(t *testing.T) {
	if testing.Short() {
		t.Skip("M = 1e5 estimate")
	}
	const r, sx, sy = 0.7, 2.0, 0.5
	x, y := gaussPairs(12, 0, 100000, r)
	z := make([]float64, 0, 2*len(x))
	for i := range x {
		z = append(z, sx*x[i], sy*y[i])
	}
	truth := 0.5*2*math.Log(2*math.Pi*math.E) + 0.5*math.Log(sx*sx*sy*sy*(1-r*r))
	for _, norm := range []bool{false, true} {
		e, err := Entropy(z, 2, Options{Normalize: norm})
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("normalize=%v: h = %.5f ± %.5f, truth %.5f", norm, e.Value, e.SE, truth)
		if math.Abs(e.Value-truth) > 0.01 {
			t.Errorf("normalize=%v: h = %.5f, truth %.5f", norm, e.Value, truth)
		}
	}
}

// TestStandardErrorCoverage checks that the block standard error describes
// the spread of the estimate: over independent repeats, |I - truth| <= t SE
// (t the 95% quantile of Student's t with B-1 degrees of freedom) at about
// the 95% rate, and the mean SE is close to the observed spread.
func TestStandardErrorCoverage(t *testing.T) {
	if testing.Short() {
		t.Skip("hundreds of estimates")
	}
	const reps, m, b = 300, 2000, 10
	tq := distuv.StudentsT{Mu: 0, Sigma: 1, Nu: b - 1}.Quantile(0.975)
	for _, r := range []float64{0.5, 0.9} {
		truth := -0.5 * math.Log(1-r*r)
		covered := 0
		var sum, sum2, sumSE float64
		for rep := 0; rep < reps; rep++ {
			x, y := gaussPairs(13, uint64(1000*r)+uint64(rep)<<16, m, r)
			e, err := MI(x, 1, y, 1, Options{Blocks: b})
			if err != nil {
				t.Fatal(err)
			}
			if math.Abs(e.Value-truth) <= tq*e.SE {
				covered++
			}
			sum += e.Value
			sum2 += e.Value * e.Value
			sumSE += e.SE
		}
		mean := sum / reps
		sd := math.Sqrt((sum2 - reps*mean*mean) / (reps - 1))
		rate := float64(covered) / reps
		t.Logf("r=%.1f: coverage %.3f, bias %.4f, sd %.4f, mean SE %.4f", r, rate, mean-truth, sd, sumSE/reps)
		// 95% expected; 0.90 is 4 binomial standard deviations below.
		if rate < 0.90 || rate > 0.995 {
			t.Errorf("r=%.1f: coverage %.3f, want about 0.95", r, rate)
		}
		if ratio := sumSE / reps / sd; ratio < 0.8 || ratio > 1.25 {
			t.Errorf("r=%.1f: mean SE / observed sd = %.3f, want about 1", r, ratio)
		}
	}
}

// TestBlocksAreRowRanges checks the documented block layout: block b is the
// estimate on rows [b*M/B, (b+1)*M/B) alone, and SE = sd(blocks)/sqrt(B).
func TestBlocksAreRowRanges(t *testing.T) {
	x, y := testData(21, 1003, 2, 1, 0)
	const b = 4
	for _, o := range []Options{{Blocks: b}, {Blocks: b, Algorithm: 2, K: 2}} {
		e, err := MI(x, 2, y, 1, o)
		if err != nil {
			t.Fatal(err)
		}
		if len(e.Blocks) != b {
			t.Fatalf("%d blocks, want %d", len(e.Blocks), b)
		}
		var s, s2 float64
		for i := 0; i < b; i++ {
			lo, hi := i*1003/b, (i+1)*1003/b
			o1 := o
			o1.Blocks = 1
			w, err := MI(x[2*lo:2*hi], 2, y[lo:hi], 1, o1)
			if err != nil {
				t.Fatal(err)
			}
			if e.Blocks[i] != w.Value {
				t.Errorf("block %d = %v, estimate on its rows %v", i, e.Blocks[i], w.Value)
			}
			s += w.Value
			s2 += w.Value * w.Value
		}
		sd := math.Sqrt((s2 - s*s/b) / (b - 1))
		if math.Abs(e.SE-sd/math.Sqrt(b)) > 1e-12 {
			t.Errorf("SE = %v, want %v", e.SE, sd/math.Sqrt(b))
		}
	}
}

// TestNormalizationIdentities: with Normalize, MI is unchanged by scaling
// a column, and the entropy moves by exactly the log of the scale.
func TestNormalizationIdentities(t *testing.T) {
	x, y := testData(22, 2000, 2, 2, 0)
	const a = 37.5
	xs := make([]float64, len(x))
	for i, v := range x {
		xs[i] = v * a
	}
	o := Options{Normalize: true, Algorithm: 2}
	m1, _ := MI(x, 2, y, 2, o)
	m2, _ := MI(xs, 2, y, 2, o)
	if math.Abs(m1.Value-m2.Value) > 1e-9 {
		t.Errorf("MI changed under scaling: %v vs %v", m1.Value, m2.Value)
	}
	h1, _ := Entropy(x, 2, o)
	h2, _ := Entropy(xs, 2, o)
	if d := h2.Value - h1.Value - 2*math.Log(a); math.Abs(d) > 1e-9 {
		t.Errorf("h(a x) - h(x) - 2 ln a = %v", d)
	}
	// Without normalisation the estimate is scale-equivariant too (the
	// max-norm scales with a), which checks the logScale bookkeeping
	// independently.
	h3, _ := Entropy(xs, 2, Options{})
	h4, _ := Entropy(x, 2, Options{})
	if d := h3.Value - h4.Value - 2*math.Log(a); math.Abs(d) > 1e-9 {
		t.Errorf("unnormalised: h(a x) - h(x) - 2 ln a = %v", d)
	}
}

// TestNoise: seeded, reproducible, and it breaks ties.
func TestNoise(t *testing.T) {
	x, y := testData(23, 1000, 1, 1, 1) // heavily rounded: many duplicates
	if _, err := Entropy(x, 1, Options{}); err == nil {
		t.Error("entropy of heavily duplicated data without noise: want an error")
	}
	a, _ := MI(x, 1, y, 1, Options{Noise: 1e-8, Seed: 1})
	b, _ := MI(x, 1, y, 1, Options{Noise: 1e-8, Seed: 1})
	c, _ := MI(x, 1, y, 1, Options{Noise: 1e-8, Seed: 2})
	if a.Value != b.Value {
		t.Errorf("same seed: %v vs %v", a.Value, b.Value)
	}
	if a.Value == c.Value {
		t.Errorf("different seeds gave the same value %v", a.Value)
	}
	if _, err := Entropy(x, 1, Options{Noise: 1e-8, Seed: 1}); err != nil {
		t.Errorf("entropy with noise: %v", err)
	}
	// The caller's data are not modified.
	x2, _ := testData(23, 1000, 1, 1, 1)
	for i := range x {
		if x[i] != x2[i] {
			t.Fatal("input modified")
		}
	}
}

func TestPermutationTest(t *testing.T) {
	// Dependent data: every shuffle falls below the observed value.
	x, y := gaussPairs(31, 0, 500, 0.6)
	p, err := PermutationTest(x, 1, y, 1, Options{Seed: 4}, 99)
	if err != nil {
		t.Fatal(err)
	}
	if p != 0.01 {
		t.Errorf("dependent data: p = %v, want 1/100", p)
	}
	p2, _ := PermutationTest(x, 1, y, 1, Options{Seed: 4}, 99)
	if p2 != p {
		t.Errorf("not reproducible: %v vs %v", p, p2)
	}
	// Independent data: p is uniform on {1/20, ..., 1}, so P(p <= 0.05)
	// = 1/20; over 200 datasets the count of such p is Binomial(200, 0.05)
	// (mean 10, sd 3.1).
	small, sum := 0, 0.0
	for rep := 0; rep < 200; rep++ {
		x, y := gaussPairs(32, uint64(rep), 150, 0)
		p, err := PermutationTest(x, 1, y, 1, Options{Seed: uint64(rep)}, 19)
		if err != nil {
			t.Fatal(err)
		}
		if p <= 0.05 {
			small++
		}
		sum += p
	}
	t.Logf("independent: %d of 200 with p <= 0.05, mean p %.3f", small, sum/200)
	if small > 22 || small < 1 {
		t.Errorf("independent data: %d of 200 p-values <= 0.05, want about 10", small)
	}
	if mean := sum / 200; math.Abs(mean-0.525) > 0.06 {
		t.Errorf("independent data: mean p %.3f, want about 0.525", mean)
	}
}

func TestBadInput(t *testing.T) {
	x := []float64{1, 2, 3, 4, 5, 6}
	y := []float64{1, 3, 2, 5, 4, 6}
	for _, c := range []struct {
		name string
		f    func() error
	}{
		{"k < 1", func() error { _, err := MI(x, 1, y, 1, Options{K: -1}); return err }},
		{"algorithm 3", func() error { _, err := MI(x, 1, y, 1, Options{Algorithm: 3}); return err }},
		{"too few rows", func() error { _, err := MI(x, 1, y, 1, Options{K: 6}); return err }},
		{"row mismatch", func() error { _, err := MI(x, 1, y[:5], 1, Options{}); return err }},
		{"ragged", func() error { _, err := MI(x, 4, y, 1, Options{}); return err }},
		{"dimension 0", func() error { _, err := Entropy(x, 0, Options{}); return err }},
		{"NaN", func() error {
			_, err := MI([]float64{1, 2, math.NaN(), 4, 5}, 1, y[:5], 1, Options{K: 1})
			return err
		}},
		{"Inf", func() error { _, err := Entropy([]float64{1, math.Inf(1), 3}, 1, Options{K: 1}); return err }},
		{"negative noise", func() error { _, err := MI(x, 1, y, 1, Options{Noise: -1}); return err }},
		{"blocks too small", func() error { _, err := MI(x, 1, y, 1, Options{K: 1, Blocks: 4}); return err }},
		{"constant column", func() error {
			_, err := MI([]float64{1, 1, 1, 1}, 1, y[:4], 1, Options{K: 1, Normalize: true})
			return err
		}},
		{"no shuffles", func() error { _, err := PermutationTest(x, 1, y, 1, Options{K: 1}, 0); return err }},
	} {
		err := c.f()
		if err == nil || !errors.Is(err, ErrInput) {
			t.Errorf("%s: error %v, want an ErrInput", c.name, err)
		}
	}
}
