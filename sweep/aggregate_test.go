package sweep

import (
	"fmt"
	"math"
	"slices"
	"testing"

	"github.com/syninfo/syninfo/compare"
	"github.com/syninfo/syninfo/num"
)

// rec builds a record by hand: abs (the signed error I_FW − truth), rel and
// z are the error (NaN: null; abs NaN: no error at all); the error is real
// when |z| > 3.
func rec(id string, seq int, group string, set, k, n int, s2, rho float64, status string, cf float64, truthInf bool, abs, rel, z float64) *Record {
	r := &Record{ID: id, Seq: seq, Group: group,
		Params: Params{Set: set, Neurons: 20, Patterns: k, Synapses: n, S2: s2, Rho: rho},
		Result: &compare.Result{Analytic: compare.Analytic{Status: status, MINats: num.Float(cf)}, Truth: compare.Truth{Infinite: truthInf}}}
	if !math.IsNaN(abs) {
		r.Error = &compare.Error{Signed: num.Float(abs), Abs: num.Float(math.Abs(abs)), Rel: num.Float(rel),
			Real: math.Abs(z) > 3, Z: num.Float(z)}
	}
	return r
}

var nan = math.NaN()

// aggRecords: 4 records with errors in group a, 3 failures in group b.
func aggRecords() []*Record {
	return []*Record{
		// group b appears first in the slice but second by Seq.
		rec("b/0", 10, "b", 1, 1, 1, 2, 0.5, compare.StatusInfinite, nan, true, nan, nan, nan),
		rec("a/0", 0, "a", 1, 2, 1, 0.25, 0, compare.StatusOK, 1.1, false, 0.1, 0.1, 5),
		rec("a/1", 1, "a", 1, 2, 3, 0.25, 0, compare.StatusOK, 0.7, false, -0.3, -0.3, -1),
		rec("a/2", 2, "a", 1, 8, 3, 1, 0.3, compare.StatusOK, 2.2, false, 0.2, 0.1, nan),
		rec("a/3", 3, "a", 2, 30, 16, 0.01, 0.85, compare.StatusOK, 0.6, false, -0.4, math.Inf(1), 4),
		rec("b/1", 11, "b", 1, 3, 15, 2, 0.5, compare.StatusInfinite, 11.2, true, nan, nan, nan),
		rec("b/2", 12, "b", 3, 10, 16, 0, 0, compare.StatusNotPositiveDefinite, nan, false, nan, nan, nan),
	}
}

func near(a, b float64) bool {
	if math.IsNaN(a) || math.IsNaN(b) {
		return math.IsNaN(a) && math.IsNaN(b)
	}
	return math.Abs(a-b) <= 1e-12*math.Max(1, math.Abs(b))
}

func TestAggregateAll(t *testing.T) {
	regs, err := Aggregate(aggRecords())
	if err != nil {
		t.Fatal(err)
	}
	if len(regs) != 1 {
		t.Fatalf("got %d regimes, want 1", len(regs))
	}
	g := regs[0]
	// By hand: errors 0.1, −0.3, 0.2, −0.4; |errors| sorted 0.1 0.2 0.3 0.4.
	// Median: h = 3·0.5 = 1.5 → 0.2 + 0.5·0.1 = 0.25. P90: h = 2.7 → 0.3 + 0.7·0.1 = 0.37.
	// |rel| finite: 0.1, 0.3, 0.1 → sorted 0.1 0.1 0.3; median 0.1; P90 h = 1.8 → 0.1 + 0.8·0.2 = 0.26.
	// Verdicts on all 4 errors; real where |z| > 3 (5 and 4): 2 of 4.
	want := Regime{Keys: []string{}, Order: []int{}, Count: 7, OK: 4, Infinite: 2, NotPositiveDefinite: 1,
		RateInfinite: 2.0 / 7, RateNotPositiveDefinite: 1.0 / 7, InfiniteWithValue: 1,
		Errors: 4, Bias: -0.1, MeanAbs: 0.25, MedianAbs: 0.25, P90Abs: 0.37,
		RelErrors: 3, MedianRel: 0.1, P90Rel: 0.26, ZErrors: 4, Significant: 2, FracSignificant: 2.0 / 4}
	checkRegime(t, g, want)
}

func checkRegime(t *testing.T, got, want Regime) {
	t.Helper()
	if !slices.Equal(got.Keys, want.Keys) || !slices.Equal(got.Order, want.Order) {
		t.Errorf("keys %q order %v, want %q %v", got.Keys, got.Order, want.Keys, want.Order)
	}
	ints := [][3]any{
		{"Count", got.Count, want.Count}, {"OK", got.OK, want.OK}, {"Infinite", got.Infinite, want.Infinite},
		{"NotPositiveDefinite", got.NotPositiveDefinite, want.NotPositiveDefinite}, {"Other", got.Other, want.Other},
		{"InfiniteWithValue", got.InfiniteWithValue, want.InfiniteWithValue}, {"Errors", got.Errors, want.Errors},
		{"RelErrors", got.RelErrors, want.RelErrors}, {"ZErrors", got.ZErrors, want.ZErrors}, {"Significant", got.Significant, want.Significant},
	}
	for _, c := range ints {
		if c[1] != c[2] {
			t.Errorf("%v %v: %s = %v, want %v", got.Keys, "", c[0], c[1], c[2])
		}
	}
	floats := []struct {
		name      string
		got, want float64
	}{
		{"RateInfinite", got.RateInfinite, want.RateInfinite}, {"RateNotPositiveDefinite", got.RateNotPositiveDefinite, want.RateNotPositiveDefinite},
		{"Bias", got.Bias, want.Bias}, {"MeanAbs", got.MeanAbs, want.MeanAbs}, {"MedianAbs", got.MedianAbs, want.MedianAbs},
		{"P90Abs", got.P90Abs, want.P90Abs}, {"MedianRel", got.MedianRel, want.MedianRel}, {"P90Rel", got.P90Rel, want.P90Rel},
		{"FracSignificant", got.FracSignificant, want.FracSignificant},
	}
	for _, f := range floats {
		if !near(f.got, f.want) {
			t.Errorf("%v: %s = %v, want %v", got.Keys, f.name, f.got, f.want)
		}
	}
}

func TestAggregateByGroup(t *testing.T) {
	regs, err := Aggregate(aggRecords(), ByGroup)
	if err != nil {
		t.Fatal(err)
	}
	if len(regs) != 2 {
		t.Fatalf("got %d regimes, want 2", len(regs))
	}
	// Group a: the four errors of TestAggregateAll, no failure.
	checkRegime(t, regs[0], Regime{Keys: []string{"a"}, Order: []int{0}, Count: 4, OK: 4,
		Errors: 4, Bias: -0.1, MeanAbs: 0.25, MedianAbs: 0.25, P90Abs: 0.37,
		RelErrors: 3, MedianRel: 0.1, P90Rel: 0.26, ZErrors: 4, Significant: 2, FracSignificant: 2.0 / 4})
	// Group b: failures only, so every error statistic is NaN.
	checkRegime(t, regs[1], Regime{Keys: []string{"b"}, Order: []int{1}, Count: 3, Infinite: 2, NotPositiveDefinite: 1,
		RateInfinite: 2.0 / 3, RateNotPositiveDefinite: 1.0 / 3, InfiniteWithValue: 1,
		Bias: nan, MeanAbs: nan, MedianAbs: nan, P90Abs: nan, MedianRel: nan, P90Rel: nan, FracSignificant: nan})
}

func TestAggregateKeys(t *testing.T) {
	tests := []struct {
		by   []string
		want []string // Key() of each regime, in order
	}{
		{[]string{ByK}, []string{"1", "2", "3–4", "5–8", "9–16", "17–32"}},
		{[]string{ByN}, []string{"1", "3–4", "9–16"}},
		{[]string{ByS2}, []string{"< 0.15", "[0.15, 0.35)", "[0.7, 1.4)", "[1.4, 2.8)", "n/a"}},
		{[]string{ByRho}, []string{"[0, 0.2)", "[0.2, 0.4)", "[0.4, 0.6)", "≥ 0.8", "n/a"}},
		{[]string{BySet}, []string{"set 1", "set 2", "set 3"}},
		{[]string{ByStatus}, []string{"ok", "infinite", "not_positive_definite"}},
		{[]string{ByGroup, ByN}, []string{"a, 1", "a, 3–4", "a, 9–16", "b, 1", "b, 9–16"}},
	}
	for _, tc := range tests {
		t.Run(fmt.Sprint(tc.by), func(t *testing.T) {
			regs, err := Aggregate(aggRecords(), tc.by...)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			total := 0
			for _, r := range regs {
				got = append(got, r.Key())
				total += r.Count
			}
			if !slices.Equal(got, tc.want) {
				t.Errorf("keys %q, want %q", got, tc.want)
			}
			if total != 7 {
				t.Errorf("regimes hold %d records, want 7", total)
			}
		})
	}
	// One cell checked in full: K in 1–2 bins; K = 2 holds a/0 and a/1.
	regs, _ := Aggregate(aggRecords(), ByK)
	// errors 0.1, −0.3: bias −0.1, mean |e| 0.2, median 0.2, P90 h = 0.9 → 0.1 + 0.9·0.2 = 0.28.
	checkRegime(t, regs[1], Regime{Keys: []string{"2"}, Order: []int{2}, Count: 2, OK: 2, Errors: 2,
		Bias: -0.1, MeanAbs: 0.2, MedianAbs: 0.2, P90Abs: 0.28, RelErrors: 2, MedianRel: 0.2, P90Rel: 0.28,
		ZErrors: 2, Significant: 1, FracSignificant: 0.5})
}

func TestAggregateUnknownDimension(t *testing.T) {
	if _, err := Aggregate(aggRecords(), "sigma"); err == nil {
		t.Fatal("unknown dimension accepted")
	}
}

func TestAggregateOrderIndependent(t *testing.T) {
	a, _ := Aggregate(aggRecords(), ByGroup, ByK)
	r := aggRecords()
	slices.Reverse(r)
	b, _ := Aggregate(r, ByGroup, ByK)
	if fmt.Sprintf("%v", a) != fmt.Sprintf("%v", b) {
		t.Errorf("aggregates depend on record order:\n%v\n%v", a, b)
	}
}

func TestQuantile7(t *testing.T) {
	// Values by hand, and as numpy.quantile(x, p) (method "linear") gives them.
	tests := []struct {
		x    []float64
		p    float64
		want float64
	}{
		{nil, 0.5, nan},
		{[]float64{3}, 0.9, 3},
		{[]float64{1, 2}, 0.5, 1.5},
		{[]float64{1, 2, 3, 4, 10}, 0.5, 3},
		{[]float64{1, 2, 3, 4, 10}, 0.9, 7.6}, // h = 3.6: 4 + 0.6·6
		{[]float64{1, 2, 3, 4, 10}, 0, 1},
		{[]float64{1, 2, 3, 4, 10}, 1, 10},
		{[]float64{0, 10, 20, 30}, 0.25, 7.5}, // h = 0.75
	}
	for _, tc := range tests {
		if got := Quantile7(tc.x, tc.p); !near(got, tc.want) {
			t.Errorf("Quantile7(%v, %v) = %v, want %v", tc.x, tc.p, got, tc.want)
		}
	}
}

func TestBins(t *testing.T) {
	tests := []struct {
		v     int
		label string
		idx   int
	}{{1, "1", 1}, {2, "2", 2}, {3, "3–4", 3}, {4, "3–4", 3}, {5, "5–8", 4}, {8, "5–8", 4}, {9, "9–16", 5}, {190, "129–256", 9}}
	for _, tc := range tests {
		if l, i := pow2Bin(tc.v); l != tc.label || i != tc.idx {
			t.Errorf("pow2Bin(%d) = %q, %d; want %q, %d", tc.v, l, i, tc.label, tc.idx)
		}
	}
	ftests := []struct {
		x     float64
		label string
		idx   int
	}{{-0.05, "< 0", 0}, {0, "[0, 0.2)", 1}, {0.2, "[0.2, 0.4)", 2}, {0.79, "[0.6, 0.8)", 4}, {0.8, "≥ 0.8", 5}, {1, "≥ 0.8", 5}}
	for _, tc := range ftests {
		if l, i := binOf(tc.x, RhoEdges); l != tc.label || i != tc.idx {
			t.Errorf("binOf(%v) = %q, %d; want %q, %d", tc.x, l, i, tc.label, tc.idx)
		}
	}
}
