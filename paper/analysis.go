package paper

import (
	"fmt"
	"math"
	"sort"

	"github.com/syninfo/syninfo/num"
)

var inf = math.Inf(1)

// RegStats is a least-squares fit of ln I on ln K or ln n over the draws
// whose value can enter ln I, with the count and kinds of those that cannot.
type RegStats struct {
	Slope     num.Float    `json:"slope"`
	SlopeCI   [2]num.Float `json:"slope_ci"`
	SlopeSE   num.Float    `json:"slope_se"`
	Intercept num.Float    `json:"intercept"`
	R         num.Float    `json:"r"`
	P         num.Float    `json:"p"`
	// DrawsUsed entered the fit; DrawsFailed did not, by kind in
	// FailedByKind (FailNotPD, FailInfinite, FailNonPositive, ...).
	DrawsUsed    int            `json:"draws_used"`
	DrawsFailed  int            `json:"draws_failed"`
	FailedByKind map[string]int `json:"failed_by_kind"`
}

// PaperFit is what the paper reports for a regression (v2, nats).
type PaperFit struct {
	Slope     float64    `json:"slope"`
	Intercept float64    `json:"intercept"`
	SlopeCI   [2]float64 `json:"slope_ci"`
	R         float64    `json:"r"`
}

// Regression is one of Figs 2C, 2D, 3C, 3D. Its promoted fields are the
// closed form with failed draws dropped, as the authors did.
type Regression struct {
	// X names the regressor ("ln K" or "ln n").
	X string `json:"x"`
	RegStats
	// Authors is the closed form as the authors' code computes it (signed
	// determinants, so indefinite C and C' with equal signs pass), with
	// NaN, inf and negative values dropped: their procedure.
	Authors RegStats `json:"closed_form_authors"`
	// Filled is the closed form with each failed draw given the value of
	// the most similar kept draw (nearest in (ln K, ln n)), the paper's
	// §5.2 extrapolation.
	Filled RegStats `json:"closed_form_filled"`
	// Truth is the truth on every draw (also those where the closed form
	// failed); infinite and non-positive truths cannot enter ln I and are
	// counted as failed.
	Truth RegStats `json:"truth"`
	// TruthOnKept is the truth on the draws the closed form kept: Truth vs
	// TruthOnKept isolates what dropping the failed draws does.
	TruthOnKept RegStats `json:"truth_on_kept"`
	// Paper is what the paper reports.
	Paper PaperFit `json:"paper"`
}

func fromFit(f Fit, err error) RegStats {
	if err != nil {
		nan := num.Float(math.NaN())
		return RegStats{Slope: nan, SlopeCI: [2]num.Float{nan, nan}, SlopeSE: nan, Intercept: nan, R: nan, P: nan}
	}
	return RegStats{Slope: num.Float(f.Slope), SlopeCI: [2]num.Float{num.Float(f.SlopeCI[0]), num.Float(f.SlopeCI[1])},
		SlopeSE: num.Float(f.SlopeSE), Intercept: num.Float(f.Intercept), R: num.Float(f.R), P: num.Float(f.P)}
}

// regress fits ln value(d) on x(d) over draws where fail(d) is "".
func regress(draws []Draw, x func(Draw) float64, value func(Draw) float64, fail func(Draw) string, kinds []string) RegStats {
	var xs, ys []float64
	by := map[string]int{}
	for _, k := range kinds {
		by[k] = 0
	}
	for _, d := range draws {
		if f := fail(d); f != "" {
			by[f]++
			continue
		}
		xs = append(xs, x(d))
		ys = append(ys, math.Log(value(d)))
	}
	r := fromFit(OLS(xs, ys))
	r.DrawsUsed = len(xs)
	r.DrawsFailed = len(draws) - len(xs)
	r.FailedByKind = by
	return r
}

var (
	closedKinds = []string{FailNotPD, FailInfinite, FailNonPositive, FailNonFinite}
	truthKinds  = []string{FailInfinite, FailNonPositive, FailMissing}
	// authorsKinds: the authors' code saw NaN/inf and negative values only
	// (a value of exactly 0 cannot enter ln I either and counts as nonpositive).
	authorsKinds = []string{FailNonFinite, FailNonPositive}
)

func closedValue(d Draw) float64  { return float64(d.MINats) }
func authorsValue(d Draw) float64 { return float64(d.Authors) }
func authorsFailOf(d Draw) string { return d.AuthorsFail }
func truthValue(d Draw) float64   { return float64(d.Truth) }
func closedFailOf(d Draw) string  { return d.Fail }
func truthFailOf(d Draw) string   { return d.TruthFail }
func lnK(d Draw) float64          { return math.Log(float64(d.K)) }
func lnN(d Draw) float64          { return math.Log(float64(d.Len)) }

// filled returns the closed-form values with each failed draw replaced by
// the value of the kept draw nearest in (ln K, ln n) (ties: lowest index),
// the authors' extrapolation (paper §5.2), and marks every draw usable.
func filled(draws []Draw) []Draw {
	out := make([]Draw, len(draws))
	copy(out, draws)
	var kept []int
	for i, d := range draws {
		if d.Fail == "" {
			kept = append(kept, i)
		}
	}
	if len(kept) == 0 {
		return out
	}
	for i := range out {
		if out[i].Fail == "" {
			continue
		}
		best, bestD := -1, math.Inf(1)
		for _, j := range kept {
			dk := lnK(draws[i]) - lnK(draws[j])
			dn := lnN(draws[i]) - lnN(draws[j])
			if dist := dk*dk + dn*dn; dist < bestD {
				best, bestD = j, dist
			}
		}
		out[i].MINats = draws[best].MINats
		out[i].Fail = ""
	}
	return out
}

// regression computes a Figs 2C–3D regression of ln I on x over draws.
func regression(draws []Draw, xName string, x func(Draw) float64, paper PaperFit) Regression {
	reg := Regression{X: xName, Paper: paper}
	reg.RegStats = regress(draws, x, closedValue, closedFailOf, closedKinds)
	reg.Filled = regress(filled(draws), x, closedValue, closedFailOf, closedKinds)
	reg.Authors = regress(draws, x, authorsValue, authorsFailOf, authorsKinds)
	reg.Truth = regress(draws, x, truthValue, truthFailOf, truthKinds)
	var kept []Draw
	for _, d := range draws {
		if d.Fail == "" {
			kept = append(kept, d)
		}
	}
	reg.TruthOnKept = regress(kept, x, truthValue, truthFailOf, truthKinds)
	return reg
}

// The paper's numbers (v2; slopes and CIs from the authors' notebooks).
var (
	paperFig2C = PaperFit{Slope: -1.183, Intercept: 2.6141, SlopeCI: [2]float64{-1.2659, -1.1003}, R: -0.665}
	paperFig2D = PaperFit{Slope: -0.969, Intercept: 2.0201, SlopeCI: [2]float64{-1.0693, -0.8685}, R: -0.522}
	paperFig3C = PaperFit{Slope: 1.075, Intercept: -3.1506, SlopeCI: [2]float64{0.9900, 1.1596}, R: 0.619}
	paperFig3D = PaperFit{Slope: 1.054, Intercept: -3.0971, SlopeCI: [2]float64{0.9653, 1.1433}, R: 0.601}
)

// NStat summarises I/n over the draws with one n.
type NStat struct {
	N int `json:"n"`
	Summary
}

// TTestOut is a t-test as written to paper.json (null where undefined).
type TTestOut struct {
	T  num.Float `json:"t"`
	DF num.Float `json:"df"`
	P  num.Float `json:"p"`
	NA int       `json:"n_a"`
	NB int       `json:"n_b"`
}

func fromT(t TTest, err error) TTestOut {
	if err != nil {
		nan := num.Float(math.NaN())
		return TTestOut{T: nan, DF: nan, P: nan, NA: t.NA, NB: t.NB}
	}
	return TTestOut{T: num.Float(t.T), DF: num.Float(t.DF), P: num.Float(t.P), NA: t.NA, NB: t.NB}
}

// Fig4Part is Fig 4's statistics for one source of values.
type Fig4Part struct {
	DrawsUsed    int            `json:"draws_used"`
	DrawsFailed  int            `json:"draws_failed"`
	FailedByKind map[string]int `json:"failed_by_kind"`
	// PerN summarises I/n for each n (mean, median, SD).
	PerN []NStat `json:"per_n"`
	// MeanVsN, MedianVsN and SDVsN regress the per-n mean, median and SD
	// of I/n on n (the paper's Fig 4: r = 0.70 for the mean, −0.62 for SD).
	MeanVsN   RegStats `json:"mean_vs_n"`
	MedianVsN RegStats `json:"median_vs_n"`
	SDVsN     RegStats `json:"sd_vs_n"`
	// The paper's t-tests on ln(I/n): Student's (pooled, scipy's default
	// as the authors called it) and Welch's.
	Student1v4  TTestOut `json:"student_1_vs_4"`
	Student4v20 TTestOut `json:"student_4_vs_20"`
	Welch1v4    TTestOut `json:"welch_1_vs_4"`
	Welch4v20   TTestOut `json:"welch_4_vs_20"`
}

// Fig4Stats is Fig 4 with the closed form and the truth.
type Fig4Stats struct {
	// ClosedForm: every Fig 4 draw, failures dropped.
	ClosedForm Fig4Part `json:"closed_form"`
	// Authors: every Fig 4 draw with the authors' evaluation and drops.
	Authors Fig4Part `json:"closed_form_authors"`
	// ClosedFormSubsample: the closed form on the truth subsample only (see
	// Sizes.Fig4TruthSample).
	ClosedFormSubsample Fig4Part `json:"closed_form_subsample"`
	// Truth: the truth on the subsample (every draw, also where the closed
	// form failed).
	Truth Fig4Part `json:"truth"`
	// TruthOnKept: the truth on the subsample's draws the closed form kept
	// (Truth vs TruthOnKept is what dropping does).
	TruthOnKept Fig4Part `json:"truth_on_kept"`
	// Draws and SubsampleDraws are the sizes.
	Draws          int `json:"draws"`
	SubsampleDraws int `json:"subsample_draws"`
	// Paper's numbers.
	Paper Fig4Paper `json:"paper"`
}

// Fig4Paper is what the paper reports for Fig 4.
type Fig4Paper struct {
	T1v4    float64 `json:"t_1_vs_4"`
	P1v4    float64 `json:"p_1_vs_4"`
	T4v20   float64 `json:"t_4_vs_20"`
	P4v20   float64 `json:"p_4_vs_20"`
	RMean   float64 `json:"r_mean_vs_n"`
	RStdDev float64 `json:"r_sd_vs_n"`
}

var paperFig4 = Fig4Paper{T1v4: -3.95, P1v4: 8.2e-5, T4v20: -2.38, P4v20: 0.018, RMean: 0.70, RStdDev: -0.62}

func fig4Part(draws []Draw, value func(Draw) float64, fail func(Draw) string, kinds []string) Fig4Part {
	p := Fig4Part{FailedByKind: map[string]int{}}
	for _, k := range kinds {
		p.FailedByKind[k] = 0
	}
	perN := map[int][]float64{}
	for _, d := range draws {
		if f := fail(d); f != "" {
			p.FailedByKind[f]++
			p.DrawsFailed++
			continue
		}
		p.DrawsUsed++
		perN[d.Len] = append(perN[d.Len], value(d)/float64(d.Len))
	}
	var ns []int
	for n := range perN {
		ns = append(ns, n)
	}
	sort.Ints(ns)
	var xs, means, medians, sds, xsd []float64
	for _, n := range ns {
		s := Summarize(perN[n])
		p.PerN = append(p.PerN, NStat{N: n, Summary: s})
		xs = append(xs, float64(n))
		means = append(means, float64(s.Mean))
		medians = append(medians, float64(s.Median))
		if s.SD.Valid() {
			xsd = append(xsd, float64(n))
			sds = append(sds, float64(s.SD))
		}
	}
	p.MeanVsN = fromFit(OLS(xs, means))
	p.MedianVsN = fromFit(OLS(xs, medians))
	p.SDVsN = fromFit(OLS(xsd, sds))
	for _, r := range []*RegStats{&p.MeanVsN, &p.MedianVsN} {
		r.DrawsUsed = p.DrawsUsed
	}
	logs := func(n int) []float64 {
		var out []float64
		for _, v := range perN[n] {
			out = append(out, math.Log(v))
		}
		return out
	}
	p.Student1v4 = fromT(StudentT(logs(1), logs(4)))
	p.Student4v20 = fromT(StudentT(logs(4), logs(20)))
	p.Welch1v4 = fromT(WelchT(logs(1), logs(4)))
	p.Welch4v20 = fromT(WelchT(logs(4), logs(20)))
	return p
}

func fig4Stats(draws []Draw, inSample func(j int, d Draw) bool) Fig4Stats {
	var sub []Draw
	for j, d := range draws {
		if inSample(j, d) {
			sub = append(sub, d)
		}
	}
	var kept []Draw
	for _, d := range sub {
		if d.Fail == "" {
			kept = append(kept, d)
		}
	}
	return Fig4Stats{
		TruthOnKept:         fig4Part(kept, truthValue, truthFailOf, truthKinds),
		ClosedForm:          fig4Part(draws, closedValue, closedFailOf, closedKinds),
		Authors:             fig4Part(draws, authorsValue, authorsFailOf, authorsKinds),
		ClosedFormSubsample: fig4Part(sub, closedValue, closedFailOf, closedKinds),
		Truth:               fig4Part(sub, truthValue, truthFailOf, truthKinds),
		Draws:               len(draws), SubsampleDraws: len(sub), Paper: paperFig4,
	}
}

// Verdict is the answer to one claim for one source of values.
type Verdict struct {
	// Holds is "holds", "holds, different value", "does not hold" or
	// "undetermined".
	Holds string `json:"holds"`
	// Detail gives the numbers.
	Detail string `json:"detail"`
}

// Claim is one of the paper's claims with its verdicts.
type Claim struct {
	ID    string `json:"id"`
	Text  string `json:"text"`
	Paper string `json:"paper"`
	// Verdicts by source: "closed_form_dropped" (the authors' procedure),
	// "closed_form_filled" (failures filled as in the paper's §5.2),
	// "truth" (every draw), "truth_on_kept" (the draws the closed form
	// kept), and for Fig 4 "closed_form_subsample".
	Verdicts map[string]Verdict `json:"verdicts"`
}

// Verdict strings.
const (
	Holds          = "holds"
	HoldsDifferent = "holds, different value"
	DoesNotHold    = "does not hold"
	Undetermined   = "undetermined"
)

// slopeVerdict judges "the slope has the paper's sign (and value)".
func slopeVerdict(r RegStats, paper PaperFit) Verdict {
	lo, hi := float64(r.SlopeCI[0]), float64(r.SlopeCI[1])
	detail := fmt.Sprintf("slope %.3f [%.3f, %.3f], r = %.3f, p = %.2g, %d draws used, %d failed",
		float64(r.Slope), lo, hi, float64(r.R), float64(r.P), r.DrawsUsed, r.DrawsFailed)
	if !r.Slope.Valid() || !r.SlopeCI[0].Valid() {
		return Verdict{Undetermined, detail}
	}
	sign := math.Copysign(1, paper.Slope)
	switch {
	case sign*lo > 0 && sign*hi > 0:
		if lo <= paper.Slope && paper.Slope <= hi {
			return Verdict{Holds, detail + "; the paper's slope lies in the CI"}
		}
		return Verdict{HoldsDifferent, detail + fmt.Sprintf("; the CI excludes the paper's %.3f", paper.Slope)}
	}
	return Verdict{DoesNotHold, detail + "; the CI does not exclude zero or has the opposite sign"}
}

// tVerdict judges "ln(I/n) is smaller at the first n than at the second".
func tVerdict(t TTestOut) Verdict {
	detail := fmt.Sprintf("t = %.2f, p = %.2g (n = %d vs %d draws)", float64(t.T), float64(t.P), t.NA, t.NB)
	switch {
	case !t.T.Valid():
		return Verdict{Undetermined, detail}
	case t.T < 0 && t.P < 0.05:
		return Verdict{Holds, detail}
	}
	return Verdict{DoesNotHold, detail}
}

// riseVerdict judges "the mean of I/n rises with n" (Fig 4A).
func riseVerdict(r RegStats) Verdict {
	detail := fmt.Sprintf("slope of mean I/n on n %.4g [%.4g, %.4g] nats/synapse per synapse, r = %.2f, p = %.2g",
		float64(r.Slope), float64(r.SlopeCI[0]), float64(r.SlopeCI[1]), float64(r.R), float64(r.P))
	switch {
	case !r.R.Valid():
		return Verdict{Undetermined, detail}
	case r.R > 0 && r.P < 0.05:
		return Verdict{Holds, detail}
	}
	return Verdict{DoesNotHold, detail}
}

func claims(regs map[string]Regression, f4 Fig4Stats) []Claim {
	var out []Claim
	for _, c := range []struct{ id, text string }{
		{"fig2c", "ln I falls with ln K, slope about −1.18 (set 2, shared Sigma)"},
		{"fig2d", "ln I falls with ln K, slope about −0.97 (set 3, a Sigma per pattern)"},
		{"fig3c", "ln I rises with ln n, slope about 1.08 (set 2)"},
		{"fig3d", "ln I rises with ln n, slope about 1.05 (set 3)"},
	} {
		r := regs[c.id]
		out = append(out, Claim{ID: c.id, Text: c.text,
			Paper: fmt.Sprintf("slope %.3f [%.3f, %.3f], r = %.3f", r.Paper.Slope, r.Paper.SlopeCI[0], r.Paper.SlopeCI[1], r.Paper.R),
			Verdicts: map[string]Verdict{
				"closed_form_dropped": slopeVerdict(r.RegStats, r.Paper),
				"closed_form_authors": slopeVerdict(r.Authors, r.Paper),
				"closed_form_filled":  slopeVerdict(r.Filled, r.Paper),
				"truth":               slopeVerdict(r.Truth, r.Paper),
				"truth_on_kept":       slopeVerdict(r.TruthOnKept, r.Paper),
			}})
	}
	parts := func(f func(Fig4Part) Verdict) map[string]Verdict {
		return map[string]Verdict{
			"closed_form_dropped":   f(f4.ClosedForm),
			"closed_form_authors":   f(f4.Authors),
			"closed_form_subsample": f(f4.ClosedFormSubsample),
			"truth":                 f(f4.Truth),
			"truth_on_kept":         f(f4.TruthOnKept),
		}
	}
	out = append(out,
		Claim{ID: "fig4_mean", Text: "the mean information per synapse I/n rises with n (Fig 4)",
			Paper:    fmt.Sprintf("r = %.2f", f4.Paper.RMean),
			Verdicts: parts(func(p Fig4Part) Verdict { return riseVerdict(p.MeanVsN) })},
		Claim{ID: "fig4_t_1_4", Text: "ln(I/n) is larger at n = 4 than at n = 1 (two-sided t-test)",
			Paper:    fmt.Sprintf("t = %.2f, p = %.2g", f4.Paper.T1v4, f4.Paper.P1v4),
			Verdicts: parts(func(p Fig4Part) Verdict { return tVerdict(p.Student1v4) })},
		Claim{ID: "fig4_t_4_20", Text: "ln(I/n) is larger at n = 20 than at n = 4 (two-sided t-test)",
			Paper:    fmt.Sprintf("t = %.2f, p = %.2g", f4.Paper.T4v20, f4.Paper.P4v20),
			Verdicts: parts(func(p Fig4Part) Verdict { return tVerdict(p.Student4v20) })},
	)
	return out
}

// gridSummary counts the closed form's failures on a set-1 grid and its
// error against the truth where both are finite.
func gridSummary(pts []GridPoint) GridSummary {
	s := GridSummary{Points: len(pts), Failed: map[string]int{}}
	for _, k := range closedKinds {
		s.Failed[k] = 0
	}
	var rel []float64
	for _, p := range pts {
		if p.Fail != "" {
			s.Failed[p.Fail]++
		}
		if !p.Truth.Valid() {
			continue
		}
		s.TruthPoints++
		if p.Fail == "" {
			e := float64(p.MINats - p.Truth)
			s.MaxAbsError = num.Float(math.Max(float64(s.MaxAbsError), math.Abs(e)))
			if p.Truth != 0 {
				rel = append(rel, math.Abs(e/float64(p.Truth)))
			}
		}
	}
	s.MedianRelError = num.Float(math.NaN())
	if len(rel) > 0 {
		s.MedianRelError = Summarize(rel).Median
	}
	return s
}
