package paper

import (
	"math"
	"testing"
)

// The reference values in this file were computed once with SciPy 1.10.1
// (scipy.stats.linregress, pearsonr, t.ppf and ttest_ind with equal_var True
// and False) on the same data: an independent implementation.

func near(got, want, rel float64) bool {
	if math.IsNaN(got) || math.IsNaN(want) {
		return math.IsNaN(got) && math.IsNaN(want)
	}
	return math.Abs(got-want) <= rel*math.Max(math.Abs(want), 1e-300)
}

func TestOLSAgainstSciPy(t *testing.T) {
	tail := func() ([]float64, []float64) {
		x := make([]float64, 200)
		y := make([]float64, 200)
		for i := range x {
			v := float64(i)
			x[i] = v
			y[i] = -0.05*v + math.Sin(1.3*v) + 0.5*math.Cos(0.7*v*v)
		}
		return x, y
	}
	tx, ty := tail()
	for _, c := range []struct {
		name                         string
		x, y                         []float64
		slope, icept, se, lo, hi, r  float64
		p                            float64
		checkIntercept, checkCIAndSE bool
	}{
		{"steep", []float64{0.5, 1.1, 1.9, 3.2, 4.0, 5.5, 6.1, 7.3}, []float64{2.1, 1.7, 1.9, 0.4, 0.6, -0.8, -0.5, -1.9},
			-0.5655853314527505, 2.5301657263751767, 0.05566085588444404, -0.7017825392302828, -0.4293881236752182,
			-0.9721526952619051, 5.286577395398065e-05, true, true},
		{"weak", []float64{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12}, []float64{0.3, -0.2, 0.9, 0.1, 0.4, 1.2, -0.1, 0.8, 0.2, 1.5, 0.6, 0.9},
			0.06433566433566433, 0.1318181818181819, 0.04129132291813852, -0.027667136507270387, 0.15633846517859906,
			0.4419758038447301, 0.15026925405370883, true, true},
		// A p-value far in the tail (the paper quotes p ~ 1e-128).
		{"tail", tx, ty, -0.04992502911255831, 0, 0, 0, 0, -0.9648470657186801, 7.214111063168502e-117, false, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			f, err := OLS(c.x, c.y)
			if err != nil {
				t.Fatal(err)
			}
			check := func(what string, got, want, rel float64) {
				if !near(got, want, rel) {
					t.Errorf("%s = %.17g, want %.17g (scipy)", what, got, want)
				}
			}
			check("slope", f.Slope, c.slope, 1e-12)
			check("r", f.R, c.r, 1e-12)
			check("p", f.P, c.p, 1e-8)
			if c.checkIntercept {
				check("intercept", f.Intercept, c.icept, 1e-12)
			}
			if c.checkCIAndSE {
				check("slope SE", f.SlopeSE, c.se, 1e-10)
				check("CI low", f.SlopeCI[0], c.lo, 1e-9)
				check("CI high", f.SlopeCI[1], c.hi, 1e-9)
			}
			if f.N != len(c.x) {
				t.Errorf("N = %d, want %d", f.N, len(c.x))
			}
		})
	}
}

func TestOLSExactLine(t *testing.T) {
	// A perfect line: slope and intercept exact, zero-width CI, r = ±1, p = 0.
	x := []float64{1, 2, 4, 8}
	y := []float64{-1, -3, -7, -15} // y = 1 − 2x
	f, err := OLS(x, y)
	if err != nil {
		t.Fatal(err)
	}
	if f.Slope != -2 || math.Abs(f.Intercept-1) > 1e-15 || f.R != -1 || f.P != 0 || f.SlopeSE > 1e-15 {
		t.Errorf("exact line: %+v", f)
	}
}

func TestOLSErrors(t *testing.T) {
	for _, c := range []struct {
		name string
		x, y []float64
	}{
		{"two points", []float64{1, 2}, []float64{1, 2}},
		{"constant x", []float64{1, 1, 1}, []float64{1, 2, 3}},
		{"lengths", []float64{1, 2, 3}, []float64{1, 2}},
	} {
		if _, err := OLS(c.x, c.y); err == nil {
			t.Errorf("%s: no error", c.name)
		}
	}
}

func TestTTestsAgainstSciPy(t *testing.T) {
	gen := func(n int, step, off float64) []float64 {
		v := make([]float64, n)
		for i := range v {
			v[i] = math.Log(math.Mod(float64(i+1)*step, 1.0) + off)
		}
		return v
	}
	a := []float64{-2.3, -1.9, -2.8, -1.5, -2.0, -2.6, -1.7}
	b := []float64{-1.6, -1.2, -2.1, -0.9, -1.4, -1.8, -1.1, -0.7, -1.5, -1.3}
	c := []float64{-1.35, -1.28, -1.31, -1.40, -1.22}
	for _, tc := range []struct {
		name         string
		u, v         []float64
		t, p, wt, wp float64
	}{
		{"a-b", a, b, -3.4735038046950764, 0.0034036514203793036, -3.3907204124511168, 0.005406514562875031},
		{"b-c", b, c, -0.2511630388619691, 0.8056143966542235, -0.35471208306048446, 0.7302236933698438},
		{"logs", gen(50, 0.37, 0.05), gen(60, 0.61, 0.2), -3.1081780195336584, 0.0024064321180771522, -3.0034727082727333, 0.0035232927081422405},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s, err := StudentT(tc.u, tc.v)
			if err != nil {
				t.Fatal(err)
			}
			w, err := WelchT(tc.u, tc.v)
			if err != nil {
				t.Fatal(err)
			}
			if !near(s.T, tc.t, 1e-12) || !near(s.P, tc.p, 1e-9) {
				t.Errorf("Student: t = %.17g p = %.17g, want %.17g %.17g", s.T, s.P, tc.t, tc.p)
			}
			if s.DF != float64(len(tc.u)+len(tc.v)-2) {
				t.Errorf("Student df = %v", s.DF)
			}
			if !near(w.T, tc.wt, 1e-12) || !near(w.P, tc.wp, 1e-9) {
				t.Errorf("Welch: t = %.17g p = %.17g, want %.17g %.17g", w.T, w.P, tc.wt, tc.wp)
			}
		})
	}
	if _, err := StudentT([]float64{1}, []float64{1, 2}); err == nil {
		t.Error("one-point sample: no error")
	}
}

func TestSummarize(t *testing.T) {
	for _, c := range []struct {
		x                []float64
		mean, median, sd float64
	}{
		{[]float64{3, 1, 2}, 2, 2, 1},
		{[]float64{4, 1, 3, 2}, 2.5, 2.5, math.Sqrt(5.0 / 3)},
		{[]float64{7}, 7, 7, math.NaN()},
	} {
		s := Summarize(c.x)
		if float64(s.Mean) != c.mean || float64(s.Median) != c.median || !near(float64(s.SD), c.sd, 1e-15) || s.N != len(c.x) {
			t.Errorf("Summarize(%v) = %+v", c.x, s)
		}
	}
	if s := Summarize(nil); !math.IsNaN(float64(s.Mean)) || s.N != 0 {
		t.Errorf("empty: %+v", s)
	}
}
