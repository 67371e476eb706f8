package sweep

import (
	"fmt"
	"math"

	"github.com/syninfo/syninfo/compare"
)

// bytesPerTask is the memory a task of the list costs before it runs: the
// Task (id, group, parameters, a closure) and its entry in the finished
// set. Measured (runtime.MemStats around Config.Tasks): 250 bytes a task
// for a grid of 2·10⁵ cases, 180 for 2·10⁴ set-3 draws; 512 leaves room
// for the finished set and the list of tasks still to do.
const bytesPerTask = 512

// MemoryEstimate is what a sweep needs in memory before it runs.
type MemoryEstimate struct {
	// Tasks is the number of cases (saturating at math.MaxInt64).
	Tasks int64
	// TaskBytes is the memory of the task list.
	TaskBytes float64
	// CaseBytes is the largest case's estimate (compare.Memory), reached in
	// Group with the sizes Neurons, Patterns, Synapses, Samples.
	CaseBytes                                     float64
	Group                                         string
	Neurons, Patterns, Synapses, Touched, Samples int
	// Total is TaskBytes + Workers·CaseBytes.
	Total   float64
	Workers int
}

// Memory estimates the peak memory of running cfg with workers cases at a
// time, from the sizes its groups allow, without building a case. It
// fails only on a configuration that check refuses.
func (cfg *Config) Memory(workers int) (MemoryEstimate, error) {
	est := MemoryEstimate{Workers: max(workers, 1)}
	for _, g := range cfg.Groups {
		var count int64
		var N, K, n int
		switch {
		case g.Grid != nil:
			gr := g.Grid
			count = satMul(satMul(satMul(satMul(int64(len(gr.Patterns)), int64(len(gr.S2))), int64(len(gr.Rho))), int64(len(gr.Synapses))), int64(max(gr.Repeats, 1)))
			N = gr.Neurons
			for _, k := range gr.Patterns {
				K = max(K, k)
			}
			for _, s := range gr.Synapses {
				n = max(n, s)
			}
		case g.Set != nil:
			c, err := g.Set.Count()
			if err != nil {
				return est, fmt.Errorf("group %s: %v", g.Name, err)
			}
			count = int64(c)
			if N, K, n, err = g.Set.Bounds(); err != nil {
				return est, fmt.Errorf("group %s: %v", g.Name, err)
			}
		}
		if cfg.MaxPerGroup > 0 {
			count = min(count, int64(cfg.MaxPerGroup))
		}
		est.Tasks = satAdd(est.Tasks, count)
		d := min(N, 2*n)
		M := cfg.samplesFor(g.Name)
		if b := compare.Memory(N, K, n, d, M); b > est.CaseBytes || est.Group == "" {
			est.CaseBytes, est.Group = b, g.Name
			est.Neurons, est.Patterns, est.Synapses, est.Touched, est.Samples = N, K, n, d, M
		}
	}
	est.TaskBytes = bytesPerTask * float64(est.Tasks)
	est.Total = est.TaskBytes + float64(est.Workers)*est.CaseBytes
	return est, nil
}

// String says what the estimate is made of, for a refusal message.
func (e MemoryEstimate) String() string {
	return fmt.Sprintf("%s: %d cases (%s for the list) and %d at a time, the largest (group %s: N = %d, K = %d, n = %d, M = %d) %s each",
		compare.FormatBytes(e.Total), e.Tasks, compare.FormatBytes(e.TaskBytes), e.Workers, e.Group,
		e.Neurons, e.Patterns, e.Synapses, e.Samples, compare.FormatBytes(e.CaseBytes))
}

func satMul(a, b int64) int64 {
	if a == 0 || b == 0 {
		return 0
	}
	if a > math.MaxInt64/b {
		return math.MaxInt64
	}
	return a * b
}

func satAdd(a, b int64) int64 {
	if a > math.MaxInt64-b {
		return math.MaxInt64
	}
	return a + b
}
