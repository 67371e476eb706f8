package knn

import (
	"fmt"
	"testing"

	"github.com/syninfo/syninfo/internal/cputime"
)

// loopCPU runs f under b.Loop and also reports the process CPU time per
// iteration (cpu-ns/op). On a loaded machine ns/op includes the time spent
// waiting for a core; the CPU time does not, so it compares code versions
// measured at different loads. Run with -cpu 1 for a per-core figure.
func loopCPU(b *testing.B, f func()) {
	c0 := cputime.Now()
	for b.Loop() {
		f()
	}
	b.ReportMetric(float64(cputime.Now()-c0)/float64(b.N), "cpu-ns/op")
}

// BenchmarkKernels times the parts of a KSG estimate one by one: the
// joint k-th neighbour search (tree build included) in 2, 4 and 6
// dimensions, the tree build alone, and the marginal counts in 1, 2 and 4
// dimensions with the radii of the matching joint space, on correlated
// Gaussian data (benchData).
func BenchmarkKernels(b *testing.B) {
	for _, c := range []struct{ m, dx, dy int }{{100000, 1, 1}, {1000000, 1, 1}, {100000, 2, 2}, {1000000, 2, 2}, {100000, 2, 4}} {
		x, y := benchData(c.m, c.dx, c.dy)
		d := c.dx + c.dy
		z := joint(x, c.dx, y, c.dy)
		name := fmt.Sprintf("M=%d/%dx%d", c.m, c.dx, c.dy)
		b.Run(name+"/knn", func(b *testing.B) {
			loopCPU(b, func() { kthDistances(z, d, 3, false, nil) })
		})
		b.Run(name+"/build", func(b *testing.B) {
			loopCPU(b, func() { buildTree(append([]float64(nil), z...), d) })
		})
		eps := kthDistances(z, d, 3, false, nil)
		b.Run(name+"/count-y", func(b *testing.B) {
			loopCPU(b, func() { countWithin(y, c.dy, eps, true) })
		})
	}
}
