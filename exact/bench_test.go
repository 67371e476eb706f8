package exact

import (
	"fmt"
	"testing"
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
		b.Run(fmt.Sprintf("K=%d/v=%g", c.K, c.v), func(b *testing.B) {
			ms, vs := benchTerms(c.K, c.v)
			for b.Loop() {
				if _, err := SingletonTerms(ms, vs, 0, Options{}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
