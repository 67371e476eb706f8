package reports

import (
	"bytes"
	"cmp"
	"fmt"
	"html/template"
	"image/color"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/syninfo/syninfo/sweep"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/palette/moreland"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
	"gonum.org/v1/plot/vg/vgsvg"
)

// FigureNames are the figures of a report; Write saves each as
// fig-NAME.svg and fig-NAME.png.
var FigureNames = []string{"closed-vs-truth", "error-s2-rho", "error-vs-K", "error-vs-n", "failure-rates"}

// pngDPI is the resolution of the PNG figures.
const pngDPI = 110

// figure is one rendered figure.
type figure struct {
	Name, Title, Caption string
	SVGFile, PNGFile     string
	// Inline is the SVG for index.html (no XML prolog, no namespaces).
	Inline   template.HTML
	svg, png []byte
}

type figSpec struct {
	name, title, caption string
	w, h                 vg.Length
	draw                 func(draw.Canvas)
}

var (
	colExact   = color.RGBA{R: 0x1f, G: 0x77, B: 0xb4, A: 0xff} // blue
	colED      = color.RGBA{R: 0xff, G: 0x7f, B: 0x0e, A: 0xff} // orange
	colFail    = color.RGBA{R: 0xd6, G: 0x27, B: 0x28, A: 0xff} // red
	colInf     = color.RGBA{R: 0x94, G: 0x67, B: 0xbd, A: 0xff} // purple
	colGuide   = color.Gray{Y: 0x80}
	groupColor = []color.Color{colExact, colED, color.RGBA{R: 0x2c, G: 0xa0, B: 0x2c, A: 0xff}, colInf,
		color.RGBA{R: 0x8c, G: 0x56, B: 0x4b, A: 0xff}, color.RGBA{R: 0xe3, G: 0x77, B: 0xc2, A: 0xff},
		color.RGBA{R: 0x17, G: 0xbe, B: 0xcf, A: 0xff}, color.RGBA{R: 0xbc, G: 0xbd, B: 0x22, A: 0xff}}
	glyphShapes = []draw.GlyphDrawer{draw.CircleGlyph{}, draw.TriangleGlyph{}, draw.SquareGlyph{}, draw.PlusGlyph{},
		draw.CrossGlyph{}, draw.RingGlyph{}, draw.PyramidGlyph{}, draw.BoxGlyph{}}
)

// renderFigures draws every figure of FigureNames in both formats.
func renderFigures(recs []*sweep.Record) ([]*figure, error) {
	specs := []figSpec{closedVsTruth(recs), errorS2Rho(recs), errorVs(recs, "K"), errorVs(recs, "n"), failureRates(recs)}
	var out []*figure
	for _, s := range specs {
		svg, png, err := render(s)
		if err != nil {
			return nil, fmt.Errorf("figure %s: %w", s.name, err)
		}
		out = append(out, &figure{Name: s.name, Title: s.title, Caption: s.caption,
			SVGFile: "fig-" + s.name + ".svg", PNGFile: "fig-" + s.name + ".png",
			Inline: template.HTML(inlineSVG(svg)), svg: svg, png: png})
	}
	return out, nil
}

// render draws a figure to SVG and PNG.
func render(s figSpec) (svgB, pngB []byte, err error) {
	defer func() {
		if r := recover(); r != nil { // gonum/plot panics on some degenerate data
			err = fmt.Errorf("drawing: %v", r)
		}
	}()
	sc := vgsvg.New(s.w, s.h)
	s.draw(draw.New(sc))
	var sb bytes.Buffer
	if _, err := sc.WriteTo(&sb); err != nil {
		return nil, nil, err
	}
	ic := vgimg.PngCanvas{Canvas: vgimg.NewWith(vgimg.UseWH(s.w, s.h), vgimg.UseDPI(pngDPI), vgimg.UseBackgroundColor(color.White))}
	s.draw(draw.New(ic))
	var pb bytes.Buffer
	if _, err := ic.WriteTo(&pb); err != nil {
		return nil, nil, err
	}
	return sb.Bytes(), pb.Bytes(), nil
}

// inlineSVG makes an SVG document an HTML5 inline <svg> element: it drops
// the XML prolog and comments before <svg and the namespace attributes
// (HTML5 implies them), so that index.html holds no URL at all.
func inlineSVG(b []byte) string {
	s := string(b)
	if i := strings.Index(s, "<svg"); i >= 0 {
		s = s[i:]
	}
	s = strings.Replace(s, `xmlns="http://www.w3.org/2000/svg"`, "", 1)
	s = strings.Replace(s, `xmlns:xlink="http://www.w3.org/1999/xlink"`, "", 1)
	// Scale with the page: width 100% up to the natural size.
	s = strings.Replace(s, "<svg ", `<svg class="fig" `, 1)
	return s
}

// newPlot returns a plot with the report's common style.
func newPlot(title, x, y string) *plot.Plot {
	p := plot.New()
	p.Title.Text = title
	p.X.Label.Text = x
	p.Y.Label.Text = y
	p.Legend.Top = true
	p.Legend.Left = true
	p.Legend.ThumbnailWidth = 0.25 * vg.Inch
	return p
}

// noData marks an empty plot.
func noData(p *plot.Plot, msg string) {
	l, err := plotter.NewLabels(plotter.XYLabels{XYs: plotter.XYs{{X: 0.5, Y: 0.5}}, Labels: []string{msg}})
	if err == nil {
		l.TextStyle[0].XAlign = draw.XCenter
		p.Add(l)
	}
	p.X.Min, p.X.Max, p.Y.Min, p.Y.Max = 0, 1, 0, 1
}

func scatter(xys plotter.XYs, c color.Color, g draw.GlyphDrawer, r vg.Length) *plotter.Scatter {
	s, _ := plotter.NewScatter(xys) // the callers pass finite values only
	s.GlyphStyle = draw.GlyphStyle{Color: c, Shape: g, Radius: r}
	return s
}

func dashedStyle(l *draw.LineStyle) {
	l.Color = colGuide
	l.Width = vg.Points(1)
	l.Dashes = []vg.Length{vg.Points(4), vg.Points(3)}
}

// eb2 joins error lists.
func eb2(a, b plotter.XErrors) plotter.XErrors { return append(slices.Clone(a), b...) }

// asinhScale is a symmetric logarithmic axis: linear within about ±s of
// zero, logarithmic beyond, so that errors of every magnitude and sign show.
type asinhScale struct{ s float64 }

func (a asinhScale) t(x float64) float64 { return math.Asinh(x / a.s) }

// inv maps a transformed value back to data.
func (a asinhScale) inv(u float64) float64 { return a.s * math.Sinh(u) }

// Normalize implements plot.Normalizer.
func (a asinhScale) Normalize(min, max, x float64) float64 {
	return (a.t(x) - a.t(min)) / (a.t(max) - a.t(min))
}

// Ticks implements plot.Ticker: 0 and ±10^k from s up.
func (a asinhScale) Ticks(min, max float64) []plot.Tick {
	var ts []plot.Tick
	if min <= 0 && max >= 0 {
		ts = append(ts, plot.Tick{Value: 0, Label: "0"})
	}
	for e := math.Ceil(math.Log10(a.s) - 1e-9); e <= 6; e++ {
		v := math.Pow(10, e)
		for _, x := range []float64{-v, v} {
			if x >= min && x <= max {
				ts = append(ts, plot.Tick{Value: x, Label: strconv.FormatFloat(x, 'g', -1, 64)})
			}
		}
		for _, m := range []float64{2, 5} { // unlabelled minor ticks
			for _, x := range []float64{-m * v, m * v} {
				if x >= min && x <= max {
					ts = append(ts, plot.Tick{Value: x})
				}
			}
		}
	}
	slices.SortFunc(ts, func(p, q plot.Tick) int { return cmp.Compare(p.Value, q.Value) })
	return ts
}

// symlogS is the linear half-width of the report's symmetric log axes, in nats.
const symlogS = 0.01

// legendWidth is the width of the legend strip right of a plot.
const legendWidth = 2.4 * vg.Inch

// newLegend returns a legend for the strip right of a plot.
func newLegend() plot.Legend {
	l := plot.NewLegend()
	l.Top, l.Left = true, true
	l.TextStyle.Font.Size = vg.Points(10)
	l.ThumbnailWidth = 0.25 * vg.Inch
	return l
}

// drawWithLegend draws p with the legend in a strip on its right.
func drawWithLegend(c draw.Canvas, p *plot.Plot, l plot.Legend) {
	pc := draw.Crop(c, 0, -legendWidth, 0, 0)
	// gonum/plot centres the Y label at the data midpoint, which a
	// nonlinear scale moves off the axis (and then shrinks the plot to make
	// room): keep a blank label for the room, and draw the text centred.
	ylabel := p.Y.Label.Text
	if ylabel != "" {
		p.Y.Label.Text = " "
		defer func() { p.Y.Label.Text = ylabel }()
	}
	p.Draw(pc)
	if ylabel != "" {
		da := p.DataCanvas(pc)
		sty := p.Y.Label.TextStyle
		sty.Rotation = math.Pi / 2
		sty.XAlign, sty.YAlign = draw.XCenter, draw.YTop
		pc.FillText(sty, vg.Point{X: pc.Min.X, Y: (da.Min.Y + da.Max.Y) / 2}, ylabel)
	}
	l.Draw(draw.Crop(c, c.Max.X-c.Min.X-legendWidth+vg.Points(10), 0, 0, -vg.Points(28)))
}

// closedVsTruth is figure 1: the closed form against the truth, y = x, the
// truth's ±2 SE as horizontal bars, failures along the edges.
func closedVsTruth(recs []*sweep.Record) figSpec {
	var exactPts, edPts plotter.XYs
	var exactErr, edErr plotter.XErrors
	var infPts, npdX []float64 // closed form of infinite truths; truth of failed closed forms
	var infPtsY plotter.XYs
	nInfNoValue, nFailNoTruth := 0, 0
	lo, hi := 0.0, math.Inf(-1)
	for _, r := range recs {
		cf, t := r.Analytic.MINats, r.Truth
		switch {
		case r.Error != nil && r.Error.Abs.Valid():
			x, y, se := float64(t.MINats), float64(cf), float64(t.SE)
			if !(se >= 0) || math.IsInf(se, 0) {
				se = 0
			}
			e := struct{ Low, High float64 }{2 * se, 2 * se}
			if t.Source == "exact" {
				exactPts, exactErr = append(exactPts, plotter.XY{X: x, Y: y}), append(exactErr, e)
			} else {
				edPts, edErr = append(edPts, plotter.XY{X: x, Y: y}), append(edErr, e)
			}
			lo, hi = math.Min(lo, math.Min(x-2*se, y)), math.Max(hi, math.Max(x+2*se, y))
		case t.Infinite && cf.Valid():
			infPts = append(infPts, float64(cf))
			lo, hi = math.Min(lo, float64(cf)), math.Max(hi, float64(cf))
		case t.Infinite:
			nInfNoValue++
		case !cf.Valid() && t.MINats.Valid():
			npdX = append(npdX, float64(t.MINats))
			lo, hi = math.Min(lo, float64(t.MINats)), math.Max(hi, float64(t.MINats))
		default:
			nFailNoTruth++
		}
	}
	title := "Closed form vs truth"
	caption := fmt.Sprintf("Fenton–Wilkinson closed form I_FW against the truth (exact reference for n = 1, entropy-difference estimate otherwise), in nats; "+
		"horizontal bars are the truth ± 2 standard errors, the dashed line is y = x; both axes are linear within ±0.01 nats and logarithmic beyond. "+
		"cases whose truth is +∞ but whose closed form is finite (%d) are drawn at the right edge; "+
		"cases whose closed form failed (not positive definite; %d) are drawn at the bottom edge at their truth; "+
		"cases with an infinite truth and no closed-form value (%d), and with neither value (%d), cannot be drawn.",
		len(infPts), len(npdX), nInfNoValue, nFailNoTruth)
	sc := asinhScale{symlogS}
	drawFn := func(c draw.Canvas) {
		p := newPlot(title, "truth I (nats, symmetric log scale)", "closed form I_FW (nats, symmetric log scale)")
		leg := newLegend()
		if math.IsInf(hi, -1) {
			noData(p, "no case with both values")
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
		}{{exactPts, exactErr, colExact, draw.CircleGlyph{}, "truth: exact (n = 1)"},
			{edPts, edErr, colED, draw.TriangleGlyph{}, "truth: entropy difference"}} {
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
			pts := scatter(s.pts, s.col, s.g, vg.Points(2.5))
			p.Add(pts)
			leg.Add(s.name, pts)
		}
		if len(eb2(exactErr, edErr)) > 0 {
			leg.Add("bars: truth ± 2 SE")
		}
		if len(infPts) > 0 {
			for _, y := range infPts {
				infPtsY = append(infPtsY, plotter.XY{X: edgeX, Y: y})
			}
			pts := scatter(infPtsY, colInf, draw.PyramidGlyph{}, vg.Points(3.5))
			p.Add(pts)
			leg.Add("truth +∞, closed form finite", pts)
			leg.Add("   (drawn at the right edge)")
		}
		if len(npdX) > 0 {
			var xy plotter.XYs
			for _, x := range npdX {
				xy = append(xy, plotter.XY{X: x, Y: edgeY})
			}
			pts := scatter(xy, colFail, draw.CrossGlyph{}, vg.Points(3.5))
			p.Add(pts)
			leg.Add("closed form not positive definite", pts)
			leg.Add("   (drawn at the bottom edge)")
		}
		// Dotted lines set the edge strips apart from the data.
		xl, yl := sc.inv(tlo-0.1*span), sc.inv(thi+0.1*span)
		if len(infPts) > 0 {
			x := sc.inv(thi + 0.03*span)
			if l, err := plotter.NewLine(plotter.XYs{{X: x, Y: xl}, {X: x, Y: yl}}); err == nil {
				l.Color, l.Dashes = colInf, []vg.Length{vg.Points(1), vg.Points(2)}
				p.Add(l)
			}
		}
		if len(npdX) > 0 {
			y := sc.inv(tlo - 0.03*span)
			if l, err := plotter.NewLine(plotter.XYs{{X: xl, Y: y}, {X: yl, Y: y}}); err == nil {
				l.Color, l.Dashes = colFail, []vg.Length{vg.Points(1), vg.Points(2)}
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
		p.X.Min, p.X.Max = xl, yl
		p.Y.Min, p.Y.Max = xl, yl
		drawWithLegend(c, p, leg)
	}
	return figSpec{name: "closed-vs-truth", title: title, caption: caption, w: 6.5*vg.Inch + legendWidth, h: 6 * vg.Inch, draw: drawFn}
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
func errorS2Rho(recs []*sweep.Record) figSpec {
	title := "Mean error over σ² × ρ"
	caption := "Mean error of the closed form, I_FW − truth (nats), over bins of σ² (columns) and ρ (rows), " +
		"for the cases with one σ² and ρ (simulation sets 1 and 2); each cell gives the mean and the number of cases with an error. " +
		"Blank cells have no such case. Red: the closed form overestimates; blue: it underestimates."
	regs, _ := sweep.Aggregate(recs, sweep.ByS2, sweep.ByRho) // dimensions are valid
	type bin struct {
		label string
		order int
	}
	var xs, ys []bin
	for _, r := range regs {
		if r.Keys[0] == "n/a" || r.Errors == 0 {
			continue
		}
		if !slices.ContainsFunc(xs, func(b bin) bool { return b.label == r.Keys[0] }) {
			xs = append(xs, bin{r.Keys[0], r.Order[0]})
		}
		if !slices.ContainsFunc(ys, func(b bin) bool { return b.label == r.Keys[1] }) {
			ys = append(ys, bin{r.Keys[1], r.Order[1]})
		}
	}
	byOrder := func(a, b bin) int { return cmp.Compare(a.order, b.order) }
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
	for _, r := range regs {
		ci := slices.IndexFunc(xs, func(b bin) bool { return b.label == r.Keys[0] })
		ri := slices.IndexFunc(ys, func(b bin) bool { return b.label == r.Keys[1] })
		if ci < 0 || ri < 0 || r.Errors == 0 {
			continue
		}
		g.z[ri][ci] = r.Bias
		m = math.Max(m, math.Abs(r.Bias))
		labels.XYs = append(labels.XYs, plotter.XY{X: float64(ci), Y: float64(ri)})
		labels.Labels = append(labels.Labels, fmt.Sprintf("%s\nn = %d", fmtNum(r.Bias), r.Errors))
	}
	if m == 0 {
		m = 1e-3
	}
	cm := moreland.SmoothBlueRed()
	cm.SetMin(-m)
	cm.SetMax(m)
	drawFn := func(c draw.Canvas) {
		p := newPlot(title, "σ² (variance of each log-pattern component)", "ρ (correlation of log-pattern components)")
		if g.cols == 0 {
			noData(p, "no case of set 1 or 2 with an error")
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
	return figSpec{name: "error-s2-rho", title: title, caption: caption, w: 7.5 * vg.Inch, h: 5 * vg.Inch, draw: drawFn}
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

// errorVs is figures 3 and 4: the error against K or n, by group, with the
// median at each value.
func errorVs(recs []*sweep.Record, dim string) figSpec {
	name, axis, what := "error-vs-K", "number of patterns K (log scale)", "K"
	val := func(r *sweep.Record) float64 { return float64(r.Params.Patterns) }
	if dim == "n" {
		name, axis, what = "error-vs-n", "number of synapses n (log scale)", "n"
		val = func(r *sweep.Record) float64 { return float64(r.Params.Synapses) }
	}
	title := "Error against " + what
	caption := fmt.Sprintf("Error of the closed form, I_FW − truth (nats), against %s, one point per case with an error (colour and shape: sweep group); "+
		"the black line joins the median error at each value of %s, the dashed line is zero error; the error axis is linear within ±0.01 nats and logarithmic beyond.", what, what)
	var groups []string
	pts := map[string]plotter.XYs{}
	byVal := map[float64][]float64{}
	for _, r := range recs {
		if r.Error == nil || !r.Error.Abs.Valid() || val(r) < 1 {
			continue
		}
		if _, ok := pts[r.Group]; !ok {
			groups = append(groups, r.Group)
		}
		v, e := val(r), float64(r.Error.Abs)
		pts[r.Group] = append(pts[r.Group], plotter.XY{X: v, Y: e})
		byVal[v] = append(byVal[v], e)
	}
	var med plotter.XYs
	for v, es := range byVal {
		slices.Sort(es)
		med = append(med, plotter.XY{X: v, Y: sweep.Quantile7(es, 0.5)})
	}
	slices.SortFunc(med, func(a, b plotter.XY) int { return cmp.Compare(a.X, b.X) })
	drawFn := func(c draw.Canvas) {
		p := newPlot(title, axis, "error I_FW − truth (nats, symmetric log scale)")
		leg := newLegend()
		if len(med) == 0 {
			noData(p, "no case with an error")
			p.Draw(c)
			return
		}
		p.Add(plotter.NewGrid())
		xmin, xmax := med[0].X/1.3, med[len(med)-1].X*1.3
		zero, _ := plotter.NewLine(plotter.XYs{{X: xmin, Y: 0}, {X: xmax, Y: 0}})
		dashedStyle(&zero.LineStyle)
		p.Add(zero)
		ylo, yhi := 0.0, 0.0
		for i, gname := range groups {
			sc := scatter(pts[gname], groupColor[i%len(groupColor)], glyphShapes[i%len(glyphShapes)], vg.Points(2.5))
			p.Add(sc)
			leg.Add(gname, sc)
			for _, q := range pts[gname] {
				ylo, yhi = math.Min(ylo, q.Y), math.Max(yhi, q.Y)
			}
		}
		ml, _ := plotter.NewLine(med)
		ml.Width = vg.Points(1.5)
		p.Add(ml)
		leg.Add("median at each "+what, ml)
		leg.Add("dashed: zero error")
		ys := asinhScale{symlogS}
		p.X.Scale = plot.LogScale{}
		p.X.Tick.Marker = pow2Ticks{}
		p.X.Min, p.X.Max = xmin, xmax
		m := 0.05 * (ys.t(yhi) - ys.t(ylo))
		p.Y.Scale, p.Y.Tick.Marker = ys, ys
		p.Y.Min, p.Y.Max = ys.inv(ys.t(ylo)-m), ys.inv(ys.t(yhi)+m)
		drawWithLegend(c, p, leg)
	}
	return figSpec{name: name, title: title, caption: caption, w: 6.5*vg.Inch + legendWidth, h: 4.8 * vg.Inch, draw: drawFn}
}

// failureRates is figure 5: the rates of not_positive_definite and of
// infinite truths by group, K and n.
func failureRates(recs []*sweep.Record) figSpec {
	title := "Where the closed form fails"
	caption := "Share of cases (%) whose closed form is not positive definite (an artefact of the approximation) and whose truth is +∞ " +
		"(a property of the model: the closed form cannot be right there), by sweep group, by K and by n (power-of-two bins)."
	type panel struct {
		title, axis string
		regs        []sweep.Regime
	}
	var panels []panel
	for _, d := range []struct{ dim, title, axis string }{
		{sweep.ByGroup, "by group", "sweep group"}, {sweep.ByK, "by K", "number of patterns K"}, {sweep.ByN, "by n", "number of synapses n"},
	} {
		regs, _ := sweep.Aggregate(recs, d.dim)
		panels = append(panels, panel{d.title, d.axis, regs})
	}
	drawFn := func(c draw.Canvas) {
		var plots []*plot.Plot
		for i, pn := range panels {
			p := newPlot(pn.title, pn.axis, "cases (%)")
			var npd, inf plotter.Values
			var names []string
			for _, r := range pn.regs {
				npd = append(npd, 100*r.RateNotPositiveDefinite)
				inf = append(inf, 100*r.RateInfinite)
				names = append(names, fmt.Sprintf("%s (%d)", r.Key(), r.Count))
			}
			w := vg.Points(9)
			b1, err1 := plotter.NewBarChart(npd, w)
			b2, err2 := plotter.NewBarChart(inf, w)
			if err1 == nil && err2 == nil && len(names) > 0 {
				b1.Color, b1.LineStyle.Width, b1.Offset = colFail, 0, -w/2
				b2.Color, b2.LineStyle.Width, b2.Offset = colInf, 0, w/2
				p.Add(b1, b2)
				if i == 0 {
					p.Legend.Add("not positive definite", b1)
					p.Legend.Add("truth +∞", b2)
				}
				p.NominalX(names...)
				p.X.Tick.Label.Rotation = math.Pi / 6
				p.X.Tick.Label.XAlign = draw.XRight
				p.X.Tick.Label.YAlign = draw.YCenter
			}
			p.Y.Min, p.Y.Max = 0, 118 // room for the legend above 100%
			p.Legend.Left = false
			p.Add(plotter.NewGrid())
			plots = append(plots, p)
		}
		t := draw.Tiles{Rows: 1, Cols: len(plots), PadX: vg.Points(12), PadLeft: vg.Points(4), PadRight: vg.Points(4), PadTop: vg.Points(4), PadBottom: vg.Points(4)}
		cs := plot.Align([][]*plot.Plot{plots}, t, c)
		for i, p := range plots {
			p.Draw(cs[0][i])
		}
	}
	return figSpec{name: "failure-rates", title: title, caption: caption, w: 11 * vg.Inch, h: 4.2 * vg.Inch, draw: drawFn}
}
