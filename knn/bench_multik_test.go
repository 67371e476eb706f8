//go:build unix

package knn

import (
	"fmt"
	"testing"
)

// BenchmarkMultiK compares the one-search distances for k = 1…12 (the
// weighted estimator's) with today's single-k search at k = 3 and at
// k = 12, on whitened-like Gaussian data in 4, 8 and 12 dimensions.
func BenchmarkMultiK(b *testing.B) {
	for _, d := range []int{4, 8, 12} {
		z, _ := corrGauss(9, 20000, d, 0)
		b.Run(fmt.Sprintf("d=%d/single-k3", d), func(b *testing.B) {
			loopCPU(b, func() { kthDistances(z, d, 3, false, nil) })
		})
		b.Run(fmt.Sprintf("d=%d/single-k12", d), func(b *testing.B) {
			loopCPU(b, func() { kthDistances(z, d, 12, false, nil) })
		})
		b.Run(fmt.Sprintf("d=%d/multi-k1..12", d), func(b *testing.B) {
			loopCPU(b, func() { kDistances(z, d, 12) })
		})
	}
}
