package exact

import (
	"errors"
	"math"
	"testing"

	"github.com/syninfo/syninfo/model"
)

// TestPairAgainstQuadrature: K = 2 pairs against the direct 2-D quadrature
// of the convolution in w (pairref_test.go); h(W^(-m)) is then the closed
// form of one 2-D log-normal. The reference's own error at a u-step of
// 0.6 times the narrowest log-sd is about 1e-11 (checked against 0.5).
func TestPairAgainstQuadrature(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name string
		ms   [][2]float64
		vs   [][3]float64
		long bool
	}{
		// Synapses (0, 1) and (0, 2) sharing neuron 0, Sigma = s^2 I:
		// V = s^2 [[2, 1], [1, 2]] (rho = 0.5).
		{"shared neuron", [][2]float64{{0.2, -0.1}, {-0.3, 0.4}}, [][3]float64{{1, 0.5, 1}, {1, 0.5, 1}}, false},
		{"negative correlation, unequal scales", [][2]float64{{0.3, -0.2}, {-0.5, 0.1}}, [][3]float64{{1, 0.5, 2}, {1.5, -0.3, 0.5}}, false},
		{"strong correlation", [][2]float64{{0, 0.5}, {0.4, 0}}, [][3]float64{{1.2, 1, 1}, {0.8, 0.6, 0.6}}, true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if c.long && !*long {
				t.Skip("the 2-D quadrature reference takes minutes here; run with -exact.long")
			}
			t.Parallel()
			p := refTerm2{c.ms[0], c.vs[0][0], c.vs[0][1], c.vs[0][2]}
			q := refTerm2{c.ms[1], c.vs[1][0], c.vs[1][1], c.vs[1][2]}
			hw := refPairEntropy(p, q, 0.6, 2)
			hr := pairGaussEntropy(term2{q.m, q.v11, q.v12, q.v22})
			r, err := PairTerms(c.ms, c.vs, 0, Options{})
			if err != nil {
				t.Fatal(err)
			}
			want := hw - hr
			if d := math.Abs(r.MINats - want); d > 1e-8 || r.Status != StatusOK {
				t.Errorf("%s: MI %.12g, quadrature %.12g (diff %.3g)", r.Status, r.MINats, want, d)
			}
			if d := math.Abs(r.HWRest - hr); d > 1e-9 {
				t.Errorf("h(W^-m) %.12g, closed form %.12g", r.HWRest, hr)
			}
			t.Logf("MI %.12f quadrature %.12f diff %.2g estimate %.2g", r.MINats, want, r.MINats-want, r.ErrorEstimate)
		})
	}
}

// TestPairIdentities: cases whose pair information is known independently.
func TestPairIdentities(t *testing.T) {
	t.Parallel()
	ms := [][2]float64{{0.3, -0.2}, {-0.5, 0.1}, {0.2, 0.4}}
	t.Run("independent coordinates = sum of singletons, K = 3", func(t *testing.T) {
		t.Parallel()
		vs := [][3]float64{{1, 0, 2}, {1.5, 0, 0.5}, {2, 0, 1}}
		r, err := PairTerms(ms, vs, 1, Options{})
		if err != nil {
			t.Fatal(err)
		}
		var sum, hw float64
		for ax := range 2 {
			m1, v1 := make([]float64, 3), make([]float64, 3)
			for k := range m1 {
				m1[k], v1[k] = ms[k][ax], vs[k][2*ax]
			}
			s, err := SingletonTerms(m1, v1, 1, Options{})
			if err != nil {
				t.Fatal(err)
			}
			sum += s.MINats
			hw += s.HW
		}
		if d := math.Abs(r.MINats - sum); d > 1e-6 {
			t.Errorf("pair %.12g, sum of singletons %.12g (diff %.3g)", r.MINats, sum, d)
		}
		if d := math.Abs(r.HW - hw); d > 1e-6 {
			t.Errorf("h(W) %.12g, sum %.12g", r.HW, hw)
		}
	})
	t.Run("Gaussian limit, K = 3 correlated", func(t *testing.T) {
		t.Parallel()
		// For tiny log-covariances W is Gaussian with covariance
		// C = sum_k D_k V_k D_k, D_k = diag(e^(m_k)); I = ln(det C / det C_rest)/2 + O(v).
		const eps = 1e-6
		vs := [][3]float64{{eps, 0.5 * eps, 2 * eps}, {1.5 * eps, -0.3 * eps, 0.5 * eps}, {2 * eps, eps, eps}}
		r, err := PairTerms(ms, vs, 2, Options{})
		if err != nil {
			t.Fatal(err)
		}
		var all, rest [3]float64
		for k := range ms {
			e1, e2 := math.Exp(ms[k][0]), math.Exp(ms[k][1])
			c := [3]float64{e1 * e1 * vs[k][0], e1 * e2 * vs[k][1], e2 * e2 * vs[k][2]}
			for i := range c {
				all[i] += c[i]
				if k != 2 {
					rest[i] += c[i]
				}
			}
		}
		want := 0.5 * math.Log((all[0]*all[2]-all[1]*all[1])/(rest[0]*rest[2]-rest[1]*rest[1]))
		if d := math.Abs(r.MINats - want); d > 1e-5 {
			t.Errorf("MI %.10g, Gaussian limit %.10g (diff %.3g)", r.MINats, want, d)
		}
	})
	t.Run("special cases", func(t *testing.T) {
		t.Parallel()
		v := [3]float64{1, 0.5, 1}
		r, err := PairTerms(ms[:1], [][3]float64{v}, 0, Options{})
		if err != nil || r.Status != StatusInfinite || !math.IsInf(r.MINats, 1) {
			t.Errorf("K = 1: %+v %v, want infinite", r, err)
		}
		r, err = PairTerms(ms[:2], [][3]float64{v, {}}, 0, Options{})
		if err != nil || r.Status != StatusInfinite {
			t.Errorf("rest constant: %+v %v, want infinite", r, err)
		}
		r, err = PairTerms(ms[:2], [][3]float64{{}, v}, 0, Options{})
		if want := pairGaussEntropy(term2{ms[1], 1, 0.5, 1}); err != nil || r.MINats != 0 || r.HW != want || r.Status != StatusOK {
			t.Errorf("term m constant: %+v %v, want MI 0 and h = %v", r, err, want)
		}
		for name, vs := range map[string][][3]float64{
			"singular": {v, {1, 1, 1}},
			"negative": {v, {-1, 0, 1}},
			"NaN":      {v, {math.NaN(), 0, 1}},
		} {
			if _, err := PairTerms(ms[:2], vs, 0, Options{}); err == nil {
				t.Errorf("%s: no error", name)
			}
		}
	})
}

// TestPairDeterministic: the same result for any number of workers.
func TestPairDeterministic(t *testing.T) {
	t.Parallel()
	ms := [][2]float64{{0.3, -0.2}, {-0.5, 0.1}, {0.2, 0.4}}
	vs := [][3]float64{{1, 0.5, 2}, {1.5, -0.3, 0.5}, {2, 1, 1}}
	r1, err1 := PairTerms(ms[:2], vs[:2], 0, Options{Workers: 1, Tol: 1e-4})
	r2, err2 := PairTerms(ms[:2], vs[:2], 0, Options{Workers: 3, Tol: 1e-4})
	if err1 != nil || err2 != nil || r1 != r2 {
		t.Errorf("workers 1 vs 3: %+v %v vs %+v %v", r1, err1, r2, err2)
	}
}

// blockCase builds a case on 6 neurons with Sigma_k = diag(d_k) plus the
// given symmetric off-diagonal entries (the same for every pattern).
func blockCase(t *testing.T, synapses []model.Synapse, offdiag map[[2]int]float64) *model.Case {
	t.Helper()
	c := &model.Case{Synapses: synapses, Pattern: 1}
	for k, d := range []float64{0.8, 0.5, 1.1} {
		p := model.Pattern{Mu: make([]float64, 6), Sigma: make([][]float64, 6)}
		for i := range p.Sigma {
			p.Mu[i] = 0.1*float64(i) - 0.2*float64(k)
			p.Sigma[i] = make([]float64, 6)
			p.Sigma[i][i] = d + 0.1*float64(i)
		}
		for ij, v := range offdiag {
			p.Sigma[ij[0]][ij[1]], p.Sigma[ij[1]][ij[0]] = v, v
		}
		c.Patterns = append(c.Patterns, p)
	}
	if err := c.Validate(); err != nil {
		t.Fatal(err)
	}
	return c
}

// TestReferenceBlocks: a case of independent blocks is the sum of its
// blocks' references, computed on the blocks as cases of their own; a
// dependent block of three is refused.
func TestReferenceBlocks(t *testing.T) {
	t.Parallel()
	// (0,1) alone; (2,3) and (2,4) share neuron 2; neuron 5 correlates with
	// neither block.
	c := blockCase(t, []model.Synapse{{0, 1}, {2, 3}, {2, 4}}, map[[2]int]float64{{0, 1}: 0.2})
	if got := Blocks(c); len(got) != 2 || len(got[0]) != 1 || len(got[1]) != 2 {
		t.Fatalf("blocks %v, want [[0] [1 2]]", got)
	}
	o := Options{Tol: 1e-5}
	r, err := Reference(c, o)
	if err != nil {
		t.Fatal(err)
	}
	one, two := *c, *c
	one.Synapses, two.Synapses = c.Synapses[:1], c.Synapses[1:]
	s1, err1 := Singleton(&one, o)
	s2, err2 := Pair(&two, o)
	if err1 != nil || err2 != nil {
		t.Fatal(err1, err2)
	}
	if d := math.Abs(r.MINats - (s1.MINats + s2.MINats)); d > 1e-12 || r.Status != StatusOK {
		t.Errorf("blocks %+v, singleton + pair %v", r, s1.MINats+s2.MINats)
	}
	// Disjoint synapses with independent patterns: two singletons.
	d := blockCase(t, []model.Synapse{{0, 1}, {3, 4}}, nil)
	r, err = Reference(d, o)
	if err != nil {
		t.Fatal(err)
	}
	a, b := *d, *d
	a.Synapses, b.Synapses = d.Synapses[:1], d.Synapses[1:]
	sa, _ := Singleton(&a, o)
	sb, _ := Singleton(&b, o)
	if diff := math.Abs(r.MINats - (sa.MINats + sb.MINats)); diff > 1e-12 {
		t.Errorf("disjoint: %v, singletons %v", r.MINats, sa.MINats+sb.MINats)
	}
	// The same pair through the 2-D computation (zero cross-covariance).
	p, err := Pair(d, o)
	if err != nil {
		t.Fatal(err)
	}
	if diff := math.Abs(p.MINats - r.MINats); diff > o.Tol+p.ErrorEstimate+r.ErrorEstimate {
		t.Errorf("disjoint pair in 2-D %.10g, sum of singletons %.10g", p.MINats, r.MINats)
	}
	// A block of three dependent synapses.
	e := blockCase(t, []model.Synapse{{0, 1}, {1, 2}, {2, 3}}, nil)
	if _, err := Reference(e, o); !errors.Is(err, ErrUnsupported) {
		t.Errorf("chain of three: error %v, want ErrUnsupported", err)
	}
}
