package paper

import (
	"fmt"
	"html"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/syninfo/syninfo/num"
)

// A page is a list of blocks rendered both as Markdown and as HTML, so that
// report.md and index.html say the same.
type block struct {
	heading string     // a section heading (level 2), or
	text    string     // a paragraph (plain text), or
	table   [][]string // a table (first row: header), or
	fig     *figure    // a figure
}

func f3(x num.Float) string { return fnum(float64(x), 3) }

func fnum(x float64, prec int) string {
	switch {
	case math.IsNaN(x):
		return "n/a"
	case math.IsInf(x, 1):
		return "+inf"
	case math.IsInf(x, -1):
		return "-inf"
	}
	return fmt.Sprintf("%.*f", prec, x)
}

func fp(x num.Float) string {
	if !x.Valid() {
		return "n/a"
	}
	return fmt.Sprintf("%.2g", float64(x))
}

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
		parts = append(parts, fmt.Sprintf("%s %d", k, m[k]))
	}
	if len(parts) == 0 {
		return "none"
	}
	return strings.Join(parts, ", ")
}

func pct(a, b int) string {
	if b == 0 {
		return "n/a"
	}
	return fmt.Sprintf("%.1f%%", 100*float64(a)/float64(b))
}

// buildPage assembles the report's blocks.
func buildPage(res *Result, figs map[string]figure) []block {
	var b []block
	h := func(s string) { b = append(b, block{heading: s}) }
	p := func(format string, args ...any) { b = append(b, block{text: fmt.Sprintf(format, args...)}) }
	t := func(rows [][]string) { b = append(b, block{table: rows}) }
	fig := func(name string) {
		if f, ok := figs[name]; ok {
			b = append(b, block{fig: &f})
		}
	}
	s := res.Sizes
	p("Fan & Mysore (arXiv:2411.17692, v2) compute the information Hebbian weights hold about stored log-normal patterns with a closed form (multivariate Fenton–Wilkinson) and draw their conclusions from it, dropping the draws where it failed (NaN, inf or negative: about 5%%, they say). syninfo redraws their simulation sets (see docs/method.md §6; its own random streams, so the draws differ from the authors' while the distributions are the same), computes the closed form on every draw and the truth on the same draws: the numerically exact reference for one synapse, the entropy-difference estimate (Kozachenko–Leonenko on ln W, k = 3, standard error from 25 blocks) for ensembles. Seed %d.", res.Seed)
	if !res.Truth {
		p("The truth part was not run: only the closed form is reported.")
	}

	h("Verdicts")
	p("A slope claim holds when the 95%% CI of the slope lies on the paper's side of zero; \"holds\" when it also contains the paper's slope, \"holds, different value\" when it excludes it. A Fig 4 claim holds when the statistic has the paper's sign at p < 0.05. Columns: syninfo's closed form with failed draws dropped, the closed form as the authors' code evaluates it (ln(det C / det C') from signed determinants, so indefinite C and C' of equal sign give a number; NaN, inf and negative values dropped), the closed form with failed draws filled with the value of the most similar kept draw (the paper's §5.2), the truth on every draw (also those where the closed form failed), and the truth on the draws the closed form kept.")
	rows := [][]string{{"claim", "paper", "closed form, failures dropped", "closed form as the authors' code evaluates it, their drops", "closed form, failures filled", "truth, every draw", "truth on the kept draws"}}
	for _, c := range res.Claims {
		cell := func(k string) string {
			v, ok := c.Verdicts[k]
			if !ok {
				return "—"
			}
			return v.Holds + ": " + v.Detail
		}
		switch {
		case strings.HasPrefix(c.ID, "fig4"):
			rows = append(rows, []string{c.Text, c.Paper, cell("closed_form_dropped") + " (all draws)", cell("closed_form_authors") + " (all draws)", cell("closed_form_subsample") + " (closed form on the truth subsample)", cell("truth") + " (subsample)", cell("truth_on_kept") + " (subsample)"})
		case c.ID == "synergy":
			rows = append(rows, []string{c.Text, c.Paper, cell("closed_form"), "—", "—", cell("truth"), "—"})
		default:
			rows = append(rows, []string{c.Text, c.Paper, cell("closed_form_dropped"), cell("closed_form_authors"), cell("closed_form_filled"), cell("truth"), cell("truth_on_kept")})
		}
	}
	t(rows)

	h("The paper's numbers beside syninfo's (Figs 2C, 2D, 3C, 3D)")
	rows = [][]string{{"figure", "source", "slope", "95% CI", "r", "p", "draws used", "draws failed (kinds)"}}
	regs := []struct {
		name string
		r    Regression
	}{{"2C: ln I vs ln K, set 2", res.Fig2C}, {"2D: ln I vs ln K, set 3", res.Fig2D}, {"3C: ln I vs ln n, set 2", res.Fig3C}, {"3D: ln I vs ln n, set 3", res.Fig3D}}
	for _, rg := range regs {
		r := rg.r
		rows = append(rows,
			[]string{rg.name, "paper", fnum(r.Paper.Slope, 3), fmt.Sprintf("[%s, %s]", fnum(r.Paper.SlopeCI[0], 3), fnum(r.Paper.SlopeCI[1], 3)), fnum(r.Paper.R, 3), "", "", "about 5% dropped"},
			[]string{"", "closed form, failures dropped", f3(r.Slope), ci(r.RegStats), f3(r.R), fp(r.P), fmt.Sprint(r.DrawsUsed), fmt.Sprintf("%d (%s)", r.DrawsFailed, kinds(r.FailedByKind))},
			[]string{"", "closed form, authors' evaluation and drops", f3(r.Authors.Slope), ci(r.Authors), f3(r.Authors.R), fp(r.Authors.P), fmt.Sprint(r.Authors.DrawsUsed), fmt.Sprintf("%d (%s)", r.Authors.DrawsFailed, kinds(r.Authors.FailedByKind))},
			[]string{"", "closed form, failures filled", f3(r.Filled.Slope), ci(r.Filled), f3(r.Filled.R), fp(r.Filled.P), fmt.Sprint(r.Filled.DrawsUsed), "0 (filled)"},
		)
		if res.Truth {
			rows = append(rows,
				[]string{"", "truth, every draw", f3(r.Truth.Slope), ci(r.Truth), f3(r.Truth.R), fp(r.Truth.P), fmt.Sprint(r.Truth.DrawsUsed), fmt.Sprintf("%d (%s)", r.Truth.DrawsFailed, kinds(r.Truth.FailedByKind))},
				[]string{"", "truth on the kept draws", f3(r.TruthOnKept.Slope), ci(r.TruthOnKept), f3(r.TruthOnKept.R), fp(r.TruthOnKept.P), fmt.Sprint(r.TruthOnKept.DrawsUsed), fmt.Sprintf("%d (%s)", r.TruthOnKept.DrawsFailed, kinds(r.TruthOnKept.FailedByKind))},
			)
		}
	}
	t(rows)
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
	p("The closed form failed (not positive definite, infinite truth, or a value ≤ 0) on %d of %d set-2 draws (%s) and %d of %d set-3 draws (%s); on Fig 4's %d set-3 draws, %d (%s), by kind: %s. The paper reports about 5%%. The authors' code evaluates ln(det C / det C') from signed determinants, which gives a number when both matrices are indefinite with determinants of the same sign (docs/method.md §3); evaluated that way and dropped as they dropped (NaN, inf, negative), the same draws lose %d of %d (%s) in set 2, %d of %d (%s) in set 3 and %d of %d (%s) in Fig 4: the difference is the draws syninfo counts as failed while the authors' code reported a number for them.",
		res.Fig2C.DrawsFailed, res.Fig2C.DrawsFailed+res.Fig2C.DrawsUsed, pct(res.Fig2C.DrawsFailed, res.Fig2C.DrawsFailed+res.Fig2C.DrawsUsed),
		res.Fig2D.DrawsFailed, res.Fig2D.DrawsFailed+res.Fig2D.DrawsUsed, pct(res.Fig2D.DrawsFailed, res.Fig2D.DrawsFailed+res.Fig2D.DrawsUsed),
		res.Fig4.Draws, res.Fig4.ClosedForm.DrawsFailed, pct(res.Fig4.ClosedForm.DrawsFailed, res.Fig4.Draws), kinds(res.Fig4.ClosedForm.FailedByKind),
		res.Fig2C.Authors.DrawsFailed, res.Fig2C.Authors.DrawsFailed+res.Fig2C.Authors.DrawsUsed, pct(res.Fig2C.Authors.DrawsFailed, res.Fig2C.Authors.DrawsFailed+res.Fig2C.Authors.DrawsUsed),
		res.Fig2D.Authors.DrawsFailed, res.Fig2D.Authors.DrawsFailed+res.Fig2D.Authors.DrawsUsed, pct(res.Fig2D.Authors.DrawsFailed, res.Fig2D.Authors.DrawsFailed+res.Fig2D.Authors.DrawsUsed),
		res.Fig4.Authors.DrawsFailed, res.Fig4.Draws, pct(res.Fig4.Authors.DrawsFailed, res.Fig4.Draws))
	if res.Truth {
		rows = [][]string{{"figure", "truth slope, every draw", "truth slope, kept draws only", "shift from dropping", "closed form on kept − truth on kept (the closed form's own error)"}}
		for _, rg := range regs {
			r := rg.r
			rows = append(rows, []string{rg.name, f3(r.Truth.Slope), f3(r.TruthOnKept.Slope),
				fnum(float64(r.TruthOnKept.Slope-r.Truth.Slope), 3), fnum(float64(r.Slope-r.TruthOnKept.Slope), 3)})
		}
		t(rows)
		p("The truth on every draw against the truth on the kept draws isolates the selection effect of dropping: it does not involve the closed form's values at all. The last column is the closed form's own bias on the same draws. Infinite truths (the model is degenerate: K − 1 patterns cannot fill n dimensions) and estimates ≤ 0 cannot enter ln I and are counted in the truth's failed column.")
	}

	h("Figs 2C, 2D, 3C, 3D")
	for _, n := range []string{"fig2c", "fig2d", "fig3c", "fig3d"} {
		fig(n)
	}

	h("Figs 2A, 2B, 3A, 3B (set 1)")
	p("Closed-form curves on the paper's grids (%d values of s or r), the truth beside them for K in %v (Figs 2A, 2B: exact, every grid value) and n in %v (Figs 3A, 3B: every %d-th grid value; n > 1 by entropy difference with M = %d). Failures are marked, not hidden (the paper cut Fig 3B's curves at their first failure).",
		s.Set1Grid, s.Set1TruthK, s.Set1TruthLen, s.Set1TruthStride, s.Set1TruthSamples)
	rows = [][]string{{"figure", "grid points", "closed form failed (kinds)", "points with a truth", "max |I_FW − truth| (nats)", "median relative error"}}
	for _, n := range []string{groupFig2A, groupFig2B, groupFig3A, groupFig3B} {
		g := res.Set1[n]
		failed := 0
		for _, v := range g.Failed {
			failed += v
		}
		rows = append(rows, []string{strings.ToUpper(n[:1]) + n[1:], fmt.Sprint(g.Points), fmt.Sprintf("%d (%s)", failed, kinds(g.Failed)), fmt.Sprint(g.TruthPoints), f3(g.MaxAbsError), f3(g.MedianRelError)})
	}
	t(rows)
	for _, n := range []string{groupFig2A, groupFig2B, groupFig3A, groupFig3B} {
		fig(n)
	}

	h("Fig 4: information per synapse")
	f4 := res.Fig4
	rows = [][]string{{"source", "draws used / failed", "Student t, n = 1 vs 4 (p)", "Student t, n = 4 vs 20 (p)", "Welch t, 1 vs 4 (p)", "Welch t, 4 vs 20 (p)", "r of mean I/n vs n (p)", "r of SD vs n (p)"}}
	tt := func(x TTestOut) string { return fmt.Sprintf("%s (%s)", fnum(float64(x.T), 2), fp(x.P)) }
	rr := func(x RegStats) string { return fmt.Sprintf("%s (%s)", fnum(float64(x.R), 2), fp(x.P)) }
	rows = append(rows, []string{"paper", "20,000 less about 5%", fmt.Sprintf("%.2f (%.2g)", f4.Paper.T1v4, f4.Paper.P1v4), fmt.Sprintf("%.2f (%.2g)", f4.Paper.T4v20, f4.Paper.P4v20), "", "", fmt.Sprintf("%.2f", f4.Paper.RMean), fmt.Sprintf("%.2f", f4.Paper.RStdDev)})
	part := func(name string, x Fig4Part) {
		rows = append(rows, []string{name, fmt.Sprintf("%d / %d (%s)", x.DrawsUsed, x.DrawsFailed, kinds(x.FailedByKind)), tt(x.Student1v4), tt(x.Student4v20), tt(x.Welch1v4), tt(x.Welch4v20), rr(x.MeanVsN), rr(x.SDVsN)})
	}
	part(fmt.Sprintf("closed form, %d draws, failures dropped", f4.Draws), f4.ClosedForm)
	part(fmt.Sprintf("closed form, authors' evaluation and drops, %d draws", f4.Draws), f4.Authors)
	if f4.SubsampleDraws > 0 {
		part(fmt.Sprintf("closed form, truth subsample (%d draws)", f4.SubsampleDraws), f4.ClosedFormSubsample)
		part(fmt.Sprintf("truth, subsample (%d draws, M = %d)", f4.SubsampleDraws, s.Fig4TruthSamples), f4.Truth)
		part("truth, subsample, only the draws the closed form kept", f4.TruthOnKept)
	}
	t(rows)
	p("The t-tests are on ln(I/n), as in the authors' notebook (scipy.stats.ttest_ind, pooled variance); Welch's test is given beside. Fig 4's draws are set 3's draws %d..%d (independent of Figs 2D/3D's). The truth subsample (%d draws) is Fig 4's first %d draws (the draws being i.i.d., a uniform random subsample, behind the per-n means and SDs) and every draw with n in %v (so that the truth's t-tests compare as many draws as the closed form's); the closed form is also given on exactly this subsample.", s.Set3Draws, s.Set3Draws+s.Fig4Draws-1, f4.SubsampleDraws, s.Fig4TruthDraws, s.Fig4TruthLens)
	fig("fig4_mean")
	fig("fig4_sd")

	if res.Synergy != nil {
		h("Synergy: up to the whole network")
		p("Does I/n keep rising as the ensemble grows to all N(N−1)/2 synapses? For each N and K: the patterns (set3: one set-3 draw, a random Sigma per pattern; set1: set 1's fixed means and shared Sigma with s = 1, r = 0), one random order of all synapses, nested prefixes of n synapses on a logarithmic grid. Beyond a rank threshold the truth is infinite (the K − 1 other patterns span at most (K−1)d − (K−1)(K−2)/2 dimensions over d touched neurons, fewer than n), while the closed form may stay finite.")
		rows = [][]string{{"patterns", "N", "N(N−1)/2", "K* (whole network finite from)", "cases", "ok", "not positive definite", "infinite", "infinite with a finite closed form", "seconds"}}
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
		for _, key := range ns {
			c, nn := counts[key], key.nn
			rows = append(rows, []string{key.fam, fmt.Sprint(nn), fmt.Sprint(nn * (nn - 1) / 2), fmt.Sprint(res.Synergy.Threshold[fmt.Sprint(nn)]),
				fmt.Sprint(c.all), fmt.Sprint(c.ok), fmt.Sprint(c.npd), fmt.Sprint(c.inf), fmt.Sprint(c.infFinite), fnum(res.Synergy.Seconds[fmt.Sprint(nn)], 1)})
		}
		t(rows)
		rows = [][]string{{"patterns", "N", "K", "n", "status", "I_FW (nats)", "I_FW / n", "truth (± SE)"}}
		for _, q := range res.Synergy.Points {
			tr := "—"
			if q.Truth.Valid() || math.IsInf(float64(q.Truth), 1) {
				tr = fmt.Sprintf("%s ± %s", fnum(float64(q.Truth), 4), fnum(float64(q.TruthSE), 4))
			}
			rows = append(rows, []string{q.Family, fmt.Sprint(q.Neurons), fmt.Sprint(q.K), fmt.Sprint(q.Len), q.Status, fnum(float64(q.MINats), 4), fnum(float64(q.PerSynapse), 5), tr})
		}
		for _, c := range res.Claims {
			if c.ID == "synergy" {
				for _, k := range []string{"closed_form", "truth"} {
					if v, ok := c.Verdicts[k]; ok {
						p("Verdict (%s): %s: %s.", k, v.Holds, v.Detail)
					}
				}
			}
		}
		var names []string
		for n := range figs {
			if strings.HasPrefix(n, "synergy") {
				names = append(names, n)
			}
		}
		sort.Strings(names)
		for _, n := range names {
			fig(n)
		}
		h("Synergy: every case")
		t(rows)
	}

	h("Budget and timing")
	p("Closed form: %d set-2, %d set-3 and %d Fig 4 draws in %.1f s, with the set-1 grids %.1f s. Truth: exact reference for n = 1; entropy difference with M = %d draws per case for sets 2 and 3, M = %d for Fig 4's subsample (first %d draws and every draw with n in %v), M = %d for Figs 3A/3B; resumable sweep in truth.jsonl; %.1f s. Synergy: %.1f s. Wall-clock times of this run (they vary with the machine's load).",
		s.Set2Draws, s.Set3Draws, s.Fig4Draws, res.Timing.ClosedFormDraws, res.Timing.ClosedForm, s.TruthSamples, s.Fig4TruthSamples, s.Fig4TruthDraws, s.Fig4TruthLens, s.Set1TruthSamples, res.Timing.Truth, res.Timing.Synergy)
	return b
}

func renderMarkdown(blocks []block) string {
	var sb strings.Builder
	sb.WriteString("# Reproduction of Fan & Mysore (arXiv:2411.17692) with syninfo\n\n")
	cell := func(s string) string { return strings.ReplaceAll(s, "|", "\\|") }
	for _, b := range blocks {
		switch {
		case b.heading != "":
			fmt.Fprintf(&sb, "## %s\n\n", b.heading)
		case b.text != "":
			sb.WriteString(b.text + "\n\n")
		case b.table != nil:
			for i, row := range b.table {
				cells := make([]string, len(row))
				for j, c := range row {
					cells[j] = cell(c)
				}
				sb.WriteString("| " + strings.Join(cells, " | ") + " |\n")
				if i == 0 {
					sb.WriteString("|" + strings.Repeat(" --- |", len(row)) + "\n")
				}
			}
			sb.WriteString("\n")
		case b.fig != nil:
			fmt.Fprintf(&sb, "![%s](%s.svg)\n\n", b.fig.caption, b.fig.name)
		}
	}
	return sb.String()
}

func renderHTML(blocks []block) string {
	var sb strings.Builder
	sb.WriteString(`<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>syninfo: reproduction of Fan &amp; Mysore</title>
<style>
body{font-family:sans-serif;max-width:1200px;margin:2em auto;padding:0 1em;color:#222}
table{border-collapse:collapse;margin:1em 0;font-size:0.85em}
th,td{border:1px solid #bbb;padding:0.25em 0.5em;text-align:left;vertical-align:top}
th{background:#eee}
figure{margin:1.5em 0}
figure svg{max-width:100%;height:auto}
figcaption{font-size:0.9em;color:#555}
</style></head><body>
<h1>Reproduction of Fan &amp; Mysore (arXiv:2411.17692) with syninfo</h1>
`)
	for _, b := range blocks {
		switch {
		case b.heading != "":
			fmt.Fprintf(&sb, "<h2>%s</h2>\n", html.EscapeString(b.heading))
		case b.text != "":
			fmt.Fprintf(&sb, "<p>%s</p>\n", html.EscapeString(b.text))
		case b.table != nil:
			sb.WriteString("<table>\n")
			for i, row := range b.table {
				tag := "td"
				if i == 0 {
					tag = "th"
				}
				sb.WriteString("<tr>")
				for _, c := range row {
					fmt.Fprintf(&sb, "<%s>%s</%s>", tag, html.EscapeString(c), tag)
				}
				sb.WriteString("</tr>\n")
			}
			sb.WriteString("</table>\n")
		case b.fig != nil:
			svg := string(b.fig.svg)
			if i := strings.Index(svg, "<svg"); i > 0 {
				svg = svg[i:] // drop the XML prolog inside HTML
			}
			fmt.Fprintf(&sb, "<figure>%s<figcaption>%s (%s.svg, %s.png)</figcaption></figure>\n", svg, html.EscapeString(b.fig.caption), b.fig.name, b.fig.name)
		}
	}
	sb.WriteString("</body></html>\n")
	return sb.String()
}

// writePages draws the figures and writes report.md and index.html.
func writePages(dir string, res *Result) error {
	figs := map[string]figure{}
	addFig := func(f figure, err error) error {
		if err != nil {
			return err
		}
		figs[f.name] = f
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
		if err := addFig(set1Figure(dir, n, titles[n], res.grids[n], byLen, xOf, xName)); err != nil {
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
		if err := addFig(regressionFigure(dir, r.name, r.title, r.draws, r.reg, r.x)); err != nil {
			return err
		}
	}
	f4, err := fig4Figure(dir, res.Fig4)
	if err != nil {
		return err
	}
	for _, f := range f4 {
		figs[f.name] = f
	}
	if res.Synergy != nil {
		sf, err := synergyFigures(dir, res.Synergy)
		if err != nil {
			return err
		}
		for _, f := range sf {
			figs[f.name] = f
		}
	}
	blocks := buildPage(res, figs)
	if err := os.WriteFile(filepath.Join(dir, "report.md"), []byte(renderMarkdown(blocks)), 0o644); err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dir, "index.html"), []byte(renderHTML(blocks)), 0o644)
}
