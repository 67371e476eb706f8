package exact

import (
	"fmt"
	"math"
	"syscall"
	"testing"
	"time"

	"github.com/syninfo/syninfo/model"
	"github.com/syninfo/syninfo/simsets"
)

// benchTerms is the worst case of the speed target: K terms of log-variance
// v with log-means spread over [-1, 1] (as Set 1 draws them).
func benchTerms(K int, v float64) (ms, vs []float64) {
	ms, vs = make([]float64, K), make([]float64, K)
	for k := range ms {
		ms[k] = -1 + 2*float64((k*37)%K)/float64(max(1, K-1))
		vs[k] = v
	}
	return ms, vs
}

func BenchmarkSingletonTerms(b *testing.B) {
	for _, c := range []struct {
		K int
		v float64
	}{{2, 1}, {2, 25}, {10, 4}, {10, 25}, {50, 1}, {50, 8}, {50, 25}} {
		for _, tol := range []float64{1e-4, 1e-6} {
			b.Run(fmt.Sprintf("K=%d/v=%g/tol=%g", c.K, c.v, tol), func(b *testing.B) {
				ms, vs := benchTerms(c.K, c.v)
				cpu := cpuTime()
				for b.Loop() {
					if r, err := SingletonTerms(ms, vs, 0, Options{Tol: tol}); err != nil || r.Status != StatusOK {
						b.Fatal(r, err)
					}
				}
				reportCPU(b, cpu)
			})
		}
	}
}

// BenchmarkSingletonPaperScale: the 20 singletons of a paper-scale case
// (set 3, N = 20, K = 50, one Sigma per pattern, n = 20) on one core, as
// corrected1 computes them (InfoOnly at 1e-4) and as the reference does
// (1e-4, 1e-6); cpu-ms/singleton is the figure.
func BenchmarkSingletonPaperScale(b *testing.B) {
	c := paperScaleCase(b)
	ms, vs := make([][]float64, c.Len()), make([][]float64, c.Len())
	for a := range ms {
		ms[a], vs[a] = make([]float64, c.K()), make([]float64, c.K())
		for k := range ms[a] {
			ms[a][k], vs[a][k] = c.LogMean(k)[a], c.LogCovAt(k, a, a)
		}
	}
	for _, o := range []Options{{Tol: 1e-4, InfoOnly: true}, {Tol: 1e-4}, {Tol: 1e-6}} {
		o.Workers = 1
		name := fmt.Sprintf("tol=%g", o.Tol)
		if o.InfoOnly {
			name += "/info-only"
		}
		b.Run(name, func(b *testing.B) {
			cpu, n := cpuTime(), 0
			for b.Loop() {
				for a := range ms {
					if r, err := SingletonTerms(ms[a], vs[a], c.Pattern, o); err != nil || r.Status != StatusOK {
						b.Fatal(r, err)
					}
					n++
				}
			}
			b.ReportMetric(float64(cpuTime()-cpu)/float64(time.Millisecond)/float64(n), "cpu-ms/singleton")
		})
	}
}

// BenchmarkLevel is one refinement level of the K = 50, v = 25 case at the
// step where it converges: the cost of the convolution kernel itself.
func BenchmarkLevel(b *testing.B) {
	ms, vs := benchTerms(50, 25)
	terms := make([]term, len(ms))
	for k := range terms {
		terms[k] = term{ms[k], vs[k]}
	}
	for _, w := range []int{1, 2} {
		b.Run(fmt.Sprintf("workers=%d", w), func(b *testing.B) {
			o := Options{Workers: w}.withDefaults()
			cpu := cpuTime()
			for b.Loop() {
				if _, _, err := sums(terms, 0.25/math.Sqrt2, o, &budget{left: math.Inf(1)}); err != nil {
					b.Fatal(err)
				}
			}
			reportCPU(b, cpu)
		})
	}
}

// cpuTime is the process's user+system CPU time: on a shared, loaded
// machine it is steadier than wall time.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// reportCPU adds the CPU milliseconds per operation since start.
func reportCPU(b *testing.B, start time.Duration) {
	b.ReportMetric(float64(cpuTime()-start)/float64(time.Millisecond)/float64(b.N), "cpu-ms/op")
}

// paperScaleCase is the benchmarks' paper-scale case: the first set-3 draw
// with N = 20, K = 50, n = 20.
func paperScaleCase(b *testing.B) *model.Case {
	g := simsets.Params{Set: 3, Draws: 1}
	g.Ranges.Neurons, g.Ranges.KMin, g.Ranges.KMax, g.Ranges.LenMin, g.Ranges.LenMax = 20, 50, 50, 20, 20
	pt, err := g.Case(1, 0)
	if err != nil {
		b.Fatal(err)
	}
	return pt.Case
}
