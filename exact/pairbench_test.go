package exact

import (
	"fmt"
	"testing"
)

// pairBenchTerms: K terms of a pair of synapses sharing a neuron (rho = 0.5,
// log-variance v per synapse) or disjoint with correlated patterns (rho =
// 0.2), log-means spread over [-1, 1] as in benchTerms.
func pairBenchTerms(K int, v float64, shared bool) ([][2]float64, [][3]float64) {
	ms1, _ := benchTerms(K, v)
	ms := make([][2]float64, K)
	vs := make([][3]float64, K)
	rho := 0.2
	if shared {
		rho = 0.5
	}
	for k := range ms {
		ms[k] = [2]float64{ms1[k], ms1[(k+1)%K]}
		vs[k] = [3]float64{v, rho * v, v}
	}
	return ms, vs
}

// benchPair runs PairTerms and reports its CPU time and error estimate.
func benchPair(b *testing.B, ms [][2]float64, vs [][3]float64, m int, o Options) {
	cpu := cpuTime()
	var r Result
	for b.Loop() {
		var err error
		if r, err = PairTerms(ms, vs, m, o); err != nil {
			b.Fatal(err)
		}
	}
	reportCPU(b, cpu)
	// The status is part of the figure: not_converged means the default
	// work limit stopped the refinement.
	b.ReportMetric(r.ErrorEstimate, "est")
	if r.Status != StatusOK {
		b.Logf("status %s, MI %.6g, estimate %.2g", r.Status, r.MINats, r.ErrorEstimate)
	}
}

// BenchmarkPairTerms: pairs of K terms of log-variance 2 (pairBenchTerms),
// both shapes. K = 50 takes minutes per operation: -exact.long.
func BenchmarkPairTerms(b *testing.B) {
	for _, shape := range []string{"shared", "disjoint"} {
		for _, K := range []int{2, 10, 20, 50} {
			for _, tol := range []float64{1e-4, 1e-6} {
				if K == 50 && !*long {
					continue
				}
				b.Run(fmt.Sprintf("%s/K=%d/tol=%g", shape, K, tol), func(b *testing.B) {
					ms, vs := pairBenchTerms(K, 2, shape == "shared")
					benchPair(b, ms, vs, 0, Options{Tol: tol})
				})
			}
		}
	}
}

// BenchmarkPairPaperScale: pairs of a paper-scale case (Set 3, N = 20,
// K = 50, one Sigma per pattern: log-variances 1.3-8.3, correlations up to
// 0.93 per term): synapses 0 and 1 (disjoint) and 2 and 3 (sharing a
// neuron). Minutes per operation: -exact.long.
func BenchmarkPairPaperScale(b *testing.B) {
	if !*long {
		b.Skip("minutes per operation: -exact.long")
	}
	c := paperScaleCase(b)
	for _, p := range []struct {
		shape string
		a, b  int
	}{{"disjoint", 0, 1}, {"shared", 2, 3}} {
		ms := make([][2]float64, c.K())
		vs := make([][3]float64, c.K())
		for k := range ms {
			lm := c.LogMean(k)
			ms[k] = [2]float64{lm[p.a], lm[p.b]}
			vs[k] = [3]float64{c.LogCovAt(k, p.a, p.a), c.LogCovAt(k, p.a, p.b), c.LogCovAt(k, p.b, p.b)}
		}
		for _, tol := range []float64{1e-4, 1e-6} {
			b.Run(fmt.Sprintf("%s/tol=%g", p.shape, tol), func(b *testing.B) {
				benchPair(b, ms, vs, c.Pattern, Options{Tol: tol})
			})
		}
	}
}
