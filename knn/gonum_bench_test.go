package knn

import (
	"fmt"
	"sort"
	"testing"

	gkd "gonum.org/v1/gonum/spatial/kdtree"
)

// The k-d tree of gonum, with a max-norm point type, for the measurement
// behind choosing a tree of our own (docs/benchmarks/knn.md). gonum's
// pruning compares squared plane distances with Distance, so Distance
// returns the squared max-norm.

type maxPoint []float64

func (p maxPoint) Compare(c gkd.Comparable, d gkd.Dim) float64 { return p[d] - c.(maxPoint)[d] }
func (p maxPoint) Dims() int                                   { return len(p) }
func (p maxPoint) Distance(c gkd.Comparable) float64 {
	d := bruteDist(p, c.(maxPoint))
	return d * d
}

type maxPoints []maxPoint

func (p maxPoints) Index(i int) gkd.Comparable         { return p[i] }
func (p maxPoints) Len() int                           { return len(p) }
func (p maxPoints) Slice(start, end int) gkd.Interface { return p[start:end] }
func (p maxPoints) Pivot(d gkd.Dim) int {
	return maxPlane{p, d}.Pivot()
}

type maxPlane struct {
	maxPoints
	d gkd.Dim
}

func (p maxPlane) Less(i, j int) bool { return p.maxPoints[i][p.d] < p.maxPoints[j][p.d] }
func (p maxPlane) Swap(i, j int) {
	p.maxPoints[i], p.maxPoints[j] = p.maxPoints[j], p.maxPoints[i]
}
func (p maxPlane) Slice(start, end int) gkd.SortSlicer {
	return maxPlane{p.maxPoints[start:end], p.d}
}
func (p maxPlane) Pivot() int {
	return gkd.Partition(p, gkd.MedianOfRandoms(p, 100))
}

var _ sort.Interface = maxPlane{}

// BenchmarkKNNGonum finds the k-th neighbour distance of every point with
// gonum's kdtree (one goroutine); compare with BenchmarkKNN at -cpu 1.
func BenchmarkKNNGonum(b *testing.B) {
	for _, d := range []int{2, 4, 6} {
		z, _ := benchData(100000, d, 1)
		b.Run(fmt.Sprintf("d=%d", d), func(b *testing.B) {
			for b.Loop() {
				pts := make(maxPoints, len(z)/d)
				for i := range pts {
					pts[i] = maxPoint(z[i*d : i*d+d])
				}
				t := gkd.New(pts, false)
				eps := make([]float64, len(pts))
				for i, p := range pts {
					keep := gkd.NewNKeeper(3 + 1) // the point itself is found too
					t.NearestSet(keep, p)
					eps[i] = keep.Heap[len(keep.Heap)-1].Dist // sorted ascending after NearestSet
				}
			}
		})
	}
}

// TestGonumAgrees checks the benchmark above measures the same thing: its
// k-th neighbour distances equal ours (squared), on tie-free data.
func TestGonumAgrees(t *testing.T) {
	z, _ := benchData(3000, 3, 1)
	want := kthDistances(z, 3, 3, false, nil)
	pts := make(maxPoints, 3000)
	for i := range pts {
		pts[i] = maxPoint(append([]float64(nil), z[i*3:i*3+3]...))
	}
	queries := append(maxPoints(nil), pts...) // New reorders pts
	tr := gkd.New(pts, false)
	for i, p := range queries {
		keep := gkd.NewNKeeper(4)
		tr.NearestSet(keep, p)
		if got := keep.Heap[len(keep.Heap)-1].Dist; got != want[i]*want[i] {
			t.Fatalf("row %d: gonum %v, ours %v", i, got, want[i]*want[i])
		}
	}
}
