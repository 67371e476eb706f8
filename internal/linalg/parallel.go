package linalg

import (
	"runtime"
	"sync"
	"sync/atomic"
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
	if workers <= 1 || count <= 1 {
		for t := 0; t < count; t++ {
			f(t)
		}
		return
	}
	workers = min(workers, count)
	var next atomic.Int64
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				t := int(next.Add(1) - 1)
				if t >= count {
					return
				}
				f(t)
			}
		}()
	}
	wg.Wait()
}
