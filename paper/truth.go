package paper

import (
	"context"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/syninfo/syninfo/num"
	"github.com/syninfo/syninfo/simsets"
	"github.com/syninfo/syninfo/sweep"
)

// Names of the truth sweep's groups.
const (
	groupFig2A = "fig2a"
	groupFig2B = "fig2b"
	groupFig3A = "fig3a"
	groupFig3B = "fig3b"
	groupSet2  = "set2"
	groupSet3  = "set3"
	groupFig4  = "fig4"
)

// set1Grids returns the closed-form grids of Figs 2A, 2B, 3A and 3B with
// Set1Grid values of s or r.
func set1Grids(s Sizes) map[string]simsets.Params {
	a, b, c, d := simsets.Fig2A(), simsets.Fig2B(), simsets.Fig3A(), simsets.Fig3B()
	a.S = simsets.Linspace(0.001, 5, s.Set1Grid)
	b.R = simsets.Linspace(-1.0/19+0.001, 1, s.Set1Grid)
	c.S = simsets.Linspace(0.001, 5, s.Set1Grid)
	d.R = simsets.Linspace(-1.0/19+0.001, 0.6, s.Set1Grid)
	return map[string]simsets.Params{groupFig2A: a, groupFig2B: b, groupFig3A: c, groupFig3B: d}
}

func stride(v []float64, k int) []float64 {
	var out []float64
	for i := 0; i < len(v); i += k {
		out = append(out, v[i])
	}
	return out
}

// TruthConfig returns the sweep of the truth part for seed and sizes: the
// exact singleton reference (n = 1) and entropy-difference estimates
// (n > 1, no direct KSG) on the same cases as the closed form. Fig 4's group
// lists set 3's draws from 0; only those from Set3Draws on are run (see
// TruthTasks).
func TruthConfig(seed uint64, s Sizes) *sweep.Config {
	grids := set1Grids(s)
	a, b := grids[groupFig2A], grids[groupFig2B]
	a.K, b.K = s.Set1TruthK, s.Set1TruthK
	c, d := grids[groupFig3A], grids[groupFig3B]
	c.S = stride(c.S, s.Set1TruthStride)
	d.R = stride(d.R, s.Set1TruthStride)
	c.Len, d.Len = s.Set1TruthLen, s.Set1TruthLen
	set2 := simsets.Fig2C3C()
	set2.Draws = s.Set2Draws
	set3 := simsets.Fig2D3D()
	set3.Draws = s.Set3Draws
	cfg := &sweep.Config{Seed: seed, K: 3, NoKSG: true}
	// Samples 0 (Figs 2A, 2B: n = 1) leaves the config's 0: exact only.
	add := func(name string, p simsets.Params, samples int) {
		cfg.Groups = append(cfg.Groups, sweep.Group{Name: name, Set: &p, NoKSG: true, Samples: samples})
	}
	if len(s.Set1TruthK) > 0 {
		add(groupFig2A, a, 0)
		add(groupFig2B, b, 0)
	}
	if len(s.Set1TruthLen) > 0 {
		add(groupFig3A, c, s.Set1TruthSamples)
		add(groupFig3B, d, s.Set1TruthSamples)
	}
	add(groupSet2, set2, s.TruthSamples)
	add(groupSet3, set3, s.TruthSamples)
	if s.Fig4TruthDraws > 0 || len(s.Fig4TruthLens) > 0 {
		f4 := simsets.Fig4()
		f4.Draws = s.Set3Draws + s.Fig4TruthDraws
		if len(s.Fig4TruthLens) > 0 {
			f4.Draws = s.Set3Draws + s.Fig4Draws
		}
		add(groupFig4, f4, s.Fig4TruthSamples)
	}
	return cfg
}

// taskIndex returns the index of a task or record id "group/0042".
func taskIndex(id string) (string, int, error) {
	g, num, ok := strings.Cut(id, "/")
	if !ok {
		return "", 0, fmt.Errorf("id %q: want group/index", id)
	}
	i, err := strconv.Atoi(num)
	if err != nil {
		return "", 0, fmt.Errorf("id %q: %v", id, err)
	}
	return g, i, nil
}

// TruthTasks returns the tasks of cfg that the reproduction runs: all but
// Fig 4's draws below Set3Draws (those are Figs 2D/3D's, not Fig 4's) and
// Fig 4's draws outside its truth subsample (Fig4TruthSample).
func TruthTasks(cfg *sweep.Config, s Sizes) []sweep.Task {
	var out []sweep.Task
	for _, t := range cfg.Tasks() {
		if t.Group == groupFig4 {
			_, i, err := taskIndex(t.ID)
			if err != nil || i < s.Set3Draws || !s.Fig4TruthSample(i-s.Set3Draws, t.Params.Synapses) {
				continue
			}
		}
		out = append(out, t)
	}
	return out
}

// Fig4TruthSample reports whether Fig 4's draw j (0-based within Fig 4)
// with n synapses gets a truth: the first Fig4TruthDraws draws (a uniform
// random subsample, the draws being i.i.d.) and every draw whose n is in
// Fig4TruthLens.
func (s Sizes) Fig4TruthSample(j, n int) bool {
	return j < s.Fig4TruthDraws || slices.Contains(s.Fig4TruthLens, n)
}

// RunTruth runs (or resumes) the truth sweep into path and returns its
// records.
func RunTruth(ctx context.Context, path string, seed uint64, s Sizes, workers int, progress io.Writer, terminal bool) ([]*sweep.Record, error) {
	cfg := TruthConfig(seed, s)
	return runSweep(ctx, path, cfg, TruthTasks(cfg, s), workers, progress, terminal)
}

// runSweep runs (or resumes) the tasks of cfg into the sweep file path and
// returns its records.
func runSweep(ctx context.Context, path string, cfg *sweep.Config, tasks []sweep.Task, workers int, progress io.Writer, terminal bool) ([]*sweep.Record, error) {
	f, err := sweep.OpenSweepFile(path, cfg)
	if err != nil {
		return nil, err
	}
	err = sweep.Run(ctx, cfg, tasks, f, sweep.RunOptions{Workers: workers, Progress: progress, Terminal: terminal})
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return nil, err
	}
	_, recs, err := sweep.ReadSweepFile(path)
	return recs, err
}

type gridKey struct {
	k, n int
	s, r float64
}

// attachTruth copies the truth records onto the draws and grid points they
// belong to.
func attachTruth(recs []*sweep.Record, s Sizes, set2, set3, fig4 []Draw, grids map[string][]GridPoint) error {
	index := map[string]map[gridKey]int{}
	for name, pts := range grids {
		m := map[gridKey]int{}
		for i, p := range pts {
			m[gridKey{p.K, p.Len, p.S, p.R}] = i
		}
		index[name] = m
	}
	truthCfg := TruthConfig(0, s)
	truthParams := map[string]simsets.Params{}
	for _, g := range truthCfg.Groups {
		truthParams[g.Name] = *g.Set
	}
	for _, rec := range recs {
		if rec.Result == nil {
			continue
		}
		group, i, err := taskIndex(rec.ID)
		if err != nil {
			return err
		}
		t := rec.Truth
		set := func(d *Draw) {
			d.Truth, d.TruthSE, d.TruthUnc, d.TruthSource, d.TruthFail = t.MINats, t.SE, t.Uncertainty, t.Method, truthFail(t)
			if t.Infinite {
				d.Truth = num.Float(inf)
			}
		}
		switch group {
		case groupSet2:
			if i < len(set2) {
				set(&set2[i])
			}
		case groupSet3:
			if i < len(set3) {
				set(&set3[i])
			}
		case groupFig4:
			if j := i - s.Set3Draws; j >= 0 && j < len(fig4) {
				set(&fig4[j])
			}
		case groupFig2A, groupFig2B, groupFig3A, groupFig3B:
			p := truthParams[group]
			k, n, sv, rv := set1Point(p, i)
			j, ok := index[group][gridKey{k, n, sv, rv}]
			if !ok {
				return fmt.Errorf("truth record %s matches no grid point of %s", rec.ID, group)
			}
			gp := &grids[group][j]
			gp.Truth, gp.TruthSE, gp.TruthUnc, gp.TruthSource = t.MINats, t.SE, t.Uncertainty, t.Method
			if t.Infinite {
				gp.Truth = num.Float(inf)
			}
		}
	}
	return nil
}

// set1Point returns K, n, s and r of case i of a set-1 grid (Len varies
// fastest, then R, S, K: simsets.Params' documented nesting).
func set1Point(p simsets.Params, i int) (k, n int, s, r float64) {
	lens, rs, ss, ks := p.Len, p.R, p.S, p.K
	if len(lens) == 0 {
		lens = []int{1}
	}
	if len(rs) == 0 {
		rs = []float64{0}
	}
	n = lens[i%len(lens)]
	i /= len(lens)
	r = rs[i%len(rs)]
	i /= len(rs)
	s = ss[i%len(ss)]
	i /= len(ss)
	k = ks[i]
	return
}
