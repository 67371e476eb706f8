package reports

import (
	"fmt"
	"math"
	"slices"

	"github.com/syninfo/syninfo/compare"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// estCheck is an estimator checked against the exact references.
type estCheck struct {
	name                string
	n, beyond2, beyond3 int
	bias, medAbs, medSE float64
	// pts are (standard error, |estimate − exact|) per case.
	pts plotter.XYs
}

// exactRef reports whether the case has a usable exact reference.
func exactRef(v *caseView) bool {
	ok := finite(v.Exact)
	return ok && (v.ExactStatus == "" || v.ExactStatus == "ok")
}

// checkEstimator compares one estimator with the exact references of vs.
func checkEstimator(name string, vs []*caseView, est func(*caseView) (float64, float64)) estCheck {
	c := estCheck{name: name}
	var d, abs, se []float64
	for _, v := range vs {
		if !exactRef(v) {
			continue
		}
		x, s := est(v)
		if math.IsNaN(x) || math.IsInf(x, 0) || !(s > 0) || math.IsInf(s, 0) {
			continue
		}
		e := x - v.Exact
		c.n++
		d = append(d, e)
		abs = append(abs, math.Abs(e))
		se = append(se, s)
		if math.Abs(e) > 2*s {
			c.beyond2++
		}
		if math.Abs(e) > 3*s {
			c.beyond3++
		}
		c.pts = append(c.pts, plotter.XY{X: s, Y: math.Abs(e)})
	}
	c.bias, c.medAbs, c.medSE = mean(d), median(abs), median(se)
	return c
}

func edOf(v *caseView) (float64, float64)    { return v.ED, v.EDSE }
func ksgOf(v *caseView) (float64, float64)   { return v.KSG, v.KSGSE }
func truthOf(v *caseView) (float64, float64) { return v.EDTruth, v.EDUnc }

// truthName names the sampled truth's row: the entropy difference as a
// truth, with the uncertainty (not only the standard error) as error bar.
const truthName = "sampled truth (± uncertainty)"

// estimatorChecks checks the entropy difference and KSG (each against its
// standard error) and the sampled truth (against its uncertainty) with the
// exact references of every case that has both.
func estimatorChecks(vs []*caseView) (ed, ksg, tr estCheck) {
	return checkEstimator("entropy difference", vs, edOf), checkEstimator("KSG", vs, ksgOf), checkEstimator(truthName, vs, truthOf)
}

// truthValidation is the section on the truth itself: the estimators
// against the exact references present in the records, by n.
func truthValidation(vs []*caseView, fig *Figure) []Block {
	b := []Block{Heading("Can the truth be trusted?")}
	ns := map[int][]*caseView{}
	var keys []int
	for _, v := range vs {
		if !exactRef(v) {
			continue
		}
		n := v.Params.Synapses
		if ns[n] == nil {
			keys = append(keys, n)
		}
		ns[n] = append(ns[n], v)
	}
	if len(keys) == 0 {
		return append(b, Para("No case here has an exact reference, so the estimators cannot be checked against one; the truth's stated uncertainty is all there is."))
	}
	slices.Sort(keys)
	b = append(b, Para("Where a case has an exact reference (a numerically exact value, with an error estimate far below the estimators'), the estimators computed on the same case are checked against it: "+
		"the entropy difference (Kozachenko–Leonenko entropies of ln W, the truth wherever no exact reference exists) and KSG (the direct k-NN estimate, computed beside it). "+
		"If a standard error is honest, the estimate falls beyond 2 standard errors of the exact value in about 4.6%% of cases and beyond 3 in about 0.3%% "+
		"(somewhat more with few blocks behind each standard error). "+
		"The row \""+truthName+"\" is what matters for the verdicts: the truth the entropy difference states by itself, as it does for every case without an exact reference "+
		"(its value, extrapolated where the drift over nested subsamples allows, and its uncertainty: standard error and estimated remaining bias), judged by that uncertainty; "+
		"a verdict calls an error real beyond %d uncertainties, so this row should rarely be beyond 2.", compare.RealSigmas))
	var rows [][]Cell
	for _, n := range keys {
		for _, e := range []struct {
			name string
			f    func(*caseView) (float64, float64)
		}{{"entropy difference", edOf}, {"KSG", ksgOf}, {truthName, truthOf}} {
			c := checkEstimator(e.name, ns[n], e.f)
			if c.n == 0 {
				continue
			}
			f2, f3 := float64(c.beyond2)/float64(c.n), float64(c.beyond3)/float64(c.n)
			rows = append(rows, []Cell{C("%d", n), {Text: e.name}, C("%d", c.n), {Text: Num(c.bias)}, {Text: Num(c.medAbs)}, {Text: Num(c.medSE)},
				{Text: Share(c.beyond2, c.n), Class: flagFrac(f2, 0.1)}, {Text: Share(c.beyond3, c.n), Class: flagFrac(f3, 0.02)}})
		}
	}
	if len(rows) == 0 {
		return append(b, Para("The cases with an exact reference carry no estimate (nothing was sampled), so the estimators cannot be checked here."))
	}
	if fig != nil {
		b = append(b, Block{Figure: fig})
	}
	b = append(b, Block{Table: &Table{
		Header: []string{"n", "estimator", "cases", "bias (estimate − exact)", "median |estimate − exact|", "median error bar (SE; truth: uncertainty)", "beyond 2 error bars", "beyond 3 error bars"},
		Right:  []bool{true, false, true, true, true, true, true, true}, Rows: rows}})
	b = append(b, Para("Coloured: more than 10%% beyond 2 error bars or more than 2%% beyond 3 (the stated error bar is too small there). "+
		"The truth of a case without an exact reference is the entropy-difference estimate: read its row to judge how far that truth can be trusted."))
	return b
}

func flagFrac(frac, limit float64) string {
	if frac > limit {
		return "bad"
	}
	return "good"
}

// truthCheckFigure plots |estimate − exact| against the stated error bar
// (standard error for the entropy difference and KSG, uncertainty for the
// sampled truth), with the lines |error| = 2 and 3 error bars.
func truthCheckFigure(vs []*caseView) FigureSpec {
	title := "Estimators against the exact references"
	ed, ksg, tr := estimatorChecks(vs)
	caption := fmt.Sprintf("|estimate − exact| against the estimate's stated error bar (nats, both axes logarithmic), one point per case with an exact reference: "+
		"entropy difference (%d cases) and KSG (%d cases) against their standard errors, and the sampled truth (%d cases) against its uncertainty. "+
		"Points above the dashed line |error| = 3 error bars are errors the error bar does not cover; "+
		"exact agreement (|error| below 1e-6 nats) is drawn at the bottom.", ed.n, ksg.n, tr.n)
	draw := func(c draw.Canvas) {
		p := NewPlot(title, "stated error bar (nats, log scale)", "|estimate − exact| (nats, log scale)")
		leg := NewLegend()
		if ed.n+ksg.n+tr.n == 0 {
			NoData(p, "no case with an exact reference and an estimate")
			p.Draw(c)
			return
		}
		lo, hi := math.Inf(1), math.Inf(-1)
		floor := 1e-6
		for _, e := range []estCheck{ed, ksg, tr} {
			for _, q := range e.pts {
				lo, hi = math.Min(lo, math.Min(q.X, math.Max(q.Y, floor))), math.Max(hi, math.Max(q.X, q.Y))
			}
		}
		lo, hi = lo/2, hi*2
		p.Add(plotter.NewGrid())
		for i, e := range []estCheck{ed, ksg, tr} {
			var xy plotter.XYs
			for _, q := range e.pts {
				xy = append(xy, plotter.XY{X: q.X, Y: math.Max(q.Y, floor)})
			}
			if s := Scatter(xy, Palette[i], Glyphs[i], vg.Points(2.5)); s != nil {
				p.Add(s)
				leg.Add(fmt.Sprintf("%s (%d)", e.name, e.n), s)
			}
		}
		for _, k := range []float64{2, 3} {
			if l := Line(plotter.XYs{{X: lo, Y: k * lo}, {X: hi, Y: k * hi}}, ColGrey, vg.Points(1), k == 3); l != nil {
				p.Add(l)
				leg.Add(fmt.Sprintf("|error| = %g error bars", k), l)
			}
		}
		p.X.Scale, p.Y.Scale = plot.LogScale{}, plot.LogScale{}
		p.X.Tick.Marker, p.Y.Tick.Marker = LogTicks{}, LogTicks{}
		p.X.Min, p.X.Max, p.Y.Min, p.Y.Max = lo, hi, lo, hi
		DrawWithLegend(c, p, leg)
	}
	return FigureSpec{Name: "truth-check", Title: title, Caption: caption, Width: 6*vg.Inch + LegendWidth, Height: 4.8 * vg.Inch, Draw: draw}
}
