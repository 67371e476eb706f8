package reports

import (
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/syninfo/syninfo/compare"
	"github.com/syninfo/syninfo/sweep"
)

// binKey is the label and sort rank of record r along one of sweep's
// aggregation dimensions (sweep.ByS2, …), as sweep.Aggregate bins it.
func binKey(r *sweep.Record, dim string) (string, int, error) {
	regs, err := sweep.Aggregate([]*sweep.Record{r}, dim)
	if err != nil {
		return "", 0, err
	}
	return regs[0].Keys[0], regs[0].Order[0], nil
}

// bin is the cases of one bin of one dimension.
type bin struct {
	label string
	order int
	vs    []*caseView
}

// binsOf splits the views along dim, in the dimension's order.
func binsOf(vs []*caseView, dim string) ([]*bin, error) {
	idx := map[string]*bin{}
	var out []*bin
	for _, v := range vs {
		l, o, err := binKey(v.Record, dim)
		if err != nil {
			return nil, err
		}
		b := idx[l]
		if b == nil {
			b = &bin{label: l, order: o}
			idx[l] = b
			out = append(out, b)
		}
		b.vs = append(b.vs, v)
	}
	slices.SortStableFunc(out, func(a, b *bin) int { return a.order - b.order })
	return out, nil
}

// regimeStats are the lead summary's numbers for a set of cases.
type regimeStats struct {
	cases, compared, within, breakdowns, infWithValue int
	// unresolved counts compared cases whose truth's RealSigmas uncertainties
	// exceed the accuracy tolerance (the truth cannot tell within from not).
	unresolved int
	medAbs     float64
	medRel     float64
	// worst is the signed error of largest magnitude.
	worst  float64
	medUnc float64
	// verdict is "within" (at least 90% of the compared cases within the
	// accuracy criterion), "mostly within" (at least 2/3), "often not" (at
	// least 1/3), "mostly not", "breaks down" (nothing compared, some
	// closed form failed) or "no comparison".
	verdict string
}

func statsOf(vs []*caseView) regimeStats {
	s := regimeStats{cases: len(vs), worst: math.NaN()}
	var abs, unc, rel []float64
	for _, v := range vs {
		cfFinite := finite(v.ClosedForm)
		if v.Status != compare.StatusOK {
			s.breakdowns++
		}
		if v.Infinite && cfFinite {
			s.infWithValue++
		}
		if !v.Compared {
			continue
		}
		s.compared++
		abs = append(abs, v.Abs)
		unc = append(unc, unc0(v.Unc))
		if finite(v.Rel) {
			rel = append(rel, math.Abs(v.Rel))
		}
		if v.Within() {
			s.within++
		}
		if compare.RealSigmas*unc0(v.Unc) > accuracyTol(v.Truth) {
			s.unresolved++
		}
		if math.IsNaN(s.worst) || v.Abs > math.Abs(s.worst) {
			s.worst = v.Signed
		}
	}
	s.medAbs, s.medUnc, s.medRel = median(abs), median(unc), median(rel)
	switch f := float64(s.within) / float64(s.compared); {
	case s.compared == 0 && s.breakdowns+s.infWithValue > 0:
		s.verdict = "breaks down"
	case s.compared == 0:
		s.verdict = "no comparison"
	case f >= 0.9:
		s.verdict = "within"
	case f >= 2.0/3:
		s.verdict = "mostly within"
	case f >= 1.0/3:
		s.verdict = "often not"
	default:
		s.verdict = "mostly not"
	}
	return s
}

// dimension of the lead summary: a sweep dimension and how to name a range
// of it.
type dimension struct {
	dim, name string
	// skipNA leaves out set 3's row (shown once, under σ²).
	skipNA  bool
	value   func(r *sweep.Record) (float64, bool)
	integer bool
}

var answerDims = []dimension{
	{sweep.ByS2, "σ²", false, func(r *sweep.Record) (float64, bool) { return r.Params.S2, r.Params.Set != 3 }, false},
	{sweep.ByRho, "ρ", true, func(r *sweep.Record) (float64, bool) { return r.Params.Rho, r.Params.Set != 3 }, false},
	{sweep.ByK, "K", false, func(r *sweep.Record) (float64, bool) { return float64(r.Params.Patterns), true }, true},
	{sweep.ByN, "n", false, func(r *sweep.Record) (float64, bool) { return float64(r.Params.Synapses), true }, true},
}

// rangeLabel names the observed range of a dimension over the cases
// ("σ² 0.25–1", "K = 2", "set 3 (no single σ²)").
func (d dimension) rangeLabel(vs []*caseView) string {
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, v := range vs {
		if x, ok := d.value(v.Record); ok {
			lo, hi = math.Min(lo, x), math.Max(hi, x)
		}
	}
	if math.IsInf(lo, 1) {
		return "set 3 (no single σ² or ρ)"
	}
	f := func(x float64) string {
		if d.integer {
			return fmt.Sprint(int(x))
		}
		return Sig(x, 3)
	}
	if lo == hi {
		return d.name + " = " + f(lo)
	}
	return d.name + " " + f(lo) + "–" + f(hi)
}

// answerRow is one row of the lead summary's table: a run of consecutive
// bins of one dimension with the same verdict.
type answerRow struct {
	label string
	s     regimeStats
}

// answerRows merges the consecutive bins of d with the same verdict.
func answerRows(vs []*caseView, d dimension) ([]answerRow, error) {
	bins, err := binsOf(vs, d.dim)
	if err != nil {
		return nil, err
	}
	var out []answerRow
	var run []*caseView
	prev := ""
	flush := func() {
		if len(run) > 0 {
			out = append(out, answerRow{d.rangeLabel(run), statsOf(run)})
		}
		run = nil
	}
	for _, b := range bins {
		key := statsOf(b.vs).verdict
		if _, isSet := d.value(b.vs[0].Record); !isSet {
			if d.skipNA {
				continue
			}
			key = "\x00n/a" // set 3 has no single value: a row of its own
		}
		if key != prev {
			flush()
		}
		prev = key
		run = append(run, b.vs...)
	}
	flush()
	return out, nil
}

// answer writes the lead summary: where the closed form is within the
// accuracy criterion of the truth, where not and by how much, where it
// breaks down, and how far the truth can be trusted there.
func answer(vs []*caseView) ([]Block, error) {
	all := statsOf(vs)
	crit := criterion()
	var b []Block
	b = append(b, Heading("The answer"))
	var sent []string
	if all.compared == 0 {
		sent = append(sent, fmt.Sprintf("No case has both a finite closed form and a finite truth, so the closed form cannot be checked here (%d cases).", all.cases))
	} else {
		sent = append(sent, fmt.Sprintf("Over the %d cases where both are finite, the closed form is %s of the truth in %s; the median |error| is %s nats and the largest %s nats.",
			all.compared, crit, Share(all.within, all.compared), Num(all.medAbs), Num(all.worst)))
	}
	var good, bad, mixed []string
	var rows [][]Cell
	for _, d := range answerDims {
		ar, err := answerRows(vs, d)
		if err != nil {
			return nil, err
		}
		for _, r := range ar {
			s := r.s
			cl := ""
			switch s.verdict {
			case "within":
				cl = "good"
				good = append(good, r.label)
			case "mostly within":
				cl = "good"
				mixed = append(mixed, fmt.Sprintf("%s (%s within)", r.label, Pct(float64(s.within)/float64(s.compared))))
			case "often not":
				cl = "warn"
				mixed = append(mixed, fmt.Sprintf("%s (%s within)", r.label, Pct(float64(s.within)/float64(s.compared))))
			case "mostly not":
				cl = "bad"
				bad = append(bad, fmt.Sprintf("%s (%s within; median |error| %s nats, median relative %s, largest %s nats)",
					r.label, Pct(float64(s.within)/float64(s.compared)), Num(s.medAbs), Pct(s.medRel), Num(s.worst)))
			case "breaks down":
				cl = "bad"
			}
			within := Missing
			if s.compared > 0 {
				within = Share(s.within, s.compared)
			}
			rows = append(rows, []Cell{{Text: r.label}, {Text: s.verdict, Class: cl}, C("%d", s.cases), {Text: within},
				{Text: Num(s.medAbs)}, {Text: Pct(s.medRel)}, {Text: Num(s.worst)}, C("%d", s.breakdowns), {Text: Num(s.medUnc)},
				{Text: Share(s.unresolved, s.compared), Class: warnIf(s.unresolved*4 > s.compared)}})
		}
	}
	if len(good) > 0 {
		sent = append(sent, fmt.Sprintf("It is %s in at least 90%% of the cases of %s.", crit, strings.Join(good, "; ")))
	}
	if len(bad) > 0 {
		sent = append(sent, fmt.Sprintf("It mostly is not (in less than a third of the cases) for %s.", strings.Join(bad, "; ")))
	}
	if len(mixed) > 0 {
		sent = append(sent, fmt.Sprintf("In between: %s.", strings.Join(mixed, "; ")))
	}
	sent = append(sent, breakdownSentence(vs))
	sent = append(sent, trustSentence(vs))
	for _, s := range sent {
		if s != "" {
			b = append(b, Para("%s", s))
		}
	}
	b = append(b, Block{Table: &Table{
		Header: []string{"regime", "verdict", "cases", crit, "median |error| (nats)", "median relative |error|", "largest error (nats)", "breakdowns", "truth's median uncertainty", "truth cannot decide"},
		Right:  []bool{false, false, true, true, true, true, true, true, true, true},
		Rows:   rows}})
	b = append(b, Para("Each row is a run of neighbouring bins of one parameter (the bins of the aggregate tables below) with the same verdict: "+
		"within = at least 90%% of its compared cases are %s of the truth, mostly within = at least two thirds, often not = one to two thirds, mostly not = less than a third; breakdowns count the cases whose closed form has a status other than ok. "+
		"Truth cannot decide: compared cases whose truth's %d uncertainties exceed that tolerance. Each parameter is taken alone: the others vary within a row.", crit, compare.RealSigmas))
	return []Block{{Box: b, Class: "answer"}}, nil
}

func warnIf(c bool) string {
	if c {
		return "warn"
	}
	return ""
}

// breakdownSentence says where the closed form breaks down.
func breakdownSentence(vs []*caseView) string {
	byStatus := map[string][]*caseView{}
	var statuses []string
	var infVal []*caseView
	for _, v := range vs {
		if v.Status != compare.StatusOK {
			if byStatus[v.Status] == nil {
				statuses = append(statuses, v.Status)
			}
			byStatus[v.Status] = append(byStatus[v.Status], v)
		}
		if v.Infinite && !math.IsNaN(v.ClosedForm) && !math.IsInf(v.ClosedForm, 0) {
			infVal = append(infVal, v)
		}
	}
	if len(statuses) == 0 && len(infVal) == 0 {
		return fmt.Sprintf("The closed form never breaks down here: every one of the %d cases has status ok and a finite truth where it is finite.", len(vs))
	}
	slices.SortStableFunc(statuses, func(a, b string) int { return statusRank(a) - statusRank(b) })
	where := func(g []*caseView) string {
		var parts []string
		for _, d := range answerDims {
			parts = append(parts, d.rangeLabel(g))
		}
		return strings.Join(parts, ", ")
	}
	var parts []string
	for _, s := range statuses {
		g := byStatus[s]
		switch s {
		case compare.StatusInfinite:
			parts = append(parts, fmt.Sprintf("%d with an infinite information (the model's rank: the truth is +∞; %s)", len(g), where(g)))
		default:
			parts = append(parts, fmt.Sprintf("%d %s (%s)", len(g), statusWords(s), where(g)))
		}
	}
	s := fmt.Sprintf("The closed form breaks down in %d of %d cases: %s.", countNotOK(vs), len(vs), strings.Join(parts, "; "))
	if len(infVal) > 0 {
		s += fmt.Sprintf(" In %d cases whose truth is +∞ it still returns a finite number, wrong by construction (%s).", len(infVal), where(infVal))
	}
	return s
}

func countNotOK(vs []*caseView) int {
	n := 0
	for _, v := range vs {
		if v.Status != compare.StatusOK {
			n++
		}
	}
	return n
}

// trustSentence says how far the truth can be trusted.
func trustSentence(vs []*caseView) string {
	byMethod := map[string][]*caseView{}
	var methods []string
	for _, v := range vs {
		if !v.Compared {
			continue
		}
		if byMethod[v.Method] == nil {
			methods = append(methods, v.Method)
		}
		byMethod[v.Method] = append(byMethod[v.Method], v)
	}
	if len(methods) == 0 {
		return ""
	}
	slices.Sort(methods)
	var parts []string
	for _, m := range methods {
		g := byMethod[m]
		var unc []float64
		unresolved := 0
		for _, v := range g {
			unc = append(unc, unc0(v.Unc))
			if compare.RealSigmas*unc0(v.Unc) > accuracyTol(v.Truth) {
				unresolved++
			}
		}
		slices.Sort(unc)
		parts = append(parts, fmt.Sprintf("%s for %d cases (median uncertainty %s nats, largest %s; in %s its %d uncertainties exceed the tolerance, so there the truth cannot decide)",
			methodWords(m), len(g), Num(quantile(unc, 0.5)), Num(unc[len(unc)-1]), Share(unresolved, len(g)), compare.RealSigmas))
	}
	s := "The truth is the " + strings.Join(parts, "; the ") + "."
	if ed, ksg, tr := estimatorChecks(vs); ed.n > 0 || ksg.n > 0 || tr.n > 0 {
		var c []string
		if tr.n > 0 {
			c = append(c, fmt.Sprintf("the sampled truth (the entropy difference with its uncertainty, as stated where no exact reference exists) is beyond %d of its uncertainties in %s", compare.RealSigmas, Share(tr.beyond2, tr.n)))
		}
		for _, e := range []estCheck{ed, ksg} {
			if e.n > 0 {
				art := ""
				if e.name == "entropy difference" {
					art = "the "
				}
				c = append(c, fmt.Sprintf("%s%s is beyond 3 of its standard errors in %s", art, e.name, Share(e.beyond3, e.n)))
			}
		}
		s += " Against the exact references: " + strings.Join(c, "; ") + " (see \"Can the truth be trusted?\")."
	}
	return s
}

// criterion names the accuracy criterion ("within 5% or 0.01 nats").
func criterion() string {
	return fmt.Sprintf("within %s%% or %s nats", Sig(100*AccuracyRel, 3), Num(AccuracyAbs))
}
