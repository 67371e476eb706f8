package paper

import (
	"context"
	"fmt"
	"math"
	"runtime"

	"golang.org/x/sync/errgroup"

	"github.com/syninfo/syninfo/analytic"
	"github.com/syninfo/syninfo/compare"
	"github.com/syninfo/syninfo/num"
	"github.com/syninfo/syninfo/simsets"
)

// Failure kinds of a value that cannot enter ln I.
const (
	// FailNotPD: the closed form's C or C' is not positive definite.
	FailNotPD = "not_positive_definite"
	// FailInfinite: the true information is +∞ (status infinite); for the
	// closed form, whatever number it gives there is wrong by construction.
	FailInfinite = "infinite"
	// FailNonPositive: a value ≤ 0 (ln I undefined).
	FailNonPositive = "nonpositive"
	// FailNonFinite: a NaN or infinite value with status ok.
	FailNonFinite = "nonfinite"
	// FailMissing: no truth was computed for the draw.
	FailMissing = "missing"
)

// Draw is one random case of set 2 or 3 with its closed form and truth.
type Draw struct {
	// Index is the draw's number in its set's stream.
	Index int `json:"index"`
	// K, Len (n) and Pattern (m).
	K       int `json:"k"`
	Len     int `json:"n"`
	Pattern int `json:"pattern"`
	// Status and MINats: the closed form (MINats NaN when C or C' is not
	// positive definite).
	Status string    `json:"status"`
	MINats num.Float `json:"mi_nats"`
	// Fail is why the closed form cannot enter ln I ("" when it can).
	Fail string `json:"fail,omitempty"`
	// Authors is the closed form as the authors' code computes it
	// (AuthorsClosedForm); AuthorsFail is why their code dropped it.
	Authors     num.Float `json:"authors_nats"`
	AuthorsFail string    `json:"authors_fail,omitempty"`
	// Truth, TruthSE and TruthSource: the best available truth; TruthFail
	// is why it cannot enter ln I ("" when it can). TruthUnc is its
	// one-sigma uncertainty (compare.Truth.Uncertainty: TruthSE and the
	// estimated remaining bias), the error bar the figures draw.
	Truth       num.Float `json:"truth_nats"`
	TruthSE     num.Float `json:"truth_se"`
	TruthUnc    num.Float `json:"truth_uncertainty"`
	TruthSource string    `json:"truth_source,omitempty"`
	TruthFail   string    `json:"truth_fail,omitempty"`
	// Approx holds the approximations beyond the closed form by name
	// (corrected1, corrected2) on the draws of the approximation
	// subsample (Sizes.ApproxDraws); nil elsewhere.
	Approx map[string]ApproxValue `json:"approximations,omitempty"`
}

// closedFail classifies a closed-form value as the authors' code would see
// it (they dropped NaN, ±inf and negative values) and by status.
func closedFail(status analytic.Status, v float64) string {
	switch {
	case status == analytic.NotPositiveDefinite:
		return FailNotPD
	case status == analytic.Infinite:
		return FailInfinite
	case math.IsNaN(v) || math.IsInf(v, 0):
		return FailNonFinite
	case v <= 0:
		return FailNonPositive
	}
	return ""
}

// closedForm computes the closed form of draws lo..hi−1 of the random set p
// in parallel. The draws depend on (seed, index) only, so the result does
// not depend on workers.
func closedForm(ctx context.Context, p simsets.Params, seed uint64, lo, hi, workers int) ([]Draw, error) {
	out := make([]Draw, hi-lo)
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(workers)
	const chunk = 64
	for start := lo; start < hi; start += chunk {
		end := min(start+chunk, hi)
		g.Go(func() error {
			for i := start; i < end; i++ {
				if err := gctx.Err(); err != nil {
					return err
				}
				pt, err := p.Case(seed, i)
				if err != nil {
					return err
				}
				a, err := analytic.Compute(pt.Case, analytic.Options{Workers: 1})
				if err != nil {
					return fmt.Errorf("draw %d: %w", i, err)
				}
				au := AuthorsClosedForm(pt.Case)
				out[i-lo] = Draw{Index: i, K: pt.K, Len: pt.Len, Pattern: pt.Pattern,
					Status: string(a.Status), MINats: num.Float(a.MINats), Fail: closedFail(a.Status, a.MINats),
					Authors: num.Float(au), AuthorsFail: authorsFail(au),
					Truth: num.Float(math.NaN()), TruthSE: num.Float(math.NaN()), TruthUnc: num.Float(math.NaN()), TruthFail: FailMissing}
			}
			return nil
		})
	}
	return out, g.Wait()
}

// GridPoint is one case of a set-1 grid (Figs 2A, 2B, 3A, 3B).
type GridPoint struct {
	K   int     `json:"k"`
	Len int     `json:"n"`
	S   float64 `json:"s"`
	R   float64 `json:"r"`
	// Status, MINats and Fail: the closed form.
	Status string    `json:"status"`
	MINats num.Float `json:"mi_nats"`
	Fail   string    `json:"fail,omitempty"`
	// Truth: exact (n = 1) or entropy difference, NaN where not
	// computed; TruthSE its standard error, TruthUnc its uncertainty.
	Truth       num.Float `json:"truth_nats"`
	TruthSE     num.Float `json:"truth_se"`
	TruthUnc    num.Float `json:"truth_uncertainty"`
	TruthSource string    `json:"truth_source,omitempty"`
}

// gridClosedForm computes the closed form on every case of the set-1 grid p.
func gridClosedForm(ctx context.Context, p simsets.Params, workers int) ([]GridPoint, error) {
	count, err := p.Count()
	if err != nil {
		return nil, err
	}
	out := make([]GridPoint, count)
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(workers)
	const chunk = 64
	for start := 0; start < count; start += chunk {
		end := min(start+chunk, count)
		g.Go(func() error {
			for i := start; i < end; i++ {
				if err := gctx.Err(); err != nil {
					return err
				}
				pt, err := p.Case(0, i)
				if err != nil {
					return err
				}
				a, err := analytic.Compute(pt.Case, analytic.Options{Workers: 1})
				if err != nil {
					return fmt.Errorf("grid point %d: %w", i, err)
				}
				out[i] = GridPoint{K: pt.K, Len: pt.Len, S: pt.S, R: pt.R, Status: string(a.Status),
					MINats: num.Float(a.MINats), Fail: closedFail(a.Status, a.MINats),
					Truth: num.Float(math.NaN()), TruthSE: num.Float(math.NaN()), TruthUnc: num.Float(math.NaN())}
			}
			return nil
		})
	}
	return out, g.Wait()
}

// truthFail classifies a truth record.
func truthFail(t compare.Truth) string {
	switch {
	case t.Infinite:
		return FailInfinite
	case !t.MINats.Valid():
		return FailMissing
	case t.MINats <= 0:
		return FailNonPositive
	}
	return ""
}
