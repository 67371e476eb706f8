package reports

import (
	"bytes"
	"cmp"
	"fmt"
	"html/template"
	"image/color"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
	"gonum.org/v1/plot/vg/vgsvg"
)

// The one plot helper of syninfo's reports: the accuracy report's figures and
// the paper's are drawn with these functions, so that they share a style
// (legend in a strip beside the data, never over it; a margin above the
// title) and are byte-stable (the same data give the same SVG and PNG bytes).

// pngDPI is the resolution of the PNG figures.
const pngDPI = 110

// LegendWidth is the width of the legend strip right of a plot
// (DrawWithLegend).
const LegendWidth = 2.5 * vg.Inch

// topMargin is the blank margin above a figure's title.
const topMargin = 6

// FigureSpec describes a figure to render: its file stem, title and
// caption, size, and a function that draws it on a canvas of that size.
type FigureSpec struct {
	Name, Title, Caption string
	Width, Height        vg.Length
	Draw                 func(draw.Canvas)
}

// Figure is a rendered figure: SVG and PNG bytes, and the SVG as an inline
// HTML element for index.html.
type Figure struct {
	Name, Title, Caption string
	// SVGFile and PNGFile are the file names ("fig-NAME.svg" unless set).
	SVGFile, PNGFile string
	// Inline is the SVG for index.html (no XML prolog, no namespaces).
	Inline   template.HTML
	SVG, PNG []byte
}

// RenderFigure draws s to SVG and PNG. A panic of the plot library on
// degenerate data is returned as an error naming the figure.
func RenderFigure(s FigureSpec) (f *Figure, err error) {
	defer func() {
		if r := recover(); r != nil {
			f, err = nil, fmt.Errorf("figure %s: drawing: %v", s.Name, r)
		}
	}()
	drawFn := func(c draw.Canvas) {
		s.Draw(draw.Crop(c, 0, 0, 0, -vg.Points(topMargin)))
	}
	sc := vgsvg.New(s.Width, s.Height)
	drawFn(draw.New(sc))
	var sb bytes.Buffer
	if _, err := sc.WriteTo(&sb); err != nil {
		return nil, err
	}
	ic := vgimg.PngCanvas{Canvas: vgimg.NewWith(vgimg.UseWH(s.Width, s.Height), vgimg.UseDPI(pngDPI), vgimg.UseBackgroundColor(color.White))}
	drawFn(draw.New(ic))
	var pb bytes.Buffer
	if _, err := ic.WriteTo(&pb); err != nil {
		return nil, err
	}
	return &Figure{Name: s.Name, Title: s.Title, Caption: s.Caption,
		SVGFile: "fig-" + s.Name + ".svg", PNGFile: "fig-" + s.Name + ".png",
		Inline: template.HTML(inlineSVG(sb.Bytes())), SVG: sb.Bytes(), PNG: pb.Bytes()}, nil
}

// WriteFiles writes the figure's SVG and PNG files to dir.
func (f *Figure) WriteFiles(dir string) error {
	if err := os.WriteFile(filepath.Join(dir, f.SVGFile), f.SVG, 0o644); err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dir, f.PNGFile), f.PNG, 0o644)
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

// Colours of the reports' figures.
var (
	ColBlue   = color.RGBA{R: 0x1f, G: 0x77, B: 0xb4, A: 0xff}
	ColOrange = color.RGBA{R: 0xff, G: 0x7f, B: 0x0e, A: 0xff}
	ColGreen  = color.RGBA{R: 0x2c, G: 0xa0, B: 0x2c, A: 0xff}
	ColRed    = color.RGBA{R: 0xd6, G: 0x27, B: 0x28, A: 0xff}
	ColPurple = color.RGBA{R: 0x94, G: 0x67, B: 0xbd, A: 0xff}
	ColGrey   = color.Gray{Y: 0x80}
	// Palette colours series in turn (with Glyphs for their shapes).
	Palette = []color.Color{ColBlue, ColOrange, ColGreen, ColPurple,
		color.RGBA{R: 0x8c, G: 0x56, B: 0x4b, A: 0xff}, color.RGBA{R: 0xe3, G: 0x77, B: 0xc2, A: 0xff},
		color.RGBA{R: 0x17, G: 0xbe, B: 0xcf, A: 0xff}, color.RGBA{R: 0xbc, G: 0xbd, B: 0x22, A: 0xff}}
	// Glyphs are the marker shapes of series in turn.
	Glyphs = []draw.GlyphDrawer{draw.CircleGlyph{}, draw.TriangleGlyph{}, draw.SquareGlyph{}, draw.PlusGlyph{},
		draw.CrossGlyph{}, draw.RingGlyph{}, draw.PyramidGlyph{}, draw.BoxGlyph{}}
)

// Ramp returns a colour of a dark-blue-to-yellow ramp for t in [0, 1]
// (curves indexed by an ordered parameter).
func Ramp(t float64) color.Color {
	t = math.Max(0, math.Min(1, t))
	return color.RGBA{R: uint8(40 + 200*t), G: uint8(30 + 170*t), B: uint8(140 - 110*t), A: 255}
}

// NewPlot returns a plot with the reports' common style; its own legend is
// not used (DrawWithLegend draws a separate one beside the data).
func NewPlot(title, x, y string) *plot.Plot {
	p := plot.New()
	p.Title.Text = title
	p.Title.Padding = vg.Points(8)
	p.X.Label.Text = x
	p.Y.Label.Text = y
	return p
}

// NewLegend returns a legend for the strip right of a plot.
func NewLegend() plot.Legend {
	l := plot.NewLegend()
	l.Top, l.Left = true, true
	l.TextStyle.Font.Size = vg.Points(10)
	l.ThumbnailWidth = 0.25 * vg.Inch
	return l
}

// DrawWithLegend draws p with the legend l in a strip of LegendWidth on its
// right, so that the legend never covers data.
func DrawWithLegend(c draw.Canvas, p *plot.Plot, l plot.Legend) {
	pc := draw.Crop(c, 0, -LegendWidth, 0, 0)
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
	l.Draw(draw.Crop(c, c.Max.X-c.Min.X-LegendWidth+vg.Points(16), 0, 0, -vg.Points(28)))
}

// finiteXYs returns the points whose coordinates are both finite.
func finiteXYs(xys plotter.XYs) plotter.XYs {
	var out plotter.XYs
	for _, p := range xys {
		if !math.IsNaN(p.X) && !math.IsInf(p.X, 0) && !math.IsNaN(p.Y) && !math.IsInf(p.Y, 0) {
			out = append(out, p)
		}
	}
	return out
}

// Scatter returns a scatter of the finite points of xys with the given
// colour, marker shape and radius (nil when no point is finite).
func Scatter(xys plotter.XYs, c color.Color, g draw.GlyphDrawer, r vg.Length) *plotter.Scatter {
	pts := finiteXYs(xys)
	if len(pts) == 0 {
		return nil
	}
	s, err := plotter.NewScatter(pts)
	if err != nil {
		return nil
	}
	s.GlyphStyle = draw.GlyphStyle{Color: c, Shape: g, Radius: r}
	return s
}

// Line returns a line through the finite points of xys (nil when fewer
// than two), solid or dashed.
func Line(xys plotter.XYs, c color.Color, width vg.Length, dashed bool) *plotter.Line {
	pts := finiteXYs(xys)
	if len(pts) < 2 {
		return nil
	}
	l, err := plotter.NewLine(pts)
	if err != nil {
		return nil
	}
	l.LineStyle.Color = c
	l.LineStyle.Width = width
	if dashed {
		l.LineStyle.Dashes = []vg.Length{vg.Points(4), vg.Points(3)}
	}
	return l
}

// dashedStyle makes l a grey dashed guide line.
func dashedStyle(l *draw.LineStyle) {
	l.Color = ColGrey
	l.Width = vg.Points(1)
	l.Dashes = []vg.Length{vg.Points(4), vg.Points(3)}
}

// NoData marks an empty plot with a message.
func NoData(p *plot.Plot, msg string) {
	l, err := plotter.NewLabels(plotter.XYLabels{XYs: plotter.XYs{{X: 0.5, Y: 0.5}}, Labels: []string{msg}})
	if err == nil {
		l.TextStyle[0].XAlign = draw.XCenter
		p.Add(l)
	}
	p.X.Min, p.X.Max, p.Y.Min, p.Y.Max = 0, 1, 0, 1
}

// LogTicks marks a logarithmic axis at 1, 2, 5 × 10^k (labelled at 1, 2
// and 5 while the axis spans less than four decades, at 10^k beyond).
type LogTicks struct{}

// Ticks implements plot.Ticker.
func (LogTicks) Ticks(min, max float64) []plot.Tick {
	if !(min > 0) || !(max > min) {
		return nil
	}
	wide := math.Log10(max/min) > 4
	var ts []plot.Tick
	for e := math.Floor(math.Log10(min)); e <= math.Ceil(math.Log10(max)); e++ {
		for _, m := range []float64{1, 2, 5} {
			v := m * math.Pow(10, e)
			if v < min*(1-1e-9) || v > max*(1+1e-9) {
				continue
			}
			t := plot.Tick{Value: v}
			if m == 1 || !wide {
				t.Label = strconv.FormatFloat(v, 'g', -1, 64)
			}
			ts = append(ts, t)
		}
	}
	return ts
}

// RowTicks wraps a ticker and adds labelled ticks at fixed values (the
// rows where a plot draws markers of values it cannot place, such as
// "truth +∞").
type RowTicks struct {
	plot.Ticker
	Rows []plot.Tick
	// DataFrom, when CutBelow is set, drops the wrapped ticker's ticks
	// below it (the rows sit there, not data).
	DataFrom float64
	CutBelow bool
}

// Ticks implements plot.Ticker.
func (t RowTicks) Ticks(min, max float64) []plot.Tick {
	var ts []plot.Tick
	if t.Ticker != nil {
		for _, tk := range t.Ticker.Ticks(min, max) {
			if !t.CutBelow || tk.Value >= t.DataFrom {
				ts = append(ts, tk)
			}
		}
	}
	ts = append(ts, t.Rows...)
	slices.SortFunc(ts, func(p, q plot.Tick) int { return cmp.Compare(p.Value, q.Value) })
	return ts
}

// AsinhScale is a symmetric logarithmic axis: linear within about ±S of
// zero, logarithmic beyond, so that errors of every magnitude and sign show.
type AsinhScale struct{ S float64 }

func (a AsinhScale) t(x float64) float64 { return math.Asinh(x / a.S) }

// inv maps a transformed value back to data.
func (a AsinhScale) inv(u float64) float64 { return a.S * math.Sinh(u) }

// Normalize implements plot.Normalizer.
func (a AsinhScale) Normalize(min, max, x float64) float64 {
	return (a.t(x) - a.t(min)) / (a.t(max) - a.t(min))
}

// Ticks implements plot.Ticker: 0 and ±10^k from S up (to ±10^12).
func (a AsinhScale) Ticks(min, max float64) []plot.Tick {
	var ts []plot.Tick
	if min <= 0 && max >= 0 {
		ts = append(ts, plot.Tick{Value: 0, Label: "0"})
	}
	for e := math.Ceil(math.Log10(a.S) - 1e-9); e <= 12; e++ {
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
