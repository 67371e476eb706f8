package knn

import (
	"fmt"
	"testing"

	"github.com/syninfo/syninfo/internal/rng"
)

// benchData is correlated Gaussian data as ksg_scipy.py --gen writes it:
// y columns = 0.8 x_0 + noise.
func benchData(m, dx, dy int) (x, y []float64) {
	x, y = make([]float64, m*dx), make([]float64, m*dy)
	g := rng.New(78)
	for i := 0; i < m; i++ {
		for c := 0; c < dx; c++ {
			x[i*dx+c] = g.NormFloat64()
		}
		for c := 0; c < dy; c++ {
			y[i*dy+c] = 0.8*x[i*dx] + g.NormFloat64()
		}
	}
	return x, y
}

func BenchmarkMI(b *testing.B) {
	for _, c := range []struct{ m, dx, dy int }{
		{10000, 1, 1}, {100000, 1, 1}, {10000, 2, 2}, {100000, 2, 2}, {100000, 2, 4},
	} {
		x, y := benchData(c.m, c.dx, c.dy)
		for _, blocks := range []int{1, 10} {
			b.Run(fmt.Sprintf("M=%d/%dx%d/blocks=%d", c.m, c.dx, c.dy, blocks), func(b *testing.B) {
				for b.Loop() {
					if _, err := MI(x, c.dx, y, c.dy, Options{Blocks: blocks}); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}

func BenchmarkEntropy(b *testing.B) {
	x, _ := benchData(100000, 3, 1)
	for b.Loop() {
		if _, err := Entropy(x, 3, Options{Blocks: 1}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkCount2D compares the rank-space sweep with the k-d tree count
// on a 2-D marginal (radii: the 4-D k-th neighbour distances).
func BenchmarkCount2D(b *testing.B) {
	x, y := benchData(100000, 2, 2)
	eps := kthDistances(joint(x, 2, y, 2), 4, 3, true, nil)
	b.Run("sweep", func(b *testing.B) {
		for b.Loop() {
			countWithin2D(x, eps, true)
		}
	})
	b.Run("kdtree", func(b *testing.B) {
		for b.Loop() {
			pts := append([]float64(nil), x...)
			t := buildTree(pts, 2)
			parallelFor(len(eps), func(lo, hi int) {
				for p := lo; p < hi; p++ {
					t.count(t.pts[2*p:2*p+2], eps[t.idx[p]], true)
				}
			})
		}
	})
}

// BenchmarkCount4D: k-d tree count queries on a 4-D marginal (radii: the
// 6-D joint k-th neighbour distances), as in the (2,4) KSG case.
func BenchmarkCount4D(b *testing.B) {
	x, y := benchData(100000, 2, 4)
	eps := kthDistances(joint(x, 2, y, 4), 6, 3, true, nil)
	for b.Loop() {
		countWithin(y, 4, eps, true)
	}
}

func BenchmarkKNN(b *testing.B) {
	for _, d := range []int{2, 4, 6} {
		z, _ := benchData(100000, d, 1)
		b.Run(fmt.Sprintf("d=%d", d), func(b *testing.B) {
			for b.Loop() {
				kthDistances(z, d, 3, false, nil)
			}
		})
	}
}
