package reports

import (
	"cmp"
	"fmt"
	"image/color"
	"math"
	"slices"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/palette/moreland"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/syninfo/syninfo/sweep"
)

// FigureNames are the figures of a report; Write saves each as
// fig-NAME.svg and fig-NAME.png (and RankingFigure when the records carry
// approximations).
var FigureNames = []string{"closed-vs-truth", "error-s2-rho", "error-vs-K", "error-vs-n", "failure-rates", "truth-check"}

// OffScale is the magnitude (nats) beyond which a value is not drawn: a
// mutual information of a million nats is no measurement, and the figures'
// axes could not show it beside the others. Such cases stay in every table;
// a note names them.
const OffScale = 1e6

// symlogS is the linear half-width of the report's symmetric log axes, in nats.
const symlogS = 0.01

// offScale reports whether a finite x is beyond OffScale.
func offScale(x float64) bool { return !math.IsNaN(x) && math.Abs(x) > OffScale }

// drawable reports whether a case's numbers can be drawn.
func drawable(v *caseView) bool {
	return !offScale(v.ClosedForm) && !offScale(v.Truth) && !offScale(v.Signed)
}

// renderFigures draws every figure of FigureNames from the drawable cases,
// and returns a note naming the cases left out.
func renderFigures(all []*caseView) ([]*Figure, []string, error) {
	var vs []*caseView
	var left []string
	for _, v := range all {
		if drawable(v) {
			vs = append(vs, v)
		} else {
			left = append(left, v.ID)
		}
	}
	var notes []string
	if len(left) > 0 {
		if len(left) > 5 {
			left = append(left[:5], "…")
		}
		notes = append(notes, fmt.Sprintf("%d cases have a closed form, truth or error beyond ±%s nats; the figures leave them out (the tables keep them): %s.",
			len(all)-len(vs), Num(OffScale), strings.Join(left, ", ")))
	}
	specs := []FigureSpec{closedVsTruth(vs), errorS2Rho(vs), errorVsK(vs), errorVsN(vs), failureRates(all), truthCheckFigure(vs)}
	if names := approxNames(all); len(names) >= 2 {
		// The ranking's tables use every case; so does its figure (it
		// draws medians, which an off-scale value cannot distort).
		s, err := rankingFigure(all, names)
		if err != nil {
			return nil, nil, err
		}
		specs = append(specs, s)
	}
	var out []*Figure
	for _, s := range specs {
		f, err := RenderFigure(s)
		if err != nil {
			return nil, nil, err
		}
		out = append(out, f)
	}
	return out, notes, nil
}

func finite(x float64) bool { return !math.IsNaN(x) && !math.IsInf(x, 0) }

// closedVsTruth is figure 1: the closed form against the truth, y = x, the
// truth's ±2 uncertainties as horizontal bars, failures along the edges.
func closedVsTruth(vs []*caseView) FigureSpec {
	var exactPts, edPts plotter.XYs
	var exactErr, edErr plotter.XErrors
	var infPts, npdX []float64 // closed form of infinite truths; truth of failed closed forms
	nInfNoValue, nFailNoTruth := 0, 0
	lo, hi := 0.0, math.Inf(-1)
	for _, v := range vs {
		cf := v.ClosedForm
		switch {
		case v.Compared:
			x, y, se := v.Truth, cf, unc0(v.Unc)
			if math.IsInf(se, 0) {
				se = 0
			}
			e := struct{ Low, High float64 }{2 * se, 2 * se}
			if isExactMethod(v.Method) {
				exactPts, exactErr = append(exactPts, plotter.XY{X: x, Y: y}), append(exactErr, e)
			} else {
				edPts, edErr = append(edPts, plotter.XY{X: x, Y: y}), append(edErr, e)
			}
			lo, hi = math.Min(lo, math.Min(x-2*se, y)), math.Max(hi, math.Max(x+2*se, y))
		case v.Infinite && finite(cf):
			infPts = append(infPts, cf)
			lo, hi = math.Min(lo, cf), math.Max(hi, cf)
		case v.Infinite:
			nInfNoValue++
		case !finite(cf) && finite(v.Truth):
			npdX = append(npdX, v.Truth)
			lo, hi = math.Min(lo, v.Truth), math.Max(hi, v.Truth)
		default:
			nFailNoTruth++
		}
	}
	title := "Closed form vs truth"
	caption := fmt.Sprintf("Fenton–Wilkinson closed form I_FW against the truth (exact reference for n = 1, entropy-difference estimate otherwise), in nats; "+
		"horizontal bars are the truth ± 2 uncertainties, the dashed line is y = x; both axes are linear within ±0.01 nats and logarithmic beyond. "+
		"Cases whose truth is +∞ but whose closed form is finite (%d) are drawn in the strip at the right edge; "+
		"cases whose closed form failed (%d) are drawn in the strip at the bottom edge at their truth; "+
		"cases with an infinite truth and no closed-form value (%d), and with neither value (%d), cannot be drawn.",
		len(infPts), len(npdX), nInfNoValue, nFailNoTruth)
	sc := AsinhScale{symlogS}
	drawFn := func(c draw.Canvas) {
		p := NewPlot(title, "truth I (nats, symmetric log scale)", "closed form I_FW (nats, symmetric log scale)")
		leg := NewLegend()
		if math.IsInf(hi, -1) {
			NoData(p, "no case with both values")
			p.Draw(c)
			return
		}
		// Edges and margins are placed in the transformed (drawn) space.
		tlo, thi := sc.t(lo), sc.t(hi)
		span := math.Max(thi-tlo, 1e-3)
		edgeX, edgeY := sc.inv(thi+0.06*span), sc.inv(tlo-0.06*span)
		p.Add(plotter.NewGrid())
		for _, s := range []struct {
			pts  plotter.XYs
			errs plotter.XErrors
			col  color.Color
			g    draw.GlyphDrawer
			name string
		}{{exactPts, exactErr, ColBlue, draw.CircleGlyph{}, "truth: exact reference"},
			{edPts, edErr, ColOrange, draw.TriangleGlyph{}, "truth: entropy difference"}} {
			if len(s.pts) == 0 {
				continue
			}
			eb, err := plotter.NewXErrorBars(struct {
				plotter.XYs
				plotter.XErrors
			}{s.pts, s.errs})
			if err == nil {
				eb.Color = s.col
				eb.CapWidth = vg.Points(3)
				p.Add(eb)
			}
			if pts := Scatter(s.pts, s.col, s.g, vg.Points(2.5)); pts != nil {
				p.Add(pts)
				leg.Add(s.name, pts)
			}
		}
		if len(exactErr)+len(edErr) > 0 {
			leg.Add("bars: truth ± 2 uncertainties")
		}
		var xyInf plotter.XYs
		for _, y := range infPts {
			xyInf = append(xyInf, plotter.XY{X: edgeX, Y: y})
		}
		if pts := Scatter(xyInf, ColPurple, draw.PyramidGlyph{}, vg.Points(3.5)); pts != nil {
			p.Add(pts)
			leg.Add("truth +∞, closed form finite", pts)
			leg.Add("   (right-edge strip)")
		}
		var xyNPD plotter.XYs
		for _, x := range npdX {
			xyNPD = append(xyNPD, plotter.XY{X: x, Y: edgeY})
		}
		if pts := Scatter(xyNPD, ColRed, draw.CrossGlyph{}, vg.Points(3.5)); pts != nil {
			p.Add(pts)
			leg.Add("closed form failed", pts)
			leg.Add("   (bottom-edge strip)")
		}
		// Dotted lines set the edge strips apart from the data.
		xl, yl := sc.inv(tlo-0.1*span), sc.inv(thi+0.1*span)
		if len(infPts) > 0 {
			x := sc.inv(thi + 0.03*span)
			if l := Line(plotter.XYs{{X: x, Y: xl}, {X: x, Y: yl}}, ColPurple, vg.Points(1), false); l != nil {
				l.Dashes = []vg.Length{vg.Points(1), vg.Points(2)}
				p.Add(l)
			}
		}
		if len(npdX) > 0 {
			y := sc.inv(tlo - 0.03*span)
			if l := Line(plotter.XYs{{X: xl, Y: y}, {X: yl, Y: y}}, ColRed, vg.Points(1), false); l != nil {
				l.Dashes = []vg.Length{vg.Points(1), vg.Points(2)}
				p.Add(l)
			}
		}
		id := plotter.NewFunction(func(x float64) float64 { return x })
		id.Samples = 400
		dashedStyle(&id.LineStyle)
		p.Add(id)
		leg.Add("y = x", id)
		p.X.Scale, p.Y.Scale = sc, sc
		p.X.Tick.Marker, p.Y.Tick.Marker = sc, sc
		if len(infPts) > 0 {
			p.X.Tick.Marker = RowTicks{Ticker: sc, Rows: []plot.Tick{{Value: edgeX, Label: "+∞"}}}
		}
		if len(npdX) > 0 {
			p.Y.Tick.Marker = RowTicks{Ticker: sc, Rows: []plot.Tick{{Value: edgeY, Label: "failed"}}}
		}
		p.X.Min, p.X.Max = xl, yl
		p.Y.Min, p.Y.Max = xl, yl
		DrawWithLegend(c, p, leg)
	}
	return FigureSpec{Name: "closed-vs-truth", Title: title, Caption: caption, Width: 6.5*vg.Inch + LegendWidth, Height: 6 * vg.Inch, Draw: drawFn}
}

// heatGrid is a plotter.GridXYZ over bin indices.
type heatGrid struct {
	z          [][]float64 // z[row][col]
	cols, rows int
}

func (g heatGrid) Dims() (int, int)   { return g.cols, g.rows }
func (g heatGrid) Z(c, r int) float64 { return g.z[r][c] }
func (g heatGrid) X(c int) float64    { return float64(c) }
func (g heatGrid) Y(r int) float64    { return float64(r) }

// barGrid places a one-column heatGrid of steps rows evenly on [−m, m].
type barGrid struct {
	heatGrid
	m float64
}

func (g barGrid) X(c int) float64 { return float64(c) }
func (g barGrid) Y(r int) float64 { return -g.m + 2*g.m*float64(r)/float64(g.rows-1) }

// labelTicks puts one tick per category at 0, 1, … with the given labels.
type labelTicks []string

func (t labelTicks) Ticks(min, max float64) []plot.Tick {
	var ts []plot.Tick
	for i, l := range t {
		ts = append(ts, plot.Tick{Value: float64(i), Label: l})
	}
	return ts
}

// errorS2Rho is figure 2: the heat map of the mean error over σ² × ρ bins.
func errorS2Rho(vs []*caseView) FigureSpec {
	title := "Mean error over σ² × ρ"
	caption := "Mean error of the closed form, I_FW − truth (nats), over bins of σ² (columns) and ρ (rows), " +
		"for the compared cases with one σ² and ρ (simulation sets 1 and 2); each cell gives the mean and the number of compared cases. " +
		"Blank cells have no such case. Red: the closed form overestimates; blue: it underestimates."
	type cell struct {
		x, y   string
		ox, oy int
		errs   []float64
	}
	cells := map[[2]string]*cell{}
	type axisBin struct {
		label string
		order int
	}
	var xs, ys []axisBin
	for _, v := range vs {
		if !v.Compared || v.Params.Set == 3 {
			continue
		}
		lx, ox, err1 := binKey(v.Record, sweep.ByS2)
		ly, oy, err2 := binKey(v.Record, sweep.ByRho)
		if err1 != nil || err2 != nil {
			continue
		}
		k := [2]string{lx, ly}
		if cells[k] == nil {
			cells[k] = &cell{x: lx, y: ly, ox: ox, oy: oy}
		}
		cells[k].errs = append(cells[k].errs, v.Signed)
		if !slices.ContainsFunc(xs, func(b axisBin) bool { return b.label == lx }) {
			xs = append(xs, axisBin{lx, ox})
		}
		if !slices.ContainsFunc(ys, func(b axisBin) bool { return b.label == ly }) {
			ys = append(ys, axisBin{ly, oy})
		}
	}
	byOrder := func(a, b axisBin) int { return cmp.Compare(a.order, b.order) }
	slices.SortFunc(xs, byOrder)
	slices.SortFunc(ys, byOrder)
	g := heatGrid{cols: len(xs), rows: len(ys)}
	var labels plotter.XYLabels
	m := 0.0
	for range ys {
		row := make([]float64, len(xs))
		for i := range row {
			row[i] = math.NaN()
		}
		g.z = append(g.z, row)
	}
	keys := make([][2]string, 0, len(cells))
	for k := range cells {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(a, b [2]string) int { return cmp.Or(strings.Compare(a[0], b[0]), strings.Compare(a[1], b[1])) })
	for _, k := range keys {
		c := cells[k]
		ci := slices.IndexFunc(xs, func(b axisBin) bool { return b.label == c.x })
		ri := slices.IndexFunc(ys, func(b axisBin) bool { return b.label == c.y })
		bias := mean(c.errs)
		g.z[ri][ci] = bias
		m = math.Max(m, math.Abs(bias))
		labels.XYs = append(labels.XYs, plotter.XY{X: float64(ci), Y: float64(ri)})
		labels.Labels = append(labels.Labels, fmt.Sprintf("%s\n%s", Num(bias), plural(len(c.errs), "case")))
	}
	if m == 0 {
		m = 1e-3
	}
	cm := moreland.SmoothBlueRed()
	cm.SetMin(-m)
	cm.SetMax(m)
	drawFn := func(c draw.Canvas) {
		p := NewPlot(title, "σ² (variance of each log-pattern component)", "ρ (correlation of log-pattern components)")
		if g.cols == 0 {
			NoData(p, "no case of set 1 or 2 with both values")
			p.Draw(c)
			return
		}
		h := plotter.NewHeatMap(g, cm.Palette(255))
		h.Min, h.Max = -m, m
		h.NaN = color.Transparent
		p.Add(h)
		if l, err := plotter.NewLabels(labels); err == nil {
			for i := range l.TextStyle {
				l.TextStyle[i].XAlign = draw.XCenter
				l.TextStyle[i].YAlign = draw.YCenter
			}
			p.Add(l)
		}
		xl, yl := make(labelTicks, len(xs)), make(labelTicks, len(ys))
		for i, b := range xs {
			xl[i] = b.label
		}
		for i, b := range ys {
			yl[i] = b.label
		}
		p.X.Tick.Marker, p.Y.Tick.Marker = xl, yl
		p.X.Min, p.X.Max = -0.5, float64(len(xs))-0.5
		p.Y.Min, p.Y.Max = -0.5, float64(len(ys))-0.5
		barW := 1.3 * vg.Inch
		p.Draw(draw.Crop(c, 0, -barW, 0, 0))
		// The colour bar is a one-column heat map of rectangles: vgsvg
		// draws plotter.ColorBar as a stretched 1-pixel-wide image, which
		// browsers keep at its aspect ratio (a sliver).
		const steps = 101
		bg := heatGrid{cols: 1, rows: steps}
		for r := range steps {
			bg.z = append(bg.z, []float64{-m + 2*m*float64(r)/(steps-1)})
		}
		bar := plot.New()
		bar.Title.Text = " "
		bh := plotter.NewHeatMap(barGrid{bg, m}, cm.Palette(255))
		bh.Min, bh.Max = -m, m
		bar.Add(bh)
		bar.HideX()
		bar.Y.Min, bar.Y.Max = -m, m
		bar.Y.Label.Text = "mean error I_FW − truth (nats)"
		bar.Draw(draw.Crop(c, c.Max.X-c.Min.X-barW+vg.Points(8), -vg.Points(10), 0, 0))
	}
	return FigureSpec{Name: "error-s2-rho", Title: title, Caption: caption, Width: 7.5 * vg.Inch, Height: 5 * vg.Inch, Draw: drawFn}
}

// pow2Ticks marks 1, 2, 4, 8, … on a log axis.
type pow2Ticks struct{}

func (pow2Ticks) Ticks(min, max float64) []plot.Tick {
	var ts []plot.Tick
	for v := 1.0; v <= max*1.0001; v *= 2 {
		if v >= min/1.0001 {
			ts = append(ts, plot.Tick{Value: v, Label: fmt.Sprint(v)})
		}
	}
	return ts
}

// binMedian is the median error of the cases in one power-of-two bin of x.
type binMedian struct {
	x, median float64
	count     int
}

// pow2Medians bins the points by power-of-two bins of x (1, 2, 3–4, 5–8,
// …) and returns each bin's median error at the median x of the bin.
func pow2Medians(pts plotter.XYs) []binMedian {
	type acc struct{ xs, ys []float64 }
	bins := map[int]*acc{}
	var keys []int
	for _, q := range pts {
		k := int(math.Ceil(math.Log2(q.X) - 1e-9))
		if bins[k] == nil {
			bins[k] = &acc{}
			keys = append(keys, k)
		}
		bins[k].xs = append(bins[k].xs, q.X)
		bins[k].ys = append(bins[k].ys, q.Y)
	}
	slices.Sort(keys)
	var out []binMedian
	for _, k := range keys {
		b := bins[k]
		out = append(out, binMedian{x: median(b.xs), median: median(b.ys), count: len(b.ys)})
	}
	return out
}

// errorPanel draws the error of the cases against x (log axis) with the
// binned median and the count of each bin. groups orders the legend.
type errorPanel struct {
	title string
	pts   map[string]plotter.XYs
}

// drawErrorPanels draws panels side by side (tiles) with one legend.
func drawErrorPanels(c draw.Canvas, panels []errorPanel, groups []string, xlabel string, cols int) {
	leg := NewLegend()
	if len(panels) == 0 {
		p := NewPlot("", xlabel, "error I_FW − truth (nats)")
		NoData(p, "no compared case")
		p.Draw(c)
		return
	}
	ys := AsinhScale{symlogS}
	xmin, xmax, ylo, yhi := math.Inf(1), math.Inf(-1), 0.0, 0.0
	for _, pn := range panels {
		for _, xy := range pn.pts {
			for _, q := range xy {
				xmin, xmax = math.Min(xmin, q.X), math.Max(xmax, q.X)
				ylo, yhi = math.Min(ylo, q.Y), math.Max(yhi, q.Y)
			}
		}
	}
	xmin, xmax = xmin/1.4, xmax*1.4
	m := 0.08 * (ys.t(yhi) - ys.t(ylo))
	ymin, ymax := ys.inv(ys.t(ylo)-m), ys.inv(ys.t(yhi)+2*m)
	rows := (len(panels) + cols - 1) / cols
	var plots [][]*plot.Plot
	for r := range rows {
		var row []*plot.Plot
		for col := range cols {
			i := r*cols + col
			if i >= len(panels) {
				row = append(row, nil)
				continue
			}
			pn := panels[i]
			ylabel := ""
			if col == 0 {
				ylabel = "error I_FW − truth (nats)"
			}
			p := NewPlot(pn.title, xlabel, ylabel)
			p.Add(plotter.NewGrid())
			if z := Line(plotter.XYs{{X: xmin, Y: 0}, {X: xmax, Y: 0}}, ColGrey, vg.Points(1), true); z != nil {
				p.Add(z)
				if i == 0 {
					leg.Add("zero error", z)
				}
			}
			var all plotter.XYs
			for gi, g := range groups {
				sc := Scatter(pn.pts[g], Palette[gi%len(Palette)], Glyphs[gi%len(Glyphs)], vg.Points(2.5))
				if sc == nil {
					continue
				}
				p.Add(sc)
				all = append(all, pn.pts[g]...)
			}
			med := pow2Medians(all)
			var mxy plotter.XYs
			var lab [2]plotter.XYLabels // neighbouring bins' counts on two rows, so that they never touch
			for j, b := range med {
				mxy = append(mxy, plotter.XY{X: b.x, Y: b.median})
				lab[j%2].XYs = append(lab[j%2].XYs, plotter.XY{X: b.x, Y: ymax})
				lab[j%2].Labels = append(lab[j%2].Labels, fmt.Sprint(b.count))
			}
			if ml := Line(mxy, color.Black, vg.Points(1.5), false); ml != nil {
				p.Add(ml)
			}
			if ms := Scatter(mxy, color.Black, draw.BoxGlyph{}, vg.Points(2.5)); ms != nil {
				p.Add(ms)
			}
			for row, lb := range lab {
				if len(lb.XYs) == 0 {
					continue
				}
				if l, err := plotter.NewLabels(lb); err == nil {
					for j := range l.TextStyle {
						l.TextStyle[j].XAlign, l.TextStyle[j].YAlign = draw.XCenter, draw.YTop
						l.TextStyle[j].Font.Size = vg.Points(8)
					}
					l.Offset = vg.Point{Y: -vg.Points(9 * float64(row))}
					p.Add(l)
				}
			}
			p.X.Scale, p.X.Tick.Marker = plot.LogScale{}, pow2Ticks{}
			p.X.Min, p.X.Max = xmin, xmax
			p.Y.Scale, p.Y.Tick.Marker = ys, ys
			p.Y.Min, p.Y.Max = ymin, ymax
			row = append(row, p)
		}
		plots = append(plots, row)
	}
	for gi, g := range groups {
		leg.Add(g, Scatter(plotter.XYs{{X: 1, Y: 1}}, Palette[gi%len(Palette)], Glyphs[gi%len(Glyphs)], vg.Points(2.5)))
	}
	leg.Add("median of a power-of-two bin", Scatter(plotter.XYs{{X: 1, Y: 1}}, color.Black, draw.BoxGlyph{}, vg.Points(2.5)))
	leg.Add("   (count of cases above it)")
	drawTiles(c, plots, leg, vg.Points(10))
}

// drawTiles draws a grid of plots (nil: an empty tile) aligned on their
// data areas, pad apart, with the legend l in a strip of LegendWidth on
// the right.
func drawTiles(c draw.Canvas, plots [][]*plot.Plot, l plot.Legend, pad vg.Length) {
	pc := draw.Crop(c, 0, -LegendWidth, 0, 0)
	t := draw.Tiles{Rows: len(plots), Cols: len(plots[0]), PadX: pad, PadY: pad, PadTop: vg.Points(2), PadBottom: vg.Points(2), PadLeft: vg.Points(2), PadRight: vg.Points(2)}
	cs := plot.Align(plots, t, pc)
	for r := range plots {
		for col, p := range plots[r] {
			if p != nil {
				p.Draw(cs[r][col])
			}
		}
	}
	l.Draw(draw.Crop(c, c.Max.X-c.Min.X-LegendWidth+vg.Points(10), 0, 0, -vg.Points(28)))
}

// groupsOf lists the groups of the compared cases by first appearance.
func groupsOf(vs []*caseView) []string {
	var gs []string
	for _, v := range vs {
		if v.Compared && !slices.Contains(gs, v.Group) {
			gs = append(gs, v.Group)
		}
	}
	return gs
}

// errorVsK is figure 3: the error against K, one panel per bin of n, the
// median of each power-of-two bin of K with its count.
func errorVsK(vs []*caseView) FigureSpec {
	title := "Error against K, by n"
	caption := "Error of the closed form, I_FW − truth (nats), against the number of patterns K (log scale), one panel per bin of the number of synapses n; " +
		"one point per compared case (colour and shape: sweep group). Black squares joined by a line are the median error over a power-of-two bin of K " +
		"(1, 2, 3–4, 5–8, …), with the number of cases behind it printed at the top of the panel. The error axis is linear within ±0.01 nats and logarithmic beyond."
	groups := groupsOf(vs)
	bins, _ := binsOf(vs, sweep.ByN) // a valid dimension
	var panels []errorPanel
	for _, b := range bins {
		pts := map[string]plotter.XYs{}
		any := false
		for _, v := range b.vs {
			if v.Compared && v.Params.Patterns >= 1 {
				pts[v.Group] = append(pts[v.Group], plotter.XY{X: float64(v.Params.Patterns), Y: v.Signed})
				any = true
			}
		}
		if any {
			panels = append(panels, errorPanel{title: "n = " + b.label, pts: pts})
		}
	}
	cols := min(3, max(1, len(panels)))
	rows := max(1, (len(panels)+cols-1)/cols)
	w := vg.Length(cols)*3.4*vg.Inch + LegendWidth
	h := vg.Length(rows) * 3.3 * vg.Inch
	drawFn := func(c draw.Canvas) {
		tc := c
		p := NewPlot(title, "", "")
		// The figure title above the panels.
		p.Title.TextStyle.XAlign = draw.XCenter
		tc.FillText(p.Title.TextStyle, vg.Point{X: (c.Min.X + c.Max.X - LegendWidth) / 2, Y: c.Max.Y}, title)
		c = draw.Crop(c, 0, 0, 0, -vg.Points(20))
		drawErrorPanels(c, panels, groups, "number of patterns K (log scale)", cols)
	}
	return FigureSpec{Name: "error-vs-K", Title: title, Caption: caption, Width: w, Height: h + vg.Points(20), Draw: drawFn}
}

// errorVsN is figure 4: the error against n, the median of each
// power-of-two bin of n with its count.
func errorVsN(vs []*caseView) FigureSpec {
	title := "Error against n"
	caption := "Error of the closed form, I_FW − truth (nats), against the number of synapses n (log scale), one point per compared case (colour and shape: sweep group). " +
		"Black squares joined by a line are the median error over a power-of-two bin of n (1, 2, 3–4, 5–8, …), with the number of cases behind it printed at the top. " +
		"The error axis is linear within ±0.01 nats and logarithmic beyond."
	groups := groupsOf(vs)
	pts := map[string]plotter.XYs{}
	any := false
	for _, v := range vs {
		if v.Compared && v.Params.Synapses >= 1 {
			pts[v.Group] = append(pts[v.Group], plotter.XY{X: float64(v.Params.Synapses), Y: v.Signed})
			any = true
		}
	}
	var panels []errorPanel
	if any {
		panels = []errorPanel{{title: title, pts: pts}}
	}
	drawFn := func(c draw.Canvas) {
		drawErrorPanels(c, panels, groups, "number of synapses n (log scale)", 1)
	}
	return FigureSpec{Name: "error-vs-n", Title: title, Caption: caption, Width: 6.5*vg.Inch + LegendWidth, Height: 4.8 * vg.Inch, Draw: drawFn}
}

// failureRates is figure 5: the rates of not positive definite closed forms
// (and any other failed status) and of infinite truths by group, K and n.
func failureRates(vs []*caseView) FigureSpec {
	title := "Where the closed form fails"
	caption := "Share of cases (%) whose closed form failed (not positive definite, or any other status but ok and infinite: an artefact of the approximation) and whose truth is +∞ " +
		"(a property of the model: the closed form cannot be right there), by sweep group, by K and by n (power-of-two bins); the number of cases of each bar is in brackets."
	type panel struct {
		title, axis string
		bins        []*bin
	}
	var panels []panel
	for _, d := range []struct{ dim, title, axis string }{
		{sweep.ByGroup, "by group", "sweep group"}, {sweep.ByK, "by K", "number of patterns K"}, {sweep.ByN, "by n", "number of synapses n"},
	} {
		bins, _ := binsOf(vs, d.dim) // valid dimensions
		panels = append(panels, panel{d.title, d.axis, bins})
	}
	drawFn := func(c draw.Canvas) {
		var plots []*plot.Plot
		leg := NewLegend()
		for i, pn := range panels {
			p := NewPlot(pn.title, pn.axis, "cases (%)")
			var failed, inf plotter.Values
			var names []string
			for _, b := range pn.bins {
				nf, ni := 0, 0
				for _, v := range b.vs {
					if statusRank(v.Status) >= 2 {
						nf++
					}
					if v.Infinite {
						ni++
					}
				}
				failed = append(failed, 100*float64(nf)/float64(len(b.vs)))
				inf = append(inf, 100*float64(ni)/float64(len(b.vs)))
				names = append(names, fmt.Sprintf("%s (%d)", b.label, len(b.vs)))
			}
			w := vg.Points(9)
			b1, err1 := plotter.NewBarChart(failed, w)
			b2, err2 := plotter.NewBarChart(inf, w)
			if err1 == nil && err2 == nil && len(names) > 0 {
				b1.Color, b1.LineStyle.Width, b1.Offset = ColRed, 0, -w/2
				b2.Color, b2.LineStyle.Width, b2.Offset = ColPurple, 0, w/2
				p.Add(b1, b2)
				if i == 0 {
					leg.Add("closed form failed", b1)
					leg.Add("truth +∞", b2)
				}
				p.NominalX(names...)
				p.X.Tick.Label.Rotation = math.Pi / 6
				p.X.Tick.Label.XAlign = draw.XRight
				p.X.Tick.Label.YAlign = draw.YCenter
			}
			p.Y.Min, p.Y.Max = 0, 100
			p.Add(plotter.NewGrid())
			plots = append(plots, p)
		}
		pc := draw.Crop(c, 0, -1.6*vg.Inch, 0, 0)
		t := draw.Tiles{Rows: 1, Cols: len(plots), PadX: vg.Points(12), PadLeft: vg.Points(4), PadRight: vg.Points(4), PadTop: vg.Points(4), PadBottom: vg.Points(4)}
		cs := plot.Align([][]*plot.Plot{plots}, t, pc)
		for i, p := range plots {
			p.Draw(cs[0][i])
		}
		leg.Draw(draw.Crop(c, c.Max.X-c.Min.X-1.6*vg.Inch+vg.Points(10), 0, 0, -vg.Points(28)))
	}
	return FigureSpec{Name: "failure-rates", Title: title, Caption: caption, Width: 12 * vg.Inch, Height: 4.2 * vg.Inch, Draw: drawFn}
}

// plural writes "1 case", "2 cases".
func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}
