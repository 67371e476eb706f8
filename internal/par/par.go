// Package par runs independent index ranges on several goroutines. Every
// index is handled by exactly one call, in chunks handed out in increasing
// order, so results written per index do not depend on the number of
// workers: the project's determinism rests on that.
package par

import (
	"runtime"
	"sync"
	"sync/atomic"
)

// For calls fn(lo, hi) on the chunks [lo, hi) of [0, n), chunk indices at a
// time, on up to workers goroutines (workers ≤ 0: GOMAXPROCS). With one
// worker, or one chunk, it runs on the calling goroutine.
func For(n, chunk, workers int, fn func(lo, hi int)) {
	if n <= 0 {
		return
	}
	chunk = max(chunk, 1)
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	workers = min(workers, (n+chunk-1)/chunk)
	if workers <= 1 {
		for lo := 0; lo < n; lo += chunk {
			fn(lo, min(lo+chunk, n))
		}
		return
	}
	var next atomic.Int64
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				lo := int(next.Add(int64(chunk))) - chunk
				if lo >= n {
					return
				}
				fn(lo, min(lo+chunk, n))
			}
		}()
	}
	wg.Wait()
}

// Do runs the functions concurrently, on up to GOMAXPROCS goroutines (the
// calling one included when there is only one), and returns when all have
// returned. It is For over the list, one function per chunk.
func Do(fns ...func()) {
	For(len(fns), 1, 0, func(lo, hi int) {
		for _, f := range fns[lo:hi] {
			f()
		}
	})
}
