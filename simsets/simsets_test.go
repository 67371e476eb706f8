package simsets

import (
	"encoding/json"
	"math"
	"math/rand/v2"
	"reflect"
	"slices"
	"testing"

	"gonum.org/v1/gonum/stat"

	"github.com/syninfo/syninfo/model"
)

func TestSet1(t *testing.T) {
	syn := []model.Synapse{{1, 2}, {3, 4}}
	sd, rho := 0.7, 0.3
	c, err := Set1(0, 5, sd, rho, syn, 2)
	if err != nil {
		t.Fatal(err)
	}
	if c.N() != 20 || c.K() != 5 || c.Pattern != 2 || !slices.EqualFunc(c.Synapses, syn, slices.Equal) {
		t.Fatalf("shape: N %d K %d m %d synapses %v", c.N(), c.K(), c.Pattern, c.Synapses)
	}
	for k, p := range c.Patterns {
		for i := range 20 {
			if p.Mu[i] <= -1 || p.Mu[i] >= 1 {
				t.Fatalf("mu_%d[%d] = %v outside (-1, 1)", k, i, p.Mu[i])
			}
			for j := range 20 {
				want := rho * sd * sd
				if i == j {
					want = sd * sd
				}
				if p.Sigma[i][j] != want {
					t.Fatalf("Sigma_%d[%d][%d] = %v, want %v", k, i, j, p.Sigma[i][j], want)
				}
			}
		}
	}
	// The means are fixed: the same on another call, for another K, s, r, and
	// a prefix for fewer neurons; different patterns differ.
	c2, err := Set1(0, 9, 2, -0.05, []model.Synapse{{0, 1}}, 0)
	if err != nil {
		t.Fatal(err)
	}
	for k := range 5 {
		if !slices.Equal(c.Patterns[k].Mu, c2.Patterns[k].Mu) {
			t.Fatalf("mu_%d changed between calls", k)
		}
		if !slices.Equal(Set1Mean(k, 7), c.Patterns[k].Mu[:7]) {
			t.Fatalf("mu_%d for 7 neurons is not a prefix", k)
		}
	}
	if slices.Equal(c.Patterns[0].Mu, c.Patterns[1].Mu) {
		t.Error("patterns 0 and 1 have the same mean")
	}
}

func TestSet1Bad(t *testing.T) {
	syn := []model.Synapse{{0, 1}}
	for _, tc := range []struct {
		name    string
		neurons int
		k       int
		s, r    float64
		syn     []model.Synapse
		m       int
	}{
		{"r below -1/(N-1)", 0, 3, 1, -1.0/19 - 1e-9, syn, 0},
		{"r above 1", 0, 3, 1, 1.0001, syn, 0},
		{"r NaN", 0, 3, 1, math.NaN(), syn, 0},
		{"s negative", 0, 3, -1, 0, syn, 0},
		{"s infinite", 0, 3, math.Inf(1), 0, syn, 0},
		{"K zero", 0, 0, 1, 0, syn, 0},
		{"one neuron", 1, 3, 1, 0, syn, 0},
		{"pattern out of range", 0, 3, 1, 0, syn, 3},
		{"synapse out of range", 0, 3, 1, 0, []model.Synapse{{0, 20}}, 0},
		{"no synapses", 0, 3, 1, 0, nil, 0},
		{"not a pair", 0, 3, 1, 0, []model.Synapse{{0}}, 0},
	} {
		if _, err := Set1(tc.neurons, tc.k, tc.s, tc.r, tc.syn, tc.m); err == nil {
			t.Errorf("%s: no error", tc.name)
		}
	}
	// The boundary r = -1/(N-1) is singular but valid.
	if _, err := Set1(0, 3, 1, -1.0/19, syn, 0); err != nil {
		t.Errorf("r = -1/19: %v", err)
	}
	if _, err := Set1(0, 3, 1, 1, syn, 0); err != nil {
		t.Errorf("r = 1: %v", err)
	}
}

func TestRandomSynapsesUniform(t *testing.T) {
	const neurons, n, draws = 20, 5, 20000
	r := rand.New(rand.NewPCG(1, 1))
	count := map[[2]int]int{}
	for range draws {
		syn := RandomSynapses(r, neurons, n)
		seen := map[[2]int]bool{}
		for _, s := range syn {
			if !(0 <= s[0] && s[0] < s[1] && s[1] < neurons) {
				t.Fatalf("synapse %v not i < j within %d neurons", s, neurons)
			}
			key := [2]int{s[0], s[1]}
			if seen[key] {
				t.Fatalf("synapse %v twice in %v", s, syn)
			}
			seen[key] = true
			count[key]++
		}
	}
	if len(count) != 190 {
		t.Fatalf("%d distinct synapses seen, want 190", len(count))
	}
	// Each pair is in an ensemble with probability n/190: binomial counts.
	p := float64(n) / 190
	mean, sd := draws*p, math.Sqrt(draws*p*(1-p))
	for key, c := range count {
		if z := (float64(c) - mean) / sd; math.Abs(z) > 5 {
			t.Errorf("synapse %v drawn %d times, expected %.0f (z = %.1f)", key, c, mean, z)
		}
	}
	// All pairs of a small network, in full.
	all := RandomSynapses(r, 4, 6)
	slices.SortFunc(all, func(a, b model.Synapse) int { return slices.Compare(a, b) })
	want := []model.Synapse{{0, 1}, {0, 2}, {0, 3}, {1, 2}, {1, 3}, {2, 3}}
	if !slices.EqualFunc(all, want, slices.Equal) {
		t.Errorf("all 6 synapses of 4 neurons: %v", all)
	}
}

func TestReproducible(t *testing.T) {
	for _, draw := range []func(uint64, int, Ranges) (*Point, error){Set2, Set3} {
		a, err := draw(5, 17, Ranges{})
		if err != nil {
			t.Fatal(err)
		}
		b, _ := draw(5, 17, Ranges{})
		if !reflect.DeepEqual(a, b) {
			t.Errorf("set %d: the same (seed, index) gave different cases", a.Set)
		}
		// Drawing other indices first changes nothing.
		for i := range 5 {
			draw(5, i, Ranges{})
		}
		c, _ := draw(5, 17, Ranges{})
		if !reflect.DeepEqual(a, c) {
			t.Errorf("set %d: draw 17 depends on earlier draws", a.Set)
		}
		for _, other := range [][2]int{{6, 17}, {5, 18}} {
			d, _ := draw(uint64(other[0]), other[1], Ranges{})
			if slices.Equal(a.Case.Patterns[0].Mu, d.Case.Patterns[0].Mu) {
				t.Errorf("set %d: seed/index %v gave the same means as (5, 17)", a.Set, other)
			}
		}
	}
}

// meanSE returns the sample mean of x and its standard error.
func meanSE(x []float64) (float64, float64) {
	m, sd := stat.MeanStdDev(x, nil)
	return m, stat.StdErr(sd, float64(len(x)))
}

// check compares a sample mean with its exact expectation using the sample's
// standard error.
func check(t *testing.T, label string, x []float64, want float64) {
	t.Helper()
	m, se := meanSE(x)
	if z := (m - want) / se; math.Abs(z) > 5 {
		t.Errorf("%s: mean %.5g, expected %.5g (se %.2g, z = %.1f)", label, m, want, se, z)
	}
}

// halfNormalMean is E|N(mu, s^2)|.
func halfNormalMean(mu, s float64) float64 {
	return s*math.Sqrt(2/math.Pi)*math.Exp(-mu*mu/(2*s*s)) + mu*math.Erf(mu/(s*math.Sqrt2))
}

func TestSet2Distribution(t *testing.T) {
	draws := 3000
	if testing.Short() {
		draws = 600
	}
	var ks, ns, ms, rs, ss, diag, off, mus []float64
	for i := range draws {
		p, err := Set2(1, i, Ranges{})
		if err != nil {
			t.Fatal(err)
		}
		c := p.Case
		if c.N() != 20 || c.K() != p.K || c.Len() != p.Len || c.Pattern != p.Pattern || !c.SharedSigma() {
			t.Fatalf("draw %d: N %d K %d/%d n %d/%d shared %v", i, c.N(), c.K(), p.K, c.Len(), p.Len, c.SharedSigma())
		}
		if p.K < 2 || p.K > 50 || p.Len < 1 || p.Len > 20 || p.R < -1.0/19 || p.R > 1 || p.S < 0 {
			t.Fatalf("draw %d out of range: %+v", i, p)
		}
		ks = append(ks, float64(p.K))
		ns = append(ns, float64(p.Len))
		ms = append(ms, float64(p.Pattern)/float64(p.K-1))
		rs = append(rs, p.R)
		ss = append(ss, p.S)
		sig := c.Patterns[0].Sigma
		diag = append(diag, sig[3][3])
		off = append(off, sig[2][7])
		mus = append(mus, c.Patterns[0].Mu[5])
	}
	check(t, "K ~ U{2..50}", ks, 26)
	check(t, "n ~ U{1..20}", ns, 10.5)
	check(t, "m/(K-1), m ~ U{0..K-1}", ms, 0.5)
	check(t, "r ~ U(-1/19, 1)", rs, (1-1.0/19)/2)
	check(t, "s = |N(0,1)|", ss, math.Sqrt(2/math.Pi))
	// Sigma_ii = s^2 + sum_l A_li^2 / N: E = 1 + 1. Sigma_ij = r s^2 + sum_l
	// A_li A_lj / N: E = E[r] E[s^2] = (1 - 1/19)/2.
	check(t, "Sigma_ii", diag, 2)
	check(t, "Sigma_ij", off, (1-1.0/19)/2)
	check(t, "mu ~ U(-1,1)", mus, 0)
}

func TestSet3Distribution(t *testing.T) {
	draws := 1500
	if testing.Short() {
		draws = 300
	}
	const nn = 20
	var trace, total, ones []float64
	for i := range draws {
		p, err := Set3(2, i, Ranges{})
		if err != nil {
			t.Fatal(err)
		}
		c := p.Case
		if c.K() > 1 && c.SharedSigma() {
			t.Fatalf("draw %d: patterns share Sigma", i)
		}
		if len(p.Ones) != c.K() {
			t.Fatalf("draw %d: %d coefficients for %d patterns", i, len(p.Ones), c.K())
		}
		sig := c.Patterns[0].Sigma
		tr, all := 0.0, 0.0
		for a := range nn {
			tr += sig[a][a]
			for b := range nn {
				all += sig[a][b]
			}
		}
		trace = append(trace, tr)
		total = append(total, all)
		ones = append(ones, p.Ones[0])
		// Removing the 1 1^T part leaves Q diag(lambda) Q^T: positive semi-definite.
		rest := model.Case{Patterns: []model.Pattern{{Mu: c.Patterns[0].Mu, Sigma: minusOnes(sig, p.Ones[0])}},
			Synapses: []model.Synapse{{0, 1}}}
		if err := rest.Validate(); err != nil {
			t.Fatalf("draw %d: Sigma - c 1 1^T: %v", i, err)
		}
	}
	el := halfNormalMean(0.01, 1.2)
	// trace = sum lambda + N c; 1^T Sigma 1 = sum_l lambda_l (Q^T 1)_l^2 + N^2 c,
	// and sum_l (Q^T 1)_l^2 = N with lambda independent of Q.
	check(t, "trace Sigma_k", trace, nn*el+nn*0.72)
	check(t, "1^T Sigma_k 1", total, nn*el+nn*nn*0.72)
	check(t, "ones coefficient ~ U(0, 1.44)", ones, 0.72)
}

func minusOnes(sig [][]float64, c float64) [][]float64 {
	out := make([][]float64, len(sig))
	for i, row := range sig {
		out[i] = make([]float64, len(row))
		for j, v := range row {
			out[i][j] = v - c
		}
	}
	return out
}

func TestParams(t *testing.T) {
	for _, tc := range []struct {
		name  string
		p     Params
		count int
	}{
		{"Fig2A", Fig2A(), 31 * 100},
		{"Fig2B", Fig2B(), 31 * 100},
		{"Fig3A", Fig3A(), 16 * 100},
		{"Fig3B", Fig3B(), 16 * 100},
		{"Fig2C3C", Fig2C3C(), 1000},
		{"Fig2D3D", Fig2D3D(), 1000},
		{"Fig4", Fig4(), 20000},
		{"set 1 defaults", Params{Set: 1}, 31 * 100},
		{"set 2 small", Params{Set: 2, Draws: 7, Ranges: Ranges{Neurons: 6, KMax: 4, LenMax: 100}}, 7},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if err := tc.p.Validate(); err != nil {
				t.Fatal(err)
			}
			n, err := tc.p.Count()
			if err != nil || n != tc.count {
				t.Fatalf("Count = %d, %v; want %d", n, err, tc.count)
			}
			for _, i := range []int{0, n / 3, n - 1} {
				pt, err := tc.p.Case(9, i)
				if err != nil {
					t.Fatalf("case %d: %v", i, err)
				}
				if err := pt.Case.Validate(); err != nil {
					t.Fatalf("case %d invalid: %v", i, err)
				}
			}
			if _, err := tc.p.Case(9, n); err == nil {
				t.Error("case Count() accepted")
			}
			// JSON round trip.
			b, err := json.Marshal(tc.p)
			if err != nil {
				t.Fatal(err)
			}
			var q Params
			if err := json.Unmarshal(b, &q); err != nil || !reflect.DeepEqual(q, tc.p) {
				t.Fatalf("round trip of %s: %+v, %v", b, q, err)
			}
		})
	}
	// n(N-1)/2 caps n: 6 neurons have 15 synapses.
	pt, _ := Params{Set: 2, Ranges: Ranges{Neurons: 6, LenMin: 15}}.Case(1, 0)
	if pt.Len != 15 {
		t.Errorf("len_min 15 of 6 neurons: n = %d", pt.Len)
	}
}

// Set 1's grid order: Len varies fastest, then R, S, K.
func TestSet1Grid(t *testing.T) {
	p := Params{Set: 1, K: []int{2, 3}, S: []float64{0.5, 1, 2}, R: []float64{0, 0.5}, Len: []int{1, 4}}
	i := 0
	for _, k := range p.K {
		for _, s := range p.S {
			for _, r := range p.R {
				for _, n := range p.Len {
					pt, err := p.Case(0, i)
					if err != nil {
						t.Fatal(err)
					}
					if pt.K != k || pt.S != s || pt.R != r || pt.Len != n || pt.Case.K() != k || pt.Case.Len() != n ||
						pt.Case.Patterns[0].Sigma[0][1] != r*s*s || pt.Case.Synapses[n-1][0] != Fig3Synapses[n-1][0] {
						t.Fatalf("case %d: %+v, want K %d s %v r %v n %d", i, pt, k, s, r, n)
					}
					i++
				}
			}
		}
	}
}

func TestParamsBad(t *testing.T) {
	for _, p := range []Params{
		{Set: 0},
		{Set: 4},
		{Set: 1, R: []float64{-0.5}},
		{Set: 1, Len: []int{17}},
		{Set: 1, Len: []int{0}},
		{Set: 1, K: []int{0}},
		{Set: 2, Draws: -1},
		{Set: 2, Ranges: Ranges{KMin: 5, KMax: 3}},
		{Set: 3, Ranges: Ranges{Neurons: 1}},
		{Set: 3, Ranges: Ranges{Scale: -1}},
		{Set: 2, Ranges: Ranges{MuRange: math.Inf(1)}},
	} {
		if err := p.Validate(); err == nil {
			t.Errorf("%+v: no error", p)
		}
	}
	if _, err := Set2(1, -1, Ranges{}); err == nil {
		t.Error("Set2 index -1: no error")
	}
	if _, err := RandomEnsemble(1, 0, 5, 11); err == nil {
		t.Error("11 synapses of 5 neurons: no error")
	}
}

// TestDeprecatedNames reads the same parameters under the old and the new
// JSON names.
func TestDeprecatedNames(t *testing.T) {
	var a, b Params
	if err := json.Unmarshal([]byte(`{"set": 1, "k": [2, 4], "r": [0.5], "len": [1, 3], "k_min": 2, "k_max": 9, "len_min": 1, "len_max": 4}`), &a); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal([]byte(`{"set": 1, "patterns": [2, 4], "rho": [0.5], "n": [1, 3], "patterns_min": 2, "patterns_max": 9, "n_min": 1, "n_max": 4}`), &b); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(a, b) || b.KMax != 9 || b.LenMax != 4 || len(b.R) != 1 {
		t.Errorf("old names %+v, new names %+v", a, b)
	}
	for _, bad := range []string{`{"set": 1, "k": [2], "patterns": [3]}`, `{"set": 1, "kk": [2]}`} {
		if err := json.Unmarshal([]byte(bad), &a); err == nil {
			t.Errorf("%s accepted", bad)
		}
	}
}
