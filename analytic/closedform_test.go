package analytic

import (
	"math"
	"slices"
	"testing"

	"github.com/syninfo/syninfo/internal/rng"
	"github.com/syninfo/syninfo/model"
	"gonum.org/v1/gonum/mat"
)

func compute(t *testing.T, c *model.Case) *Result {
	t.Helper()
	r, err := Compute(c, Options{Eigenvalues: EigenAlways})
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// naive evaluates the closed form straight from its definition with no rescaling,
// no log-space sums and no shortcuts: E_a = Σ e_ka, Cov_ab = Σ e_ka e_kb
// (exp(V)−1), and ln det by LU. It is the independent check for moderate
// parameters where nothing overflows.
func naive(c *model.Case) (mi float64, ok bool) {
	n := c.Len()
	h := func(skip int) (float64, bool) {
		E := make([]float64, n)
		cov := mat.NewDense(n, n, nil)
		for k := range c.Patterns {
			if k == skip {
				continue
			}
			m := c.LogMean(k)
			e := make([]float64, n)
			for a := range e {
				e[a] = math.Exp(m[a] + c.LogCovAt(k, a, a)/2)
				E[a] += e[a]
			}
			for a := 0; a < n; a++ {
				for b := 0; b < n; b++ {
					cov.Set(a, b, cov.At(a, b)+e[a]*e[b]*(math.Exp(c.LogCovAt(k, a, b))-1))
				}
			}
		}
		C := mat.NewDense(n, n, nil)
		var sumNu float64
		for a := 0; a < n; a++ {
			for b := 0; b < n; b++ {
				C.Set(a, b, math.Log(1+cov.At(a, b)/(E[a]*E[b])))
			}
			sumNu += math.Log(E[a]) - C.At(a, a)/2
		}
		var lu mat.LU
		lu.Factorize(C)
		ld, sign := lu.LogDet()
		return sumNu + ld/2, sign > 0
	}
	hw, ok1 := h(-1)
	hr, ok2 := h(c.Pattern)
	return hw - hr, ok1 && ok2
}

func TestHandDerivedSingleton(t *testing.T) {
	// K = 2 standard patterns, synapse (0,1): V = 2, e_k = e, so
	// C = ln((1+e²)/2), C' = 2, ν − ν' = ln 2 + 1 − C/2, I = ν − ν' + ½ ln(C/C').
	sig := [][]float64{{1, 0}, {0, 1}}
	c := &model.Case{Patterns: []model.Pattern{{Mu: []float64{0, 0}, Sigma: sig}, {Mu: []float64{0, 0}, Sigma: sig}},
		Synapses: []model.Synapse{{0, 1}}}
	C := math.Log((1 + math.E*math.E) / 2)
	want := math.Ln2 + 1 - C/2 + 0.5*math.Log(C/2)
	r := compute(t, c)
	if r.Status != OK || relErr(r.MINats, want) > 1e-14 {
		t.Fatalf("got %v %v, want ok %v", r.Status, r.MINats, want)
	}
	if relErr(r.MIBits(), want/math.Ln2) > 1e-15 {
		t.Errorf("bits %v, want %v", r.MIBits(), want/math.Ln2)
	}
	if relErr(r.MinEigenvalue, C) > 1e-14 || relErr(r.MinEigenvalueRest, 2) > 1e-14 {
		t.Errorf("eigenvalues %v %v, want %v 2", r.MinEigenvalue, r.MinEigenvalueRest, C)
	}
}

// TestUnivariateFentonWilkinson checks n = 1 against the classical formula:
// σ² = ln(1 + Var/E²), μ = ln E − σ²/2, h = μ + ½ ln(2πe σ²), I = h − h'.
func TestUnivariateFentonWilkinson(t *testing.T) {
	r := rng.New(1)
	for trial := 0; trial < 200; trial++ {
		K := 2 + r.IntN(30)
		c := randomCase(r, 5, K, 1, trial%2 == 0, 0.1+3*r.Float64())
		h := func(skip int) float64 {
			var E, V float64
			for k := 0; k < K; k++ {
				if k == skip {
					continue
				}
				m, v := c.LogMean(k)[0], c.LogCovAt(k, 0, 0)
				E += math.Exp(m + v/2)
				V += math.Exp(2*m+v) * math.Expm1(v)
			}
			s2 := math.Log1p(V / (E * E))
			return math.Log(E) - s2/2 + 0.5*math.Log(2*math.Pi*math.E*s2)
		}
		want := h(-1) - h(c.Pattern)
		got := compute(t, c)
		if got.Status != OK || relErr(got.MINats, want) > 1e-10 {
			t.Fatalf("trial %d (K=%d): got %v %v, want %v", trial, K, got.Status, got.MINats, want)
		}
	}
}

func TestAgainstNaive(t *testing.T) {
	r := rng.New(2)
	for trial := 0; trial < 120; trial++ {
		N := 3 + r.IntN(8)
		n := 1 + r.IntN(min(8, N*(N-1)/2))
		K := 2 + r.IntN(12)
		c := randomCase(r, N, K, n, trial%3 == 0, 0.05+2*r.Float64())
		want, ok := naive(c)
		got := compute(t, c)
		if !ok || got.Status != OK {
			continue
		}
		if relErr(got.MINats, want) > 1e-9 && math.Abs(got.MINats-want) > 1e-12 {
			t.Errorf("trial %d (N=%d n=%d K=%d): got %.15g, naive %.15g", trial, N, n, K, got.MINats, want)
		}
	}
}

func TestInvariances(t *testing.T) {
	r := rng.New(3)
	for trial := 0; trial < 40; trial++ {
		N, K := 6, 2+r.IntN(6)
		c := randomCase(r, N, K, 1+r.IntN(6), trial%2 == 0, 0.2+r.Float64())
		base := compute(t, c)
		if base.Status == NotPositiveDefinite {
			continue
		}
		// Synapse order and orientation.
		p := *c
		p.Synapses = slices.Clone(c.Synapses)
		slices.Reverse(p.Synapses)
		for a := range p.Synapses {
			p.Synapses[a] = model.Synapse{p.Synapses[a][1], p.Synapses[a][0]}
		}
		if got := compute(t, &p); relErr(got.MINats, base.MINats) > 1e-12 || got.Status != base.Status {
			t.Errorf("trial %d: reorder/reorient %v %v, want %v %v", trial, got.Status, got.MINats, base.Status, base.MINats)
		}
		// Unused neurons: embed in N+3 neurons with arbitrary extra rows,
		// shifting the indices.
		e := &model.Case{Pattern: c.Pattern}
		for _, s := range c.Synapses {
			e.Synapses = append(e.Synapses, model.Synapse{s[0] + 3, s[1] + 3})
		}
		for _, pt := range c.Patterns {
			big := randomSigma(r, N+3, N+3, 1, 0.1)
			for i := 0; i < N; i++ {
				for j := 0; j < N; j++ {
					big[i+3][j+3] = pt.Sigma[i][j]
				}
				for j := 0; j < 3; j++ {
					big[i+3][j], big[j][i+3] = 0, 0
				}
			}
			mu := append([]float64{7, -3, 0.5}, pt.Mu...)
			e.Patterns = append(e.Patterns, model.Pattern{Mu: mu, Sigma: big})
		}
		if got := compute(t, e); relErr(got.MINats, base.MINats) > 1e-12 || got.Status != base.Status {
			t.Errorf("trial %d: extra neurons %v %v, want %v %v", trial, got.Status, got.MINats, base.Status, base.MINats)
		}
	}
}

// fullNetwork returns all N(N−1)/2 synapses of N neurons with K patterns of
// random full-rank Sigma each.
func fullNetwork(seed uint64, N, K int) *model.Case {
	r := rng.New(seed)
	c := &model.Case{}
	for i := 0; i < N; i++ {
		for j := i + 1; j < N; j++ {
			c.Synapses = append(c.Synapses, model.Synapse{i, j})
		}
	}
	for k := 0; k < K; k++ {
		mu := make([]float64, N)
		for i := range mu {
			mu[i] = 2*r.Float64() - 1
		}
		c.Patterns = append(c.Patterns, model.Pattern{Mu: mu, Sigma: randomSigma(r, N, N, 0.5, 0.1)})
	}
	return c
}

func TestStatuses(t *testing.T) {
	sig4 := exchangeable(4, 1, 0.2)
	var all6 []model.Synapse
	for i := 0; i < 4; i++ {
		for j := i + 1; j < 4; j++ {
			all6 = append(all6, model.Synapse{i, j})
		}
	}
	pat := func(mu ...float64) model.Pattern { return model.Pattern{Mu: mu, Sigma: sig4} }
	tests := []struct {
		name string
		c    *model.Case
		want Status
		dim  [2]int // Dim, DimRest
	}{
		{"K=1", &model.Case{Patterns: []model.Pattern{pat(0, 0, 0, 0)}, Synapses: all6[:2]}, Infinite, [2]int{2, 0}},
		{"K=2 all six synapses of 4 neurons", &model.Case{Patterns: []model.Pattern{pat(0, 0, 0, 0), pat(0.1, 0, 0, 0)}, Synapses: all6}, Infinite, [2]int{6, 4}},
		{"K=3 all six synapses of 4 neurons", &model.Case{Patterns: []model.Pattern{pat(0, 0, 0, 0), pat(0.1, 0, 0, 0), pat(0, 0.2, 0, 0)}, Synapses: all6}, OK, [2]int{6, 6}},
		{"K=2 three synapses", &model.Case{Patterns: []model.Pattern{pat(0, 0, 0, 0), pat(0.1, 0, 0, 0)}, Synapses: all6[:3]}, OK, [2]int{3, 3}},
		{"N=12 full network K=8", fullNetwork(5, 12, 8), Infinite, [2]int{66, 7*12 - 7*6/2}},
		// Past the rank threshold the truth is finite; at K = 9 the closed
		// form itself breaks (C has eigenvalue −0.042), at K = 12 it does not.
		{"N=12 full network K=9", fullNetwork(5, 12, 9), NotPositiveDefinite, [2]int{66, 66}},
		{"N=12 full network K=12", fullNetwork(5, 12, 12), OK, [2]int{66, 66}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := compute(t, tt.c)
			if r.Status != tt.want || r.Support.Dim != tt.dim[0] || r.Support.DimRest != tt.dim[1] {
				t.Fatalf("status %v dims %d/%d (%s), want %v %d/%d", r.Status, r.Support.Dim, r.Support.DimRest, r.Support.Method, tt.want, tt.dim[0], tt.dim[1])
			}
			if r.Status == NotPositiveDefinite && !(min(r.MinEigenvalue, r.MinEigenvalueRest) < 0) {
				t.Errorf("not positive definite but smallest eigenvalues %v, %v", r.MinEigenvalue, r.MinEigenvalueRest)
			}
			if tt.c.K() > 1 && r.MinEigenvalue > 0 && r.MinEigenvalueRest > 0 && math.IsNaN(r.MINats) {
				t.Errorf("C and C' positive definite but no closed-form value")
			}
		})
	}
}

// TestFullNetworkFormula: the full-network dimension jd − j(j−1)/2 agrees
// with the numerical rank of the Jacobian.
func TestFullNetworkFormula(t *testing.T) {
	for _, N := range []int{2, 3, 4, 6, 9} {
		for K := 1; K <= N+3; K++ {
			c := fullNetwork(uint64(10*N+K), N, K)
			got, ok := fullNetworkSupport(c, c.Touched())
			if !ok {
				t.Fatalf("N=%d K=%d: formula not applied", N, K)
			}
			touched := c.Touched()
			pos := map[int]int{}
			for p, i := range touched {
				pos[i] = p
			}
			al := make([]*termRoot, K)
			for k := range al {
				al[k] = incidenceTimesRoot(c, k, touched, pos)
			}
			dim, amb := stableRank(c, al, -1)
			want := Support{Dim: dim, DimRest: 0}
			if K > 1 {
				rest, ambRest := stableRank(c, al, c.Pattern)
				want.DimRest, amb = rest, amb || ambRest
			}
			if amb {
				t.Errorf("N=%d K=%d: rank decision ambiguous", N, K)
			}
			if got.Dim != want.Dim || got.DimRest != want.DimRest {
				t.Errorf("N=%d K=%d: formula %d/%d, rank %d/%d", N, K, got.Dim, got.DimRest, want.Dim, want.DimRest)
			}
		}
	}
}
