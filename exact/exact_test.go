package exact

import (
	"errors"
	"fmt"
	"math"
	"testing"

	"github.com/syninfo/syninfo/model"
)

// lognormalEntropy is the closed form h(T) = m + ln(2 pi e v)/2.
func lognormalEntropy(m, v float64) float64 { return m + 0.5*math.Log(2*math.Pi*math.E*v) }

// TestGridEntropyK1: the grid of a single term (K = 1) against the closed
// form of the log-normal entropy, across scales.
func TestGridEntropyK1(t *testing.T) {
	t.Parallel()
	for _, c := range []struct{ m, v float64 }{
		{0, 1}, {-30, 1e-6}, {25, 25}, {3, 0.01}, {-2, 50}, {0.7, 2.5},
	} {
		for _, frac := range []float64{0.5, 0.3, 0.1} {
			h := frac * math.Sqrt(c.v)
			g, err := gaussianGrid(term{c.m, c.v}, h, defaultTails, 1<<20)
			if err != nil {
				t.Fatal(err)
			}
			got, want := g.entropy(), lognormalEntropy(c.m, c.v)
			if d := math.Abs(got - want); d > 1e-8*math.Max(1, math.Abs(want)) {
				t.Errorf("m=%g v=%g h=%g: entropy %.12g, closed form %.12g (diff %.3g)", c.m, c.v, h, got, want, d)
			}
		}
	}
}

// TestSingleRestTerm: with one non-constant other term (plus constants,
// which do not change entropy), HWRest is the log-normal entropy.
func TestSingleRestTerm(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		ms, vs []float64
		m      int
	}{
		{[]float64{0, 1}, []float64{1, 2}, 0},
		{[]float64{0, 1, 5}, []float64{1, 2, 0}, 0},
		{[]float64{3, -4, 5}, []float64{0, 9, 0.25}, 2},
	} {
		r, err := SingletonTerms(c.ms, c.vs, c.m, Options{})
		if err != nil {
			t.Fatal(err)
		}
		k := 1 - c.m%2
		if c.m == 2 {
			k = 1
		}
		want := lognormalEntropy(c.ms[k], c.vs[k])
		if d := math.Abs(r.HWRest - want); d > 1e-8 {
			t.Errorf("%v: HWRest %.12g, closed form %.12g", c, r.HWRest, want)
		}
		if r.Status != StatusOK || math.Abs(r.MINats-(r.HW-r.HWRest)) > 1e-15 {
			t.Errorf("%v: inconsistent result %+v", c, r)
		}
	}
}

// TestAgainstQuadrature: K = 2 and 3 against the adaptive-quadrature
// convolution in w of ref_test.go, to 1e-6 nats (and the error estimate
// must cover the actual error).
func TestAgainstQuadrature(t *testing.T) {
	cases := []struct {
		name   string
		ms, vs []float64
	}{
		{"K2 equal", []float64{0, 0}, []float64{1, 1}},
		{"K2 paper rho=0.8", []float64{0.3, -0.5}, []float64{7.2, 7.2}},
		{"K2 scales", []float64{-3, 4}, []float64{0.25, 4}},
		{"K2 narrow", []float64{0, 0.5}, []float64{0.01, 0.04}},
		{"K3 mixed", []float64{0, 1, -1}, []float64{1, 0.5, 2}},
		{"K3 wide", []float64{0.5, -0.2, 1}, []float64{6, 6, 6}},
	}
	t.Parallel()
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if !*long && c.name != "K2 equal" && c.name != "K2 paper rho=0.8" {
				// The quadrature reference takes 20-140 s here; the same
				// production code (disparate scales, K = 3) is checked by
				// TestHostileTerms, TestGaussianLimit and TestDeterministic.
				t.Skip("slow reference case; run with -exact.long")
			}
			t.Parallel()
			terms := make([]refTerm, len(c.ms))
			for k := range terms {
				terms[k] = refTerm{c.ms[k], c.vs[k]}
			}
			hw := refEntropy(terms)
			hr := refEntropy(terms[1:])
			r, err := SingletonTerms(c.ms, c.vs, 0, Options{})
			if err != nil {
				t.Fatal(err)
			}
			want := hw - hr
			if d := math.Abs(r.MINats - want); d > 1e-6 {
				t.Errorf("MI %.10g, quadrature %.10g (diff %.3g)", r.MINats, want, d)
			}
			if d := math.Abs(r.HW - hw); d > 1e-6 {
				t.Errorf("h(W) %.10g, quadrature %.10g (diff %.3g)", r.HW, hw, d)
			}
			if d := math.Abs(r.HWRest - hr); d > 1e-6 {
				t.Errorf("h(W^-m) %.10g, quadrature %.10g (diff %.3g)", r.HWRest, hr, d)
			}
			t.Logf("MI %.12f quadrature %.12f diff %.2g estimate %.2g", r.MINats, want, r.MINats-want, r.ErrorEstimate)
		})
	}
}

// TestGaussianLimit: for small log-variances W is nearly Gaussian with
// variance sum_k e^(2 m_k) v_k; the entropies differ from the Gaussian ones
// by O(v) (squared skewness), so the information agrees to ~1e-6.
func TestGaussianLimit(t *testing.T) {
	t.Parallel()
	ms := []float64{0, 0.5, -0.3, 1}
	s2 := 1e-6
	vs := []float64{s2, 2 * s2, s2, 0.5 * s2}
	r, err := SingletonTerms(ms, vs, 1, Options{})
	if err != nil {
		t.Fatal(err)
	}
	all, rest := 0.0, 0.0
	for k := range ms {
		x := math.Exp(2*ms[k]) * vs[k]
		all += x
		if k != 1 {
			rest += x
		}
	}
	want := 0.5 * math.Log(all/rest)
	if d := math.Abs(r.MINats - want); d > 1e-5 {
		t.Errorf("MI %.10g, Gaussian limit %.10g (diff %.3g)", r.MINats, want, d)
	}
	wantH := 0.5 * math.Log(2*math.Pi*math.E*all)
	if d := math.Abs(r.HW - wantH); d > 1e-4 {
		t.Errorf("h(W) %.10g, Gaussian limit %.10g", r.HW, wantH)
	}
}

// TestRefinementConverges: on successively finer grids the information
// approaches the quadrature value, each refinement reducing the error until
// it reaches rounding level; and the reported estimate covers the error.
func TestRefinementConverges(t *testing.T) {
	t.Parallel()
	ms, vs := []float64{0.3, -0.5}, []float64{7.2, 7.2}
	terms := []refTerm{{ms[0], vs[0]}, {ms[1], vs[1]}}
	want := refEntropy(terms) - refEntropy(terms[1:])
	var errs []float64
	for _, h := range []float64{2.4, 2, 1.6, 1.3, 1, 0.8, 0.6} {
		hr, hw, err := sums([]term{{ms[1], vs[1]}, {ms[0], vs[0]}}, h, Options{}.withDefaults(), &budget{left: math.Inf(1)})
		if err != nil {
			t.Fatalf("h = %g: %v", h, err)
		}
		errs = append(errs, math.Abs(hw-hr-want))
	}
	t.Logf("errors by step: %.2g", errs)
	if errs[0] < 1e-5 {
		t.Errorf("coarsest grid already exact (%.3g): the test does not exercise refinement", errs[0])
	}
	for i := 1; i < len(errs); i++ {
		if errs[i] > errs[i-1] && errs[i] > 1e-11 {
			t.Errorf("step %d: error %.3g grew from %.3g", i, errs[i], errs[i-1])
		}
	}
	if last := errs[len(errs)-1]; last > 1e-10 {
		t.Errorf("finest grid error %.3g", last)
	}
	r, err := SingletonTerms(ms, vs, 0, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if d := math.Abs(r.MINats - want); d > math.Max(r.ErrorEstimate, 1e-11) {
		t.Errorf("actual error %.3g exceeds the estimate %.3g", d, r.ErrorEstimate)
	}
}

// TestSpecialCases: exact zeros and infinities, and rejected input.
func TestSpecialCases(t *testing.T) {
	t.Parallel()
	inf := math.Inf(1)
	for _, c := range []struct {
		name      string
		ms, vs    []float64
		m         int
		status    string
		mi, hwRst float64
	}{
		{"K=1", []float64{0.5}, []float64{2}, 0, StatusInfinite, inf, math.Inf(-1)},
		{"rest constant", []float64{0.5, 3, -1}, []float64{2, 0, 0}, 0, StatusInfinite, inf, math.Inf(-1)},
		{"term m constant", []float64{0.5, 3}, []float64{0, 2}, 0, StatusOK, 0, lognormalEntropy(3, 2)},
		{"all constant", []float64{0.5, 3}, []float64{0, 0}, 1, StatusOK, 0, math.Inf(-1)},
		{"rounding-negative variance", []float64{0.5, 3}, []float64{-1e-17, 2}, 0, StatusOK, 0, lognormalEntropy(3, 2)},
	} {
		r, err := SingletonTerms(c.ms, c.vs, c.m, Options{})
		if err != nil {
			t.Errorf("%s: %v", c.name, err)
			continue
		}
		if r.Status != c.status || r.MINats != c.mi || math.Abs(r.HWRest-c.hwRst) > 1e-12 && r.HWRest != c.hwRst {
			t.Errorf("%s: got %+v, want status %s MI %v HWRest %v", c.name, r, c.status, c.mi, c.hwRst)
		}
	}
	for _, c := range []struct {
		name   string
		ms, vs []float64
		m      int
	}{
		{"no terms", nil, nil, 0},
		{"lengths", []float64{0, 1}, []float64{1}, 0},
		{"m range", []float64{0, 1}, []float64{1, 1}, 2},
		{"NaN", []float64{math.NaN(), 1}, []float64{1, 1}, 0},
		{"negative variance", []float64{0, 1}, []float64{-0.1, 1}, 0},
		{"infinite variance", []float64{0, 1}, []float64{math.Inf(1), 1}, 0},
	} {
		if _, err := SingletonTerms(c.ms, c.vs, c.m, Options{}); err == nil {
			t.Errorf("%s: no error", c.name)
		}
	}
}

// TestDeterministic: the result does not depend on the number of workers
// or on the order of the other terms beyond rounding.
func TestDeterministic(t *testing.T) {
	t.Parallel()
	ms := []float64{0.3, -0.2, 1.1, 0.4, -1}
	vs := []float64{2, 1, 3, 0.5, 2}
	r1, err1 := SingletonTerms(ms, vs, 2, Options{Workers: 1})
	r2, err2 := SingletonTerms(ms, vs, 2, Options{Workers: 3})
	if err1 != nil || err2 != nil {
		t.Fatal(err1, err2)
	}
	if r1 != r2 {
		t.Errorf("workers 1 vs 3: %+v vs %+v", r1, r2)
	}
	pm := []float64{0.4, -1, 1.1, 0.3, -0.2}
	pv := []float64{0.5, 2, 3, 2, 1}
	r3, err := SingletonTerms(pm, pv, 2, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if d := math.Abs(r3.MINats - r1.MINats); d > 1e-9 {
		t.Errorf("permuted terms: %.12g vs %.12g", r3.MINats, r1.MINats)
	}
}

func TestSingletonCase(t *testing.T) {
	t.Parallel()
	c, err := model.Parse([]byte(`{"patterns": [
		{"mu": [0.1, 0.2, 0.3], "sigma": [[1, 0.5, 0], [0.5, 1, 0], [0, 0, 1]]},
		{"mu": [-0.1, 0, 0.2], "sigma": [[0.5, 0.1, 0], [0.1, 0.5, 0], [0, 0, 1]]}],
		"synapses": [[1, 0]], "pattern": 1}`))
	if err != nil {
		t.Fatal(err)
	}
	got, err := Singleton(c, Options{})
	if err != nil {
		t.Fatal(err)
	}
	// m_k = mu_k[0] + mu_k[1]; v_k = S00 + 2 S01 + S11.
	want, err := SingletonTerms([]float64{0.3, -0.1}, []float64{3, 1.2}, 1, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if math.Abs(got.MINats-want.MINats) > 1e-12 || math.Abs(got.HW-want.HW) > 1e-12 {
		t.Errorf("Singleton %+v, SingletonTerms %+v", got, want)
	}
	c.Synapses = append(c.Synapses, model.Synapse{0, 2})
	if _, err := Singleton(c, Options{}); !errors.Is(err, ErrNotSingleton) {
		t.Errorf("n = 2: error %v, want ErrNotSingleton", err)
	}
}

// ExampleSingletonTerms: two patterns, as in the paper's Fig 2B at
// s^2 = 2, r = 0.8 (log-variance 2 s^2 (1 + r) = 7.2 for each term).
func ExampleSingletonTerms() {
	r, err := SingletonTerms([]float64{0, 0}, []float64{7.2, 7.2}, 0, Options{})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("%s: I = %.6f nats (error estimate below 1e-6: %v)\n", r.Status, r.MINats, r.ErrorEstimate < 1e-6)
	// Output: ok: I = 1.450948 nats (error estimate below 1e-6: true)
}
