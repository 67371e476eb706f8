package reports

import (
	"fmt"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/syninfo/syninfo/compare"
	"github.com/syninfo/syninfo/num"
	"github.com/syninfo/syninfo/sweep"
)

// handRecord is a record of n synapses whose truth is I ± unc and whose
// approximations are off by the given signed errors (NaN: no value), with
// the error fields written as compare writes them: rel = signed/I, real =
// |signed| > max(tolerance, 3·unc), worked out by hand below.
func handRecord(id string, n int, truth, unc float64, infinite bool, errs map[string]float64, real map[string]bool) *sweep.Record {
	res := &compare.Result{Analytic: compare.Analytic{Status: compare.StatusOK},
		Truth:          compare.Truth{Method: "wkl-white", MINats: num.Float(truth), SE: num.Float(unc), Uncertainty: num.Float(unc), Tolerance: 1e-6, Settled: true, Infinite: infinite},
		Approximations: map[string]*compare.Approximation{}}
	for name, e := range errs {
		a := &compare.Approximation{MINats: num.Float(truth + e), Status: "ok"}
		if math.IsNaN(e) {
			a.Status = "pair_not_available"
		} else if !infinite {
			a.Error = &compare.Error{Signed: num.Float(e), Abs: num.Float(math.Abs(e)), Rel: num.Float(e / truth), Real: real[name], Z: num.Float(e / unc)}
		}
		res.Approximations[name] = a
	}
	res.Analytic.MINats = res.Approximations["fw"].MINats
	res.Error = res.Approximations["fw"].Error
	return &sweep.Record{ID: id, Group: "g", Params: sweep.Params{Set: 1, Neurons: 10, Patterns: 3, Synapses: n, S2: 0.25}, Seed: 1, Samples: 100, Result: res}
}

func handRecords() []*sweep.Record {
	nan := math.NaN()
	e := func(fw, c1, c2 float64) map[string]float64 {
		return map[string]float64{"fw": fw, "corrected1": c1, "corrected2": c2}
	}
	r := func(fw, c1, c2 bool) map[string]bool {
		return map[string]bool{"fw": fw, "corrected1": c1, "corrected2": c2}
	}
	recs := []*sweep.Record{
		handRecord("g/0000", 1, 1.0, 0.01, false, e(0.2, -0.06, 0.01), r(true, true, false)),
		handRecord("g/0001", 1, 2.0, 0.03, false, e(-0.4, 0.12, -0.02), r(true, true, false)),
		handRecord("g/0002", 2, 0.5, 0.02, false, e(0.1, 0.04, 0.03), r(true, false, false)),
		handRecord("g/0003", 4, 4.0, 0.08, false, e(1.0, -0.3, 0.15), r(true, true, false)),
		handRecord("g/0004", 4, 1.0, 0.05, false, e(-0.5, 0.2, nan), r(true, true, false)),
		handRecord("g/0005", 3, 1.0, 0, true, e(0.1, 0.1, 0.1), nil),
	}
	for i, rec := range recs {
		rec.Seq = i
	}
	return recs
}

// TestRankingByHand checks the ranking's numbers against arithmetic done by
// hand on six records: two at n = 1, one at n = 2, three at n = 3–4 (one
// without a corrected2 value, one with an infinite truth).
func TestRankingByHand(t *testing.T) {
	vs, err := views(handRecords())
	if err != nil {
		t.Fatal(err)
	}
	names := approxNames(vs)
	if strings.Join(names, ",") != "fw,corrected1,corrected2" {
		t.Fatalf("names %v", names)
	}
	all, byDim, err := ranking(vs, names)
	if err != nil {
		t.Fatal(err)
	}
	type want struct {
		rms, medAbs, medRel float64
		within, real        int
		noValue             int
	}
	check := func(b rankBin, cases, common int, medUnc float64, order []int, tie []bool, w []want) {
		t.Helper()
		if b.Cases != cases || b.Common != common || math.Abs(b.MedUnc-medUnc) > 1e-12 {
			t.Errorf("%s: cases %d common %d median uncertainty %v, want %d %d %v", b.Label, b.Cases, b.Common, b.MedUnc, cases, common, medUnc)
		}
		for i, x := range w {
			s := b.Stats[i]
			if math.Abs(s.RMS-x.rms) > 1e-9 || math.Abs(s.MedAbs-x.medAbs) > 1e-12 || math.Abs(s.MedRel-x.medRel) > 1e-12 ||
				s.Within != x.within || s.Real != x.real || s.NoValue != x.noValue {
				t.Errorf("%s %s: %+v, want %+v", b.Label, names[i], s, x)
			}
		}
		if !slices.Equal(b.Order, order) || !slices.Equal(b.Tie, tie) {
			t.Errorf("%s: order %v ties %v, want %v %v", b.Label, b.Order, b.Tie, order, tie)
		}
	}
	// All: the four cases with a finite truth and every value (g/0000–0003).
	// fw |errors| .2 .4 .1 1 → median .3, RMS √(1.21/4) = .55, relative .2 .2 .2 .25 → .2;
	// corrected1 .06 .12 .04 .3 → .09, √(.1096/4), relative .06 .06 .08 .075 → .0675;
	// corrected2 .01 .02 .03 .15 → .025, √(.0239/4), relative .01 .01 .06 .0375 → .02375.
	// Within 5% or 0.01 nats (tolerances .05 .1 .025 .2): fw none; corrected1 none;
	// corrected2 three (.03 > .025 at I = .5). Uncertainties .01 .03 .02 .08 → median .025.
	// Ties: with 4 cases no sign test reaches p < 0.05 (TestCloserAndSignTest).
	check(all, 6, 4, 0.025, []int{2, 1, 0}, []bool{false, true, true}, []want{
		{0.55, 0.3, 0.2, 0, 4, 0}, {math.Sqrt(0.0274), 0.09, 0.0675, 0, 3, 0}, {math.Sqrt(0.005975), 0.025, 0.02375, 3, 0, 1}})
	byN := byDim[0]
	if len(byN) != 3 || byN[0].Label != "n = 1" || byN[1].Label != "n = 2" || byN[2].Label != "n = 3–4" {
		t.Fatalf("n bins %+v", byN)
	}
	// n = 1: fw .2 .4 → RMS √.1, median .3, relative .2 .2; corrected1 .06 .12 → √.009, .09, .06;
	// corrected2 .01 .02 → √.00025, .015, .01 (both within). Uncertainty median .02.
	check(byN[0], 2, 2, 0.02, []int{2, 1, 0}, []bool{false, true, true}, []want{
		{math.Sqrt(0.1), 0.3, 0.2, 0, 2, 0}, {math.Sqrt(0.009), 0.09, 0.06, 0, 2, 0}, {math.Sqrt(0.00025), 0.015, 0.01, 2, 0, 0}})
	// n = 2: one case, uncertainty .02.
	check(byN[1], 1, 1, 0.02, []int{2, 1, 0}, []bool{false, true, true}, []want{
		{0.1, 0.1, 0.2, 0, 1, 0}, {0.04, 0.04, 0.08, 0, 0, 0}, {0.03, 0.03, 0.06, 0, 0, 0}})
	// n = 3–4: g/0003 only (g/0004 has no corrected2, g/0005 an infinite truth).
	check(byN[2], 3, 1, 0.08, []int{2, 1, 0}, []bool{false, true, true}, []want{
		{1, 1, 0.25, 0, 1, 0}, {0.3, 0.3, 0.075, 0, 1, 0}, {0.15, 0.15, 0.0375, 1, 0, 1}})
	if got := byN[1].best(names); got != "fw ≈ corrected1 ≈ corrected2" {
		t.Errorf("best at n = 2: %q", got)
	}

	blocks, err := rankingAnswer(vs, names)
	if err != nil {
		t.Fatal(err)
	}
	md, err := RenderMarkdown(&Page{Title: "t", Blocks: blocks})
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{"on the 4 cases", "corrected2 (median relative |error| 2.4%", "by n: fw ≈ corrected1 ≈ corrected2 at 1, 2, 3–4",
		"corrected2 in 1 case"} {
		if !strings.Contains(string(md), s) {
			t.Errorf("answer lacks %q:\n%s", s, md)
		}
	}
}

// TestCloserAndSignTest checks the tie rule by hand: which approximation
// the truth tells closer, and the sign test's p-values.
func TestCloserAndSignTest(t *testing.T) {
	vs, err := views(handRecords()[:4])
	if err != nil {
		t.Fatal(err)
	}
	// corrected2 against corrected1: g/0000 (I = 1 ± .01, values 1.01 and
	// .94, midpoint .975: the truth .025 beyond it on corrected2's side,
	// more than 2 × .01); g/0001 (2 ± .03, 1.98 and 2.12, midpoint 2.05:
	// .05 ≤ .06), g/0002 (.5 ± .02, .53 and .54: .035 ≤ .04), g/0003
	// (4 ± .08, 4.15 and 3.7: .075 ≤ .16) cannot tell.
	if w, l := closer(vs, "corrected2", "corrected1"); w != 1 || l != 0 {
		t.Errorf("corrected2 vs corrected1: %d wins, %d losses; want 1, 0", w, l)
	}
	// corrected2 against fw: the midpoints 1.105, 1.79, .565, 4.575 are all
	// beyond 2 uncertainties of the truth, on corrected2's side.
	if w, l := closer(vs, "corrected2", "fw"); w != 4 || l != 0 {
		t.Errorf("corrected2 vs fw: %d wins, %d losses; want 4, 0", w, l)
	}
	if w, l := closer(vs, "fw", "corrected2"); w != 0 || l != 4 {
		t.Errorf("fw vs corrected2: %d wins, %d losses; want 0, 4", w, l)
	}
	// 2·P(X ≤ k), X ~ Binomial(n, ½): (6, 0) 2/64; (5, 0) 2/32; (8, 2)
	// 2·(1 + 10 + 45)/1024; (3, 3) capped at 1; (0, 0) 1.
	for _, c := range []struct {
		w, l int
		p    float64
	}{{6, 0, 2.0 / 64}, {0, 6, 2.0 / 64}, {5, 0, 2.0 / 32}, {8, 2, 112.0 / 1024}, {3, 3, 1}, {0, 0, 1}} {
		if got := signTest(c.w, c.l); math.Abs(got-c.p) > 1e-12 {
			t.Errorf("signTest(%d, %d) = %v, want %v", c.w, c.l, got, c.p)
		}
	}
	// Six cases where corrected1 is resolved closer than fw every time: not a tie.
	var recs []*sweep.Record
	for i := range 6 {
		r := handRecord(fmt.Sprintf("g/%04d", i), 2, 1, 0.01, false, map[string]float64{"fw": 0.2, "corrected1": 0.1}, nil)
		r.Seq = i
		recs = append(recs, r)
	}
	vs, err = views(recs)
	if err != nil {
		t.Fatal(err)
	}
	b := rankOf("six", vs, []string{"fw", "corrected1"})
	if !slices.Equal(b.Order, []int{1, 0}) || !slices.Equal(b.Tie, []bool{false, false}) || b.best([]string{"fw", "corrected1"}) != "corrected1" {
		t.Errorf("six cases: order %v ties %v", b.Order, b.Tie)
	}
}

// TestRankingOnlyWithApproximations: records without approximations make
// no ranking section and no ranking figure (the golden report stays as it
// is); records with them make both, in report.md and index.html.
func TestRankingOnlyWithApproximations(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "r")
	if err := Write(dir, handRecords(), Options{}); err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{MarkdownFile, HTMLFile} {
		b, err := os.ReadFile(filepath.Join(dir, f))
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(b), "Approximations by regime") || !strings.Contains(string(b), "fig-"+RankingFigure) && f == MarkdownFile {
			t.Errorf("%s lacks the ranking", f)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "fig-"+RankingFigure+".svg")); err != nil {
		t.Error(err)
	}
	// results.csv: the approximations' columns, the values put in.
	b, err := os.ReadFile(filepath.Join(dir, CSVFile))
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(string(b), "\n")
	if !strings.HasSuffix(lines[0], ",corrected1_nats,corrected1_status,corrected1_error_signed_nats,corrected1_error_real,corrected2_nats,corrected2_status,corrected2_error_signed_nats,corrected2_error_real") {
		t.Errorf("results.csv header %q", lines[0])
	}
	if !strings.HasSuffix(lines[1], ",0.94,ok,-0.06,true,1.01,ok,0.01,false") || !strings.HasSuffix(lines[5], ",1.2,ok,0.2,true,,pair_not_available,,") {
		t.Errorf("results.csv rows:\n%s\n%s", lines[1], lines[5])
	}
	_, recs := readRecords(t)
	dir2 := filepath.Join(t.TempDir(), "r2")
	if err := Write(dir2, recs, Options{}); err != nil {
		t.Fatal(err)
	}
	b, _ = os.ReadFile(filepath.Join(dir2, MarkdownFile))
	if strings.Contains(string(b), "Approximations by regime") {
		t.Error("a report without approximations has a ranking")
	}
	if _, err := os.Stat(filepath.Join(dir2, "fig-"+RankingFigure+".svg")); err == nil {
		t.Error("a report without approximations has a ranking figure")
	}
}
