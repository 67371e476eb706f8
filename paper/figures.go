package paper

import (
	"bytes"
	"fmt"
	"image/color"
	"math"
	"os"
	"path/filepath"
	"sort"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/syninfo/syninfo/analytic"
	"github.com/syninfo/syninfo/num"
)

// figure is one written figure: its file stem, caption and SVG text.
type figure struct {
	name, caption string
	svg           []byte
}

var (
	colClosed = color.RGBA{R: 31, G: 119, B: 180, A: 255}
	colTruth  = color.RGBA{R: 230, G: 120, B: 0, A: 255}
	colFail   = color.RGBA{R: 200, G: 0, B: 0, A: 255}
	colGrey   = color.RGBA{R: 150, G: 150, B: 150, A: 255}
	colOK     = color.RGBA{R: 0, G: 140, B: 60, A: 255}
)

// ramp returns a colour from a blue-to-yellow ramp for t in [0, 1].
func ramp(t float64) color.Color {
	t = math.Max(0, math.Min(1, t))
	return color.RGBA{R: uint8(40 + 200*t), G: uint8(30 + 170*t), B: uint8(140 - 110*t), A: 255}
}

// save writes p as DIR/name.svg and DIR/name.png (deterministic bytes) and
// returns the SVG.
func save(p *plot.Plot, dir, name, caption string) (figure, error) {
	w, h := 16*vg.Centimeter, 11*vg.Centimeter
	var svg bytes.Buffer
	for _, format := range []string{"svg", "png"} {
		wt, err := p.WriterTo(w, h, format)
		if err != nil {
			return figure{}, err
		}
		var buf bytes.Buffer
		if _, err := wt.WriteTo(&buf); err != nil {
			return figure{}, err
		}
		if format == "svg" {
			svg = buf
		}
		if err := os.WriteFile(filepath.Join(dir, name+"."+format), buf.Bytes(), 0o644); err != nil {
			return figure{}, err
		}
	}
	return figure{name: name, caption: caption, svg: svg.Bytes()}, nil
}

func newPlot(title, x, y string) *plot.Plot {
	p := plot.New()
	p.Title.Text = title
	p.X.Label.Text = x
	p.Y.Label.Text = y
	p.Legend.Top = true
	return p
}

func scatter(p *plot.Plot, xys plotter.XYs, c color.Color, shape draw.GlyphDrawer, r vg.Length, legend string) {
	if len(xys) == 0 {
		return
	}
	s, err := plotter.NewScatter(xys)
	if err != nil {
		return
	}
	s.GlyphStyle.Color = c
	s.GlyphStyle.Shape = shape
	s.GlyphStyle.Radius = r
	p.Add(s)
	if legend != "" {
		p.Legend.Add(legend, s)
	}
}

func line(p *plot.Plot, xys plotter.XYs, c color.Color, width vg.Length, dashed bool, legend string) {
	if len(xys) < 2 {
		return
	}
	l, err := plotter.NewLine(xys)
	if err != nil {
		return
	}
	l.LineStyle.Color = c
	l.LineStyle.Width = width
	if dashed {
		l.LineStyle.Dashes = []vg.Length{vg.Points(4), vg.Points(3)}
	}
	p.Add(l)
	if legend != "" {
		p.Legend.Add(legend, l)
	}
}

// errorBars adds truth points (x, ln v) with bars ln(v ± 1.96·se) (the
// lower end clipped where v − 1.96·se ≤ 0).
type lnErr struct {
	xs, v, se []float64
}

func (e lnErr) Len() int                    { return len(e.xs) }
func (e lnErr) XY(i int) (float64, float64) { return e.xs[i], math.Log(e.v[i]) }
func (e lnErr) YError(i int) (float64, float64) {
	y := math.Log(e.v[i])
	lo := e.v[i] - 1.96*e.se[i]
	hi := e.v[i] + 1.96*e.se[i]
	if !(e.se[i] > 0) {
		return 0, 0
	}
	l := 3.0
	if lo > 0 {
		l = y - math.Log(lo)
	}
	return l, math.Log(hi) - y
}

func truthPoints(p *plot.Plot, e lnErr, c color.Color, legend string) {
	if e.Len() == 0 {
		return
	}
	scatter(p, plotter.XYs(xysOf(e)), c, draw.CircleGlyph{}, vg.Points(2.2), legend)
	if bars, err := plotter.NewYErrorBars(e); err == nil {
		bars.LineStyle.Color = c
		p.Add(bars)
	}
}

func xysOf(e lnErr) []plotter.XY {
	out := make([]plotter.XY, e.Len())
	for i := range out {
		out[i].X, out[i].Y = e.XY(i)
	}
	return out
}

// set1Figure draws a Figs 2A/2B/3A/3B panel: ln I_FW against s or r, one
// curve per K or n, the truth beside it, failures marked along the bottom.
func set1Figure(dir, name, title string, pts []GridPoint, byLen bool, xOf func(GridPoint) float64, xName string) (figure, error) {
	p := newPlot(title, xName, "ln I (nats)")
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
	var fails plotter.XYs
	for ci, k := range keys {
		c := ramp(float64(ci) / math.Max(1, float64(len(keys)-1)))
		var seg plotter.XYs
		flush := func() {
			line(p, seg, c, vg.Points(0.8), false, "")
			seg = nil
		}
		var tr lnErr
		for _, g := range groups[k] {
			if g.Fail == "" {
				seg = append(seg, plotter.XY{X: xOf(g), Y: math.Log(float64(g.MINats))})
			} else {
				flush()
				fails = append(fails, plotter.XY{X: xOf(g), Y: ymin - 0.5})
			}
			if g.Truth.Valid() && g.Truth > 0 {
				tr.xs = append(tr.xs, xOf(g))
				tr.v = append(tr.v, float64(g.Truth))
				tr.se = append(tr.se, math.Max(0, float64(g.TruthSE)))
			}
		}
		flush()
		label := ""
		if ci == 0 || ci == len(keys)-1 {
			if byLen {
				label = fmt.Sprintf("closed form, n = %d", k)
			} else {
				label = fmt.Sprintf("closed form, K = %d", k)
			}
		}
		if label != "" {
			l, _ := plotter.NewLine(plotter.XYs{{}, {}})
			l.LineStyle.Color = c
			p.Legend.Add(label, l)
		}
		lg := ""
		if ci == 0 {
			lg = "truth (exact n = 1; entropy difference ± 1.96 SE)"
		}
		truthPoints(p, tr, colTruth, lg)
	}
	scatter(p, fails, colFail, draw.CrossGlyph{}, vg.Points(3), fmt.Sprintf("closed form failed (%d points)", len(fails)))
	return save(p, dir, name, title)
}

// regressionFigure draws a Figs 2C–3D panel: ln I against ln K or ln n for
// the closed form (kept draws) and the truth (every draw), with both fits.
func regressionFigure(dir, name, title string, draws []Draw, reg Regression, x func(Draw) float64) (figure, error) {
	p := newPlot(title, reg.X, "ln I (nats)")
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
	scatter(p, cf, colClosed, draw.CircleGlyph{}, vg.Points(1.3), "closed form (failed draws dropped)")
	scatter(p, tr, colTruth, draw.CircleGlyph{}, vg.Points(1.3), "truth")
	scatter(p, trFailed, colFail, draw.TriangleGlyph{}, vg.Points(2.5), "truth where the closed form failed")
	fitLine := func(r RegStats, c color.Color, dashed bool, legend string) {
		if !r.Slope.Valid() {
			return
		}
		lo, hi := math.Inf(1), math.Inf(-1)
		for _, d := range draws {
			lo, hi = math.Min(lo, x(d)), math.Max(hi, x(d))
		}
		f := func(v float64) float64 { return float64(r.Intercept) + float64(r.Slope)*v }
		line(p, plotter.XYs{{X: lo, Y: f(lo)}, {X: hi, Y: f(hi)}}, c, vg.Points(1.5), dashed, legend)
	}
	fitLine(reg.RegStats, colClosed, false, fmt.Sprintf("closed-form fit: slope %.3f", float64(reg.Slope)))
	fitLine(reg.Truth, colTruth, false, fmt.Sprintf("truth fit: slope %.3f", float64(reg.Truth.Slope)))
	if reg.Paper.Intercept != 0 {
		fitLine(RegStats{Slope: num.Float(reg.Paper.Slope), Intercept: num.Float(reg.Paper.Intercept)}, colGrey, true,
			fmt.Sprintf("paper's fit: slope %.3f", reg.Paper.Slope))
	}
	return save(p, dir, name, title)
}

// fig4Figure draws the per-n mean and median of I/n (closed form on every
// draw, and closed form and truth on the subsample).
func fig4Figure(dir string, f Fig4Stats) ([]figure, error) {
	p := newPlot("Fig 4: information per synapse I/n against n", "n", "I/n (nats)")
	add := func(part Fig4Part, c color.Color, label string) {
		var mean, med plotter.XYs
		var bars plotter.YErrors
		for _, s := range part.PerN {
			if !s.Mean.Valid() {
				continue
			}
			mean = append(mean, plotter.XY{X: float64(s.N), Y: float64(s.Mean)})
			se := 0.0
			if s.SD.Valid() && s.Summary.N > 0 {
				se = 1.96 * float64(s.SD) / math.Sqrt(float64(s.Summary.N))
			}
			bars = append(bars, struct{ Low, High float64 }{se, se})
			med = append(med, plotter.XY{X: float64(s.N), Y: float64(s.Median)})
		}
		line(p, mean, c, vg.Points(1.2), false, label+": mean (± 1.96 SE)")
		scatter(p, mean, c, draw.CircleGlyph{}, vg.Points(2), "")
		if len(mean) > 0 {
			eb := &plotter.YErrorBars{XYs: mean, YErrors: bars, LineStyle: draw.LineStyle{Color: c, Width: vg.Points(0.8)}, CapWidth: vg.Points(4)}
			p.Add(eb)
		}
		line(p, med, c, vg.Points(1), true, label+": median")
	}
	add(f.ClosedForm, colClosed, fmt.Sprintf("closed form, %d draws", f.Draws))
	add(f.Authors, colOK, "closed form, authors' evaluation and drops")
	if f.SubsampleDraws > 0 {
		add(f.ClosedFormSubsample, colGrey, fmt.Sprintf("closed form, truth subsample (%d)", f.SubsampleDraws))
		add(f.Truth, colTruth, fmt.Sprintf("truth, subsample (%d)", f.SubsampleDraws))
	}
	a, err := save(p, dir, "fig4_mean", "Fig 4: mean and median of I/n against n")
	if err != nil {
		return nil, err
	}
	q := newPlot("Fig 4: standard deviation of I/n against n", "n", "SD of I/n (nats)")
	sd := func(part Fig4Part, c color.Color, label string) {
		var xy plotter.XYs
		for _, s := range part.PerN {
			if s.SD.Valid() {
				xy = append(xy, plotter.XY{X: float64(s.N), Y: float64(s.SD)})
			}
		}
		line(q, xy, c, vg.Points(1.2), false, label)
		scatter(q, xy, c, draw.CircleGlyph{}, vg.Points(2), "")
	}
	sd(f.ClosedForm, colClosed, "closed form, all draws")
	if f.SubsampleDraws > 0 {
		sd(f.ClosedFormSubsample, colGrey, "closed form, subsample")
		sd(f.Truth, colTruth, "truth, subsample")
	}
	b, err := save(q, dir, "fig4_sd", "Fig 4: standard deviation of I/n against n")
	if err != nil {
		return nil, err
	}
	return []figure{a, b}, nil
}

// synergyFigures draws, per N, ln(I_FW/n) against ln n per K (statuses
// marked) and the (n, K) map of statuses with the threshold curve.
func synergyFigures(dir string, s *Synergy) ([]figure, error) {
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
	var figs []figure
	for _, key := range ns {
		nn, fam := key.nn, key.fam
		pts := byN[key]
		p := newPlot(fmt.Sprintf("Synergy, %s patterns, N = %d: closed form per synapse", fam, nn), "ln n", "ln(I_FW / n) (nats)")
		byK := map[int][]SynergyPoint{}
		var ks []int
		for _, q := range pts {
			if _, ok := byK[q.K]; !ok {
				ks = append(ks, q.K)
			}
			byK[q.K] = append(byK[q.K], q)
		}
		sort.Ints(ks)
		var inf, npd plotter.XYs
		var tr lnErr
		ymin := math.Inf(1)
		for _, q := range pts {
			if q.PerSynapse.Valid() && q.PerSynapse > 0 {
				ymin = math.Min(ymin, math.Log(float64(q.PerSynapse)))
			}
		}
		if math.IsInf(ymin, 1) {
			ymin = 0
		}
		for ci, k := range ks {
			c := ramp(float64(ci) / math.Max(1, float64(len(ks)-1)))
			var okXY plotter.XYs
			for _, q := range byK[k] {
				x := math.Log(float64(q.Len))
				v := float64(q.PerSynapse)
				switch {
				case q.Status == string(analytic.OK) && v > 0:
					okXY = append(okXY, plotter.XY{X: x, Y: math.Log(v)})
				case q.Status == string(analytic.Infinite):
					y := ymin - 0.5
					if q.PerSynapse.Valid() && v > 0 {
						y = math.Log(v) // the closed form's finite value for an infinite truth
					}
					inf = append(inf, plotter.XY{X: x, Y: y})
				default:
					npd = append(npd, plotter.XY{X: x, Y: ymin - 1})
				}
				if q.Truth.Valid() && q.Truth > 0 {
					tr.xs = append(tr.xs, x)
					tr.v = append(tr.v, float64(q.Truth)/float64(q.Len))
					tr.se = append(tr.se, math.Max(0, float64(q.TruthSE))/float64(q.Len))
				}
			}
			line(p, okXY, c, vg.Points(1.2), false, fmt.Sprintf("K = %d", k))
			scatter(p, okXY, c, draw.CircleGlyph{}, vg.Points(1.8), "")
		}
		truthPoints(p, tr, colTruth, "truth (entropy difference ± 1.96 SE)")
		scatter(p, inf, colFail, draw.CrossGlyph{}, vg.Points(3.5), "truth infinite (closed form value, or bottom row if none)")
		scatter(p, npd, colGrey, draw.BoxGlyph{}, vg.Points(2.5), "closed form not positive definite (bottom row)")
		f, err := save(p, dir, fmt.Sprintf("synergy_%s_n%d", fam, nn), fmt.Sprintf("Synergy, %s patterns, N = %d: ln(I_FW/n) against ln n per K", fam, nn))
		if err != nil {
			return nil, err
		}
		figs = append(figs, f)

		m := newPlot(fmt.Sprintf("Synergy, %s patterns, N = %d: status in (n, K)", fam, nn), "ln n", "K")
		var okS, infS, npdS plotter.XYs
		curve := map[int]int{}
		for _, q := range pts {
			xy := plotter.XY{X: math.Log(float64(q.Len)), Y: float64(q.K)}
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
			th = append(th, plotter.XY{X: math.Log(float64(n)), Y: float64(curve[n])})
		}
		line(m, th, colTruth, vg.Points(1.5), true, "threshold K*(n): (K−1)d − (K−1)(K−2)/2 = n")
		scatter(m, okS, colOK, draw.CircleGlyph{}, vg.Points(3), "ok")
		scatter(m, npdS, colGrey, draw.BoxGlyph{}, vg.Points(3), "not positive definite")
		scatter(m, infS, colFail, draw.CrossGlyph{}, vg.Points(4), "infinite (model)")
		f, err = save(m, dir, fmt.Sprintf("synergy_map_%s_n%d", fam, nn), fmt.Sprintf("Synergy, %s patterns, N = %d: statuses in (n, K) and the dimension-count threshold", fam, nn))
		if err != nil {
			return nil, err
		}
		figs = append(figs, f)
	}
	return figs, nil
}
