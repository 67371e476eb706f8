package paper

import (
	"context"
	"encoding/json"
	"math"
	"reflect"
	"strings"
	"testing"

	"github.com/syninfo/syninfo/analytic"
	"github.com/syninfo/syninfo/compare"
	"github.com/syninfo/syninfo/internal/rng"
	"github.com/syninfo/syninfo/num"
	"github.com/syninfo/syninfo/simsets"
	"github.com/syninfo/syninfo/sweep"
)

func TestFullThresholdKAgainstSpecAndModel(t *testing.T) {
	// the worked values of docs/method.md §3.
	for _, c := range []struct{ n, k int }{{12, 9}, {100, 88}} {
		if got := FullThresholdK(c.n); got != c.k {
			t.Errorf("FullThresholdK(%d) = %d, want %d (docs/method.md §3)", c.n, got, c.k)
		}
	}
	// Against the model's own rank test (analytic's support): the whole
	// network of N neurons is degenerate at K*−1 and not at K*.
	for _, nn := range []int{5, 7, 8} {
		ks := FullThresholdK(nn)
		order := simsets.RandomSynapses(rng.New(1), nn, nn*(nn-1)/2)
		for _, k := range []int{ks - 1, ks} {
			c, err := synergyCase(3, synergyTask{neurons: nn, k: k, n: len(order), order: order})
			if err != nil {
				t.Fatal(err)
			}
			a, err := analytic.Compute(c, analytic.Options{})
			if err != nil {
				t.Fatal(err)
			}
			degenerate := a.Support.DimRest < c.Len()
			if degenerate != (k < ks) {
				t.Errorf("N=%d K=%d: W^(-m) dimension %d of %d, threshold K* = %d", nn, k, a.Support.DimRest, c.Len(), ks)
			}
			if bound := dimBound(k-1, nn) < c.Len(); bound != (k < ks) {
				t.Errorf("N=%d K=%d: dimBound says %v", nn, k, bound)
			}
		}
	}
}

func TestDimBound(t *testing.T) {
	for _, c := range []struct{ j, d, want int }{
		{1, 5, 5}, {2, 5, 9}, {5, 5, 15}, {9, 5, 15}, {3, 20, 57},
	} {
		if got := dimBound(c.j, c.d); got != c.want {
			t.Errorf("dimBound(%d, %d) = %d, want %d", c.j, c.d, got, c.want)
		}
	}
}

func TestLenGrid(t *testing.T) {
	for _, c := range []struct {
		total, points int
		want          []int
	}{
		{66, 2, []int{1, 66}},
		{66, 4, []int{1, 4, 16, 66}},
		{10, 20, []int{1, 2, 3, 4, 5, 6, 7, 8, 9, 10}},
		{4950, 8, []int{1, 3, 11, 38, 129, 436, 1468, 4950}}, // round(4950^(i/7)),
	} {
		if got := lenGrid(c.total, c.points); !reflect.DeepEqual(got, c.want) {
			t.Errorf("lenGrid(%d, %d) = %v, want %v", c.total, c.points, got, c.want)
		}
	}
}

func TestSet1PointMatchesSimsets(t *testing.T) {
	s := QuickSizes()
	cfg := TruthConfig(1, s)
	for _, g := range cfg.Groups {
		if g.Set.Set != 1 {
			continue
		}
		count, _ := g.Set.Count()
		for i := 0; i < count; i += 7 {
			pt, err := g.Set.Case(0, i)
			if err != nil {
				t.Fatal(err)
			}
			k, n, sv, rv := set1Point(*g.Set, i)
			if k != pt.K || n != pt.Len || sv != pt.S || rv != pt.R {
				t.Errorf("%s case %d: set1Point (%d, %d, %v, %v), simsets (%d, %d, %v, %v)", g.Name, i, k, n, sv, rv, pt.K, pt.Len, pt.S, pt.R)
			}
		}
	}
}

func TestClosedFail(t *testing.T) {
	for _, c := range []struct {
		status analytic.Status
		v      float64
		want   string
	}{
		{analytic.OK, 0.3, ""},
		{analytic.OK, 0, FailNonPositive},
		{analytic.OK, -1e-9, FailNonPositive},
		{analytic.OK, math.NaN(), FailNonFinite},
		{analytic.OK, math.Inf(1), FailNonFinite},
		{analytic.NotPositiveDefinite, math.NaN(), FailNotPD},
		{analytic.Infinite, 2.5, FailInfinite}, // a finite closed form for an infinite truth
	} {
		if got := closedFail(c.status, c.v); got != c.want {
			t.Errorf("closedFail(%s, %v) = %q, want %q", c.status, c.v, got, c.want)
		}
	}
	for _, c := range []struct {
		t    compare.Truth
		want string
	}{
		{compare.Truth{MINats: 0.2}, ""},
		{compare.Truth{MINats: -0.01}, FailNonPositive},
		{compare.Truth{MINats: num.Float(math.Inf(1)), Infinite: true}, FailInfinite},
		{compare.Truth{MINats: num.Float(math.NaN())}, FailMissing},
	} {
		if got := truthFail(c.t); got != c.want {
			t.Errorf("truthFail(%+v) = %q, want %q", c.t, got, c.want)
		}
	}
}

// handDraws are draws with known values and failures.
func handDraws() []Draw {
	nan := num.Float(math.NaN())
	return []Draw{
		{Index: 0, K: 2, Len: 1, MINats: 2.0, Truth: 2.2},
		{Index: 1, K: 4, Len: 3, MINats: 0.9, Truth: 1.1},
		{Index: 2, K: 8, Len: 2, MINats: nan, Fail: FailNotPD, Truth: 0.3},
		{Index: 3, K: 16, Len: 5, MINats: 0.2, Truth: 0.25},
		{Index: 4, K: 32, Len: 9, MINats: -0.1, Fail: FailNonPositive, Truth: -0.02, TruthFail: FailNonPositive},
		{Index: 5, K: 3, Len: 7, MINats: 1.7, Fail: FailInfinite, Truth: num.Float(math.Inf(1)), TruthFail: FailInfinite},
		{Index: 6, K: 6, Len: 4, MINats: 0.8, Truth: 0.7},
		{Index: 7, K: 12, Len: 2, MINats: 0.15, Truth: 0.18},
	}
}

func TestRegressionCountsAndSlope(t *testing.T) {
	draws := handDraws()
	reg := regression(draws, "ln K", lnK, paperFig2C)
	// Closed form: draws 0, 1, 3, 6, 7 kept; slope by the textbook
	// formula written out here.
	slopeOf := func(idx []int, val func(Draw) float64) float64 {
		var sx, sy, sxx, sxy float64
		for _, i := range idx {
			x, y := math.Log(float64(draws[i].K)), math.Log(val(draws[i]))
			sx, sy, sxx, sxy = sx+x, sy+y, sxx+x*x, sxy+x*y
		}
		n := float64(len(idx))
		return (n*sxy - sx*sy) / (n*sxx - sx*sx)
	}
	if want := slopeOf([]int{0, 1, 3, 6, 7}, closedValue); !near(float64(reg.Slope), want, 1e-12) {
		t.Errorf("closed-form slope %v, want %v", reg.Slope, want)
	}
	if reg.DrawsUsed != 5 || reg.DrawsFailed != 3 || reg.FailedByKind[FailNotPD] != 1 || reg.FailedByKind[FailNonPositive] != 1 || reg.FailedByKind[FailInfinite] != 1 {
		t.Errorf("closed-form counts: used %d failed %d %v", reg.DrawsUsed, reg.DrawsFailed, reg.FailedByKind)
	}
	if want := slopeOf([]int{0, 1, 2, 3, 6, 7}, truthValue); !near(float64(reg.Truth.Slope), want, 1e-12) {
		t.Errorf("truth slope %v, want %v", reg.Truth.Slope, want)
	}
	if reg.Truth.DrawsUsed != 6 || reg.Truth.FailedByKind[FailInfinite] != 1 || reg.Truth.FailedByKind[FailNonPositive] != 1 {
		t.Errorf("truth counts: %+v", reg.Truth)
	}
	if want := slopeOf([]int{0, 1, 3, 6, 7}, truthValue); !near(float64(reg.TruthOnKept.Slope), want, 1e-12) || reg.TruthOnKept.DrawsUsed != 5 {
		t.Errorf("truth on kept: slope %v (want %v), used %d", reg.TruthOnKept.Slope, want, reg.TruthOnKept.DrawsUsed)
	}
	if reg.Filled.DrawsUsed != len(draws) || reg.Filled.DrawsFailed != 0 {
		t.Errorf("filled: %+v", reg.Filled)
	}
}

func TestFilledTakesNearestKeptDraw(t *testing.T) {
	draws := handDraws()
	out := filled(draws)
	for i, d := range draws {
		if d.Fail == "" {
			if out[i].MINats != d.MINats {
				t.Errorf("kept draw %d changed", i)
			}
			continue
		}
		// Brute force: the kept draw minimising the distance in (ln K, ln n).
		best, bestD := -1, math.Inf(1)
		for j, e := range draws {
			if e.Fail != "" {
				continue
			}
			dk := math.Log(float64(d.K) / float64(e.K))
			dn := math.Log(float64(d.Len) / float64(e.Len))
			if dist := math.Hypot(dk, dn); dist < bestD-1e-15 {
				best, bestD = j, dist
			}
		}
		if out[i].MINats != draws[best].MINats || out[i].Fail != "" {
			t.Errorf("failed draw %d filled with %v, want draw %d's %v", i, out[i].MINats, best, draws[best].MINats)
		}
	}
}

func TestClosedFormIndependentOfWorkers(t *testing.T) {
	p := simsets.Fig2D3D()
	a, err := closedForm(context.Background(), p, 5, 10, 90, 1)
	if err != nil {
		t.Fatal(err)
	}
	b, err := closedForm(context.Background(), p, 5, 10, 90, 3)
	if err != nil {
		t.Fatal(err)
	}
	ja, _ := json.Marshal(a)
	jb, _ := json.Marshal(b)
	if string(ja) != string(jb) {
		t.Error("closed form depends on the number of workers")
	}
	if a[0].Index != 10 || a[len(a)-1].Index != 89 {
		t.Errorf("indices %d..%d, want 10..89", a[0].Index, a[len(a)-1].Index)
	}
}

func TestTruthConfigRoundTrips(t *testing.T) {
	// The sweep file's header must read back equal, or a rerun cannot resume.
	for _, s := range []Sizes{FullSizes(), QuickSizes()} {
		cfg := TruthConfig(7, s)
		b, err := json.Marshal(cfg)
		if err != nil {
			t.Fatal(err)
		}
		back, err := sweep.ParseConfig(b)
		if err != nil {
			t.Fatal(err)
		}
		if !back.Equal(cfg) {
			t.Error("truth config does not round-trip through JSON")
		}
	}
}

func TestTruthTasksSkipFig2DDraws(t *testing.T) {
	s := QuickSizes()
	s.Set2Draws, s.Set3Draws, s.Fig4Draws, s.Fig4TruthDraws, s.Fig4TruthLens = 5, 6, 60, 4, []int{1, 20}
	s.Set1TruthK, s.Set1TruthLen = nil, nil
	tasks := TruthTasks(TruthConfig(1, s), s)
	count := map[string]int{}
	for _, tk := range tasks {
		count[tk.Group]++
		if tk.Group == groupFig4 {
			_, i, _ := taskIndex(tk.ID)
			if i < s.Set3Draws {
				t.Errorf("fig4 task %s is one of set 3's draws", tk.ID)
			}
			if n := tk.Params.Synapses; i >= s.Set3Draws+s.Fig4TruthDraws && n != 1 && n != 20 {
				t.Errorf("fig4 task %s (n = %d) is outside the truth subsample", tk.ID, n)
			}
		}
	}
	// Independently: Fig 4's draws with n in {1, 20} beyond the first 4.
	want := s.Fig4TruthDraws
	for j := s.Fig4TruthDraws; j < s.Fig4Draws; j++ {
		pt, err := simsets.Fig4().Case(1, s.Set3Draws+j)
		if err != nil {
			t.Fatal(err)
		}
		if pt.Len == 1 || pt.Len == 20 {
			want++
		}
	}
	if count[groupSet2] != 5 || count[groupSet3] != 6 || count[groupFig4] != want {
		t.Errorf("tasks per group: %v, want fig4 %d", count, want)
	}
}

func TestSlopeVerdict(t *testing.T) {
	ci := func(lo, hi float64) RegStats {
		return RegStats{Slope: num.Float((lo + hi) / 2), SlopeCI: [2]num.Float{num.Float(lo), num.Float(hi)}}
	}
	for _, c := range []struct {
		r    RegStats
		want string
	}{
		{ci(-1.3, -1.1), Holds},
		{ci(-1.0, -0.8), HoldsDifferent},
		{ci(-0.2, 0.1), DoesNotHold},
		{ci(0.5, 0.9), DoesNotHold},
		{RegStats{Slope: num.Float(math.NaN()), SlopeCI: [2]num.Float{num.Float(math.NaN()), num.Float(math.NaN())}}, Undetermined},
	} {
		if got := slopeVerdict(c.r, paperFig2C).Holds; got != c.want {
			t.Errorf("CI %v: %q, want %q", c.r.SlopeCI, got, c.want)
		}
	}
}

func TestSynergyClaimCountsCurves(t *testing.T) {
	pt := func(k, n int, status string, per, truth float64) SynergyPoint {
		return SynergyPoint{Family: FamilySet1, Neurons: 12, K: k, Len: n, Status: status,
			PerSynapse: num.Float(per), MINats: num.Float(per * float64(n)),
			Truth: num.Float(truth * float64(n)), TruthSE: 0}
	}
	nan := math.NaN()
	s := &Synergy{Points: []SynergyPoint{
		// K = 2: rises to its last ok n, then infinite at the whole network.
		pt(2, 1, "ok", 0.1, 0.1), pt(2, 4, "ok", 0.2, 0.3), pt(2, 16, "ok", 0.3, 0.35), pt(2, 66, "infinite", nan, nan),
		// K = 9: peaks at n = 4, then declines; ok at the whole network.
		pt(9, 1, "ok", 0.1, 0.1), pt(9, 4, "ok", 0.4, 0.4), pt(9, 16, "ok", 0.2, 0.2), pt(9, 66, "ok", 0.25, nan),
	}}
	c := s.claim()
	cf, tr := c.Verdicts["closed_form"], c.Verdicts["truth"]
	if cf.Holds != DoesNotHold || !strings.Contains(cf.Detail, "1 of 2") || !strings.Contains(cf.Detail, "infinite for 1 of 2") || !strings.HasSuffix(cf.Detail, "for 1") {
		t.Errorf("closed form verdict: %+v", cf)
	}
	if tr.Holds != DoesNotHold || !strings.Contains(tr.Detail, "1 of 2") {
		t.Errorf("truth verdict: %+v", tr)
	}
}

// TestTruthBar: the figures' error bar is the truth's uncertainty, the
// standard error for records without one, and never below the standard
// error.
func TestTruthBar(t *testing.T) {
	nan := num.Float(math.NaN())
	for _, tc := range []struct {
		unc, se num.Float
		want    float64
	}{
		{0.3, 0.1, 0.3},    // uncertainty with bias
		{nan, 0.1, 0.1},    // no uncertainty stated
		{0, 0.1, 0.1},      // a record written before the field existed
		{nan, nan, 0},      // nothing known
		{1e-9, 1e-9, 1e-9}, // exact reference
	} {
		if got := truthBar(tc.unc, tc.se); got != tc.want {
			t.Errorf("truthBar(%v, %v) = %v, want %v", tc.unc, tc.se, got, tc.want)
		}
	}
}
