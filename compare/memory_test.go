package compare

import (
	"runtime"
	"runtime/debug"
	"sync/atomic"
	"testing"
	"time"

	"github.com/syninfo/syninfo/model"
	"github.com/syninfo/syninfo/simsets"
)

// peakHeap runs f while sampling the heap in use every millisecond and
// returns the largest value seen above the heap before f (bytes).
func peakHeap(f func()) float64 {
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	base := ms.HeapAlloc
	var peak atomic.Uint64
	done := make(chan struct{})
	go func() {
		var m runtime.MemStats
		for {
			select {
			case <-done:
				return
			case <-time.After(time.Millisecond):
			}
			runtime.ReadMemStats(&m)
			if m.HeapAlloc > peak.Load() {
				peak.Store(m.HeapAlloc)
			}
		}
	}()
	f()
	close(done)
	runtime.ReadMemStats(&ms)
	p := max(peak.Load(), ms.HeapAlloc)
	if p < base {
		return 0
	}
	return float64(p - base)
}

// Memory's estimate against the heap measured while Case runs: never
// below the peak (the guard must not let through what does not fit), and
// within 10 times it (a guard that refuses what fits is no better).
func TestMemoryEstimateAgainstMeasuredPeak(t *testing.T) {
	if testing.Short() {
		t.Skip("samples and factorises (-short)")
	}
	defer debug.SetGCPercent(debug.SetGCPercent(100))
	full := func(N int) []model.Synapse {
		var s []model.Synapse
		for i := 0; i < N; i++ {
			for j := i + 1; j < N; j++ {
				s = append(s, model.Synapse{i, j})
			}
		}
		return s
	}
	for _, tc := range []struct {
		name     string
		neurons  int
		synapses []model.Synapse
		samples  int
	}{
		{"singleton, M = 1e5", 20, []model.Synapse{{1, 2}}, 100000},
		{"n = 4, M = 3e4", 20, []model.Synapse{{1, 2}, {3, 4}, {1, 3}, {5, 6}}, 30000},
		{"full network N = 50, closed form", 50, full(50), 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, err := simsets.Set1(tc.neurons, 3, 1, 0.2, tc.synapses, 0)
			if err != nil {
				t.Fatal(err)
			}
			var cerr error
			peak := peakHeap(func() {
				_, cerr = Case(c, Options{Samples: tc.samples, Seed: 1, K: 3, Workers: 2})
			})
			if cerr != nil {
				t.Fatal(cerr)
			}
			est := Memory(0, c.K(), c.Len(), len(c.Touched()), tc.samples)
			t.Logf("estimate %s, measured peak heap %s (ratio %.2f)", FormatBytes(est), FormatBytes(peak), est/peak)
			if est < peak || est > 10*peak {
				t.Errorf("estimate %s against a measured peak of %s", FormatBytes(est), FormatBytes(peak))
			}
		})
	}
}
