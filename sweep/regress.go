package sweep

import (
	"context"
	"fmt"
	"io"
	"math"
	"runtime"
	"sort"
	"text/tabwriter"

	"github.com/syninfo/syninfo/compare"
	"github.com/syninfo/syninfo/num"
	"golang.org/x/sync/errgroup"
)

// Tolerances of Regress.
type Tolerances struct {
	// Rel is the relative tolerance of deterministic values: the closed
	// form and its eigenvalues (default 1e-9).
	Rel float64
	// Sigmas is the number of combined standard errors an estimate may move,
	// |new − old| ≤ Sigmas·√(se_old² + se_new²) (default 4), and of combined
	// uncertainties a statistical truth may move. The exact reference may
	// move Sigmas times the sum of its error estimates.
	Sigmas float64
}

func (t Tolerances) withDefaults() Tolerances {
	if t.Rel == 0 {
		t.Rel = 1e-9
	}
	if t.Sigmas == 0 {
		t.Sigmas = 4
	}
	return t
}

// Change is one value that moved beyond its tolerance.
type Change struct {
	ID, Field string
	Old, New  string
	Limit     string
}

// Regress compares current records with baseline ones, id by id, and lists
// every value that moved beyond its tolerance, and every baseline case that
// current lacks. It also returns the number of values checked.
func Regress(baseline, current []*Record, tol Tolerances) (changes []Change, checked int) {
	tol = tol.withDefaults()
	cur := map[string]*Record{}
	for _, r := range current {
		cur[r.ID] = r
	}
	for _, b := range baseline {
		c, ok := cur[b.ID]
		if !ok || (c.Result == nil && c.Failure == "") {
			changes = append(changes, Change{ID: b.ID, Field: "case", Old: "present", New: "missing"})
			continue
		}
		add := func(field, old, new, limit string) {
			changes = append(changes, Change{ID: b.ID, Field: field, Old: old, New: new, Limit: limit})
		}
		if b.Result == nil || c.Result == nil { // a failed record on either side
			checked++
			if (b.Result == nil) != (c.Result == nil) {
				add("failure", failureText(b), failureText(c), "both or neither")
			}
			continue
		}
		checked++
		if b.Analytic.Status != c.Analytic.Status {
			add("analytic.status", b.Analytic.Status, c.Analytic.Status, "equal")
		}
		for _, f := range []struct {
			name     string
			old, new num.Float
		}{
			{"analytic.mi_nats", b.Analytic.MINats, c.Analytic.MINats},
			{"analytic.min_eigenvalue", b.Analytic.MinEigenvalue, c.Analytic.MinEigenvalue},
			{"analytic.min_eigenvalue_rest", b.Analytic.MinEigenvalueRest, c.Analytic.MinEigenvalueRest},
		} {
			checked++
			if !closeRel(f.old, f.new, tol.Rel) {
				add(f.name, fmtF(f.old), fmtF(f.new), fmt.Sprintf("rel %.0e", tol.Rel))
			}
		}
		if (b.Exact == nil) != (c.Exact == nil) {
			add("exact", presence(b.Exact != nil), presence(c.Exact != nil), "both or neither")
		} else if b.Exact != nil {
			checked++
			lim := tol.Sigmas*(abs(b.Exact.ErrorEstimate)+abs(c.Exact.ErrorEstimate)) + tol.Rel*abs(b.Exact.MINats)
			if !closeAbs(b.Exact.MINats, c.Exact.MINats, lim) {
				add("exact.mi_nats", fmtF(b.Exact.MINats), fmtF(c.Exact.MINats), fmt.Sprintf("±%.2g", lim))
			}
		}
		for _, e := range []struct {
			name     string
			old, new *compare.Estimate
		}{{"entropy_diff", b.EntropyDiff, c.EntropyDiff}, {"ksg", b.KSG, c.KSG}} {
			if (e.old == nil) != (e.new == nil) {
				add(e.name, presence(e.old != nil), presence(e.new != nil), "both or neither")
				continue
			}
			if e.old == nil {
				continue
			}
			checked++
			lim := tol.Sigmas * math.Hypot(float64(e.old.SE), float64(e.new.SE))
			if !closeAbs(e.old.MINats, e.new.MINats, lim) {
				add(e.name+".mi_nats", fmtF(e.old.MINats), fmtF(e.new.MINats), fmt.Sprintf("±%.2g (%g SE)", lim, tol.Sigmas))
			}
		}
		// A statistical truth may move Sigmas combined uncertainties (the
		// same uncertainty its verdicts use: variance and remaining bias).
		if bt, ct := b.Truth, c.Truth; bt.Method != ct.Method {
			add("truth.method", bt.Method, ct.Method, "equal")
		} else if bt.Uncertainty > 0 && ct.Uncertainty > 0 && bt.Method != "exact" && bt.Method != "exact_blocks" {
			checked++
			lim := tol.Sigmas * math.Hypot(float64(bt.Uncertainty), float64(ct.Uncertainty))
			if !closeAbs(bt.MINats, ct.MINats, lim) {
				add("truth.mi_nats", fmtF(bt.MINats), fmtF(ct.MINats), fmt.Sprintf("±%.2g (%g uncertainties)", lim, tol.Sigmas))
			}
		}
	}
	return changes, checked
}

func failureText(r *Record) string {
	if r.Failure == "" {
		return "ok"
	}
	return "failed: " + r.Failure
}

func presence(b bool) string {
	if b {
		return "present"
	}
	return "null"
}

func abs(x num.Float) float64 {
	if !x.Valid() {
		return 0
	}
	return math.Abs(float64(x))
}

// closeRel: both null, or both finite within rel (absolute 1e-300 floor).
func closeRel(a, b num.Float, rel float64) bool {
	if !a.Valid() || !b.Valid() {
		return a.Valid() == b.Valid()
	}
	return math.Abs(float64(a-b)) <= rel*math.Max(math.Abs(float64(a)), math.Abs(float64(b)))
}

func closeAbs(a, b num.Float, lim float64) bool {
	if !a.Valid() || !b.Valid() {
		return a.Valid() == b.Valid()
	}
	return math.Abs(float64(a-b)) <= lim
}

func fmtF(x num.Float) string {
	if !x.Valid() {
		return "null"
	}
	return fmt.Sprintf("%.12g", float64(x))
}

// WriteChanges prints changes as an aligned table.
func WriteChanges(w io.Writer, changes []Change) error {
	sort.SliceStable(changes, func(i, j int) bool { return changes[i].ID < changes[j].ID })
	tw := tabwriter.NewWriter(w, 2, 8, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tFIELD\tBASELINE\tCURRENT\tTOLERANCE")
	for _, c := range changes {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", c.ID, c.Field, c.Old, c.New, c.Limit)
	}
	return tw.Flush()
}

// Recompute runs the baseline's cases again with the current code, from the
// sweep configuration cfg the baseline was written with.
func Recompute(ctx context.Context, cfg *Config, baseline []*Record, workers int) ([]*Record, error) {
	byID := map[string]Task{}
	for _, t := range cfg.Tasks() {
		byID[t.ID] = t
	}
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	out := make([]*Record, len(baseline))
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(workers)
	for i, b := range baseline {
		t, ok := byID[b.ID]
		if !ok {
			return nil, fmt.Errorf("case %s is not in the baseline's configuration", b.ID)
		}
		g.Go(func() error {
			if gctx.Err() != nil {
				return gctx.Err()
			}
			r, err := cfg.Compute(t)
			if err != nil {
				r = cfg.failed(t, err)
			}
			out[i] = r
			return nil
		})
	}
	return out, g.Wait()
}
