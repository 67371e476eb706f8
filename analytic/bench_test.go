package analytic

import (
	"testing"

	"github.com/syninfo/syninfo/internal/cputime"
	"github.com/syninfo/syninfo/internal/rng"
)

// loop runs f in b.Loop and reports CPU seconds per op beside wall time
// (the machines are shared, so wall time alone overstates the cost).
func loop(b *testing.B, f func()) {
	start, n := cputime.Now(), 0
	for b.Loop() {
		f()
		n++
	}
	b.ReportMetric((cputime.Now()-start).Seconds()/float64(n), "cpu-s/op")
}

// BenchmarkPaperScale: n = 20 synapses of N = 20 neurons, K = 50 patterns,
// one Sigma per pattern (the paper's set 3 scale), on one core.
func BenchmarkPaperScale(b *testing.B) {
	c := randomCase(rng.New(7), 20, 50, 20, false, 0.5)
	if err := c.Validate(); err != nil {
		b.Fatal(err)
	}
	o := Options{Workers: 1, Validated: true} // as in the CLI: the decoder validated it
	loop(b, func() {
		if _, err := Compute(c, o); err != nil {
			b.Fatal(err)
		}
	})
}

// BenchmarkPaperScaleShared is BenchmarkPaperScale with one shared Sigma.
func BenchmarkPaperScaleShared(b *testing.B) {
	c := randomCase(rng.New(7), 20, 50, 20, true, 0.5)
	if err := c.Validate(); err != nil {
		b.Fatal(err)
	}
	o := Options{Workers: 1, Validated: true}
	loop(b, func() {
		if _, err := Compute(c, o); err != nil {
			b.Fatal(err)
		}
	})
}

// BenchmarkFullNetwork: all 4950 synapses of N = 100 neurons, K = 50, one
// Sigma per pattern, on all cores.
func BenchmarkFullNetwork(b *testing.B) {
	c := fullNetwork(8, 100, 50)
	loop(b, func() {
		if _, err := Compute(c, Options{}); err != nil {
			b.Fatal(err)
		}
	})
}
