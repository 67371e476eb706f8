package exact

import (
	"fmt"
	"math"
	"syscall"
	"testing"
	"time"
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
