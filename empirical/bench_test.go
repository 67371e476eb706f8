package empirical

import (
	"strconv"
	"testing"

	"github.com/syninfo/syninfo/internal/cputime"
	"github.com/syninfo/syninfo/model"
)

func benchStream(b *testing.B, c *model.Case, samples int) {
	s, err := New(c)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	cpu0 := cputime.Now().Seconds()
	for b.Loop() {
		if err := s.Stream(samples, 1, 0, Options{}, func(*Chunk) error { return nil }); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(samples)*float64(b.N)/b.Elapsed().Seconds(), "draws/s")
	// CPU seconds per run: on a shared, loaded machine wall time measures the
	// neighbours; CPU time over the cores used estimates the idle wall time.
	b.ReportMetric((cputime.Now().Seconds()-cpu0)/float64(b.N), "cpu-s/op")
}

// Target: 1e6 draws of n = 1, K = 50 in at most 1 s on 2 cores
// (testdata/bench_n1_k50.json).
func BenchmarkStreamN1K50M1e6(b *testing.B) {
	benchStream(b, benchCaseFiles(b)["bench_n1_k50.json"], 1_000_000)
}

// Target: 1e5 draws of n = 20, K = 50, one Sigma per pattern in at most 3 s
// (testdata/bench_n20_k50_set3.json).
func BenchmarkStreamN20K50PerPatternM1e5(b *testing.B) {
	benchStream(b, benchCaseFiles(b)["bench_n20_k50_set3.json"], 100_000)
}

// Memory flat in M: B/op at 1e4, 1e5 and 1e6 draws of the n = 20 case.
func BenchmarkStreamMemory(b *testing.B) {
	c := benchCaseFiles(b)["bench_n20_k50_set3.json"]
	for _, m := range []int{10_000, 100_000, 1_000_000} {
		b.Run(strconv.Itoa(m), func(b *testing.B) { benchStream(b, c, m) })
	}
}

// The three ways of drawing, at n = 20, K = 50, one Sigma per pattern.
func BenchmarkPath(b *testing.B) {
	c := benchCaseFiles(b)["bench_n20_k50_set3.json"]
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
	c := benchCaseFiles(b)["bench_n20_k50_set3.json"]
	for b.Loop() {
		if _, err := New(c); err != nil {
			b.Fatal(err)
		}
	}
}
