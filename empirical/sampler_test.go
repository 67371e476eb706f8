package empirical

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"runtime"
	"slices"
	"testing"

	"github.com/syninfo/syninfo/model"
)

// toRows turns a row-major d x d matrix into the [][]float64 of a Pattern.
func toRows(a []float64, d int) [][]float64 {
	s := make([][]float64, d)
	for i := range s {
		s[i] = slices.Clone(a[i*d : (i+1)*d])
	}
	return s
}

// randomMu returns N means uniform in (-lim, lim).
func randomMu(r *rand.Rand, n int, lim float64) []float64 {
	mu := make([]float64, n)
	for i := range mu {
		mu[i] = lim * (2*r.Float64() - 1)
	}
	return mu
}

// scaled returns c * a.
func scaled(a []float64, c float64) []float64 {
	b := slices.Clone(a)
	for i := range b {
		b[i] *= c
	}
	return b
}

// testCase builds a valid case with K patterns over N neurons.
func testCase(t testing.TB, n, k, m int, mu func(k int) []float64, sigma func(k int) []float64, syn [][2]int) *model.Case {
	t.Helper()
	c := &model.Case{Pattern: m}
	for i := range k {
		c.Patterns = append(c.Patterns, model.Pattern{Mu: mu(i), Sigma: toRows(sigma(i), n)})
	}
	for _, s := range syn {
		c.Synapses = append(c.Synapses, model.Synapse{s[0], s[1]})
	}
	if err := c.Validate(); err != nil {
		t.Fatalf("test case invalid: %v", err)
	}
	return c
}

// momentCases are the cases of the moment tests: shared Sigma, one Sigma per
// pattern, strong correlation, a singular Sigma, and K = 1.
func momentCases(t testing.TB) map[string]*model.Case {
	r := rand.New(rand.NewPCG(7, 7))
	syn := [][2]int{{0, 1}, {1, 2}, {3, 0}, {4, 5}}
	out := map[string]*model.Case{}
	shared := scaled(gram(r, 6, 8), 0.3/8)
	mus := make([][]float64, 8)
	for k := range mus {
		mus[k] = randomMu(r, 6, 1)
	}
	out["shared sigma"] = testCase(t, 6, 5, 2, func(k int) []float64 { return mus[k] },
		func(int) []float64 { return shared }, syn)
	per := make([][]float64, 4)
	for k := range per {
		per[k] = scaled(gram(r, 6, 6), 0.05*float64(k+1)/6)
	}
	out["sigma per pattern"] = testCase(t, 6, 4, 0, func(k int) []float64 { return mus[k] },
		func(k int) []float64 { return per[k] }, syn)
	strong := exchangeable(6, 0.4, 0.97)
	out["strong correlation"] = testCase(t, 6, 3, 1, func(k int) []float64 { return mus[k] },
		func(int) []float64 { return strong }, syn)
	singular := scaled(gram(r, 6, 2), 0.1)
	out["singular sigma"] = testCase(t, 6, 3, 2, func(k int) []float64 { return mus[k] },
		func(int) []float64 { return singular }, syn)
	out["singleton"] = testCase(t, 6, 5, 3, func(k int) []float64 { return mus[k] },
		func(k int) []float64 { return per[k%4] }, [][2]int{{4, 2}})
	out["K=1"] = testCase(t, 6, 1, 0, func(k int) []float64 { return mus[k] },
		func(int) []float64 { return per[1] }, syn)
	return out
}

// modes are the three ways a Sampler can make draws; every statistical test
// runs in each.
var modes = []struct {
	name                string
	termSpace, pairwise bool
}{
	{"term space", true, true},
	{"neuron space, log-sum-exp", false, true},
	{"neuron space, per neuron", false, false},
}

// newMode returns a Sampler for c forced into mode i.
func newMode(t testing.TB, c *model.Case, i int) *Sampler {
	t.Helper()
	s, err := New(c)
	if err != nil {
		t.Fatal(err)
	}
	s.setMode(modes[i].termSpace, modes[i].pairwise)
	return s
}

// exactTerm returns the log-mean m_k[a] and log-covariance V_k[a][b] of the
// Hebbian term T^(k), computed here from the case's mu and Sigma.
func exactTerm(c *model.Case, k int) (m []float64, v [][]float64) {
	p := c.Patterns[k]
	n := c.Len()
	m = make([]float64, n)
	v = make([][]float64, n)
	for a, sa := range c.Synapses {
		m[a] = p.Mu[sa[0]] + p.Mu[sa[1]]
		v[a] = make([]float64, n)
		for b, sb := range c.Synapses {
			for _, i := range sa {
				for _, j := range sb {
					v[a][b] += p.Sigma[i][j]
				}
			}
		}
	}
	return m, v
}

// exactWMoments returns E[W_a] and Cov(W_a, W_b) of the sum over the patterns
// for which use(k) holds (docs/method.md §3: exact for sums of log-normals).
func exactWMoments(c *model.Case, use func(k int) bool) (e []float64, cov [][]float64) {
	n := c.Len()
	e = make([]float64, n)
	cov = make([][]float64, n)
	for a := range cov {
		cov[a] = make([]float64, n)
	}
	for k := range c.K() {
		if !use(k) {
			continue
		}
		m, v := exactTerm(c, k)
		for a := range n {
			e[a] += math.Exp(m[a] + v[a][a]/2)
			for b := range n {
				cov[a][b] += math.Exp(m[a]+v[a][a]/2+m[b]+v[b][b]/2) * math.Expm1(v[a][b])
			}
		}
	}
	return e, cov
}

// zLimit is the largest |z| accepted for one statistic. The tests below
// compare a few dozen statistics per case; for independent normal z the
// chance that any exceeds 5 is below 1e-5.
const zLimit = 5

// batchCovSE returns the sample covariance of columns a and b of the row-major
// table x (rows x cols) and its standard error from nb batch covariances.
func batchCovSE(x []float64, rows, cols, a, b, nb int) (cov, se float64) {
	cov = sampleCov(x, 0, rows, cols, a, b)
	per := rows / nb
	var s, s2 float64
	for i := range nb {
		v := sampleCov(x, i*per, (i+1)*per, cols, a, b)
		s += v
		s2 += v * v
	}
	mean := s / float64(nb)
	sd := math.Sqrt((s2/float64(nb) - mean*mean) * float64(nb) / float64(nb-1))
	return cov, sd / math.Sqrt(float64(nb))
}

func sampleMean(x []float64, lo, hi, cols, a int) float64 {
	s := 0.0
	for t := lo; t < hi; t++ {
		s += x[t*cols+a]
	}
	return s / float64(hi-lo)
}

func sampleCov(x []float64, lo, hi, cols, a, b int) float64 {
	ma, mb := sampleMean(x, lo, hi, cols, a), sampleMean(x, lo, hi, cols, b)
	s := 0.0
	for t := lo; t < hi; t++ {
		s += (x[t*cols+a] - ma) * (x[t*cols+b] - mb)
	}
	return s / float64(hi-lo-1)
}

func expAll(x []float64) []float64 {
	y := make([]float64, len(x))
	for i, v := range x {
		y[i] = math.Exp(v)
	}
	return y
}

// TestWeightMoments checks W_S and W_S^(-m) against their exact means (with
// the exact standard error sqrt(Var/M)) and covariances (with a batch-means
// standard error, since the variance of a sample covariance of log-normals
// involves fourth moments).
func TestWeightMoments(t *testing.T) {
	const samples = 200_000
	if testing.Short() {
		t.Skip("statistical check with 2e5 draws per case")
	}
	for name, c := range momentCases(t) {
		for mi, mode := range modes {
			t.Run(name+"/"+mode.name, func(t *testing.T) {
				t.Parallel() // independent cases; overlaps one's statistics with another's draws
				s := newMode(t, c, mi)
				dr, err := s.Draw(samples, 11, 0, Options{})
				if err != nil {
					t.Fatal(err)
				}
				n := c.Len()
				for _, which := range []struct {
					label string
					logs  []float64
					use   func(k int) bool
				}{
					{"W", dr.LogW, func(int) bool { return true }},
					{"W^(-m)", dr.LogWRest, func(k int) bool { return k != c.Pattern }},
				} {
					e, cov := exactWMoments(c, which.use)
					if c.K() == 1 && which.label == "W^(-m)" {
						for i, v := range which.logs {
							if !math.IsInf(v, -1) {
								t.Fatalf("K = 1: ln W^(-m)[%d] = %v, want -Inf", i, v)
							}
						}
						continue
					}
					w := expAll(which.logs)
					for a := range n {
						mean := sampleMean(w, 0, samples, n, a)
						if z := (mean - e[a]) / math.Sqrt(cov[a][a]/samples); math.Abs(z) > zLimit {
							t.Errorf("%s_%d: mean %.6g, exact %.6g, z = %.2f", which.label, a, mean, e[a], z)
						}
						for b := a; b < n; b++ {
							got, se := batchCovSE(w, samples, n, a, b, 50)
							if z := (got - cov[a][b]) / se; math.Abs(z) > zLimit {
								t.Errorf("%s: Cov(%d,%d) %.6g, exact %.6g, se %.3g, z = %.2f", which.label, a, b, got, cov[a][b], se, z)
							}
						}
					}
				}
				if c.K() == 1 {
					// ln W = ln T^(0) is exactly normal with mean m_0, covariance V_0.
					m, v := exactTerm(c, 0)
					checkNormal(t, "ln W (K=1)", dr.LogW, samples, n, m, v)
				}
			})
		}
	}
}

// checkNormal compares the sample mean and covariance of the rows of x
// (rows x cols) with those of Normal(mu, sigma): the standard error of a mean
// is sqrt(sigma_aa/M), of a covariance sqrt((sigma_aa sigma_bb + sigma_ab^2)/(M-1)).
func checkNormal(t *testing.T, label string, x []float64, rows, cols int, mu []float64, sigma [][]float64) {
	t.Helper()
	for a := range cols {
		mean := sampleMean(x, 0, rows, cols, a)
		se := math.Sqrt(sigma[a][a] / float64(rows))
		if se == 0 {
			if math.Abs(mean-mu[a]) > 1e-12*(1+math.Abs(mu[a])) {
				t.Errorf("%s[%d]: mean %.10g, want exactly %.10g (zero variance)", label, a, mean, mu[a])
			}
			continue
		}
		if z := (mean - mu[a]) / se; math.Abs(z) > zLimit {
			t.Errorf("%s[%d]: mean %.6g, want %.6g, z = %.2f", label, a, mean, mu[a], z)
		}
		for b := a; b < cols; b++ {
			got := sampleCov(x, 0, rows, cols, a, b)
			se := math.Sqrt((sigma[a][a]*sigma[b][b] + sigma[a][b]*sigma[a][b]) / float64(rows-1))
			if z := (got - sigma[a][b]) / se; math.Abs(z) > zLimit {
				t.Errorf("%s: cov(%d,%d) %.6g, want %.6g, z = %.2f", label, a, b, got, sigma[a][b], z)
			}
		}
	}
}

// TestLogXMoments checks that ln X^(m) at the touched neurons has mean mu_m and
// covariance Sigma_m there, and the shift identity W - W^(-m) = T^(m) =
// X_i^(m) X_j^(m) draw by draw.
func TestLogXMoments(t *testing.T) {
	samples := 100_000
	if testing.Short() {
		samples = 20_000
	}
	for name, c := range momentCases(t) {
		for mi, mode := range modes {
			t.Run(name+"/"+mode.name, func(t *testing.T) {
				t.Parallel() // independent cases; overlaps one's statistics with another's draws
				s := newMode(t, c, mi)
				dr, err := s.Draw(samples, 5, 3, Options{})
				if err != nil {
					t.Fatal(err)
				}
				idx := s.Touched()
				if !slices.Equal(idx, c.Touched()) || dr.Touched != len(idx) || dr.Synapses != c.Len() || dr.M != samples {
					t.Fatalf("shape: M %d, n %d, d %d, touched %v", dr.M, dr.Synapses, dr.Touched, idx)
				}
				p := c.Patterns[c.Pattern]
				mu := make([]float64, len(idx))
				sig := make([][]float64, len(idx))
				for q, i := range idx {
					mu[q] = p.Mu[i]
					sig[q] = make([]float64, len(idx))
					for r, j := range idx {
						sig[q][r] = p.Sigma[i][j]
					}
				}
				checkNormal(t, "ln X^(m)", dr.LogX, samples, len(idx), mu, sig)

				pos := map[int]int{}
				for q, i := range idx {
					pos[i] = q
				}
				n, d := dr.Synapses, dr.Touched
				for row := range samples {
					for a, syn := range c.Synapses {
						lw, lr := dr.LogW[row*n+a], dr.LogWRest[row*n+a]
						want := dr.LogX[row*d+pos[syn[0]]] + dr.LogX[row*d+pos[syn[1]]]
						if !(lw >= lr) {
							t.Fatalf("row %d synapse %d: ln W %v < ln W^(-m) %v", row, a, lw, lr)
						}
						// ln T = ln(W - W^(-m)); rounding in ln W is amplified by W/T.
						if lw-want > math.Log(1e6) {
							continue
						}
						got := lw + math.Log(-math.Expm1(lr-lw))
						if math.Abs(got-want) > 1e-9 {
							t.Fatalf("row %d synapse %d: ln(W - W^(-m)) = %.15g, ln X_i + ln X_j = %.15g", row, a, got, want)
						}
					}
				}
			})
		}
	}
}

// The per-synapse log-sum-exp and the per-neuron exponentials are two
// computations of the same logarithms from the same draws.
func TestPathsAgree(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	syn := [][2]int{{0, 1}, {0, 2}, {1, 2}, {2, 3}, {3, 4}, {0, 4}, {1, 3}}
	sig := scaled(gram(r, 5, 5), 0.4/5)
	tests := []struct {
		name string
		mu   func(k int) []float64
		k    int
	}{
		{"moderate", func(int) []float64 { return randomMu(r, 5, 1) }, 6},
		// Terms of very different size: exp of them overflows or underflows,
		// and the scaled per-neuron sums fall back to log-sum-exp.
		{"extreme", func(k int) []float64 {
			mu := randomMu(r, 5, 1)
			for i := range mu {
				mu[i] += float64((k*7+i*3)%5-2) * 300
			}
			return mu
		}, 6},
		// Neuron i of pattern k near +-400 by the parity of i+k: on the
		// synapses of neighbours every term's two factors are e^400 and
		// e^-400, the per-neuron shifts are both 400, and the scaled sums
		// underflow to zero unless the fallback takes over.
		{"alternating", func(k int) []float64 {
			mu := randomMu(r, 5, 1)
			for i := range mu {
				mu[i] += float64(1-2*((i+k)%2)) * 400
			}
			return mu
		}, 4},
		{"K=1", func(int) []float64 { return randomMu(r, 5, 2) }, 1},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c := testCase(t, 5, tc.k, 0, tc.mu, func(int) []float64 { return sig }, syn)
			s, err := New(c)
			if err != nil {
				t.Fatal(err)
			}
			s.setMode(false, true)
			a, err := s.Draw(3000, 1, 2, Options{})
			if err != nil {
				t.Fatal(err)
			}
			s.setMode(false, false)
			b, err := s.Draw(3000, 1, 2, Options{})
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(a.LogX, b.LogX) {
				t.Fatal("ln X differs between the paths: the draws are not the same")
			}
			for i := range a.LogW {
				for _, pair := range [][2]float64{{a.LogW[i], b.LogW[i]}, {a.LogWRest[i], b.LogWRest[i]}} {
					x, y := pair[0], pair[1]
					if math.IsInf(x, -1) && math.IsInf(y, -1) && tc.k == 1 {
						continue
					}
					if math.IsNaN(x) || math.IsInf(x, 0) || math.Abs(x-y) > 1e-13*(1+math.Abs(x)) {
						t.Fatalf("value %d: log-sum-exp %.17g, per neuron %.17g", i, x, y)
					}
				}
			}
		})
	}
}

func drawBits(t *testing.T, s *Sampler, samples int, seed, key uint64, o Options) []uint64 {
	t.Helper()
	d, err := s.Draw(samples, seed, key, o)
	if err != nil {
		t.Fatal(err)
	}
	var bits []uint64
	for _, v := range slices.Concat(d.LogW, d.LogWRest, d.LogX) {
		bits = append(bits, math.Float64bits(v))
	}
	return bits
}

func TestDeterminism(t *testing.T) {
	for mi, mode := range modes {
		t.Run(mode.name, func(t *testing.T) {
			testDeterminism(t, newMode(t, momentCases(t)["sigma per pattern"], mi))
		})
	}
}

func testDeterminism(t *testing.T, s *Sampler) {
	const samples = 5*ChunkSize + 17
	ref := drawBits(t, s, samples, 42, 9, Options{Workers: 1})
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(0))
	for _, procs := range []int{1, 2, 8} {
		runtime.GOMAXPROCS(procs)
		for _, w := range []int{0, 1, 2, 3, 8, 64} {
			if got := drawBits(t, s, samples, 42, 9, Options{Workers: w}); !slices.Equal(got, ref) {
				t.Fatalf("GOMAXPROCS %d, %d workers: draws differ from 1 worker", procs, w)
			}
		}
	}
	for _, other := range []struct {
		name      string
		seed, key uint64
	}{{"seed", 43, 9}, {"case key", 42, 10}} {
		got := drawBits(t, s, samples, other.seed, other.key, Options{})
		same := 0
		for i := range got {
			if got[i] == ref[i] {
				same++
			}
		}
		if same > len(got)/100 {
			t.Errorf("another %s: %d of %d values equal", other.name, same, len(got))
		}
	}
	// Chunk c depends only on (seed, key, c): a shorter run is a prefix.
	short, err := s.Draw(2*ChunkSize+5, 42, 9, Options{})
	if err != nil {
		t.Fatal(err)
	}
	long, _ := s.Draw(samples, 42, 9, Options{})
	if !slices.Equal(short.LogW, long.LogW[:len(short.LogW)]) || !slices.Equal(short.LogX, long.LogX[:len(short.LogX)]) {
		t.Error("a shorter run is not a prefix of a longer one")
	}
}

// The neurons S does not touch, and their number N, do not enter the draws.
func TestIndependentOfN(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	small := momentCases(t)["sigma per pattern"]
	const bigN = 300
	// Embed neurons 0..5 as neurons 7, 50, 51, 120, 200, 299 of a larger network.
	at := []int{7, 50, 51, 120, 200, 299}
	big := &model.Case{Pattern: small.Pattern}
	for _, p := range small.Patterns {
		noise := scaled(gram(r, bigN, 2), 0.01)
		mu := randomMu(r, bigN, 1)
		sig := toRows(noise, bigN)
		for q, i := range at {
			mu[i] = p.Mu[q]
			for s, j := range at {
				sig[i][j] = p.Sigma[q][s]
			}
		}
		// Keep the big Sigma positive semi-definite: decouple the embedded block.
		for _, i := range at {
			for j := range bigN {
				if !slices.Contains(at, j) {
					sig[i][j], sig[j][i] = 0, 0
				}
			}
		}
		big.Patterns = append(big.Patterns, model.Pattern{Mu: mu, Sigma: sig})
	}
	for _, syn := range small.Synapses {
		big.Synapses = append(big.Synapses, model.Synapse{at[syn[0]], at[syn[1]]})
	}
	if err := big.Validate(); err != nil {
		t.Fatal(err)
	}
	s1, err := New(small)
	if err != nil {
		t.Fatal(err)
	}
	s2, err := New(big)
	if err != nil {
		t.Fatal(err)
	}
	if a, b := drawBits(t, s1, 3000, 8, 1, Options{}), drawBits(t, s2, 3000, 8, 1, Options{}); !slices.Equal(a, b) {
		t.Error("draws differ once the case is embedded in a larger network")
	}
}

func TestSharedFactor(t *testing.T) {
	cases := momentCases(t)
	for _, tc := range []struct {
		name    string
		factors int
		ranks   []int
	}{
		{"shared sigma", 1, []int{6, 6, 6, 6, 6}},
		{"sigma per pattern", 4, []int{6, 6, 6, 6}},
		{"singular sigma", 1, []int{2, 2, 2}},
		{"strong correlation", 1, []int{6, 6, 6}},
	} {
		s, err := New(cases[tc.name])
		if err != nil {
			t.Fatal(err)
		}
		var ranks []int
		for k := range cases[tc.name].K() {
			ranks = append(ranks, s.Rank(k))
		}
		if s.Factors() != tc.factors || !slices.Equal(ranks, tc.ranks) {
			t.Errorf("%s: %d factors of ranks %v, want %d of %v", tc.name, s.Factors(), ranks, tc.factors, tc.ranks)
		}
	}
}

func TestStream(t *testing.T) {
	c := momentCases(t)["shared sigma"]
	s, err := New(c)
	if err != nil {
		t.Fatal(err)
	}
	const samples = 3*ChunkSize + 1
	whole, err := s.Draw(samples, 1, 1, Options{})
	if err != nil {
		t.Fatal(err)
	}
	next := 0
	err = s.Stream(samples, 1, 1, Options{Workers: 4}, func(ch *Chunk) error {
		if ch.Index != next || ch.First != next*ChunkSize {
			return fmt.Errorf("chunk %d (first %d) delivered as number %d", ch.Index, ch.First, next)
		}
		want := min(ChunkSize, samples-ch.First)
		if ch.Rows != want || len(ch.LogW) != want*ch.Synapses || len(ch.LogX) != want*ch.Touched {
			return fmt.Errorf("chunk %d: %d rows, %d/%d values", ch.Index, ch.Rows, len(ch.LogW), len(ch.LogX))
		}
		if !slices.Equal(ch.LogWRest, whole.LogWRest[ch.First*ch.Synapses:][:len(ch.LogWRest)]) {
			return fmt.Errorf("chunk %d differs from Draw", ch.Index)
		}
		next++
		return nil
	})
	if err != nil || next != 4 {
		t.Fatalf("stream: %v after %d chunks", err, next)
	}
	// One draw, and more workers than chunks.
	one, err := s.Draw(1, 1, 1, Options{Workers: 16})
	if err != nil || !slices.Equal(one.LogW, whole.LogW[:one.Synapses]) || !slices.Equal(one.LogX, whole.LogX[:one.Touched]) {
		t.Fatalf("Draw(1) is not the first row of a longer run (%v)", err)
	}
	stop := errors.New("stop")
	calls := 0
	err = s.Stream(100*ChunkSize, 1, 1, Options{Workers: 2}, func(*Chunk) error {
		calls++
		if calls == 2 {
			return stop
		}
		return nil
	})
	if !errors.Is(err, stop) || calls != 2 {
		t.Fatalf("callback error: got %v after %d calls", err, calls)
	}
}

// Stream's memory does not grow with the number of draws.
func TestStreamMemoryFlat(t *testing.T) {
	c := momentCases(t)["sigma per pattern"]
	s, err := New(c)
	if err != nil {
		t.Fatal(err)
	}
	alloc := func(samples int) uint64 {
		var before, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		if err := s.Stream(samples, 1, 1, Options{Workers: 2}, func(*Chunk) error { return nil }); err != nil {
			t.Fatal(err)
		}
		runtime.ReadMemStats(&after)
		return after.TotalAlloc - before.TotalAlloc
	}
	small, large := alloc(4*ChunkSize), alloc(64*ChunkSize)
	// 16 times the draws; only the per-chunk generator and job bookkeeping
	// (well under 1 KiB a chunk) may grow.
	if large > small+64*1024 {
		t.Errorf("allocated %d bytes for 64 chunks, %d for 4", large, small)
	}
	t.Logf("allocated %d bytes for 4 chunks, %d for 64", small, large)
}

func TestBadInput(t *testing.T) {
	good := momentCases(t)["shared sigma"]
	s, err := New(good)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Draw(0, 1, 1, Options{}); err == nil {
		t.Error("Draw(0) succeeded")
	}
	if err := s.Stream(-3, 1, 1, Options{}, func(*Chunk) error { return nil }); err == nil {
		t.Error("Stream(-3) succeeded")
	}
	mutate := []struct {
		name string
		f    func(c *model.Case)
	}{
		{"nil patterns", func(c *model.Case) { c.Patterns = nil }},
		{"no synapses", func(c *model.Case) { c.Synapses = nil }},
		{"pattern out of range", func(c *model.Case) { c.Pattern = 9 }},
		{"neuron out of range", func(c *model.Case) { c.Synapses[0] = model.Synapse{0, 60} }},
		{"negative neuron", func(c *model.Case) { c.Synapses[0] = model.Synapse{-1, 2} }},
		{"self-connection", func(c *model.Case) { c.Synapses[0] = model.Synapse{2, 2} }},
		{"not a pair", func(c *model.Case) { c.Synapses[0] = model.Synapse{2} }},
		{"NaN mu", func(c *model.Case) { c.Patterns[1].Mu[0] = math.NaN() }},
		{"Inf sigma", func(c *model.Case) { c.Patterns[1].Sigma[0][1] = math.Inf(1) }},
		{"short sigma row", func(c *model.Case) { c.Patterns[1].Sigma[1] = c.Patterns[1].Sigma[1][:2] }},
	}
	for _, m := range mutate {
		c := momentCases(t)["shared sigma"]
		m.f(c)
		if _, err := New(c); err == nil {
			t.Errorf("%s: New succeeded", m.name)
		}
	}
	if _, err := New(nil); err == nil {
		t.Error("New(nil) succeeded")
	}
}

// With Sigma = 0 every draw is the same and known exactly: ln W_a is the
// log-sum-exp of mu_k[i] + mu_k[j], here with terms near e^(+-1000) that
// overflow and underflow in linear space. Checked in every mode against a
// log-sum-exp computed here.
func TestDeterministicPatterns(t *testing.T) {
	mus := [][]float64{{500, -480, 3, 499}, {-700, 520, 0, 1}, {1, 2, 3, 4}, {498, 502, -900, 0}}
	syn := [][2]int{{0, 1}, {2, 3}, {0, 3}}
	zero := make([]float64, 16)
	for _, m := range []int{0, 3} {
		c := testCase(t, 4, 4, m, func(k int) []float64 { return mus[k] }, func(int) []float64 { return zero }, syn)
		for mi, mode := range modes {
			s := newMode(t, c, mi)
			d, err := s.Draw(50, 1, 1, Options{})
			if err != nil {
				t.Fatal(err)
			}
			for a, pr := range syn {
				var all, rest []float64
				for k := range mus {
					v := mus[k][pr[0]] + mus[k][pr[1]]
					all = append(all, v)
					if k != m {
						rest = append(rest, v)
					}
				}
				wantW, wantR := refLogSumExp(all), refLogSumExp(rest)
				for row := range d.M {
					gotW, gotR := d.LogW[row*d.Synapses+a], d.LogWRest[row*d.Synapses+a]
					if math.Abs(gotW-wantW) > 1e-13*math.Abs(wantW) || math.Abs(gotR-wantR) > 1e-13*math.Abs(wantR) {
						t.Fatalf("%s, m = %d, synapse %v: ln W %.17g ln W^(-m) %.17g, want %.17g %.17g",
							mode.name, m, pr, gotW, gotR, wantW, wantR)
					}
				}
			}
			for row := range d.M {
				if !slices.Equal(d.LogX[row*4:(row+1)*4], mus[m]) {
					t.Fatalf("%s: ln X^(m) = %v, want %v", mode.name, d.LogX[row*4:(row+1)*4], mus[m])
				}
			}
		}
	}
}

// refLogSumExp is ln sum e^v, summed in decreasing order after the largest.
func refLogSumExp(v []float64) float64 {
	v = slices.Clone(v)
	slices.Sort(v)
	slices.Reverse(v)
	s := 0.0
	for _, x := range v {
		s += math.Exp(x - v[0])
	}
	return v[0] + math.Log(s)
}
