package analytic

import (
	"testing"

	"github.com/syninfo/syninfo/internal/rng"
)

// BenchmarkPaperScale: n = 20 synapses of N = 20 neurons, K = 50 patterns,
// one Sigma per pattern (the paper's set 3 scale), on one core.
func BenchmarkPaperScale(b *testing.B) {
	c := randomCase(rng.New(7), 20, 50, 20, false, 0.5)
	o := Options{Workers: 1}
	for b.Loop() {
		if _, err := Compute(c, o); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkPaperScaleShared is BenchmarkPaperScale with one shared Sigma.
func BenchmarkPaperScaleShared(b *testing.B) {
	c := randomCase(rng.New(7), 20, 50, 20, true, 0.5)
	o := Options{Workers: 1}
	for b.Loop() {
		if _, err := Compute(c, o); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkFullNetwork: all 4950 synapses of N = 100 neurons, K = 50, one
// Sigma per pattern, on all cores.
func BenchmarkFullNetwork(b *testing.B) {
	c := fullNetwork(8, 100, 50)
	for b.Loop() {
		if _, err := Compute(c, Options{}); err != nil {
			b.Fatal(err)
		}
	}
}
