package paper

import (
	"fmt"
	"image/color"
	"math"
	"reflect"
	"sort"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/syninfo/syninfo/analytic"
	"github.com/syninfo/syninfo/compare"
	"github.com/syninfo/syninfo/num"
	"github.com/syninfo/syninfo/reports"
)

// The paper's figures are drawn with reports' plot helper: legends in a
// strip beside the data, byte-stable SVG and PNG files named NAME.svg and
// NAME.png.

var (
	colClosed = reports.ColBlue
	colTruth  = reports.ColOrange
	colFail   = reports.ColRed
	colGrey   = reports.ColGrey
	colOK     = reports.ColGreen
)

// figW and figH are the size of a one-panel paper figure (plus the legend
// strip).
const (
	figW = 6 * vg.Inch
	figH = 4.4 * vg.Inch
)

// render draws a figure with reports.RenderFigure and names its files
// NAME.svg and NAME.png.
func render(name, title, caption string, w, h vg.Length, fn func(draw.Canvas)) (*reports.Figure, error) {
	f, err := reports.RenderFigure(reports.FigureSpec{Name: name, Title: title, Caption: caption, Width: w, Height: h, Draw: fn})
	if err != nil {
		return nil, err
	}
	f.SVGFile, f.PNGFile = name+".svg", name+".png"
	return f, nil
}

// add puts a plotter on p and, when label is set, an entry in the legend.
func add(p *plot.Plot, l *plot.Legend, label string, t interface {
	plot.Plotter
	plot.Thumbnailer
}) {
	if t == nil || reflect.ValueOf(t).IsNil() { // a typed nil: nothing to draw
		return
	}
	p.Add(t)
	if label != "" {
		l.Add(label, t)
	}
}

// lnErr is truth points (x, ln v) with bars ln(v ± RealSigmas·u), u the
// truth's uncertainty (the lower end clipped where v − RealSigmas·u ≤ 0):
// an error of the closed form is real where its curve passes outside the
// bar.
type lnErr struct {
	xs, v, u []float64
}

func (e lnErr) Len() int                    { return len(e.xs) }
func (e lnErr) XY(i int) (float64, float64) { return e.xs[i], math.Log(e.v[i]) }
func (e lnErr) YError(i int) (float64, float64) {
	y := math.Log(e.v[i])
	lo := e.v[i] - compare.RealSigmas*e.u[i]
	hi := e.v[i] + compare.RealSigmas*e.u[i]
	if !(e.u[i] > 0) {
		return 0, 0
	}
	l := 3.0
	if lo > 0 {
		l = y - math.Log(lo)
	}
	return l, math.Log(hi) - y
}

// truthPoints adds truth points with their bars.
// truthBar is the one-sigma error bar of a truth: its uncertainty, which
// is never below its standard error; the standard error where a record
// states no uncertainty (files written before it existed); 0 when neither
// is a number.
func truthBar(unc, se num.Float) float64 {
	b := 0.0
	for _, x := range []num.Float{unc, se} {
		if x.Valid() {
			b = math.Max(b, float64(x))
		}
	}
	return b
}

func truthPoints(p *plot.Plot, l *plot.Legend, e lnErr, c color.Color, label string) {
	if e.Len() == 0 {
		return
	}
	xy := make(plotter.XYs, e.Len())
	for i := range xy {
		xy[i].X, xy[i].Y = e.XY(i)
	}
	add(p, l, label, reports.Scatter(xy, c, draw.CircleGlyph{}, vg.Points(2.2)))
	if bars, err := plotter.NewYErrorBars(e); err == nil {
		bars.LineStyle.Color = c
		p.Add(bars)
	}
}

// set1Figure draws a Figs 2A/2B/3A/3B panel: ln I_FW against s or r, one
// curve per K or n, the truth beside it, failures marked on a labelled row
// below the curves.
func set1Figure(name, title string, pts []GridPoint, byLen bool, xOf func(GridPoint) float64, xName string) (*reports.Figure, error) {
	curve := func(g GridPoint) int {
		if byLen {
			return g.Len
		}
		return g.K
	}
	groups := map[int][]GridPoint{}
	var keys []int
	for _, g := range pts {
		if _, ok := groups[curve(g)]; !ok {
			keys = append(keys, curve(g))
		}
		groups[curve(g)] = append(groups[curve(g)], g)
	}
	sort.Ints(keys)
	ymin := math.Inf(1)
	for _, g := range pts {
		if g.Fail == "" {
			ymin = math.Min(ymin, math.Log(float64(g.MINats)))
		}
		if g.Truth.Valid() && g.Truth > 0 {
			ymin = math.Min(ymin, math.Log(float64(g.Truth)))
		}
	}
	if math.IsInf(ymin, 1) {
		ymin = 0
	}
	failRow := ymin - 0.5
	what := "K"
	if byLen {
		what = "n"
	}
	caption := fmt.Sprintf("Lines: the closed form, one per %s (colour from dark blue, smallest %s, to yellow, largest); orange points: the truth (exact for n = 1, entropy difference otherwise) ± %d uncertainties (standard error and estimated remaining bias); "+
		"red crosses on the row labelled \"failed\": grid points where the closed form failed.", what, what, compare.RealSigmas)
	fn := func(c draw.Canvas) {
		p := reports.NewPlot(title, xName, "ln I (nats)")
		leg := reports.NewLegend()
		var fails plotter.XYs
		hasTruth := false
		for ci, k := range keys {
			col := reports.Ramp(float64(ci) / math.Max(1, float64(len(keys)-1)))
			var seg plotter.XYs
			flush := func() {
				if l := reports.Line(seg, col, vg.Points(0.8), false); l != nil {
					p.Add(l)
				}
				seg = nil
			}
			var tr lnErr
			for _, g := range groups[k] {
				if g.Fail == "" {
					seg = append(seg, plotter.XY{X: xOf(g), Y: math.Log(float64(g.MINats))})
				} else {
					flush()
					fails = append(fails, plotter.XY{X: xOf(g), Y: failRow})
				}
				if g.Truth.Valid() && g.Truth > 0 {
					tr.xs = append(tr.xs, xOf(g))
					tr.v = append(tr.v, float64(g.Truth))
					tr.u = append(tr.u, truthBar(g.TruthUnc, g.TruthSE))
				}
			}
			flush()
			if ci == 0 || ci == len(keys)-1 {
				if l := reports.Line(plotter.XYs{{}, {X: 1}}, col, vg.Points(1.5), false); l != nil {
					leg.Add(fmt.Sprintf("closed form, %s = %d", what, k), l)
				}
			}
			truthPoints(p, &leg, tr, colTruth, "")
			hasTruth = hasTruth || tr.Len() > 0
		}
		if t := reports.Scatter(plotter.XYs{{}}, colTruth, draw.CircleGlyph{}, vg.Points(2.2)); t != nil && hasTruth {
			leg.Add(fmt.Sprintf("truth (± %d uncertainties)", compare.RealSigmas), t)
		}
		add(p, &leg, fmt.Sprintf("closed form failed (%d)", len(fails)), reports.Scatter(fails, colFail, draw.CrossGlyph{}, vg.Points(3)))
		if len(fails) > 0 {
			p.Y.Tick.Marker = reports.RowTicks{Ticker: plot.DefaultTicks{}, Rows: []plot.Tick{{Value: failRow, Label: "failed"}}, DataFrom: ymin - 0.25, CutBelow: true}
		}
		reports.DrawWithLegend(c, p, leg)
	}
	return render(name, title, caption, figW+reports.LegendWidth, figH, fn)
}

// regressionFigure draws a Figs 2C–3D panel: ln I against ln K or ln n for
// the closed form (kept draws) and the truth (every draw), with both fits.
func regressionFigure(name, title string, draws []Draw, reg Regression, x func(Draw) float64) (*reports.Figure, error) {
	var cf, tr, trFailed plotter.XYs
	for _, d := range draws {
		if d.Fail == "" {
			cf = append(cf, plotter.XY{X: x(d) - 0.02, Y: math.Log(float64(d.MINats))})
		}
		if d.TruthFail == "" {
			xy := plotter.XY{X: x(d) + 0.02, Y: math.Log(float64(d.Truth))}
			if d.Fail != "" {
				trFailed = append(trFailed, xy)
			} else {
				tr = append(tr, xy)
			}
		}
	}
	caption := "One point per draw (closed form shifted left, truth right, for legibility), least-squares fits of the closed form on its kept draws and of the truth on every draw, and the paper's fit (dashed)."
	fn := func(c draw.Canvas) {
		p := reports.NewPlot(title, reg.X, "ln I (nats)")
		leg := reports.NewLegend()
		add(p, &leg, "closed form (failed draws dropped)", reports.Scatter(cf, colClosed, draw.CircleGlyph{}, vg.Points(1.3)))
		add(p, &leg, "truth", reports.Scatter(tr, colTruth, draw.CircleGlyph{}, vg.Points(1.3)))
		add(p, &leg, "truth where the closed form failed", reports.Scatter(trFailed, colFail, draw.TriangleGlyph{}, vg.Points(2.5)))
		fitLine := func(r RegStats, c color.Color, dashed bool, legend string) {
			if !r.Slope.Valid() {
				return
			}
			lo, hi := math.Inf(1), math.Inf(-1)
			for _, d := range draws {
				lo, hi = math.Min(lo, x(d)), math.Max(hi, x(d))
			}
			f := func(v float64) float64 { return float64(r.Intercept) + float64(r.Slope)*v }
			add(p, &leg, legend, reports.Line(plotter.XYs{{X: lo, Y: f(lo)}, {X: hi, Y: f(hi)}}, c, vg.Points(1.5), dashed))
		}
		fitLine(reg.RegStats, colClosed, false, "closed-form fit: slope "+reports.Fixed(float64(reg.Slope), 3))
		fitLine(reg.Truth, colTruth, false, "truth fit: slope "+reports.Fixed(float64(reg.Truth.Slope), 3))
		if reg.Paper.Intercept != 0 {
			fitLine(RegStats{Slope: num.Float(reg.Paper.Slope), Intercept: num.Float(reg.Paper.Intercept)}, colGrey, true,
				"paper's fit: slope "+reports.Fixed(reg.Paper.Slope, 3))
		}
		reports.DrawWithLegend(c, p, leg)
	}
	return render(name, title, caption, figW+reports.LegendWidth, figH, fn)
}

// fig4Figure draws the per-n mean and median of I/n (closed form on every
// draw, and closed form and truth on the subsample), and their SD. The
// legend names each source once by colour and each statistic once by line
// style.
func fig4Figure(f Fig4Stats) ([]*reports.Figure, error) {
	type source struct {
		part  Fig4Part
		col   color.Color
		label string
	}
	srcs := []source{{f.ClosedForm, colClosed, fmt.Sprintf("closed form, %d draws", f.Draws)},
		{f.Authors, colOK, "closed form, authors' evaluation"}}
	if f.SubsampleDraws > 0 {
		srcs = append(srcs, source{f.ClosedFormSubsample, colGrey, fmt.Sprintf("closed form, subsample (%d)", f.SubsampleDraws)},
			source{f.Truth, colTruth, fmt.Sprintf("truth, subsample (%d)", f.SubsampleDraws)})
	}
	title := "Fig 4: information per synapse I/n against n"
	fn := func(c draw.Canvas) {
		p := reports.NewPlot(title, "n", "I/n (nats)")
		leg := reports.NewLegend()
		for _, s := range srcs {
			var mean, med plotter.XYs
			var bars plotter.YErrors
			for _, q := range s.part.PerN {
				if !q.Mean.Valid() {
					continue
				}
				mean = append(mean, plotter.XY{X: float64(q.N), Y: float64(q.Mean)})
				se := 0.0
				if q.SD.Valid() && q.Summary.N > 0 {
					se = 1.96 * float64(q.SD) / math.Sqrt(float64(q.Summary.N))
				}
				bars = append(bars, struct{ Low, High float64 }{se, se})
				med = append(med, plotter.XY{X: float64(q.N), Y: float64(q.Median)})
			}
			add(p, &leg, s.label, reports.Line(mean, s.col, vg.Points(1.2), false))
			add(p, &leg, "", reports.Scatter(mean, s.col, draw.CircleGlyph{}, vg.Points(2)))
			if len(mean) > 0 {
				p.Add(&plotter.YErrorBars{XYs: mean, YErrors: bars, LineStyle: draw.LineStyle{Color: s.col, Width: vg.Points(0.8)}, CapWidth: vg.Points(4)})
			}
			add(p, &leg, "", reports.Line(med, s.col, vg.Points(1), true))
		}
		leg.Add("")
		if l := reports.Line(plotter.XYs{{}, {X: 1}}, color.Black, vg.Points(1.2), false); l != nil {
			leg.Add("solid: mean ± 1.96 SE", l)
		}
		if l := reports.Line(plotter.XYs{{}, {X: 1}}, color.Black, vg.Points(1), true); l != nil {
			leg.Add("dashed: median", l)
		}
		reports.DrawWithLegend(c, p, leg)
	}
	a, err := render("fig4_mean", title, "Mean (solid, ± 1.96 SE) and median (dashed) of I/n against n, per source (colour).", figW+reports.LegendWidth, figH, fn)
	if err != nil {
		return nil, err
	}
	titleSD := "Fig 4: standard deviation of I/n against n"
	fnSD := func(c draw.Canvas) {
		q := reports.NewPlot(titleSD, "n", "SD of I/n (nats)")
		leg := reports.NewLegend()
		for i, s := range srcs {
			if i == 1 {
				continue // the authors' evaluation adds nothing to the SD panel
			}
			var xy plotter.XYs
			for _, v := range s.part.PerN {
				if v.SD.Valid() {
					xy = append(xy, plotter.XY{X: float64(v.N), Y: float64(v.SD)})
				}
			}
			add(q, &leg, s.label, reports.Line(xy, s.col, vg.Points(1.2), false))
			add(q, &leg, "", reports.Scatter(xy, s.col, draw.CircleGlyph{}, vg.Points(2)))
		}
		reports.DrawWithLegend(c, q, leg)
	}
	b, err := render("fig4_sd", titleSD, "Standard deviation of I/n against n, per source (colour).", figW+reports.LegendWidth, figH, fnSD)
	if err != nil {
		return nil, err
	}
	return []*reports.Figure{a, b}, nil
}

// synergyFigures draws, per pattern family and N, I_FW/n against n per K
// (both axes logarithmic; the cases without a finite closed form on
// labelled rows below the data) and the (n, K) map of statuses with the
// threshold curve.
func synergyFigures(s *Synergy) ([]*reports.Figure, error) {
	type fk struct {
		fam string
		nn  int
	}
	byN := map[fk][]SynergyPoint{}
	var ns []fk
	for _, p := range s.Points {
		k := fk{p.Family, p.Neurons}
		if _, ok := byN[k]; !ok {
			ns = append(ns, k)
		}
		byN[k] = append(byN[k], p)
	}
	sort.Slice(ns, func(i, j int) bool {
		if ns[i].fam != ns[j].fam {
			return ns[i].fam > ns[j].fam
		}
		return ns[i].nn < ns[j].nn
	})
	var figs []*reports.Figure
	for _, key := range ns {
		nn, fam := key.nn, key.fam
		pts := byN[key]
		byK := map[int][]SynergyPoint{}
		var ks []int
		for _, q := range pts {
			if _, ok := byK[q.K]; !ok {
				ks = append(ks, q.K)
			}
			byK[q.K] = append(byK[q.K], q)
		}
		sort.Ints(ks)
		ymin, ymax, nmax := math.Inf(1), math.Inf(-1), 1.0
		for _, q := range pts {
			if q.PerSynapse.Valid() && q.PerSynapse > 0 {
				ymin, ymax = math.Min(ymin, float64(q.PerSynapse)), math.Max(ymax, float64(q.PerSynapse))
			}
			if q.Truth.Valid() && q.Truth > 0 {
				v := float64(q.Truth) / float64(q.Len)
				ymin, ymax = math.Min(ymin, v), math.Max(ymax, v)
			}
			nmax = math.Max(nmax, float64(q.Len))
		}
		if math.IsInf(ymin, 1) {
			ymin, ymax = 1e-3, 1
		}
		// Rows below the data, a factor 4 and 16 under the smallest value.
		rowInf, rowNPD := ymin/4, ymin/16
		title := fmt.Sprintf("Synergy, %s patterns, N = %d: closed form per synapse", fam, nn)
		fn := func(c draw.Canvas) {
			p := reports.NewPlot(title, "number of synapses n (log scale)", "I_FW / n (nats, log scale)")
			leg := reports.NewLegend()
			var inf, infVal, npd plotter.XYs
			var tr lnErr
			for ci, k := range ks {
				col := reports.Ramp(float64(ci) / math.Max(1, float64(len(ks)-1)))
				var okXY plotter.XYs
				for _, q := range byK[k] {
					x := float64(q.Len)
					v := float64(q.PerSynapse)
					switch {
					case q.Status == string(analytic.OK) && v > 0:
						okXY = append(okXY, plotter.XY{X: x, Y: v})
					case q.Status == string(analytic.Infinite) && q.PerSynapse.Valid() && v > 0:
						infVal = append(infVal, plotter.XY{X: x, Y: v}) // a finite closed form for an infinite truth
					case q.Status == string(analytic.Infinite):
						inf = append(inf, plotter.XY{X: x, Y: rowInf})
					default:
						npd = append(npd, plotter.XY{X: x, Y: rowNPD})
					}
					if q.Truth.Valid() && q.Truth > 0 {
						tr.xs = append(tr.xs, x)
						tr.v = append(tr.v, float64(q.Truth)/float64(q.Len))
						tr.u = append(tr.u, truthBar(q.TruthUnc, q.TruthSE)/float64(q.Len))
					}
				}
				add(p, &leg, fmt.Sprintf("K = %d", k), reports.Line(okXY, col, vg.Points(1.2), false))
				add(p, &leg, "", reports.Scatter(okXY, col, draw.CircleGlyph{}, vg.Points(1.8)))
			}
			// The truth per synapse, on the log axis.
			var txy plotter.XYs
			for i := range tr.xs {
				txy = append(txy, plotter.XY{X: tr.xs[i], Y: tr.v[i]})
			}
			add(p, &leg, "truth (entropy difference)", reports.Scatter(txy, colTruth, draw.RingGlyph{}, vg.Points(3)))
			add(p, &leg, "truth +∞, closed form finite", reports.Scatter(infVal, colFail, draw.CrossGlyph{}, vg.Points(3.5)))
			add(p, &leg, "truth +∞, no closed form (row)", reports.Scatter(inf, colFail, draw.CrossGlyph{}, vg.Points(3.5)))
			add(p, &leg, "not positive definite (row)", reports.Scatter(npd, colGrey, draw.BoxGlyph{}, vg.Points(2.5)))
			var rows []plot.Tick
			if len(inf) > 0 {
				rows = append(rows, plot.Tick{Value: rowInf, Label: "truth +∞"})
			}
			if len(npd) > 0 {
				rows = append(rows, plot.Tick{Value: rowNPD, Label: "not PD"})
			}
			p.X.Scale, p.X.Tick.Marker = plot.LogScale{}, reports.LogTicks{}
			p.X.Min, p.X.Max = 0.8, nmax*1.25
			p.Y.Scale = plot.LogScale{}
			p.Y.Tick.Marker = reports.RowTicks{Ticker: reports.LogTicks{}, Rows: rows, DataFrom: ymin / 1.5, CutBelow: true}
			if len(rows) > 0 { // a dotted line between the data and the rows
				if l := reports.Line(plotter.XYs{{X: 0.8, Y: ymin / 2}, {X: nmax * 1.25, Y: ymin / 2}}, colGrey, vg.Points(0.7), false); l != nil {
					l.Dashes = []vg.Length{vg.Points(1), vg.Points(2)}
					p.Add(l)
				}
			}
			p.Y.Min, p.Y.Max = math.Min(rowNPD, ymin)/1.6, ymax*1.6
			if len(npd) == 0 {
				p.Y.Min = math.Min(rowInf, ymin) / 1.6
			}
			reports.DrawWithLegend(c, p, leg)
		}
		f, err := render(fmt.Sprintf("synergy_%s_n%d", fam, nn), title,
			"I_FW/n against n, one line per K, both axes logarithmic; orange rings: the truth per synapse (entropy difference, small n only); the cases without a finite closed form sit on the labelled rows below the dotted line.",
			figW+reports.LegendWidth, figH, fn)
		if err != nil {
			return nil, err
		}
		figs = append(figs, f)

		var okS, infS, npdS plotter.XYs
		curve := map[int]int{}
		for _, q := range pts {
			xy := plotter.XY{X: float64(q.Len), Y: float64(q.K)}
			switch q.Status {
			case string(analytic.OK):
				okS = append(okS, xy)
			case string(analytic.Infinite):
				infS = append(infS, xy)
			default:
				npdS = append(npdS, xy)
			}
			// Smallest K with a finite truth by the dimension count.
			j := 1
			for dimBound(j, q.Touched) < q.Len {
				j++
			}
			curve[q.Len] = j + 1
		}
		var lens []int
		for n := range curve {
			lens = append(lens, n)
		}
		sort.Ints(lens)
		var th plotter.XYs
		for _, n := range lens {
			th = append(th, plotter.XY{X: float64(n), Y: float64(curve[n])})
		}
		mtitle := fmt.Sprintf("Synergy, %s patterns, N = %d: status in (n, K)", fam, nn)
		mfn := func(c draw.Canvas) {
			m := reports.NewPlot(mtitle, "number of synapses n (log scale)", "number of patterns K")
			leg := reports.NewLegend()
			add(m, &leg, "threshold K*(n)", reports.Line(th, colTruth, vg.Points(1.5), true))
			leg.Add("   (K−1)d − (K−1)(K−2)/2 = n")
			add(m, &leg, "ok", reports.Scatter(okS, colOK, draw.CircleGlyph{}, vg.Points(3)))
			add(m, &leg, "not positive definite", reports.Scatter(npdS, colGrey, draw.BoxGlyph{}, vg.Points(3)))
			add(m, &leg, "infinite (model)", reports.Scatter(infS, colFail, draw.CrossGlyph{}, vg.Points(4)))
			m.X.Scale, m.X.Tick.Marker = plot.LogScale{}, reports.LogTicks{}
			m.X.Min, m.X.Max = 0.8, nmax*1.25
			reports.DrawWithLegend(c, m, leg)
		}
		f, err = render(fmt.Sprintf("synergy_map_%s_n%d", fam, nn), mtitle,
			"Statuses of the closed form in (n, K) and the dimension-count threshold K*(n) above which the truth is finite.", figW+reports.LegendWidth, figH, mfn)
		if err != nil {
			return nil, err
		}
		figs = append(figs, f)
	}
	return figs, nil
}
