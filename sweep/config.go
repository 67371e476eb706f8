package sweep

import (
	"bytes"
	_ "embed"
	"fmt"
	"math"
	"reflect"

	"github.com/syninfo/syninfo/approx"
	"github.com/syninfo/syninfo/internal/jsonc"
	"github.com/syninfo/syninfo/internal/rng"
	"github.com/syninfo/syninfo/knn"
	"github.com/syninfo/syninfo/model"
	"github.com/syninfo/syninfo/simsets"
)

// Config is a sweep: groups of cases and how to estimate them. Its JSON
// schema is documented by DefaultConfig (syninfo sweep --print-default).
type Config struct {
	// Seed keys every random draw of the sweep (with each case's id).
	Seed uint64 `json:"seed"`
	// Samples is M, the draws per case for the estimates (0: none).
	Samples int `json:"samples"`
	// K is the number of neighbours of the k-NN estimators.
	K int `json:"k"`
	// Blocks is the number of blocks of the standard errors (0: knn's default).
	Blocks int `json:"blocks,omitempty"`
	// NoKSG skips the direct KSG estimate.
	NoKSG bool `json:"no_ksg,omitempty"`
	// Approximations names approximations beyond the closed form to record
	// beside the truth (package approx: "corrected1", "corrected2"); each record then has
	// "approximations" keyed by name, "fw" included.
	Approximations []string `json:"approximations,omitempty"`
	// Estimator names the entropy estimator of the truth ("wkl-white",
	// "kl-white", "wkl", "kl"; empty: compare.DefaultEstimator).
	Estimator string `json:"estimator,omitempty"`
	// MaxPerGroup, when > 0, keeps at most this many cases of each group,
	// spread evenly over it (the --cases override of quick runs).
	MaxPerGroup int `json:"max_per_group,omitempty"`
	// Groups are the cases, in order.
	Groups []Group `json:"groups"`
}

// Group is a named family of cases: a Grid or draws of a paper Set.
type Group struct {
	// Name prefixes the ids of the group's cases ("NAME/0007").
	Name string `json:"name"`
	// Samples, when > 0, overrides Config.Samples for this group.
	Samples int `json:"samples,omitempty"`
	// NoKSG skips the direct KSG estimate for this group.
	NoKSG bool `json:"no_ksg,omitempty"`
	// Grid is a product of parameter lists over set-1 style cases.
	Grid *Grid `json:"grid,omitempty"`
	// Set lists cases of the paper's simulation sets: set 1's grids (as
	// its figures use them) or random draws of set 2 or 3 (simsets.Params;
	// random draw i comes from the stream (sweep seed, i)).
	Set *simsets.Params `json:"set,omitempty"`
}

// Grid is the product of parameter lists over set-1 style cases: N neurons,
// log-means fixed per pattern (U(-1,1), from a fixed seed, the same for every
// sweep), one shared exchangeable Sigma = s2·[(1−rho)I + rho·11ᵀ], n distinct
// synapses drawn uniformly from the case's own stream, pattern m.
type Grid struct {
	Neurons  int       `json:"neurons"`
	Patterns []int     `json:"patterns"`
	S2       []float64 `json:"s2"`
	Rho      []float64 `json:"rho"`
	Synapses []int     `json:"n"`
	Pattern  int       `json:"pattern"`
	// Repeats draws this many synapse ensembles per grid point (default 1).
	Repeats int `json:"repeats,omitempty"`
}

//go:embed default.json
var defaultConfig []byte

// DefaultConfig returns the embedded default sweep: the validation suite.
func DefaultConfig() *Config {
	cfg, err := ParseConfig(defaultConfig)
	if err != nil {
		panic("sweep: embedded default config: " + err.Error())
	}
	return cfg
}

// DefaultConfigJSON returns the embedded default sweep as written.
func DefaultConfigJSON() []byte { return bytes.Clone(defaultConfig) }

// ParseConfig decodes and checks a sweep configuration (JSON; // and /* */
// comments allowed); errors name the field, or the line and column.
func ParseConfig(data []byte) (*Config, error) {
	cfg := new(Config)
	if err := jsonc.Decode(data, cfg); err != nil {
		return nil, fmt.Errorf("config: %v", err)
	}
	return cfg, cfg.check()
}

// pairs is N(N−1)/2, the synapses of N neurons, saturating at
// math.MaxInt instead of overflowing.
func pairs(N int) int {
	if N > 1<<31 {
		return math.MaxInt
	}
	return N * (N - 1) / 2
}

// Check validates cfg as ParseConfig does (after WithOverrides, say).
func (cfg *Config) Check() error { return cfg.check() }

func (cfg *Config) check() error {
	if cfg.Samples < 0 {
		return fmt.Errorf("config: samples: %d is negative", cfg.Samples)
	}
	if cfg.K < 1 {
		return fmt.Errorf("config: k: %d, want at least 1", cfg.K)
	}
	if cfg.Blocks < 0 || cfg.Blocks == 1 {
		return fmt.Errorf("config: blocks: %d, want 0 (the default) or at least 2", cfg.Blocks)
	}
	if cfg.Samples > 0 && cfg.Samples < 2*(cfg.K+1) {
		return fmt.Errorf("config: samples: %d draws are too few for k = %d (want 0 or at least %d)", cfg.Samples, cfg.K, 2*(cfg.K+1))
	}
	for i, name := range cfg.Approximations {
		switch name {
		case approx.FW, approx.Corrected1, approx.Corrected2:
		default:
			return fmt.Errorf("config: approximations[%d]: %q is not fw, corrected1 or corrected2", i, name)
		}
	}
	if cfg.Estimator != "" {
		if _, err := knn.ParseEstimator(cfg.Estimator); err != nil {
			return fmt.Errorf("config: estimator: %q, want wkl-white, kl-white, wkl or kl", cfg.Estimator)
		}
	}
	if len(cfg.Groups) == 0 {
		return fmt.Errorf("config: groups: empty")
	}
	names := map[string]bool{}
	for i, g := range cfg.Groups {
		f := fmt.Sprintf("config: groups[%d]", i)
		if g.Name == "" || names[g.Name] {
			return fmt.Errorf("%s.name: %q is empty or used twice", f, g.Name)
		}
		names[g.Name] = true
		if (g.Grid == nil) == (g.Set == nil) {
			return fmt.Errorf("%s: want exactly one of grid and set", f)
		}
		if g.Samples < 0 || (g.Samples > 0 && g.Samples < 2*(cfg.K+1)) {
			return fmt.Errorf("%s.samples: %d, want 0 (the sweep's) or at least %d draws for k = %d", f, g.Samples, 2*(cfg.K+1), cfg.K)
		}
		if gr := g.Grid; gr != nil {
			if gr.Neurons < 2 {
				return fmt.Errorf("%s.grid.neurons: %d, want at least 2", f, gr.Neurons)
			}
			if len(gr.Patterns) == 0 || len(gr.S2) == 0 || len(gr.Rho) == 0 || len(gr.Synapses) == 0 {
				return fmt.Errorf("%s.grid: patterns, s2, rho and n must each list at least one value", f)
			}
			for _, k := range gr.Patterns {
				if k < 1 || gr.Pattern >= k {
					return fmt.Errorf("%s.grid.patterns: %d, want ≥ 1 and > pattern (%d)", f, k, gr.Pattern)
				}
			}
			for _, s := range gr.S2 {
				if !(s > 0) || math.IsInf(s, 0) {
					return fmt.Errorf("%s.grid.s2: %v, want a finite number > 0 (with s2 = 0 the patterns are constants)", f, s)
				}
			}
			for _, r := range gr.Rho {
				if !(r >= -1/float64(gr.Neurons-1)-1e-12 && r <= 1) {
					return fmt.Errorf("%s.grid.rho: %v outside [-1/(N-1), 1]", f, r)
				}
			}
			for _, n := range gr.Synapses {
				if n < 1 || n > pairs(gr.Neurons) {
					return fmt.Errorf("%s.grid.n: %d synapses, want 1..N(N-1)/2 = %d", f, n, pairs(gr.Neurons))
				}
			}
			if gr.Pattern < 0 || gr.Repeats < 0 {
				return fmt.Errorf("%s.grid: pattern and repeats must be ≥ 0", f)
			}
		}
		if s := g.Set; s != nil {
			for _, v := range s.S {
				if s.Set == 1 && !(v > 0) {
					return fmt.Errorf("%s.set.s: %v, want > 0 (with s = 0 the patterns are constants)", f, v)
				}
			}
			if err := s.Validate(); err != nil {
				return fmt.Errorf("%s.set: %v", f, err)
			}
		}
	}
	return nil
}

// Equal reports whether two configurations describe the same sweep.
func (cfg *Config) Equal(o *Config) bool { return reflect.DeepEqual(cfg, o) }

func (cfg *Config) samplesFor(group string) int {
	for _, g := range cfg.Groups {
		if g.Name == group && g.Samples > 0 {
			return g.Samples
		}
	}
	return cfg.Samples
}

func (cfg *Config) noKSGFor(group string) bool {
	for _, g := range cfg.Groups {
		if g.Name == group && g.NoKSG {
			return true
		}
	}
	return cfg.NoKSG
}

// WithOverrides returns a copy of cfg with at most cases cases per group and
// samples draws per case (0 leaves a setting as it is), for quick runs.
func (cfg *Config) WithOverrides(cases, samples int) *Config {
	c := *cfg
	c.Groups = append([]Group(nil), cfg.Groups...)
	if samples > 0 {
		c.Samples = samples
		for i := range c.Groups {
			c.Groups[i].Samples = 0
		}
	}
	if cases > 0 {
		for i := range c.Groups {
			g := &c.Groups[i]
			if g.Set != nil && g.Set.Set != 1 && g.Set.Draws > cases {
				s := *g.Set
				s.Draws = cases
				g.Set = &s
			}
			if g.Grid != nil {
				gr := *g.Grid
				gr.Repeats = 1
				g.Grid = &gr
			}
		}
		c.MaxPerGroup = cases
	}
	return &c
}

// Tasks lists the sweep's cases in order, with stable ids and sequence numbers.
func (cfg *Config) Tasks() []Task {
	var tasks []Task
	for _, g := range cfg.Groups {
		var group []Task
		switch {
		case g.Grid != nil:
			group = cfg.gridTasks(g.Name, g.Grid)
		case g.Set != nil:
			group = cfg.setTasks(g.Name, g.Set)
		}
		if cfg.MaxPerGroup > 0 && len(group) > cfg.MaxPerGroup {
			group = thin(group, cfg.MaxPerGroup)
		}
		for _, t := range group {
			t.Seq = len(tasks)
			tasks = append(tasks, t)
		}
	}
	return tasks
}

// CheckCases builds and validates every case of tasks (set draws were
// built when the tasks were listed), so that a sweep refuses a
// configuration with a bad case before it starts rather than failing on it
// hours later. The error names the case.
func CheckCases(tasks []Task) error {
	for _, t := range tasks {
		err := t.err
		if err == nil && t.Params.Set == 1 {
			var c *model.Case
			if c, err = t.Case(); err == nil {
				err = c.Validate()
			}
		}
		if err != nil {
			return fmt.Errorf("case %s: %w", t.ID, err)
		}
	}
	return nil
}

// thin keeps n tasks spread evenly over the list.
func thin(ts []Task, n int) []Task {
	out := make([]Task, n)
	for i := range out {
		out[i] = ts[i*len(ts)/n]
	}
	return out
}

func taskID(group string, i int) string { return fmt.Sprintf("%s/%04d", group, i) }

func (cfg *Config) gridTasks(name string, gr *Grid) []Task {
	var tasks []Task
	reps := max(gr.Repeats, 1)
	for _, K := range gr.Patterns {
		for _, s2 := range gr.S2 {
			for _, rho := range gr.Rho {
				for _, n := range gr.Synapses {
					for rep := 0; rep < reps; rep++ {
						id := taskID(name, len(tasks))
						p := Params{Set: 1, Neurons: gr.Neurons, Patterns: K, Synapses: n, Pattern: gr.Pattern, S2: s2, Rho: rho, Draw: rep}
						seed := cfg.Seed
						tasks = append(tasks, Task{ID: id, Group: name, Params: p, Case: func() (*model.Case, error) {
							// The synapses come from the case's own stream.
							syn := simsets.RandomSynapses(rng.New(seed, rng.Hash(id), 0xca5e), p.Neurons, p.Synapses)
							return simsets.Set1(p.Neurons, p.Patterns, math.Sqrt(p.S2), p.Rho, syn, p.Pattern)
						}})
					}
				}
			}
		}
	}
	return tasks
}

func (cfg *Config) setTasks(name string, sp *simsets.Params) []Task {
	count, err := sp.Count()
	if err != nil { // checked by ParseConfig
		return nil
	}
	tasks := make([]Task, count)
	for i := range tasks {
		id := taskID(name, i)
		p := Params{Set: sp.Set, Draw: i}
		pt, err := sp.Case(cfg.Seed, i)
		if err == nil {
			p.Neurons, p.Patterns, p.Synapses, p.Pattern = pt.Case.N(), pt.K, pt.Len, pt.Pattern
			p.S2, p.Rho = pt.S*pt.S, pt.R
		}
		tasks[i] = Task{ID: id, Group: name, Params: p, err: err, Case: func() (*model.Case, error) {
			pt, err := sp.Case(cfg.Seed, i)
			if err != nil {
				return nil, err
			}
			pt.Case.ID = id
			return pt.Case, nil
		}}
	}
	return tasks
}
