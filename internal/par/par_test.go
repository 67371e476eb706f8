package par

import (
	"sync/atomic"
	"testing"
)

func TestForCoversEachIndexOnce(t *testing.T) {
	for _, tt := range []struct{ n, chunk, workers int }{
		{0, 4, 2}, {1, 4, 2}, {10, 1, 1}, {10, 3, 2}, {1000, 7, 8}, {1000, 2048, 2}, {5, 0, -1},
	} {
		hits := make([]atomic.Int32, tt.n)
		For(tt.n, tt.chunk, tt.workers, func(lo, hi int) {
			if hi-lo > max(tt.chunk, 1) || lo >= hi {
				t.Errorf("%+v: chunk [%d, %d)", tt, lo, hi)
			}
			for i := lo; i < hi; i++ {
				hits[i].Add(1)
			}
		})
		for i := range hits {
			if h := hits[i].Load(); h != 1 {
				t.Fatalf("%+v: index %d handled %d times", tt, i, h)
			}
		}
	}
}

func TestDoRunsEachOnce(t *testing.T) {
	for _, n := range []int{0, 1, 2, 5} {
		hits := make([]atomic.Int32, n)
		fns := make([]func(), n)
		for i := range fns {
			fns[i] = func() { hits[i].Add(1) }
		}
		Do(fns...)
		for i := range hits {
			if h := hits[i].Load(); h != 1 {
				t.Fatalf("n = %d: function %d ran %d times", n, i, h)
			}
		}
	}
}
