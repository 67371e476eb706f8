package simsets

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"

	"gonum.org/v1/gonum/mat"

	"github.com/syninfo/syninfo/internal/rng"
	"github.com/syninfo/syninfo/model"
)

// DefaultNeurons is N, the number of neurons of every set unless changed.
const DefaultNeurons = 20

// set1MeanSeed keys the fixed stream of set 1's means.
const set1MeanSeed = 34

// Stream tags: the first path element of each kind of random draw, so that
// the sets' streams never coincide for the same seed and index.
const (
	tagSet2 = 2
	tagSet3 = 3
	tagEns  = 100
)

// Set1Mean returns mu_k of set 1 for N neurons: U(-1, 1)^N from a fixed
// stream of its own, so the same on every call, for any K, and a prefix of
// the mean for more neurons.
func Set1Mean(k, neurons int) []float64 {
	r := rng.New(set1MeanSeed, uint64(k))
	mu := make([]float64, neurons)
	for i := range mu {
		mu[i] = 2*r.Float64() - 1
	}
	return mu
}

// Exchangeable returns s^2 [(1 - r) I + r 1 1^T] (N x N): variance s^2,
// correlation r between any two neurons. It is positive semi-definite for
// -1/(N-1) <= r <= 1.
func Exchangeable(neurons int, s, r float64) [][]float64 {
	sig := make([][]float64, neurons)
	for i := range sig {
		sig[i] = make([]float64, neurons)
		for j := range sig[i] {
			sig[i][j] = r * s * s
		}
		sig[i][i] = s * s
	}
	return sig
}

// Set1 returns the set 1 case with K patterns over N neurons (0 means
// DefaultNeurons), the fixed means Set1Mean(k, N), the shared Sigma
// Exchangeable(N, s, r), the given synapses and pattern m.
func Set1(neurons, k int, s, r float64, synapses []model.Synapse, pattern int) (*model.Case, error) {
	if neurons == 0 {
		neurons = DefaultNeurons
	}
	if neurons < 2 {
		return nil, fmt.Errorf("set 1: neurons: %d, want at least 2", neurons)
	}
	if k < 1 {
		return nil, fmt.Errorf("set 1: K: %d, want at least 1", k)
	}
	if !(s >= 0) || math.IsInf(s, 0) {
		return nil, fmt.Errorf("set 1: s: %v, want a finite s >= 0", s)
	}
	if lo := -1 / float64(neurons-1); !(r >= lo && r <= 1) {
		return nil, fmt.Errorf("set 1: r: %v, want -1/(N-1) = %.6g <= r <= 1", r, lo)
	}
	sig := Exchangeable(neurons, s, r)
	c := &model.Case{Synapses: cloneSynapses(synapses), Pattern: pattern}
	for i := range k {
		c.Patterns = append(c.Patterns, model.Pattern{Mu: Set1Mean(i, neurons), Sigma: sig})
	}
	if err := c.Validate(); err != nil {
		return nil, fmt.Errorf("set 1: %w", err)
	}
	return c, nil
}

func cloneSynapses(s []model.Synapse) []model.Synapse {
	out := make([]model.Synapse, len(s))
	for a, syn := range s {
		out[a] = slices.Clone(syn) // malformed pairs are left to Validate
	}
	return out
}

// RandomSynapses returns n distinct synapses (i, j), i < j, drawn uniformly
// without replacement from the N(N-1)/2 of a network of N neurons, in the
// order drawn. It panics if n is out of [0, N(N-1)/2] (callers check).
func RandomSynapses(r *rand.Rand, neurons, n int) []model.Synapse {
	total := neurons * (neurons - 1) / 2
	if n < 0 || n > total {
		panic(fmt.Sprintf("simsets: %d synapses of %d neurons", n, neurons))
	}
	// Partial Fisher-Yates over the pair numbers 0..total-1, with only the
	// displaced entries stored: O(n) memory whatever N is.
	moved := map[int]int{}
	at := func(i int) int {
		if v, ok := moved[i]; ok {
			return v
		}
		return i
	}
	out := make([]model.Synapse, n)
	for a := range n {
		j := a + r.IntN(total-a)
		pick := at(j)
		moved[j] = at(a)
		out[a] = pairOf(pick, neurons)
	}
	return out
}

// pairOf returns the synapse number p in the order (0,1), (0,2), ..., (0,N-1),
// (1,2), ...
func pairOf(p, neurons int) model.Synapse {
	i := 0
	for row := neurons - 1; p >= row; row-- {
		p -= row
		i++
	}
	return model.Synapse{i, i + 1 + p}
}

// RandomEnsemble returns n distinct random synapses of N neurons drawn from
// the stream (seed, index) of its own.
func RandomEnsemble(seed, index uint64, neurons, n int) ([]model.Synapse, error) {
	if neurons < 2 || n < 1 || n > neurons*(neurons-1)/2 {
		return nil, fmt.Errorf("random ensemble: %d synapses of %d neurons: want 1 <= n <= N(N-1)/2", n, neurons)
	}
	return RandomSynapses(rng.New(seed, tagEns, index), neurons, n), nil
}

// Ranges are the ranges of a random set; zero fields take the paper's values.
type Ranges struct {
	// Neurons is N (default 20).
	Neurons int `json:"neurons,omitempty"`
	// KMin, KMax bound K ~ U{KMin..KMax} (default 2..50).
	KMin int `json:"patterns_min,omitempty"`
	KMax int `json:"patterns_max,omitempty"`
	// LenMin, LenMax bound n ~ U{LenMin..LenMax} (default 1..20, capped at N(N-1)/2).
	LenMin int `json:"n_min,omitempty"`
	LenMax int `json:"n_max,omitempty"`
	// MuRange: means ~ U(-MuRange, MuRange) (default 1).
	MuRange float64 `json:"mu_range,omitempty"`
	// Scale is the authors' range_s: set 2 s = |N(0, Scale)| and A_ij ~
	// N(0, Scale); set 3 eigenvalues |N(0.01, Scale)| and 1 1^T coefficient
	// U(0, Scale^2). Default 1 for set 2, 1.2 for set 3.
	Scale float64 `json:"scale,omitempty"`
}

// withDefaults fills the zero fields of g for set 2 or 3 and checks them.
func (g Ranges) withDefaults(set int) (Ranges, error) {
	if g.Neurons == 0 {
		g.Neurons = DefaultNeurons
	}
	if g.KMin == 0 {
		g.KMin = 2
	}
	if g.KMax == 0 {
		g.KMax = max(50, g.KMin)
	}
	if g.LenMin == 0 {
		g.LenMin = 1
	}
	if g.LenMax == 0 {
		g.LenMax = max(20, g.LenMin)
	}
	if g.MuRange == 0 {
		g.MuRange = 1
	}
	if g.Scale == 0 {
		g.Scale = 1
		if set == 3 {
			g.Scale = 1.2
		}
	}
	if g.Neurons > 1<<31 { // N(N-1)/2 would overflow; memory refuses far below
		return g, fmt.Errorf("neurons: %d, want at most 2^31", g.Neurons)
	}
	total := g.Neurons * (g.Neurons - 1) / 2
	g.LenMax = min(g.LenMax, total)
	switch {
	case g.Neurons < 2:
		return g, fmt.Errorf("neurons: %d, want at least 2", g.Neurons)
	case g.KMin < 1 || g.KMax < g.KMin:
		return g, fmt.Errorf("patterns_min, patterns_max: %d..%d, want 1 <= patterns_min <= patterns_max", g.KMin, g.KMax)
	case g.LenMin < 1 || g.LenMax < g.LenMin:
		return g, fmt.Errorf("n_min, n_max: %d..%d, want 1 <= n_min <= n_max <= N(N-1)/2 = %d", g.LenMin, g.LenMax, total)
	case !(g.MuRange > 0) || math.IsInf(g.MuRange, 0):
		return g, fmt.Errorf("mu_range: %v, want a finite positive number", g.MuRange)
	case !(g.Scale > 0) || math.IsInf(g.Scale, 0):
		return g, fmt.Errorf("scale: %v, want a finite positive number", g.Scale)
	}
	return g, nil
}

// common draws K, the synapses and m, in that order.
func (g Ranges) common(r *rand.Rand) (k int, syn []model.Synapse, m int) {
	k = g.KMin + r.IntN(g.KMax-g.KMin+1)
	n := g.LenMin + r.IntN(g.LenMax-g.LenMin+1)
	syn = RandomSynapses(r, g.Neurons, n)
	m = r.IntN(k)
	return k, syn, m
}

func uniformVec(r *rand.Rand, n int, lim float64) []float64 {
	v := make([]float64, n)
	for i := range v {
		v[i] = lim * (2*r.Float64() - 1)
	}
	return v
}

// Set2 draws case number index (>= 0) of set 2 from the stream (seed, index)
// of its own.
func Set2(seed uint64, index int, g Ranges) (*Point, error) {
	g, err := g.withDefaults(2)
	if err != nil {
		return nil, fmt.Errorf("set 2: %w", err)
	}
	if index < 0 {
		return nil, fmt.Errorf("set 2: index: %d, want at least 0", index)
	}
	r := rng.New(seed, tagSet2, uint64(index))
	k, syn, m := g.common(r)
	nn := g.Neurons
	rho := -1/float64(nn-1) + (1+1/float64(nn-1))*r.Float64()
	s := math.Abs(g.Scale * r.NormFloat64())
	a := make([]float64, nn*nn)
	for i := range a {
		a[i] = g.Scale * r.NormFloat64()
	}
	sig := Exchangeable(nn, s, rho)
	for i := range nn {
		for j := i; j < nn; j++ {
			v := 0.0
			for l := range nn {
				v += a[l*nn+i] * a[l*nn+j]
			}
			sig[i][j] += v / float64(nn)
			sig[j][i] = sig[i][j]
		}
	}
	c := &model.Case{ID: fmt.Sprintf("set2-%d", index), Synapses: syn, Pattern: m}
	for range k {
		c.Patterns = append(c.Patterns, model.Pattern{Mu: uniformVec(r, nn, g.MuRange), Sigma: sig})
	}
	if err := c.Validate(); err != nil {
		return nil, fmt.Errorf("set 2: draw %d: %w", index, err)
	}
	return &Point{Set: 2, Index: index, Case: c, K: k, Len: len(syn), Pattern: m, S: s, R: rho}, nil
}

// Set3 draws case number index (>= 0) of set 3 from the stream (seed, index)
// of its own.
func Set3(seed uint64, index int, g Ranges) (*Point, error) {
	g, err := g.withDefaults(3)
	if err != nil {
		return nil, fmt.Errorf("set 3: %w", err)
	}
	if index < 0 {
		return nil, fmt.Errorf("set 3: index: %d, want at least 0", index)
	}
	r := rng.New(seed, tagSet3, uint64(index))
	k, syn, m := g.common(r)
	nn := g.Neurons
	c := &model.Case{ID: fmt.Sprintf("set3-%d", index), Synapses: syn, Pattern: m}
	ones := make([]float64, k)
	for p := range k {
		sig, one, err := eigenSigma(r, nn, g.Scale)
		if err != nil {
			return nil, fmt.Errorf("set 3: draw %d: %w", index, err)
		}
		ones[p] = one
		c.Patterns = append(c.Patterns, model.Pattern{Mu: uniformVec(r, nn, g.MuRange), Sigma: sig})
	}
	if err := c.Validate(); err != nil {
		return nil, fmt.Errorf("set 3: draw %d: %w", index, err)
	}
	return &Point{Set: 3, Index: index, Case: c, K: k, Len: len(syn), Pattern: m, Ones: ones}, nil
}

// eigenSigma draws Q diag(|N(0.01, scale)|) Q^T + U(0, scale^2) 1 1^T: the
// eigenvalues first, then the N x N standard normal matrix whose QR gives Q,
// then the coefficient. (Flipping the sign of a column of Q leaves Q D Q^T
// unchanged, so no sign convention of QR matters.)
func eigenSigma(r *rand.Rand, nn int, scale float64) ([][]float64, float64, error) {
	lam := make([]float64, nn)
	for i := range lam {
		lam[i] = math.Abs(0.01 + scale*r.NormFloat64())
	}
	g := mat.NewDense(nn, nn, nil)
	for i := range nn {
		for j := range nn {
			g.Set(i, j, r.NormFloat64())
		}
	}
	var qr mat.QR
	qr.Factorize(g)
	var q mat.Dense
	qr.QTo(&q)
	one := scale * scale * r.Float64()
	sig := make([][]float64, nn)
	for i := range sig {
		sig[i] = make([]float64, nn)
	}
	for i := range nn {
		for j := i; j < nn; j++ {
			v := one
			for l := range nn {
				v += q.At(i, l) * lam[l] * q.At(j, l)
			}
			if math.IsNaN(v) {
				return nil, 0, errors.New("QR produced NaN")
			}
			sig[i][j], sig[j][i] = v, v
		}
	}
	return sig, one, nil
}
