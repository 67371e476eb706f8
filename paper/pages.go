package paper

import (
	"fmt"
	"math"
	"reflect"
	"sort"
	"strings"

	"github.com/syninfo/syninfo/compare"
	"github.com/syninfo/syninfo/num"
	"github.com/syninfo/syninfo/reports"
)

// The paper's pages are a reports.Page: this file assembles the blocks
// (headings, paragraphs, tables, figures, verdicts) and reports renders them
// as report.md and index.html.

// SourceWords says a verdict's source (a key of Claim.Verdicts) in words.
var SourceWords = map[string]string{
	"closed_form_dropped":   "closed form, failures dropped (the paper's procedure)",
	"closed_form_authors":   "closed form as the authors' code evaluates it",
	"closed_form_filled":    "closed form, failures filled",
	"closed_form_subsample": "closed form on the truth subsample",
	"closed_form":           "closed form",
	"truth":                 "truth, every draw",
	"truth_on_kept":         "truth on the draws the closed form kept",
}

// Words returns the words of a verdict source (the key itself when unknown).
func Words(source string) string {
	if w, ok := SourceWords[source]; ok {
		return w
	}
	return strings.ReplaceAll(source, "_", " ")
}

// RunKind says how a run's sizes compare with the paper's: "" for the full
// sizes, "quick run" for QuickSizes, "reduced run" otherwise.
func RunKind(s Sizes) string {
	switch {
	case reflect.DeepEqual(s, FullSizes()):
		return ""
	case reflect.DeepEqual(s, QuickSizes()):
		return "quick run"
	}
	return "reduced run"
}

func f3(x num.Float) string { return reports.Fixed(float64(x), 3) }

func fp(x num.Float) string { return reports.Sig(float64(x), 2) }

func ci(r RegStats) string {
	return fmt.Sprintf("[%s, %s]", f3(r.SlopeCI[0]), f3(r.SlopeCI[1]))
}

func kinds(m map[string]int) string {
	var keys []string
	for k, v := range m {
		if v > 0 {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	var parts []string
	for _, k := range keys {
		parts = append(parts, fmt.Sprintf("%s %d", strings.ReplaceAll(k, "_", " "), m[k]))
	}
	if len(parts) == 0 {
		return "none"
	}
	return strings.Join(parts, ", ")
}

func pct(a, b int) string {
	if b == 0 {
		return reports.Missing
	}
	return reports.Pct(float64(a) / float64(b))
}

// verdictClass colours a verdict in HTML.
func verdictClass(holds string) string {
	switch holds {
	case Holds:
		return "good"
	case HoldsDifferent, Undetermined:
		return "warn"
	case DoesNotHold:
		return "bad"
	}
	return ""
}

// drawsBehind returns the number of draws behind a verdict (for the quick
// run's labels): the set's draws, Fig 4's or its truth subsample's.
func drawsBehind(res *Result, id, source string) string {
	s := res.Sizes
	switch {
	case id == "fig2c" || id == "fig3c":
		return fmt.Sprintf("%d set-2 draws", s.Set2Draws)
	case id == "fig2d" || id == "fig3d":
		return fmt.Sprintf("%d set-3 draws", s.Set3Draws)
	case strings.HasPrefix(id, "fig4"):
		if source == "closed_form_dropped" || source == "closed_form_authors" {
			return fmt.Sprintf("%d draws", s.Fig4Draws)
		}
		return fmt.Sprintf("%d-draw subsample, M = %d", res.Fig4.SubsampleDraws, s.Fig4TruthSamples)
	case id == "synergy" && res.Synergy != nil:
		return fmt.Sprintf("%d cases, N up to %d", len(res.Synergy.Points), maxInt(s.Synergy.Neurons))
	}
	return ""
}

func maxInt(x []int) int {
	m := 0
	for _, v := range x {
		m = max(m, v)
	}
	return m
}

// verdictCell is a verdict as a table cell: the verdict, its numbers, and in
// a quick or reduced run the label and the draws behind it.
func verdictCell(res *Result, c Claim, source, suffix string) reports.Cell {
	v, ok := c.Verdicts[source]
	if !ok {
		return reports.Cell{Text: reports.Missing}
	}
	lead := v.Holds
	if kind := RunKind(res.Sizes); kind != "" {
		lead += " (" + kind + ": " + drawsBehind(res, c.ID, source) + ")"
	}
	text := v.Detail
	if suffix != "" {
		text += " " + suffix
	}
	return reports.Cell{Lead: lead + ":", Text: text, Class: verdictClass(v.Holds)}
}

// buildPage assembles the report's blocks.
func buildPage(res *Result, figs map[string]*reports.Figure, synergyOrder []string) *reports.Page {
	page := &reports.Page{Title: "Reproduction of Fan & Mysore (arXiv:2411.17692) with syninfo"}
	var b []reports.Block
	h := func(s string) { b = append(b, reports.Heading(s)) }
	p := func(format string, args ...any) { b = append(b, reports.Para(format, args...)) }
	t := func(header []string, rows [][]reports.Cell) {
		b = append(b, reports.Block{Table: &reports.Table{Header: header, Rows: rows}})
	}
	fig := func(name string) {
		if f, ok := figs[name]; ok {
			b = append(b, reports.Block{Figure: f})
		}
	}
	cells := func(s ...string) []reports.Cell {
		out := make([]reports.Cell, len(s))
		for i, x := range s {
			out[i] = reports.Cell{Text: x}
		}
		return out
	}
	s := res.Sizes
	if kind := RunKind(s); kind != "" {
		page.Title += " — " + kind
		how := "syninfo paper --quick"
		if kind != "quick run" {
			how = "sizes below the paper's"
		}
		page.Banner = fmt.Sprintf("This is a %s (%s), not the paper's size: %d set-2 and %d set-3 draws (the paper: 1000 each), %d Fig 4 draws (the paper: 20,000), "+
			"truth from M = %d samples per case (Fig 4's subsample: %d draws, M = %d). Verdicts from so few draws can differ from a full run's; every verdict below says how many draws it rests on.",
			kind, how, s.Set2Draws, s.Set3Draws, s.Fig4Draws, s.TruthSamples, s.Fig4TruthDraws, s.Fig4TruthSamples)
	}
	p("Fan & Mysore (arXiv:2411.17692, v2) compute the information Hebbian weights hold about stored log-normal patterns with a closed form (multivariate Fenton–Wilkinson) and draw their conclusions from it, "+
		"dropping the draws where it failed (NaN, inf or negative: about 5%%, they say). syninfo redraws their three simulation sets (docs/method.md describes them; its own random streams, so the draws differ from the authors' while the distributions are the same), "+
		"computes the closed form on every draw and the truth on the same draws: the numerically exact reference for one synapse (and for two, where it fits a few CPU-seconds), the entropy-difference estimate "+
		"for larger ensembles (%s: Kozachenko–Leonenko entropies of ln W after whitening, weighted over k = 1…12 neighbours to cancel the leading bias; docs/truth.md), "+
		"whose uncertainty joins the block standard error and the bias still left, estimated from the drift over nested subsamples of the same draws. Seed %d. Numbers: %s for a value that does not exist, +∞ and −∞ for infinities.", compare.DefaultEstimator, res.Seed, reports.Missing)
	if !res.Truth {
		p("The truth part was not run: only the closed form is reported.")
	}

	b = append(b, answerBlock(res))

	h("Verdicts")
	p("A slope claim holds when the 95%% CI of the slope lies on the paper's side of zero; \"holds\" when it also contains the paper's slope, \"holds, different value\" when it excludes it. " +
		"A Fig 4 claim holds when the statistic has the paper's sign at p < 0.05. Columns: syninfo's closed form with failed draws dropped (the paper's procedure), " +
		"the closed form as the authors' code evaluates it (ln(det C / det C') from signed determinants, so indefinite C and C' of equal sign give a number; NaN, inf and negative values dropped), " +
		"the closed form with failed draws filled with the value of the most similar kept draw (the paper's §5.2), the truth on every draw (also those where the closed form failed), " +
		"and the truth on the draws the closed form kept. Green: holds; yellow: holds with a different value, or undetermined; red: does not hold.")
	header := []string{"claim", "paper", Words("closed_form_dropped"), Words("closed_form_authors"), Words("closed_form_filled"), Words("truth"), Words("truth_on_kept")}
	var rows [][]reports.Cell
	for _, c := range res.Claims {
		cell := func(k, suffix string) reports.Cell { return verdictCell(res, c, k, suffix) }
		head := cells(c.Text, c.Paper)
		switch {
		case strings.HasPrefix(c.ID, "fig4"):
			rows = append(rows, append(head, cell("closed_form_dropped", "(all draws)"), cell("closed_form_authors", "(all draws)"),
				cell("closed_form_subsample", "(closed form on the truth subsample)"), cell("truth", "(subsample)"), cell("truth_on_kept", "(subsample)")))
		case c.ID == "synergy":
			rows = append(rows, append(head, cell("closed_form", ""), reports.Cell{Text: reports.Missing}, reports.Cell{Text: reports.Missing}, cell("truth", ""), reports.Cell{Text: reports.Missing}))
		default:
			rows = append(rows, append(head, cell("closed_form_dropped", ""), cell("closed_form_authors", ""), cell("closed_form_filled", ""), cell("truth", ""), cell("truth_on_kept", "")))
		}
	}
	t(header, rows)

	h("The paper's numbers beside syninfo's (Figs 2C, 2D, 3C, 3D)")
	regs := []struct {
		name string
		r    Regression
	}{{"2C: ln I vs ln K, set 2", res.Fig2C}, {"2D: ln I vs ln K, set 3", res.Fig2D}, {"3C: ln I vs ln n, set 2", res.Fig3C}, {"3D: ln I vs ln n, set 3", res.Fig3D}}
	rows = nil
	for _, rg := range regs {
		r := rg.r
		rows = append(rows,
			cells(rg.name, "paper", reports.Fixed(r.Paper.Slope, 3), fmt.Sprintf("[%s, %s]", reports.Fixed(r.Paper.SlopeCI[0], 3), reports.Fixed(r.Paper.SlopeCI[1], 3)), reports.Fixed(r.Paper.R, 3), "", "", "about 5% dropped"),
			cells("", "closed form, failures dropped", f3(r.Slope), ci(r.RegStats), f3(r.R), fp(r.P), fmt.Sprint(r.DrawsUsed), fmt.Sprintf("%d (%s)", r.DrawsFailed, kinds(r.FailedByKind))),
			cells("", "closed form, authors' evaluation and drops", f3(r.Authors.Slope), ci(r.Authors), f3(r.Authors.R), fp(r.Authors.P), fmt.Sprint(r.Authors.DrawsUsed), fmt.Sprintf("%d (%s)", r.Authors.DrawsFailed, kinds(r.Authors.FailedByKind))),
			cells("", "closed form, failures filled", f3(r.Filled.Slope), ci(r.Filled), f3(r.Filled.R), fp(r.Filled.P), fmt.Sprint(r.Filled.DrawsUsed), "0 (filled)"),
		)
		if res.Truth {
			rows = append(rows,
				cells("", "truth, every draw", f3(r.Truth.Slope), ci(r.Truth), f3(r.Truth.R), fp(r.Truth.P), fmt.Sprint(r.Truth.DrawsUsed), fmt.Sprintf("%d (%s)", r.Truth.DrawsFailed, kinds(r.Truth.FailedByKind))),
				cells("", "truth on the kept draws", f3(r.TruthOnKept.Slope), ci(r.TruthOnKept), f3(r.TruthOnKept.R), fp(r.TruthOnKept.P), fmt.Sprint(r.TruthOnKept.DrawsUsed), fmt.Sprintf("%d (%s)", r.TruthOnKept.DrawsFailed, kinds(r.TruthOnKept.FailedByKind))),
			)
		}
	}
	b = append(b, reports.Block{Table: &reports.Table{Header: []string{"figure", "source", "slope", "95% CI", "r", "p", "draws used", "draws failed (kinds)"},
		Right: []bool{false, false, true, false, true, true, true, false}, Rows: rows}})
	overlap := func(r Regression) string {
		lo, hi := float64(r.SlopeCI[0]), float64(r.SlopeCI[1])
		if lo <= r.Paper.SlopeCI[1] && r.Paper.SlopeCI[0] <= hi {
			return "overlaps"
		}
		return "does NOT overlap"
	}
	p("Closed-form slopes against the paper's: 2C %s %s the paper's CI, 2D %s %s, 3C %s %s, 3D %s %s.",
		f3(res.Fig2C.Slope), overlap(res.Fig2C), f3(res.Fig2D.Slope), overlap(res.Fig2D), f3(res.Fig3C.Slope), overlap(res.Fig3C), f3(res.Fig3D.Slope), overlap(res.Fig3D))

	h("What dropping the failed draws does")
	p("The closed form failed (not positive definite, infinite truth, or a value ≤ 0) on %d of %d set-2 draws (%s) and %d of %d set-3 draws (%s); on Fig 4's %d set-3 draws, %d (%s), by kind: %s. The paper reports about 5%%. "+
		"The authors' code evaluates ln(det C / det C') from signed determinants, which gives a number when both matrices are indefinite with determinants of the same sign (docs/method.md); "+
		"evaluated that way and dropped as they dropped (NaN, inf, negative), the same draws lose %d of %d (%s) in set 2, %d of %d (%s) in set 3 and %d of %d (%s) in Fig 4: "+
		"the difference is the draws syninfo counts as failed while the authors' code reported a number for them.",
		res.Fig2C.DrawsFailed, res.Fig2C.DrawsFailed+res.Fig2C.DrawsUsed, pct(res.Fig2C.DrawsFailed, res.Fig2C.DrawsFailed+res.Fig2C.DrawsUsed),
		res.Fig2D.DrawsFailed, res.Fig2D.DrawsFailed+res.Fig2D.DrawsUsed, pct(res.Fig2D.DrawsFailed, res.Fig2D.DrawsFailed+res.Fig2D.DrawsUsed),
		res.Fig4.Draws, res.Fig4.ClosedForm.DrawsFailed, pct(res.Fig4.ClosedForm.DrawsFailed, res.Fig4.Draws), kinds(res.Fig4.ClosedForm.FailedByKind),
		res.Fig2C.Authors.DrawsFailed, res.Fig2C.Authors.DrawsFailed+res.Fig2C.Authors.DrawsUsed, pct(res.Fig2C.Authors.DrawsFailed, res.Fig2C.Authors.DrawsFailed+res.Fig2C.Authors.DrawsUsed),
		res.Fig2D.Authors.DrawsFailed, res.Fig2D.Authors.DrawsFailed+res.Fig2D.Authors.DrawsUsed, pct(res.Fig2D.Authors.DrawsFailed, res.Fig2D.Authors.DrawsFailed+res.Fig2D.Authors.DrawsUsed),
		res.Fig4.Authors.DrawsFailed, res.Fig4.Draws, pct(res.Fig4.Authors.DrawsFailed, res.Fig4.Draws))
	if res.Truth {
		rows = nil
		for _, rg := range regs {
			r := rg.r
			rows = append(rows, cells(rg.name, f3(r.Truth.Slope), f3(r.TruthOnKept.Slope),
				reports.Fixed(float64(r.TruthOnKept.Slope-r.Truth.Slope), 3), reports.Fixed(float64(r.Slope-r.TruthOnKept.Slope), 3)))
		}
		b = append(b, reports.Block{Table: &reports.Table{Header: []string{"figure", "truth slope, every draw", "truth slope, kept draws only", "shift from dropping", "closed form on kept − truth on kept (the closed form's own error)"},
			Right: []bool{false, true, true, true, true}, Rows: rows}})
		p("The truth on every draw against the truth on the kept draws isolates the selection effect of dropping: it does not involve the closed form's values at all. The last column is the closed form's own bias on the same draws. " +
			"Infinite truths (the model is degenerate: K − 1 patterns cannot fill n dimensions) and estimates ≤ 0 cannot enter ln I and are counted in the truth's failed column.")
	}

	h("Figs 2C, 2D, 3C, 3D")
	for _, n := range []string{"fig2c", "fig2d", "fig3c", "fig3d"} {
		fig(n)
	}

	h("Figs 2A, 2B, 3A, 3B (set 1)")
	p("Closed-form curves on the paper's grids (%d values of s or r), the truth beside them for K in %v (Figs 2A, 2B: exact, every grid value) and n in %v (Figs 3A, 3B: every %d-th grid value; n > 1 by entropy difference with M = %d). "+
		"Failures are marked, not hidden (the paper cut Fig 3B's curves at their first failure).",
		s.Set1Grid, s.Set1TruthK, s.Set1TruthLen, s.Set1TruthStride, s.Set1TruthSamples)
	rows = nil
	for _, n := range []string{groupFig2A, groupFig2B, groupFig3A, groupFig3B} {
		g := res.Set1[n]
		failed := 0
		for _, v := range g.Failed {
			failed += v
		}
		rows = append(rows, cells("Fig "+strings.ToUpper(n[3:]), fmt.Sprint(g.Points), fmt.Sprintf("%d (%s)", failed, kinds(g.Failed)), fmt.Sprint(g.TruthPoints), f3(g.MaxAbsError), reports.Pct(float64(g.MedianRelError))))
	}
	b = append(b, reports.Block{Table: &reports.Table{Header: []string{"figure", "grid points", "closed form failed (kinds)", "points with a truth", "max |I_FW − truth| (nats)", "median relative error"},
		Right: []bool{false, true, false, true, true, true}, Rows: rows}})
	for _, n := range []string{groupFig2A, groupFig2B, groupFig3A, groupFig3B} {
		fig(n)
	}

	h("Fig 4: information per synapse")
	f4 := res.Fig4
	tt := func(x TTestOut) string { return fmt.Sprintf("%s (%s)", reports.Fixed(float64(x.T), 2), fp(x.P)) }
	rr := func(x RegStats) string { return fmt.Sprintf("%s (%s)", reports.Fixed(float64(x.R), 2), fp(x.P)) }
	rows = [][]reports.Cell{cells("paper", "20,000 less about 5%", fmt.Sprintf("%s (%s)", reports.Fixed(f4.Paper.T1v4, 2), reports.Sig(f4.Paper.P1v4, 2)),
		fmt.Sprintf("%s (%s)", reports.Fixed(f4.Paper.T4v20, 2), reports.Sig(f4.Paper.P4v20, 2)), "", "", reports.Fixed(f4.Paper.RMean, 2), reports.Fixed(f4.Paper.RStdDev, 2))}
	part := func(name string, x Fig4Part) {
		rows = append(rows, cells(name, fmt.Sprintf("%d / %d (%s)", x.DrawsUsed, x.DrawsFailed, kinds(x.FailedByKind)), tt(x.Student1v4), tt(x.Student4v20), tt(x.Welch1v4), tt(x.Welch4v20), rr(x.MeanVsN), rr(x.SDVsN)))
	}
	part(fmt.Sprintf("closed form, %d draws, failures dropped", f4.Draws), f4.ClosedForm)
	part(fmt.Sprintf("closed form, authors' evaluation and drops, %d draws", f4.Draws), f4.Authors)
	if f4.SubsampleDraws > 0 {
		part(fmt.Sprintf("closed form, truth subsample (%d draws)", f4.SubsampleDraws), f4.ClosedFormSubsample)
		part(fmt.Sprintf("truth, subsample (%d draws, M = %d)", f4.SubsampleDraws, s.Fig4TruthSamples), f4.Truth)
		part("truth, subsample, only the draws the closed form kept", f4.TruthOnKept)
	}
	t([]string{"source", "draws used / failed", "Student t, n = 1 vs 4 (p)", "Student t, n = 4 vs 20 (p)", "Welch t, 1 vs 4 (p)", "Welch t, 4 vs 20 (p)", "r of mean I/n vs n (p)", "r of SD vs n (p)"}, rows)
	p("The t-tests are on ln(I/n), as in the authors' notebook (scipy.stats.ttest_ind, pooled variance); Welch's test is given beside. Fig 4's draws are set 3's draws %d..%d (independent of Figs 2D/3D's). "+
		"The truth subsample (%d draws) is Fig 4's first %d draws (the draws being i.i.d., a uniform random subsample, behind the per-n means and SDs) and every draw with n in %v "+
		"(so that the truth's t-tests compare as many draws as the closed form's); the closed form is also given on exactly this subsample.",
		s.Set3Draws, s.Set3Draws+s.Fig4Draws-1, f4.SubsampleDraws, s.Fig4TruthDraws, s.Fig4TruthLens)
	fig("fig4_mean")
	fig("fig4_sd")

	if res.Synergy != nil {
		b = append(b, synergyBlocks(res, figs, synergyOrder)...)
	}
	if res.Approx != nil {
		b = append(b, approxBlocks(res)...)
	}

	h("Budget and timing")
	p("Closed form: %d set-2, %d set-3 and %d Fig 4 draws in %.1f s, with the set-1 grids %.1f s. Truth: exact reference for n = 1; entropy difference with M = %d draws per case for sets 2 and 3, "+
		"M = %d for Fig 4's subsample (first %d draws and every draw with n in %v), M = %d for Figs 3A/3B; resumable sweep in truth.jsonl; %.1f s. Synergy: %.1f s. "+
		"Wall-clock times of this run (they vary with the machine's load).",
		s.Set2Draws, s.Set3Draws, s.Fig4Draws, res.Timing.ClosedFormDraws, res.Timing.ClosedForm, s.TruthSamples, s.Fig4TruthSamples, s.Fig4TruthDraws, s.Fig4TruthLens, s.Set1TruthSamples, res.Timing.Truth, res.Timing.Synergy)
	if res.Approx != nil {
		p("Approximations (%s) on the subsample (%d set-2, %d set-3 and %d Fig 4 draws; resumable sweep in approx.jsonl): %.1f s.",
			strings.Join(res.Approx.Names, ", "), res.Approx.Set2Draws, res.Approx.Set3Draws, res.Approx.Fig4Draws, res.Timing.Approx)
	}
	if res.Provenance != nil {
		b = append(b, reports.Block{Para: []reports.Span{reports.Text("Made by "), {Text: res.Provenance.String(), Code: true}, reports.Text(".")}})
	}
	page.Blocks = b
	return page
}

// answerBlock leads the page: each claim's verdict by the paper's own
// procedure and by the truth, in one short table, and a sentence that
// counts them.
func answerBlock(res *Result) reports.Block {
	var box []reports.Block
	box = append(box, reports.Heading("The answer"))
	kind := RunKind(res.Sizes)
	agree, disagree, held, heldTruth, n := 0, 0, 0, 0, 0
	var rows [][]reports.Cell
	for _, c := range res.Claims {
		cfKey := "closed_form_dropped"
		if _, ok := c.Verdicts[cfKey]; !ok {
			cfKey = "closed_form"
		}
		cf, okCF := c.Verdicts[cfKey]
		tr, okT := c.Verdicts["truth"]
		row := []reports.Cell{{Text: c.Text}, {Text: c.Paper}, {Text: verdictWord(cf.Holds, okCF, kind, drawsBehind(res, c.ID, cfKey)), Class: verdictClass(cf.Holds)}, {Text: reports.Missing}}
		if okT {
			row[3] = reports.Cell{Text: verdictWord(tr.Holds, true, kind, drawsBehind(res, c.ID, "truth")), Class: verdictClass(tr.Holds)}
		}
		rows = append(rows, row)
		n++
		if okCF && isHeld(cf.Holds) {
			held++
		}
		if okT && isHeld(tr.Holds) {
			heldTruth++
		}
		if okCF && okT {
			if isHeld(cf.Holds) == isHeld(tr.Holds) {
				agree++
			} else {
				disagree++
			}
		}
	}
	s := fmt.Sprintf("Of the paper's %d claims checked here, %d hold when the closed form is used as the paper used it (failed draws dropped)", n, held)
	if res.Truth {
		s += fmt.Sprintf(", and %d hold by the truth (the exact reference or the entropy-difference estimate on the same draws); the two agree on %d and disagree on %d", heldTruth, agree, disagree)
	}
	s += "."
	if kind != "" {
		s += fmt.Sprintf(" This is a %s: each verdict says the draws it rests on, and may change at the paper's size.", kind)
	}
	box = append(box, reports.Para("%s", s))
	box = append(box, reports.Block{Table: &reports.Table{Header: []string{"claim", "paper", "closed form, as the paper (failures dropped)", "truth, every draw"}, Rows: rows}})
	box = append(box, reports.Para("\"holds\" = the claim's sign and significance hold (for a slope, with the paper's value inside the 95%% CI); the numbers behind each verdict are in the Verdicts table below."))
	return reports.Block{Box: box, Class: "answer"}
}

func isHeld(h string) bool { return h == Holds || h == HoldsDifferent }

// verdictWord is a verdict with the run kind and draws when not full size.
func verdictWord(holds string, ok bool, kind, draws string) string {
	if !ok {
		return reports.Missing
	}
	if kind != "" && draws != "" {
		return holds + " (" + kind + ": " + draws + ")"
	}
	return holds
}

// synergyBlocks is the synergy section.
func synergyBlocks(res *Result, figs map[string]*reports.Figure, order []string) []reports.Block {
	var b []reports.Block
	p := func(format string, args ...any) { b = append(b, reports.Para(format, args...)) }
	b = append(b, reports.Heading("Synergy: up to the whole network"))
	p("Does I/n keep rising as the ensemble grows to all N(N−1)/2 synapses? For each N and K: the patterns (set3: one set-3 draw, a random Sigma per pattern; set1: set 1's fixed means and shared Sigma with s = 1, r = 0), " +
		"one random order of all synapses, nested prefixes of n synapses on a logarithmic grid. Beyond a rank threshold the truth is infinite (the K − 1 other patterns span at most (K−1)d − (K−1)(K−2)/2 dimensions over d touched neurons, fewer than n), " +
		"while the closed form may stay finite.")
	type cnt struct{ all, ok, npd, inf, infFinite int }
	type fk struct {
		fam string
		nn  int
	}
	counts := map[fk]*cnt{}
	var ns []fk
	for _, q := range res.Synergy.Points {
		key := fk{q.Family, q.Neurons}
		c := counts[key]
		if c == nil {
			c = &cnt{}
			counts[key] = c
			ns = append(ns, key)
		}
		c.all++
		switch q.Status {
		case "ok":
			c.ok++
		case "infinite":
			c.inf++
			if q.MINats.Valid() {
				c.infFinite++
			}
		default:
			c.npd++
		}
	}
	var rows [][]reports.Cell
	for _, key := range ns {
		c, nn := counts[key], key.nn
		rows = append(rows, []reports.Cell{{Text: key.fam}, reports.C("%d", nn), reports.C("%d", nn*(nn-1)/2), reports.C("%d", res.Synergy.Threshold[fmt.Sprint(nn)]),
			reports.C("%d", c.all), reports.C("%d", c.ok), reports.C("%d", c.npd), reports.C("%d", c.inf), reports.C("%d", c.infFinite), {Text: reports.Fixed(res.Synergy.Seconds[fmt.Sprint(nn)], 1)}})
	}
	b = append(b, reports.Block{Table: &reports.Table{Header: []string{"patterns", "N", "N(N−1)/2", "K* (whole network finite from)", "cases", "ok", "not positive definite", "infinite", "infinite with a finite closed form", "seconds"},
		Right: []bool{false, true, true, true, true, true, true, true, true, true}, Rows: rows}})
	for _, c := range res.Claims {
		if c.ID == "synergy" {
			for _, k := range []string{"closed_form", "truth"} {
				if _, ok := c.Verdicts[k]; ok {
					b = append(b, reports.Block{Para: []reports.Span{{Text: "Verdict (" + Words(k) + "): ", Bold: true}, reports.Text("%s", verdictCell(res, c, k, "").Lead+" "+verdictCell(res, c, k, "").Text+".")}})
				}
			}
		}
	}
	for _, n := range order {
		b = append(b, reports.Block{Figure: figs[n]})
	}
	b = append(b, reports.Heading("Synergy: every case"))
	rows = nil
	for _, q := range res.Synergy.Points {
		tr := reports.Missing
		if q.Truth.Valid() || math.IsInf(float64(q.Truth), 1) {
			tr = fmt.Sprintf("%s ± %s", reports.Fixed(float64(q.Truth), 4), reports.Fixed(truthBar(q.TruthUnc, q.TruthSE), 4))
		}
		rows = append(rows, []reports.Cell{{Text: q.Family}, reports.C("%d", q.Neurons), reports.C("%d", q.K), reports.C("%d", q.Len), {Text: strings.ReplaceAll(q.Status, "_", " ")},
			{Text: reports.Fixed(float64(q.MINats), 4)}, {Text: reports.Fixed(float64(q.PerSynapse), 5)}, {Text: tr}})
	}
	b = append(b, reports.Block{Table: &reports.Table{Header: []string{"patterns", "N", "K", "n", "status", "I_FW (nats)", "I_FW / n", "truth (± uncertainty)"},
		Right: []bool{false, true, true, true, false, true, true, true}, Rows: rows}})
	return b
}

// writePages draws the figures and writes report.md and index.html.
func writePages(dir string, res *Result) error {
	figs := map[string]*reports.Figure{}
	addFig := func(f *reports.Figure, err error) error {
		if err != nil {
			return err
		}
		figs[f.Name] = f
		return nil
	}
	titles := map[string]string{
		groupFig2A: "Fig 2A: ln I against s (r = 0), one curve per K = 2..32",
		groupFig2B: "Fig 2B: ln I against r (s = 1), one curve per K = 2..32",
		groupFig3A: "Fig 3A: ln I against s (K = 10), one curve per n = 1..16",
		groupFig3B: "Fig 3B: ln I against r (K = 10, s = 1), one curve per n = 1..16",
	}
	for _, n := range []string{groupFig2A, groupFig2B, groupFig3A, groupFig3B} {
		byLen := n == groupFig3A || n == groupFig3B
		xOf := func(g GridPoint) float64 { return g.S }
		xName := "s"
		if n == groupFig2B || n == groupFig3B {
			xOf = func(g GridPoint) float64 { return g.R }
			xName = "r"
		}
		if err := addFig(set1Figure(n, titles[n], res.grids[n], byLen, xOf, xName)); err != nil {
			return err
		}
	}
	for _, r := range []struct {
		name, title string
		draws       []Draw
		reg         Regression
		x           func(Draw) float64
	}{
		{"fig2c", "Fig 2C: ln I against ln K (set 2)", res.set2, res.Fig2C, lnK},
		{"fig2d", "Fig 2D: ln I against ln K (set 3)", res.set3, res.Fig2D, lnK},
		{"fig3c", "Fig 3C: ln I against ln n (set 2)", res.set2, res.Fig3C, lnN},
		{"fig3d", "Fig 3D: ln I against ln n (set 3)", res.set3, res.Fig3D, lnN},
	} {
		if err := addFig(regressionFigure(r.name, r.title, r.draws, r.reg, r.x)); err != nil {
			return err
		}
	}
	f4, err := fig4Figure(res.Fig4)
	if err != nil {
		return err
	}
	for _, f := range f4 {
		figs[f.Name] = f
	}
	var synergyOrder []string
	if res.Synergy != nil {
		sf, err := synergyFigures(res.Synergy)
		if err != nil {
			return err
		}
		for _, f := range sf {
			figs[f.Name] = f
			synergyOrder = append(synergyOrder, f.Name)
		}
	}
	return reports.WritePage(dir, buildPage(res, figs, synergyOrder))
}
