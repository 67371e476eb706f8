package linalg

import (
	"runtime"

	"github.com/syninfo/syninfo/internal/par"
)

// parallelMin is the order below which no goroutines are started.
const parallelMin = 320

// workersFor returns the number of goroutines to use for an n×n problem.
func workersFor(n int) int {
	if n < parallelMin {
		return 1
	}
	return max(1, runtime.GOMAXPROCS(0))
}

// parallelFor runs f(0..count-1) on up to workers goroutines, handing out
// indices in increasing order. The tasks must be independent: which goroutine
// runs a task never changes its result.
func parallelFor(workers, count int, f func(t int)) {
	par.For(count, 1, max(workers, 1), func(lo, hi int) {
		for t := lo; t < hi; t++ {
			f(t)
		}
	})
}
