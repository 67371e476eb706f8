package empirical

import (
	"math/rand/v2"
	"testing"

	"github.com/syninfo/syninfo/model"
)

// benchCase returns a case with K patterns over N = 20 neurons and n synapses
// i < j drawn at random; shared selects one Sigma for all patterns, otherwise
// each pattern has its own (set 3 style: random eigenbasis, |N(0.01, 1.2)|
// eigenvalues, plus U(0, 1.44) times 1 1^T).
func benchCase(b testing.TB, k, n int, shared bool) *model.Case {
	const nn = 20
	r := rand.New(rand.NewPCG(uint64(k), uint64(n)))
	var pairs [][2]int
	for i := 0; i < nn; i++ {
		for j := i + 1; j < nn; j++ {
			pairs = append(pairs, [2]int{i, j})
		}
	}
	r.Shuffle(len(pairs), func(a, b int) { pairs[a], pairs[b] = pairs[b], pairs[a] })
	sig := func() []float64 {
		a := scaled(gram(r, nn, nn), 1.0/nn)
		c := 1.44 * r.Float64()
		for i := range a {
			a[i] += c
		}
		return a
	}
	s0 := sig()
	return testCase(b, nn, k, 0, func(int) []float64 { return randomMu(r, nn, 1) },
		func(int) []float64 {
			if shared {
				return s0
			}
			return sig()
		}, pairs[:n])
}

func benchStream(b *testing.B, c *model.Case, samples int) {
	s, err := New(c)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if err := s.Stream(samples, 1, 0, Options{}, func(*Chunk) error { return nil }); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(samples)*float64(b.N)/b.Elapsed().Seconds(), "draws/s")
}

// Target: 1e6 draws of n = 1, K = 50 in at most 1 s on 2 cores.
func BenchmarkStreamN1K50M1e6(b *testing.B) { benchStream(b, benchCase(b, 50, 1, true), 1_000_000) }

// Target: 1e5 draws of n = 20, K = 50, one Sigma per pattern in at most 3 s.
func BenchmarkStreamN20K50PerPatternM1e5(b *testing.B) {
	benchStream(b, benchCase(b, 50, 20, false), 100_000)
}

// Memory flat in M: B/op here should match the 1e5 run above.
func BenchmarkStreamN20K50PerPatternM1e6(b *testing.B) {
	benchStream(b, benchCase(b, 50, 20, false), 1_000_000)
}

// The three ways of drawing, at n = 20, K = 50, one Sigma per pattern.
func BenchmarkPath(b *testing.B) {
	c := benchCase(b, 50, 20, false)
	for i, mode := range modes {
		b.Run(mode.name, func(b *testing.B) {
			s := newMode(b, c, i)
			for b.Loop() {
				if err := s.Stream(20_000, 1, 0, Options{Workers: 1}, func(*Chunk) error { return nil }); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkNew(b *testing.B) {
	c := benchCase(b, 50, 20, false)
	for b.Loop() {
		if _, err := New(c); err != nil {
			b.Fatal(err)
		}
	}
}
