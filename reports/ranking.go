package reports

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/syninfo/syninfo/approx"
	"github.com/syninfo/syninfo/compare"
	"github.com/syninfo/syninfo/sweep"
)

// The ranking of the approximations by regime: when the records carry
// "approximations" (sweep config field approximations; compare.Result),
// every approximation (fw, corrected1, corrected2) is compared with the same
// truth on the same cases, bin by bin of n, K, σ² and ρ.

// approxView is one approximation of a case as the ranking reads it.
type approxView struct {
	MINats float64
	Status string
	// Compared: the approximation and the truth are both finite; then
	// Signed = I_approx − I, Abs = |Signed|, Rel = Signed/I.
	Compared         bool
	Signed, Abs, Rel float64
	// Real: |error| beyond the truth's tolerance and compare.RealSigmas
	// uncertainties (the record's error.real).
	Real bool
}

// rankDims are the dimensions of the ranking, in the order of its tables.
var rankDims = []struct{ dim, name, title string }{
	{sweep.ByN, "n", "By number of synapses n"},
	{sweep.ByK, "K", "By number of patterns K"},
	{sweep.ByS2, "σ²", "By σ² (set 3 has no single σ²: n/a)"},
	{sweep.ByRho, "ρ", "By ρ (set 3: n/a)"},
}

// approxNames returns the approximations the views carry: fw, corrected1,
// corrected2, then any other name alphabetically.
func approxNames(vs []*caseView) []string {
	seen := map[string]bool{}
	for _, v := range vs {
		for name := range v.Approx {
			seen[name] = true
		}
	}
	var names []string
	for name := range seen {
		names = append(names, name)
	}
	rank := func(s string) int {
		switch s {
		case approx.FW:
			return 0
		case approx.Corrected1:
			return 1
		case approx.Corrected2:
			return 2
		}
		return 3
	}
	slices.SortFunc(names, func(a, b string) int { return cmp.Or(cmp.Compare(rank(a), rank(b)), strings.Compare(a, b)) })
	return names
}

// rankStats are one approximation's numbers over the common cases of a
// set of cases (those where the truth and every approximation are finite).
type rankStats struct {
	// NoValue counts the cases with a finite truth where this
	// approximation has no finite value (its status says why).
	NoValue int
	// RMS is √(mean of (I_approx − I)²); MedAbs the median |I_approx − I|;
	// MedRel the median |I_approx − I|/|I| (over the cases with I ≠ 0).
	RMS, MedAbs, MedRel float64
	// Within counts the cases within the accuracy criterion (5% or 0.01
	// nats); Real those whose error is real.
	Within, Real int
}

// rankBin is the ranking of the approximations over one set of cases.
type rankBin struct {
	Label string
	// Cases counts all cases; Common those where the truth and every
	// approximation are finite (the cases behind Stats).
	Cases, Common int
	// MedUnc is the truth's median uncertainty over the common cases.
	MedUnc float64
	// Stats are by approximation, in the order of the names.
	Stats []rankStats
	// Order lists the approximations' indices by median |error|,
	// smallest first; Tie[i] says the truth cannot order Order[i] after
	// Order[i−1]: over the cases where it tells which of the two is closer
	// (closer), Order[i−1] is not closer significantly more often (two-sided
	// sign test, p ≥ 0.05).
	Order []int
	Tie   []bool
}

// truthFinite reports whether a case's truth is a finite number.
func truthFinite(v *caseView) bool { return !v.Infinite && finite(v.Truth) }

// rankOf ranks the approximations names over the cases vs.
func rankOf(label string, vs []*caseView, names []string) rankBin {
	b := rankBin{Label: label, Cases: len(vs), Stats: make([]rankStats, len(names))}
	var common []*caseView
	for _, v := range vs {
		if !truthFinite(v) {
			continue
		}
		all := true
		for i, name := range names {
			if a := v.Approx[name]; a == nil || !a.Compared {
				b.Stats[i].NoValue++
				all = false
			}
		}
		if all {
			common = append(common, v)
		}
	}
	b.Common = len(common)
	var unc []float64
	for _, v := range common {
		unc = append(unc, unc0(v.Unc))
	}
	b.MedUnc = median(unc)
	for i, name := range names {
		s := &b.Stats[i]
		var abs, rel []float64
		sq := 0.0
		for _, v := range common {
			a := v.Approx[name]
			abs = append(abs, a.Abs)
			sq += a.Signed * a.Signed
			if v.Truth != 0 {
				rel = append(rel, a.Abs/math.Abs(v.Truth))
			}
			if a.Abs <= accuracyTol(v.Truth) {
				s.Within++
			}
			if a.Real {
				s.Real++
			}
		}
		s.RMS, s.MedAbs, s.MedRel = math.NaN(), median(abs), median(rel)
		if len(common) > 0 {
			s.RMS = math.Sqrt(sq / float64(len(common)))
		}
	}
	for i := range names {
		b.Order = append(b.Order, i)
	}
	if b.Common > 0 {
		slices.SortStableFunc(b.Order, func(i, j int) int { return cmp.Compare(b.Stats[i].MedAbs, b.Stats[j].MedAbs) })
		b.Tie = make([]bool, len(b.Order))
		for k := 1; k < len(b.Order); k++ {
			ahead, behind := names[b.Order[k-1]], names[b.Order[k]]
			w, l := closer(common, ahead, behind)
			b.Tie[k] = !(w > l && signTest(w, l) < 0.05)
		}
	}
	return b
}

// closer counts the cases where the truth tells which of two
// approximations is closer to it: the truth I lies more than
// compare.RealSigmas uncertainties from the midpoint of the two values, on
// a's side (wins) or on b's (losses). The difference between two
// approximations is exact; only which one the truth is closer to is
// uncertain.
func closer(vs []*caseView, a, b string) (wins, losses int) {
	for _, v := range vs {
		x, y := v.Approx[a].MINats, v.Approx[b].MINats
		d := v.Truth - (x+y)/2
		if math.Abs(d) <= compare.RealSigmas*unc0(v.Unc) || x == y {
			continue
		}
		if (d > 0) == (x > y) {
			wins++
		} else {
			losses++
		}
	}
	return wins, losses
}

// signTest is the two-sided sign test's p-value of w successes against l
// failures: 2·P(Binomial(w + l, ½) ≤ min(w, l)), at most 1 (1 when w = l = 0).
func signTest(w, l int) float64 {
	n, k := w+l, min(w, l)
	p := 0.0
	for i := 0; i <= k; i++ {
		lc, _ := math.Lgamma(float64(n + 1))
		li, _ := math.Lgamma(float64(i + 1))
		lr, _ := math.Lgamma(float64(n - i + 1))
		p += math.Exp(lc - li - lr - float64(n)*math.Ln2)
	}
	return math.Min(1, 2*p)
}

// best names the approximations ranked first ("corrected1", or
// "corrected1 ≈ corrected2" when the truth cannot order them); "" when
// nothing was compared.
func (b rankBin) best(names []string) string {
	if b.Common == 0 {
		return ""
	}
	out := []string{names[b.Order[0]]}
	for k := 1; k < len(b.Order) && b.Tie[k]; k++ {
		out = append(out, names[b.Order[k]])
	}
	slices.SortFunc(out, func(a, c string) int {
		return cmp.Compare(slices.Index(names, a), slices.Index(names, c))
	})
	return strings.Join(out, " ≈ ")
}

// ranking returns the ranking of the approximations over all cases and
// over the bins of each of rankDims.
func ranking(vs []*caseView, names []string) (all rankBin, byDim [][]rankBin, err error) {
	all = rankOf("all", vs, names)
	for _, d := range rankDims {
		bins, err := binsOf(vs, d.dim)
		if err != nil {
			return all, nil, err
		}
		var rb []rankBin
		for _, b := range bins {
			label := d.name + " " + b.label
			switch {
			case b.label == "n/a":
				label = "set 3 (no single " + d.name + ")"
			case d.dim == sweep.ByN || d.dim == sweep.ByK:
				label = d.name + " = " + b.label
			}
			rb = append(rb, rankOf(label, b.vs, names))
		}
		byDim = append(byDim, rb)
	}
	return all, byDim, nil
}

// hasApproximations reports whether any record carries approximations
// besides the closed form, so that the ranking has something to rank.
func hasApproximations(vs []*caseView) bool {
	return len(approxNames(vs)) >= 2
}

// rankingAnswer is the ranking's part of the report's opening answer:
// each approximation over all compared cases, and which is best where.
func rankingAnswer(vs []*caseView, names []string) ([]Block, error) {
	all, byDim, err := ranking(vs, names)
	if err != nil {
		return nil, err
	}
	if all.Common == 0 {
		return []Block{Para("Approximations (%s): no case has a finite truth and a finite value of every one of them, so they cannot be ranked here.", strings.Join(names, ", "))}, nil
	}
	var parts []string
	for k, i := range all.Order {
		s := all.Stats[i]
		parts = append(parts, fmt.Sprintf("%s%s (median relative |error| %s, median |error| %s nats, RMS %s nats, %s %s)",
			map[bool]string{true: "≈ ", false: ""}[k > 0 && all.Tie[k]], names[i], Pct(s.MedRel), Num(s.MedAbs), Num(s.RMS), criterion(), Share(s.Within, all.Common)))
	}
	b := []Block{Para("Approximations, best first, on the %d cases where the truth and every approximation are finite (truth's median uncertainty there %s nats): %s.",
		all.Common, Num(all.MedUnc), strings.Join(parts, "; "))}
	var where []string
	for d, bins := range byDim {
		var runs []string
		prev, labels := "", []string(nil)
		flush := func() {
			if prev != "" {
				runs = append(runs, fmt.Sprintf("%s at %s", prev, strings.Join(labels, ", ")))
			}
		}
		for _, bn := range bins {
			best := bn.best(names)
			if best == "" {
				continue
			}
			l := strings.TrimPrefix(strings.TrimPrefix(bn.Label, rankDims[d].name+" = "), rankDims[d].name+" ")
			if best != prev {
				flush()
				prev, labels = best, nil
			}
			labels = append(labels, l)
		}
		flush()
		if len(runs) > 0 {
			where = append(where, "by "+rankDims[d].name+": "+strings.Join(runs, "; "))
		}
	}
	if len(where) > 0 {
		b = append(b, Para("Best by median |error| (≈: the truth cannot order them, see \"Approximations by regime\"): %s.",
			strings.Join(where, " — ")))
	}
	noValue := []string{}
	for i, name := range names {
		if n := all.Stats[i].NoValue; n > 0 {
			noValue = append(noValue, fmt.Sprintf("%s in %s", name, plural(n, "case")))
		}
	}
	if len(noValue) > 0 {
		b = append(b, Para("Without a value where the truth is finite (not counted above): %s.", strings.Join(noValue, ", ")))
	}
	return b, nil
}

// rankingBlocks is the section "Approximations by regime": the ranking
// tables and figure.
func rankingBlocks(vs []*caseView, names []string, fig *Figure) ([]Block, error) {
	all, byDim, err := ranking(vs, names)
	if err != nil {
		return nil, err
	}
	b := []Block{Heading("Approximations by regime")}
	b = append(b, Para("Each approximation (%s) against the same truth on the same cases: in every bin only the cases where the truth and every approximation are finite are compared (compared), "+
		"so that each row of a bin rests on the same cases; no value counts the bin's cases with a finite truth where that approximation has none. "+
		"RMS error = √(mean of (I_approx − I)²); median |error| and median relative |error| = median of |I_approx − I| and of |I_approx − I|/|I|; "+
		"%[2]s = the share of compared cases within that distance of the truth; real errors = |error| beyond the truth's tolerance and %d of its uncertainties (the truth can tell them from its own error); "+
		"truth's median uncertainty = the median one-sigma uncertainty of the truth over the compared cases, the scale below which the errors are not resolved. "+
		"Rank orders the approximations by median |error|; ≈ marks one the truth cannot order after the one ranked before it: "+
		"among the compared cases where the truth lies more than %[3]d uncertainties from the midpoint of the two values (so that it tells which is closer), "+
		"the one ranked before is not closer significantly more often (two-sided sign test, p ≥ 0.05).",
		strings.Join(names, ", "), criterion(), compare.RealSigmas))
	if fig != nil {
		b = append(b, Block{Figure: fig})
	}
	header := []string{"regime", "cases", "approximation", "rank", "compared", "no value", "RMS error", "median |error|", "median relative |error|", criterion(), "real errors", "truth's median uncertainty"}
	right := []bool{false, true, false, false, true, true, true, true, true, true, true, true}
	table := func(bins []rankBin) Block {
		var rows [][]Cell
		for _, bn := range bins {
			pos := make([]int, len(names))
			for k, i := range bn.Order {
				pos[i] = k
			}
			for i, name := range names {
				s := bn.Stats[i]
				label, cases, unc := Cell{}, Cell{}, Cell{}
				if i == 0 {
					label, cases, unc = Cell{Text: bn.Label}, C("%d", bn.Cases), Cell{Text: Num(bn.MedUnc)}
				}
				rank := Cell{Text: Missing}
				if bn.Common > 0 {
					k := pos[i]
					rank = C("%d", k+1)
					if bn.Tie[k] {
						rank = C("%d (≈ %d)", k+1, k)
					}
					if k == 0 {
						rank.Class = "good"
					}
				}
				rows = append(rows, []Cell{label, cases, {Text: name}, rank, C("%d", bn.Common), C("%d", s.NoValue),
					{Text: Num(s.RMS)}, {Text: Num(s.MedAbs)}, {Text: Pct(s.MedRel)}, {Text: shareOr(s.Within, bn.Common)}, {Text: shareOr(s.Real, bn.Common)}, unc})
			}
		}
		return Block{Table: &Table{Header: header, Right: right, Rows: rows}}
	}
	b = append(b, Subheading("All cases"), table([]rankBin{all}))
	for d, bins := range byDim {
		b = append(b, Subheading(rankDims[d].title), table(bins))
	}
	return b, nil
}

// shareOr is Share(a, b), or Missing when b is 0.
func shareOr(a, b int) string {
	if b == 0 {
		return Missing
	}
	return Share(a, b)
}

// RankingFigure is the name of the ranking figure (fig-NAME.svg and .png),
// written only when the records carry approximations.
const RankingFigure = "approximation-ranking"

// rankingFigure draws the median |error| of each approximation per bin of
// n, K, σ² and ρ, with the truth's median uncertainty beside it.
func rankingFigure(vs []*caseView, names []string) (FigureSpec, error) {
	title := "Approximations by regime"
	caption := "Median |I_approx − I| (nats; linear within 0.001 nats, logarithmic beyond) of each approximation per bin of n, K, σ² and ρ, " +
		"over the bin's cases where the truth and every approximation are finite (their count in brackets under each bin); " +
		"the grey dashed line is the truth's median uncertainty over the same cases: below it the truth cannot tell an approximation from exact."
	_, byDim, err := ranking(vs, names)
	if err != nil {
		return FigureSpec{}, err
	}
	ys := AsinhScale{1e-3}
	ymax := 0.0
	for _, bins := range byDim {
		for _, b := range bins {
			ymax = math.Max(ymax, unc0(b.MedUnc))
			for _, s := range b.Stats {
				if finite(s.MedAbs) {
					ymax = math.Max(ymax, s.MedAbs)
				}
			}
		}
	}
	ymax = ys.inv(ys.t(math.Max(ymax, 0.01)) * 1.08)
	drawFn := func(c draw.Canvas) {
		leg := NewLegend()
		var plots [][]*plot.Plot
		for d, bins := range byDim {
			p := NewPlot("by "+rankDims[d].name, "", "")
			if d%2 == 0 {
				p.Y.Label.Text = "median |error| (nats)"
			}
			p.Add(plotter.NewGrid())
			var ticks []plot.Tick
			var unc plotter.XYs
			for i, b := range bins {
				l := strings.TrimPrefix(strings.TrimPrefix(b.Label, rankDims[d].name+" = "), rankDims[d].name+" ")
				if strings.HasPrefix(l, "set 3") {
					l = "set 3"
				}
				ticks = append(ticks, plot.Tick{Value: float64(i), Label: fmt.Sprintf("%s (%d)", l, b.Common)})
				if b.Common > 0 {
					unc = append(unc, plotter.XY{X: float64(i), Y: unc0(b.MedUnc)})
				}
			}
			if l := Line(unc, ColGrey, vg.Points(1.5), true); l != nil {
				p.Add(l)
				if d == 0 {
					leg.Add("truth's median uncertainty", l)
				}
			}
			for k, name := range names {
				var xy plotter.XYs
				for i, b := range bins {
					if b.Common > 0 {
						xy = append(xy, plotter.XY{X: float64(i), Y: b.Stats[k].MedAbs})
					}
				}
				col := Palette[k%len(Palette)]
				l := Line(xy, col, vg.Points(1.5), false)
				if l != nil {
					p.Add(l)
				}
				sc := Scatter(xy, col, Glyphs[k%len(Glyphs)], vg.Points(3))
				if sc != nil {
					p.Add(sc)
				}
				if d == 0 {
					leg.Add(name, Scatter(plotter.XYs{{X: 0, Y: 0}}, col, Glyphs[k%len(Glyphs)], vg.Points(3)), Line(plotter.XYs{{X: 0, Y: 0}, {X: 1, Y: 0}}, col, vg.Points(1.5), false))
				}
			}
			p.X.Min, p.X.Max = -0.5, math.Max(0.5, float64(len(bins))-0.5)
			p.X.Tick.Marker = plot.ConstantTicks(ticks)
			p.X.Tick.Label.Rotation = math.Pi / 6
			p.X.Tick.Label.XAlign = draw.XRight
			p.X.Tick.Label.YAlign = draw.YCenter
			p.Y.Scale, p.Y.Tick.Marker = ys, ys
			p.Y.Min, p.Y.Max = 0, ymax
			if d%2 == 0 {
				plots = append(plots, nil)
			}
			plots[len(plots)-1] = append(plots[len(plots)-1], p)
		}
		for len(plots[len(plots)-1]) < 2 {
			plots[len(plots)-1] = append(plots[len(plots)-1], nil)
		}
		drawTiles(c, plots, leg, vg.Points(14))
	}
	return FigureSpec{Name: RankingFigure, Title: title, Caption: caption, Width: 2*4.6*vg.Inch + LegendWidth, Height: 2 * 4 * vg.Inch, Draw: drawFn}, nil
}
