package exact

import (
	"errors"
	"math"
	"strconv"
	"strings"
	"testing"
)

// TestHostileTerms: classes of extreme but finite terms. Each either gives a
// result checked against an independent identity (translation invariance:
// multiplying every term by e^c moves both entropies by c and leaves the
// information; closed forms where one side dominates; the small-noise limit)
// or is refused with one line naming the field. Nothing panics.
func TestHostileTerms(t *testing.T) {
	t.Parallel()
	base := func(ms, vs []float64, m int) Result {
		r, err := SingletonTerms(ms, vs, m, Options{})
		if err != nil || r.Status != StatusOK {
			t.Fatalf("base %v %v: %+v %v", ms, vs, r, err)
		}
		return r
	}
	shift := func(ms []float64, c float64) []float64 {
		out := make([]float64, len(ms))
		for k, m := range ms {
			out[k] = m + c
		}
		return out
	}
	huge := []float64{800, 800, 1}     // log-variance beyond ln(MaxFloat64)
	wide := []float64{1, 2, 1e4}       // log-sds 1 … 100
	plain := []float64{1, 0.5, 2}      // ordinary
	mPlain := []float64{0.25, -0.5, 1} // ordinary log-means, exact after a shift by 2^50
	for _, c := range []struct {
		name   string
		ms, vs []float64
		m      int
		// check returns "" when the result is right.
		check func(r Result) string
		// refuse is a word the error must contain ("" = must succeed).
		refuse string
	}{
		{name: "log-variance 800 (term m)", ms: []float64{0, 0, 0}, vs: huge, m: 0,
			check: func(r Result) string { return finite(r) }},
		{name: "log-variance 800 (rest)", ms: []float64{0, 0, 0}, vs: huge, m: 2,
			check: func(r Result) string { return finite(r) }},
		{name: "log-sds 1 to 100", ms: []float64{0, 0, 0}, vs: wide, m: 0,
			check: func(r Result) string { return finite(r) }},
		{name: "log-means shifted by 2^50", ms: shift(mPlain, 1<<50), vs: plain, m: 1,
			check: func(r Result) string { return sameMI(r, base(mPlain, plain, 1), 1e-12) }},
		{name: "equal log-means -1e300", ms: []float64{-1e300, -1e300, -1e300}, vs: plain, m: 0,
			check: func(r Result) string { return sameMI(r, base([]float64{0, 0, 0}, plain, 0), 1e-12) }},
		{name: "log-variance 800 shifted by 1e15", ms: []float64{1e15, 1e15, 1e15}, vs: huge, m: 0,
			check: func(r Result) string {
				return sameMI(r, base([]float64{0, 0, 0}, huge, 0), 1e-9)
			}},
		{name: "term m at 1e308 above the rest", ms: []float64{1e308, 0}, vs: []float64{1, 2}, m: 0,
			check: func(r Result) string {
				// W^(-m) is negligible beside T_m: h(W) = h(T_m) exactly in float64.
				return closeTo(r.MINats, lognormalEntropy(1e308, 1)-lognormalEntropy(0, 2), 0)
			}},
		{name: "term m at 1e15 above the rest", ms: []float64{1e15, 0, 1}, vs: []float64{1, 2, 3}, m: 0,
			check: func(r Result) string {
				// h(W) = h(T_m); h(W^(-m)) from the two rest terms alone.
				rest, err := SingletonTerms([]float64{0, 1}, []float64{2, 3}, 0, Options{})
				if err != nil {
					return err.Error()
				}
				return closeTo(r.MINats, lognormalEntropy(1e15, 1)-rest.HW, 0.25) // float64 spacing at 1e15: 0.125
			}},
		{name: "term m 1e308 below the rest", ms: []float64{0, -1e308}, vs: []float64{1, 2}, m: 1,
			check: func(r Result) string {
				if r.MINats != 0 || r.HW != r.HWRest || r.Status != StatusOK {
					return "want MI 0 and equal entropies"
				}
				return closeTo(r.HW, lognormalEntropy(0, 1), 0)
			}},
		{name: "rest term 1e308 below", ms: []float64{0.3, -0.2, -1e308}, vs: []float64{1, 0.5, 2}, m: 0,
			check: func(r Result) string {
				return sameMI(r, base([]float64{0.3, -0.2}, []float64{1, 0.5}, 0), 0)
			}},
		{name: "rest term 1e308 above", ms: []float64{0.3, 1e308}, vs: []float64{1, 0.5}, m: 0,
			check: func(r Result) string { return closeTo(r.MINats, 0, 0) }},
		{name: "information beyond float64", ms: []float64{1e308, -1e308}, vs: []float64{1, 1}, m: 0,
			refuse: "log-mean"},
		{name: "log-variance 1e300", ms: []float64{0, 0, 0}, vs: []float64{1, 1, 1e300}, m: 0,
			refuse: "log-variance"},
		{name: "log-variance 1e300 (term m)", ms: []float64{0, 0}, vs: []float64{1e300, 1}, m: 0,
			refuse: "log-variance"},
		{name: "narrow term m beside a wide one (log-sd ratio 500)", ms: []float64{0, 0}, vs: []float64{0.25, 1e-6}, m: 1,
			check: func(r Result) string {
				// Small-noise limit (de Bruijn): I = h(R + N) - h(R) ≈ Var(N) J(R)/2
				// with Var(N) = e^(2m)(e^v - 1)e^v and, for log-normal R with
				// log-variance w, Fisher information J = e^(-2 m_R + 2w)(1 + 1/w);
				// the next order is ~1e-5 relative here.
				w, v := 0.25, 1e-6
				want := 0.5 * math.Expm1(v) * math.Exp(v) * math.Exp(2*w) * (1 + 1/w)
				return closeTo(r.MINats, want, 2e-4*want)
			}},
	} {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			r, err := SingletonTerms(c.ms, c.vs, c.m, Options{})
			if c.refuse != "" {
				if err == nil || !strings.Contains(err.Error(), c.refuse) || strings.Contains(err.Error(), "\n") ||
					(c.refuse == "log-variance") != errors.Is(err, ErrLimit) {
					t.Errorf("got %+v, %v; want a one-line error naming %q", r, err, c.refuse)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if msg := c.check(r); msg != "" {
				t.Errorf("%+v: %s", r, msg)
			}
		})
	}
}

func finite(r Result) string {
	if r.Status != StatusOK || math.IsNaN(r.MINats) || math.IsInf(r.MINats, 0) || r.MINats < -r.ErrorEstimate {
		return "want a finite non-negative ok result"
	}
	if math.Abs(r.MINats-(r.HW-r.HWRest)) > 1e-9*math.Max(1, math.Abs(r.HW)) {
		return "MI is not h(W) - h(W^-m)"
	}
	return ""
}

func sameMI(r, want Result, tol float64) string {
	if r.Status != want.Status {
		return "status " + r.Status + ", want " + want.Status
	}
	return closeTo(r.MINats, want.MINats, tol+2*want.ErrorEstimate)
}

func closeTo(got, want, tol float64) string {
	if d := math.Abs(got - want); !(d <= tol) {
		return "MI differs from the independent value " + ftoa(want) + " by " + ftoa(d)
	}
	return ""
}

func ftoa(x float64) string { return strconv.FormatFloat(x, 'g', 6, 64) }

// TestLimits: the work and memory limits end the refinement with an honest
// status or one clear error, never silently.
func TestLimits(t *testing.T) {
	t.Parallel()
	ms, vs := benchTerms(10, 4)
	// Two levels fit in 1e5 evaluations and differ by ~2e-8: not_converged
	// at Tol 1e-10, with that difference as the estimate.
	r, err := SingletonTerms(ms, vs, 0, Options{Tol: 1e-10, MaxWork: 1e5})
	if err != nil || r.Status != StatusNotConverged || !(r.ErrorEstimate > 1e-10) {
		t.Errorf("Tol 1e-10, MaxWork 1e5: %+v %v; want not_converged with its estimate", r, err)
	}
	// A tolerance below the rounding of the entropies is refused.
	_, err = SingletonTerms(ms, vs, 0, Options{Tol: 1e-300})
	if err == nil || !strings.Contains(err.Error(), "tolerance") {
		t.Errorf("Tol 1e-300: error %v, want one naming the tolerance", err)
	}
	// Not even two levels fit: an error naming the limits.
	_, err = SingletonTerms(ms, vs, 0, Options{MaxWork: 1e3})
	if err == nil || !strings.Contains(err.Error(), "Options.MaxWork") {
		t.Errorf("MaxWork 1e3: error %v, want one naming Options.MaxWork", err)
	}
	_, err = SingletonTerms(ms, vs, 0, Options{MaxPoints: 20})
	if err == nil || !strings.Contains(err.Error(), "Options.MaxPoints") {
		t.Errorf("MaxPoints 20: error %v, want one naming Options.MaxPoints", err)
	}
	// A log-sd ratio of 1e5 needs ~1e7 points: refused quickly by the estimate.
	_, err = SingletonTerms([]float64{0, 0, 0}, []float64{25, 1e-10, 1}, 0, Options{})
	if err == nil || !strings.Contains(err.Error(), "ratio") || !errors.Is(err, ErrLimit) {
		t.Errorf("log-sd ratio 5e5: error %v, want the refusal naming the ratio", err)
	}
}

// FuzzSingletonTerms: any finite input gives a result with a known status
// and a number, or an error; never a panic. The work limit keeps each call
// short.
func FuzzSingletonTerms(f *testing.F) {
	f.Add(0.0, 1.0, 0.5, 2.0, -1.0, 0.1)
	f.Add(1e15, 800.0, 0.0, 800.0, 0.0, 1.0)
	f.Add(1e308, 1.0, -1e308, 1.0, 0.0, 1e-12)
	f.Fuzz(func(t *testing.T, m0, v0, m1, v1, m2, v2 float64) {
		ms, vs := []float64{m0, m1, m2}, []float64{v0, v1, v2}
		r, err := SingletonTerms(ms, vs, 0, Options{MaxWork: 1e6, MaxPoints: 1 << 14})
		if err != nil {
			if strings.Contains(err.Error(), "\n") {
				t.Errorf("multi-line error %q", err)
			}
			return
		}
		switch r.Status {
		case StatusOK, StatusNotConverged:
			if math.IsNaN(r.MINats) || math.IsInf(r.MINats, 0) || math.IsNaN(r.ErrorEstimate) {
				t.Errorf("%v %v: %+v", ms, vs, r)
			}
		case StatusInfinite:
			if !math.IsInf(r.MINats, 1) {
				t.Errorf("%v %v: %+v", ms, vs, r)
			}
		default:
			t.Errorf("%v %v: unknown status %q", ms, vs, r.Status)
		}
	})
}
