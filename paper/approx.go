package paper

import (
	"context"
	"fmt"
	"io"
	"math"
	"slices"
	"strings"

	"github.com/syninfo/syninfo/analytic"
	"github.com/syninfo/syninfo/approx"
	"github.com/syninfo/syninfo/num"
	"github.com/syninfo/syninfo/reports"
	"github.com/syninfo/syninfo/sweep"
)

// The paper's claims recomputed with the approximations beyond the closed
// form (package approx: corrected1, corrected2). They cost n exact
// singletons per draw (and up to n(n−1)/2 exact pairs for corrected2),
// which all 22,000 draws cannot afford; they are computed on a uniform
// random subsample of the draws that carry a truth: the first ApproxDraws
// draws of set 2, of set 3 and of each stratum of Fig 4's truth subsample
// (ApproxTasks; the draws are i.i.d., so the first J of a stratum are a
// uniform random subsample of it), and every claim
// is judged on that subsample with the truth, the closed form and each
// approximation side by side, so that the verdicts differ only by the
// values.

// DefaultApproximations are the approximations of the reproduction unless
// Options.Approximations says otherwise: corrected1 (n exact singletons a
// draw). corrected2 needs up to 190 exact pairs a draw at K up to 50 and is
// asked for by name (syninfo paper --approximations corrected1,corrected2).
var DefaultApproximations = []string{approx.Corrected1}

// ApproxValue is an approximation's value on one draw.
type ApproxValue struct {
	MINats num.Float `json:"mi_nats"`
	Status string    `json:"status"`
	// Fail is why the value cannot enter ln I ("" when it can).
	Fail string `json:"fail,omitempty"`
}

// ApproxStudy is the paper's claims judged with each approximation on the
// approximation subsample.
type ApproxStudy struct {
	// Names are the approximations besides the closed form.
	Names []string `json:"names"`
	// Draws are the subsample's sizes: set 2's, set 3's and Fig 4's draws
	// with the approximations' values.
	Set2Draws int `json:"set2_draws"`
	Set3Draws int `json:"set3_draws"`
	Fig4Draws int `json:"fig4_draws"`
	// Claims are the claims of Figs 2C–3D and 4 with verdicts by source:
	// "truth", "fw" (the closed form, failures dropped as the paper did)
	// and each name of Names, all on the subsample.
	Claims []Claim `json:"claims"`
	// Errors summarise each approximation's error against the truth on
	// the subsample (the closed form's too, under "fw").
	Errors map[string]ApproxErrors `json:"errors"`
}

// ApproxErrors is an approximation's error against the truth over the
// subsample's draws where both are finite.
type ApproxErrors struct {
	Draws int `json:"draws"`
	// MedianAbs and MedianRel are the medians of |I_approx − I| (nats) and
	// of |I_approx − I|/|I|; RMS is √(mean (I_approx − I)²).
	MedianAbs num.Float `json:"median_abs_error_nats"`
	MedianRel num.Float `json:"median_rel_error"`
	RMS       num.Float `json:"rms_error_nats"`
}

// ApproxConfig returns the sweep of the approximations: the random sets'
// groups of TruthConfig without sampling (closed form, the exact reference
// where one exists, and the approximations). Its records share their ids
// with the truth sweep's.
func ApproxConfig(seed uint64, s Sizes, names []string) *sweep.Config {
	truth := TruthConfig(seed, s)
	cfg := &sweep.Config{Seed: seed, K: truth.K, NoKSG: true, Approximations: slices.Clone(names)}
	for _, g := range truth.Groups {
		switch g.Name {
		case groupSet2, groupSet3, groupFig4:
			g.Samples = 0
			cfg.Groups = append(cfg.Groups, g)
		}
	}
	return cfg
}

// ApproxTasks returns the tasks of the approximation subsample: the first
// ApproxDraws draws of set 2 and of set 3, and Fig 4's truth subsample
// thinned the same way stratum by stratum: the first ApproxDraws of its
// uniform part (draws j < Fig4TruthDraws) and the first ApproxDraws beyond
// it with each n of Fig4TruthLens (so that the t-tests between those n have
// draws to compare, as in the truth subsample).
func ApproxTasks(cfg *sweep.Config, s Sizes) []sweep.Task {
	var out []sweep.Task
	count := map[string]int{}
	for _, t := range TruthTasks(cfg, s) {
		key := t.Group
		if t.Group == groupFig4 {
			_, i, err := taskIndex(t.ID)
			if err != nil {
				continue
			}
			if i-s.Set3Draws >= s.Fig4TruthDraws {
				key = fmt.Sprintf("%s n=%d", t.Group, t.Params.Synapses)
			}
		}
		if count[key] < s.ApproxDraws {
			count[key]++
			out = append(out, t)
		}
	}
	return out
}

// RunApprox runs (or resumes) the approximation sweep into path and
// returns its records.
func RunApprox(ctx context.Context, path string, seed uint64, s Sizes, names []string, workers int, progress io.Writer, terminal bool) ([]*sweep.Record, error) {
	cfg := ApproxConfig(seed, s, names)
	return runSweep(ctx, path, cfg, ApproxTasks(cfg, s), workers, progress, terminal)
}

// approxFail classifies an approximation's value as closedFail does the
// closed form's; a value missing for a reason of the approximation's own
// (pair_not_available, …) is counted under that status.
func approxFail(status string, v float64) string {
	f := closedFail(analytic.Status(status), v)
	if f == FailNonFinite && status != "ok" {
		return status
	}
	return f
}

// attachApprox copies the approximation records onto the draws.
func attachApprox(recs []*sweep.Record, s Sizes, set2, set3, fig4 []Draw) error {
	for _, rec := range recs {
		if rec.Result == nil || rec.Approximations == nil {
			continue
		}
		group, i, err := taskIndex(rec.ID)
		if err != nil {
			return err
		}
		var d *Draw
		switch group {
		case groupSet2:
			if i < len(set2) {
				d = &set2[i]
			}
		case groupSet3:
			if i < len(set3) {
				d = &set3[i]
			}
		case groupFig4:
			if j := i - s.Set3Draws; j >= 0 && j < len(fig4) {
				d = &fig4[j]
			}
		}
		if d == nil {
			continue
		}
		d.Approx = map[string]ApproxValue{}
		for name, a := range rec.Approximations {
			if name == approx.FW {
				continue
			}
			d.Approx[name] = ApproxValue{MINats: a.MINats, Status: a.Status, Fail: approxFail(a.Status, float64(a.MINats))}
		}
	}
	return nil
}

// approxSources are the verdict sources of the study: the truth, the
// closed form and each approximation, with each one's value and failure.
func approxSources(names []string) (keys []string, value map[string]func(Draw) float64, fail map[string]func(Draw) string) {
	keys = append([]string{"truth", approx.FW}, names...)
	value = map[string]func(Draw) float64{"truth": truthValue, approx.FW: closedValue}
	fail = map[string]func(Draw) string{"truth": truthFailOf, approx.FW: closedFailOf}
	for _, name := range names {
		value[name] = func(d Draw) float64 { return float64(d.Approx[name].MINats) }
		fail[name] = func(d Draw) string {
			if a, ok := d.Approx[name]; ok {
				return a.Fail
			}
			return FailMissing
		}
	}
	return keys, value, fail
}

// withApprox returns the draws that carry the approximations' values.
func withApprox(draws []Draw) []Draw {
	var out []Draw
	for _, d := range draws {
		if d.Approx != nil {
			out = append(out, d)
		}
	}
	return out
}

// kindsOf lists the failure kinds of a source over draws, for the counts.
func kindsOf(draws []Draw, fail func(Draw) string) []string {
	var ks []string
	for _, d := range draws {
		if f := fail(d); f != "" && !slices.Contains(ks, f) {
			ks = append(ks, f)
		}
	}
	slices.Sort(ks)
	return ks
}

// approxStudy judges the claims of Figs 2C–3D and 4 on the approximation
// subsample with every source.
func approxStudy(names []string, set2, set3, fig4 []Draw) *ApproxStudy {
	s2, s3, f4 := withApprox(set2), withApprox(set3), withApprox(fig4)
	st := &ApproxStudy{Names: names, Set2Draws: len(s2), Set3Draws: len(s3), Fig4Draws: len(f4), Errors: map[string]ApproxErrors{}}
	keys, value, fail := approxSources(names)
	for _, c := range []struct {
		id, text string
		draws    []Draw
		x        func(Draw) float64
		paper    PaperFit
	}{
		{"fig2c", "ln I falls with ln K, slope about −1.18 (set 2, shared Sigma)", s2, lnK, paperFig2C},
		{"fig2d", "ln I falls with ln K, slope about −0.97 (set 3, a Sigma per pattern)", s3, lnK, paperFig2D},
		{"fig3c", "ln I rises with ln n, slope about 1.08 (set 2)", s2, lnN, paperFig3C},
		{"fig3d", "ln I rises with ln n, slope about 1.05 (set 3)", s3, lnN, paperFig3D},
	} {
		cl := Claim{ID: c.id, Text: c.text, Verdicts: map[string]Verdict{},
			Paper: fmt.Sprintf("slope %.3f [%.3f, %.3f], r = %.3f", c.paper.Slope, c.paper.SlopeCI[0], c.paper.SlopeCI[1], c.paper.R)}
		for _, k := range keys {
			cl.Verdicts[k] = slopeVerdict(regress(c.draws, c.x, value[k], fail[k], kindsOf(c.draws, fail[k])), c.paper)
		}
		st.Claims = append(st.Claims, cl)
	}
	parts := map[string]Fig4Part{}
	for _, k := range keys {
		parts[k] = fig4Part(f4, value[k], fail[k], kindsOf(f4, fail[k]))
	}
	for _, c := range []struct {
		id, text, paper string
		judge           func(Fig4Part) Verdict
	}{
		{"fig4_mean", "the mean information per synapse I/n rises with n (Fig 4)", fmt.Sprintf("r = %.2f", paperFig4.RMean),
			func(p Fig4Part) Verdict { return riseVerdict(p.MeanVsN) }},
		{"fig4_t_1_4", "ln(I/n) is larger at n = 4 than at n = 1 (two-sided t-test)", fmt.Sprintf("t = %.2f, p = %.2g", paperFig4.T1v4, paperFig4.P1v4),
			func(p Fig4Part) Verdict { return tVerdict(p.Student1v4) }},
		{"fig4_t_4_20", "ln(I/n) is larger at n = 20 than at n = 4 (two-sided t-test)", fmt.Sprintf("t = %.2f, p = %.2g", paperFig4.T4v20, paperFig4.P4v20),
			func(p Fig4Part) Verdict { return tVerdict(p.Student4v20) }},
	} {
		cl := Claim{ID: c.id, Text: c.text, Paper: c.paper, Verdicts: map[string]Verdict{}}
		for _, k := range keys {
			cl.Verdicts[k] = c.judge(parts[k])
		}
		st.Claims = append(st.Claims, cl)
	}
	all := append(append(append([]Draw(nil), s2...), s3...), f4...)
	for _, k := range keys[1:] {
		var abs, rel []float64
		sq := 0.0
		for _, d := range all {
			t, v := float64(d.Truth), value[k](d)
			if d.TruthFail == FailInfinite || !finite(t) || !finite(v) || fail[k](d) == FailNotPD {
				continue
			}
			e := v - t
			abs = append(abs, math.Abs(e))
			sq += e * e
			if t != 0 {
				rel = append(rel, math.Abs(e/t))
			}
		}
		ae := ApproxErrors{Draws: len(abs), MedianAbs: num.Float(math.NaN()), MedianRel: num.Float(math.NaN()), RMS: num.Float(math.NaN())}
		if len(abs) > 0 {
			ae.MedianAbs, ae.RMS = Summarize(abs).Median, num.Float(math.Sqrt(sq/float64(len(abs))))
		}
		if len(rel) > 0 {
			ae.MedianRel = Summarize(rel).Median
		}
		st.Errors[k] = ae
	}
	return st
}

func finite(x float64) bool { return !math.IsNaN(x) && !math.IsInf(x, 0) }

// approxBlocks is the section of the pages on the approximations.
func approxBlocks(res *Result) []reports.Block {
	st := res.Approx
	var b []reports.Block
	p := func(format string, args ...any) { b = append(b, reports.Para(format, args...)) }
	b = append(b, reports.Heading("The claims with each approximation"))
	s := res.Sizes
	p("Beside the closed form (fw), syninfo computes corrected forms (docs/approximations.md): %s. They need exact singleton terms (and corrected2 exact pair terms) for every draw, "+
		"which all %d draws cannot afford; they are computed on a uniform random subsample of the draws that carry a truth: the first %d draws of set 2, of set 3 and of each stratum of Fig 4's truth subsample "+
		"(its uniform part, and its extra draws at each n of %v) (%d, %d and %d draws here; resumable sweep in approx.jsonl). Every claim below is judged on that subsample with the truth, the closed form (failures dropped, as the paper did) and each approximation, "+
		"so the verdicts differ only by the values, not the draws; they can differ from the verdicts above, which rest on all draws.",
		strings.Join(st.Names, ", "), s.Set2Draws+s.Set3Draws+s.Fig4Draws, s.ApproxDraws, s.Fig4TruthLens, st.Set2Draws, st.Set3Draws, st.Fig4Draws)
	keys := append([]string{"truth", approx.FW}, st.Names...)
	header := []string{"claim", "paper"}
	for _, k := range keys {
		header = append(header, approxSourceWords(k))
	}
	var rows [][]reports.Cell
	for _, c := range st.Claims {
		row := []reports.Cell{{Text: c.Text}, {Text: c.Paper}}
		for _, k := range keys {
			v := c.Verdicts[k]
			row = append(row, reports.Cell{Lead: v.Holds + ":", Text: v.Detail, Class: verdictClass(v.Holds)})
		}
		rows = append(rows, row)
	}
	b = append(b, reports.Block{Table: &reports.Table{Header: header, Rows: rows}})
	var sent []string
	for _, k := range keys[1:] {
		same := 0
		var fwWrong, fixed []string
		for _, c := range st.Claims {
			t, v, fw := c.Verdicts["truth"].Holds, c.Verdicts[k].Holds, c.Verdicts[approx.FW].Holds
			if t == Undetermined {
				continue
			}
			if isHeld(v) == isHeld(t) {
				same++
			}
			if k != approx.FW && isHeld(fw) != isHeld(t) {
				fwWrong = append(fwWrong, c.ID)
				if isHeld(v) == isHeld(t) {
					fixed = append(fixed, c.ID)
				}
			}
		}
		e := st.Errors[k]
		x := fmt.Sprintf("%s gives the truth's verdict (holds or not) on %d of the %d claims the truth decides; its median |error| on the subsample is %s nats (median relative %s, RMS %s nats, %d draws)",
			approxSourceWords(k), same, decided(st.Claims), reports.Num(float64(e.MedianAbs)), reports.Pct(float64(e.MedianRel)), reports.Num(float64(e.RMS)), e.Draws)
		if k != approx.FW {
			if len(fwWrong) == 0 {
				x += "; the closed form disagrees with the truth on none of them"
			} else {
				x += fmt.Sprintf("; where the closed form disagrees with the truth (%s), it agrees with the truth on %d of %d (%s)", strings.Join(fwWrong, ", "), len(fixed), len(fwWrong), orNone(fixed))
			}
		}
		sent = append(sent, x)
	}
	p("%s.", strings.Join(sent, ". "))
	return b
}

// decided counts the claims whose truth verdict is not undetermined.
func decided(cs []Claim) int {
	n := 0
	for _, c := range cs {
		if c.Verdicts["truth"].Holds != Undetermined {
			n++
		}
	}
	return n
}

func orNone(s []string) string {
	if len(s) == 0 {
		return "none"
	}
	return strings.Join(s, ", ")
}

// approxSourceWords names a source of the approximation study.
func approxSourceWords(k string) string {
	switch k {
	case "truth":
		return "truth (subsample)"
	case approx.FW:
		return "fw, the closed form (subsample, failures dropped)"
	}
	return k + " (subsample, failures dropped)"
}
