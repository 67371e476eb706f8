package sweep

import (
	"context"
	"fmt"
	"io"
	"runtime"
	"strings"
	"sync"
	"time"

	"github.com/syninfo/syninfo/compare"
	"github.com/syninfo/syninfo/internal/rng"
	"github.com/syninfo/syninfo/model"
	"golang.org/x/sync/errgroup"
)

// Task is one case of a sweep: a stable id, its position in the sweep, its
// parameters, and how to build it.
type Task struct {
	ID     string
	Seq    int
	Group  string
	Params Params
	// Case builds the case; it is deterministic (same case every call).
	Case func() (*model.Case, error)
	// err is the error of building a set draw when the tasks were listed.
	err error
}

// Params are the parameters a case was drawn with (those that apply).
type Params struct {
	Set      int     `json:"set,omitempty"`
	Neurons  int     `json:"neurons"`
	Patterns int     `json:"patterns"`
	Synapses int     `json:"n"` // n; files written before the rename say "synapses"
	Pattern  int     `json:"pattern"`
	S2       float64 `json:"s2,omitempty"`
	Rho      float64 `json:"rho,omitempty"`
	Draw     int     `json:"draw,omitempty"`
}

// Record is one line of a sweep file: a task's identity and parameters and
// its verdict.
type Record struct {
	ID      string `json:"id"`
	Seq     int    `json:"seq"`
	Group   string `json:"group"`
	Params  Params `json:"params"`
	Seed    uint64 `json:"seed"`
	Samples int    `json:"samples"`
	// Failure is the error of a case that could not be computed (then
	// there is no result). Failed cases are not retried on resume: the
	// computation is deterministic and would fail again; sweep
	// --retry-failed computes them again after a fix, and the new record
	// supersedes the failure.
	Failure string `json:"failure,omitempty"`
	*compare.Result
}

// Shard selects the tasks with Seq ≡ Index (mod Count).
type Shard struct{ Index, Count int }

// Has reports whether the shard runs task seq.
func (s Shard) Has(seq int) bool { return s.Count <= 1 || seq%s.Count == s.Index }

// String formats the shard as I/N.
func (s Shard) String() string { return fmt.Sprintf("%d/%d", s.Index, s.Count) }

// RunOptions tune Run.
type RunOptions struct {
	// Shard restricts the run to one shard (the zero value runs all).
	Shard Shard
	// Workers is the number of cases computed at once (0: GOMAXPROCS).
	Workers int
	// Progress, when not nil, receives progress reports; Terminal selects a
	// redrawn bar with ETA instead of a plain line every tenth of the run.
	Progress io.Writer
	Terminal bool
}

// CaseOptions returns the compare options of a task under cfg: the draws
// come from rng.New(cfg.Seed, rng.Hash(id), chunk), so they depend on the
// sweep seed and the id only.
func (cfg *Config) CaseOptions(t Task) compare.Options {
	return compare.Options{Samples: cfg.samplesFor(t.Group), Seed: cfg.Seed, CaseKey: rng.Hash(t.ID),
		K: cfg.K, Blocks: cfg.Blocks, NoKSG: cfg.noKSGFor(t.Group), Estimator: cfg.Estimator, Workers: 1, Approximations: cfg.Approximations}
}

// Run computes the tasks of the shard that out does not hold yet and
// appends their records; a case whose computation fails is recorded as a
// failed record (Record.Failure) and the sweep goes on. It stops early,
// with ctx's error, when ctx is cancelled; every record finished by then is
// in out. Its error is otherwise one of writing the file. o.Shard must be
// the shard out was opened for.
func Run(ctx context.Context, cfg *Config, tasks []Task, out *SweepFile, o RunOptions) error {
	if shardName(o.Shard) != out.shard {
		return fmt.Errorf("%s holds %s, but the run is for %s (open it with OpenShardFile)", out.f.Name(), describeShard(out.shard), describeShard(shardName(o.Shard)))
	}
	var todo []Task
	for _, t := range tasks {
		if o.Shard.Has(t.Seq) && !out.Done[t.ID] {
			todo = append(todo, t)
		}
	}
	workers := o.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	prog := newProgress(o.Progress, o.Terminal, len(todo))
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(workers)
	var mu sync.Mutex // serialises appends
	for _, t := range todo {
		if gctx.Err() != nil {
			break
		}
		g.Go(func() error {
			if gctx.Err() != nil {
				return gctx.Err()
			}
			rec, err := cfg.Compute(t)
			if err != nil {
				// One case that cannot be computed does not stop the
				// sweep: it becomes a failed record with its error.
				rec = cfg.failed(t, err)
			}
			mu.Lock()
			defer mu.Unlock()
			if err := out.Append(rec); err != nil {
				return err
			}
			prog.done()
			return nil
		})
	}
	err := g.Wait()
	prog.finish()
	if err == nil {
		err = ctx.Err()
	}
	return err
}

// Compute runs one task under cfg. A panic in the computation comes back
// as an error, so that one case never takes a sweep down.
func (cfg *Config) Compute(t Task) (rec *Record, err error) {
	defer func() {
		if p := recover(); p != nil {
			rec, err = nil, fmt.Errorf("internal error: %v", p)
		}
	}()
	c, err := t.Case()
	if err != nil {
		return nil, err
	}
	o := cfg.CaseOptions(t)
	res, err := compare.Case(c, o)
	if err != nil {
		return nil, err
	}
	return &Record{ID: t.ID, Seq: t.Seq, Group: t.Group, Params: t.Params, Seed: cfg.Seed, Samples: o.Samples, Result: res}, nil
}

// failed is the record of task t whose computation failed with err.
func (cfg *Config) failed(t Task, err error) *Record {
	return &Record{ID: t.ID, Seq: t.Seq, Group: t.Group, Params: t.Params, Seed: cfg.Seed,
		Samples: cfg.CaseOptions(t).Samples, Failure: err.Error()}
}

// progress reports a run's advance: a redrawn bar on a terminal, else a
// plain line every tenth of the run.
type progress struct {
	w        io.Writer
	terminal bool
	total    int
	n        int
	start    time.Time
	last     time.Time
	step     int
}

func newProgress(w io.Writer, terminal bool, total int) *progress {
	return &progress{w: w, terminal: terminal, total: total, start: time.Now(), step: max(1, total/10)}
}

func (p *progress) done() {
	if p.w == nil {
		return
	}
	p.n++
	now := time.Now()
	elapsed := now.Sub(p.start)
	eta := time.Duration(float64(elapsed) / float64(p.n) * float64(p.total-p.n))
	if p.terminal {
		if now.Sub(p.last) < 100*time.Millisecond && p.n < p.total {
			return
		}
		p.last = now
		const width = 30
		fill := width * p.n / max(1, p.total)
		fmt.Fprintf(p.w, "\r[%s%s] %d/%d cases  %s elapsed  ETA %s ", strings.Repeat("#", fill), strings.Repeat(".", width-fill),
			p.n, p.total, elapsed.Round(time.Second), eta.Round(time.Second))
		return
	}
	if p.n%p.step == 0 || p.n == p.total {
		fmt.Fprintf(p.w, "sweep: %d/%d cases done, %s elapsed, ETA %s\n", p.n, p.total, elapsed.Round(time.Second), eta.Round(time.Second))
	}
}

func (p *progress) finish() {
	if p.w != nil && p.terminal && p.total > 0 {
		fmt.Fprintln(p.w)
	}
}
