package paper

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/syninfo/syninfo/internal/buildinfo"
	"github.com/syninfo/syninfo/num"
	"github.com/syninfo/syninfo/simsets"
)

// DefaultSeed is the seed of the reproduction unless one is given.
const DefaultSeed = 2411

// Options tune Run.
type Options struct {
	// Out is the output directory (created if needed).
	Out string
	// Seed keys every random draw (sets 2 and 3, the truth's samples, the
	// synergy study's synapse orders and patterns).
	Seed uint64
	// Sizes are the counts; zero means FullSizes.
	Sizes *Sizes
	// Workers bounds the goroutines (0: GOMAXPROCS). Results do not
	// depend on it.
	Workers int
	// NoTruth skips the truth part (closed form only).
	NoTruth bool
	// NoSynergy skips the synergy study.
	NoSynergy bool
	// Approximations are the approximations beyond the closed form
	// computed on the approximation subsample (Sizes.ApproxDraws); nil
	// means DefaultApproximations, an empty non-nil list none.
	Approximations []string
	// Progress, when not nil, receives progress lines; Terminal selects a
	// redrawn bar for the truth sweep.
	Progress io.Writer
	Terminal bool
	// Provenance, when set, is recorded in paper.json and ends the report.
	Provenance *buildinfo.Provenance
}

// Timing are the wall-clock seconds of the parts of a run.
type Timing struct {
	ClosedForm float64 `json:"closed_form_seconds"`
	// ClosedFormDraws is the part of ClosedForm spent on the random draws
	// of sets 2 and 3 and Fig 4 (the rest is the set-1 grids).
	ClosedFormDraws float64 `json:"closed_form_draws_seconds"`
	Truth           float64 `json:"truth_seconds"`
	Approx          float64 `json:"approx_seconds"`
	Synergy         float64 `json:"synergy_seconds"`
	Pages           float64 `json:"pages_seconds"`
}

// Result is everything a reproduction computes; paper.json is its JSON.
type Result struct {
	Seed  uint64 `json:"seed"`
	Sizes Sizes  `json:"sizes"`
	// Truth says whether the truth part ran.
	Truth bool `json:"truth_computed"`
	// Fig2C .. Fig3D are the regressions.
	Fig2C Regression `json:"fig2c"`
	Fig2D Regression `json:"fig2d"`
	Fig3C Regression `json:"fig3c"`
	Fig3D Regression `json:"fig3d"`
	// Fig4 is Fig 4's statistics.
	Fig4 Fig4Stats `json:"fig4"`
	// Set1 counts the failures of the closed form on the set-1 grids and
	// compares it with the truth there.
	Set1 map[string]GridSummary `json:"set1"`
	// Claims are the verdicts.
	Claims []Claim `json:"claims"`
	// Synergy is the synergy study (nil when skipped).
	Synergy *Synergy `json:"synergy"`
	// Approx is the claims judged with each approximation on the
	// approximation subsample (nil when not computed).
	Approx *ApproxStudy `json:"approximations"`
	// Timing is not part of the results proper (it varies run to run).
	Timing Timing `json:"timing"`
	// Provenance is the build, command line and date of the run (nil when
	// the caller gave none); like Timing it varies run to run.
	Provenance *buildinfo.Provenance `json:"provenance,omitempty"`

	set2, set3, fig4 []Draw
	grids            map[string][]GridPoint
	// approxNames are the approximations attached to the draws.
	approxNames []string
}

// GridSummary describes the closed form and the truth on one set-1 grid.
type GridSummary struct {
	Points int            `json:"points"`
	Failed map[string]int `json:"failed_by_kind"`
	// TruthPoints have a truth; MaxAbsError and MedianRelError compare the
	// closed form with it where both are finite.
	TruthPoints    int       `json:"truth_points"`
	MaxAbsError    num.Float `json:"max_abs_error_nats"`
	MedianRelError num.Float `json:"median_rel_error"`
}

func (o *Options) logf(format string, args ...any) {
	if o.Progress != nil {
		fmt.Fprintf(o.Progress, "paper: "+format+"\n", args...)
	}
}

// Run performs the reproduction and writes DIR/paper.json, report.md,
// index.html, the figures (SVG and PNG) and truth.jsonl (the resumable truth
// sweep) to o.Out. An interrupted run resumes the truth sweep when rerun
// with the same seed and sizes.
func Run(ctx context.Context, o Options) (*Result, error) {
	s := FullSizes()
	if o.Sizes != nil {
		s = *o.Sizes
	}
	if err := s.check(); err != nil {
		return nil, err
	}
	if o.Out == "" {
		return nil, fmt.Errorf("no output directory")
	}
	if err := os.MkdirAll(o.Out, 0o755); err != nil {
		return nil, err
	}
	res := &Result{Seed: o.Seed, Sizes: s, Provenance: o.Provenance}

	t0 := time.Now()
	if err := closedPart(ctx, &o, s, res); err != nil {
		return nil, err
	}
	res.Timing.ClosedForm = time.Since(t0).Seconds()
	o.logf("closed form: %d draws in %.1f s, with %d set-1 grid points %.1f s", s.Set2Draws+s.Set3Draws+s.Fig4Draws, res.Timing.ClosedFormDraws,
		len(res.grids[groupFig2A])+len(res.grids[groupFig2B])+len(res.grids[groupFig3A])+len(res.grids[groupFig3B]), res.Timing.ClosedForm)

	if !o.NoTruth {
		t0 = time.Now()
		o.logf("truth: sweep into %s (rerun to resume)", filepath.Join(o.Out, "truth.jsonl"))
		recs, err := RunTruth(ctx, filepath.Join(o.Out, "truth.jsonl"), o.Seed, s, o.Workers, o.Progress, o.Terminal)
		if err != nil {
			return nil, fmt.Errorf("truth: %w", err)
		}
		if err := attachTruth(recs, s, res.set2, res.set3, res.fig4, res.grids); err != nil {
			return nil, err
		}
		res.Truth = true
		res.Timing.Truth = time.Since(t0).Seconds()
		o.logf("truth: %d records in %.1f s", len(recs), res.Timing.Truth)

		names := o.Approximations
		if names == nil {
			names = DefaultApproximations
		}
		if len(names) > 0 && s.ApproxDraws > 0 {
			t0 = time.Now()
			o.logf("approximations %s: sweep into %s (rerun to resume)", strings.Join(names, ", "), filepath.Join(o.Out, "approx.jsonl"))
			recs, err := RunApprox(ctx, filepath.Join(o.Out, "approx.jsonl"), o.Seed, s, names, o.Workers, o.Progress, o.Terminal)
			if err != nil {
				return nil, fmt.Errorf("approximations: %w", err)
			}
			if err := attachApprox(recs, s, res.set2, res.set3, res.fig4); err != nil {
				return nil, err
			}
			res.approxNames = names
			res.Timing.Approx = time.Since(t0).Seconds()
			o.logf("approximations: %d records in %.1f s", len(recs), res.Timing.Approx)
		}
	}

	if !o.NoSynergy && len(s.Synergy.Neurons) > 0 {
		t0 = time.Now()
		syn, err := RunSynergy(ctx, o.Seed, s.Synergy, o.Workers, o.Progress)
		if err != nil {
			return nil, fmt.Errorf("synergy: %w", err)
		}
		res.Synergy = syn
		res.Timing.Synergy = time.Since(t0).Seconds()
		o.logf("synergy: %d cases in %.1f s", len(syn.Points), res.Timing.Synergy)
	}

	res.analyse()
	t0 = time.Now()
	if err := writePages(o.Out, res); err != nil {
		return nil, err
	}
	res.Timing.Pages = time.Since(t0).Seconds()
	if err := writeJSON(filepath.Join(o.Out, "paper.json"), res); err != nil {
		return nil, err
	}
	return res, nil
}

// closedPart computes the closed form on sets 2 and 3, Fig 4's draws and the
// set-1 grids.
func closedPart(ctx context.Context, o *Options, s Sizes, res *Result) error {
	set2 := simsets.Fig2C3C()
	set2.Draws = s.Set2Draws
	set3 := simsets.Fig2D3D()
	set3.Draws = s.Set3Draws + s.Fig4Draws
	var err error
	t0 := time.Now()
	if res.set2, err = closedForm(ctx, set2, o.Seed, 0, s.Set2Draws, o.Workers); err != nil {
		return fmt.Errorf("set 2: %w", err)
	}
	if res.set3, err = closedForm(ctx, set3, o.Seed, 0, s.Set3Draws, o.Workers); err != nil {
		return fmt.Errorf("set 3: %w", err)
	}
	if res.fig4, err = closedForm(ctx, set3, o.Seed, s.Set3Draws, s.Set3Draws+s.Fig4Draws, o.Workers); err != nil {
		return fmt.Errorf("fig 4: %w", err)
	}
	res.Timing.ClosedFormDraws = time.Since(t0).Seconds()
	res.grids = map[string][]GridPoint{}
	for name, p := range set1Grids(s) {
		if res.grids[name], err = gridClosedForm(ctx, p, o.Workers); err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
	}
	return nil
}

// analyse computes the statistics and verdicts from the draws.
func (res *Result) analyse() {
	res.Fig2C = regression(res.set2, "ln K", lnK, paperFig2C)
	res.Fig3C = regression(res.set2, "ln n", lnN, paperFig3C)
	res.Fig2D = regression(res.set3, "ln K", lnK, paperFig2D)
	res.Fig3D = regression(res.set3, "ln n", lnN, paperFig3D)
	res.Fig4 = fig4Stats(res.fig4, func(j int, d Draw) bool { return res.Truth && res.Sizes.Fig4TruthSample(j, d.Len) })
	res.Set1 = map[string]GridSummary{}
	for name, pts := range res.grids {
		res.Set1[name] = gridSummary(pts)
	}
	res.Claims = claims(map[string]Regression{"fig2c": res.Fig2C, "fig2d": res.Fig2D, "fig3c": res.Fig3C, "fig3d": res.Fig3D}, res.Fig4)
	if res.Synergy != nil {
		res.Claims = append(res.Claims, res.Synergy.claim())
	}
	if len(res.approxNames) > 0 {
		res.Approx = approxStudy(res.approxNames, res.set2, res.set3, res.fig4)
	}
}

func writeJSON(path string, v any) error {
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(path, append(b, '\n'), 0o644)
}
