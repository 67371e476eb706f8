package reports

import (
	"math"
	"testing"

	"github.com/syninfo/syninfo/sweep"
)

// The report reads the result JSON of both schemas: the earlier one
// (truth.source, truth.se, error.abs signed, error.z) and the current one
// (truth.method, truth.uncertainty, truth.tolerance, error.signed,
// error.abs absolute, error.real).
func TestViewSchemas(t *testing.T) {
	r := &sweep.Record{ID: "g/0000"}
	tests := []struct {
		name, json                 string
		method                     string
		signed, abs, unc, tol, rel float64
		real, compared, infinite   bool
	}{
		{"earlier, real", `{"analytic":{"status":"ok","mi_nats":0.5},"truth":{"source":"entropy_diff","mi_nats":0.6,"se":0.01,"infinite":false},"error":{"abs":-0.1,"rel":-0.1667,"z":-10}}`,
			"entropy_diff", -0.1, 0.1, 0.01, DefaultTolerance, -0.1667, true, true, false},
		{"earlier, within 3 SE", `{"analytic":{"status":"ok","mi_nats":0.5},"truth":{"source":"entropy_diff","mi_nats":0.52,"se":0.01},"error":{"abs":-0.02,"rel":-0.04,"z":-2}}`,
			"entropy_diff", -0.02, 0.02, 0.01, DefaultTolerance, -0.04, false, true, false},
		{"earlier, below the tolerance", `{"analytic":{"status":"ok","mi_nats":0.5},"truth":{"source":"exact","mi_nats":0.505,"se":1e-12},"error":{"abs":-0.005,"rel":-0.0099,"z":-5e9}}`,
			"exact", -0.005, 0.005, 1e-12, DefaultTolerance, -0.0099, false, true, false},
		{"current, real stated", `{"analytic":{"status":"ok","mi_nats":0.5},"truth":{"method":"wkl-white","mi_nats":0.6,"se":0.01,"bias":0.005,"uncertainty":0.0112,"extrapolated":true,"settled":true,"tolerance":1e-6,"infinite":false},"error":{"signed":-0.1,"abs":0.1,"rel":-0.1667,"real":true,"z":-8.9}}`,
			"wkl-white", -0.1, 0.1, 0.0112, 1e-6, -0.1667, true, true, false},
		{"current, not real as stated", `{"analytic":{"status":"ok","mi_nats":0.5},"truth":{"method":"exact","mi_nats":0.5000001,"se":1e-12,"uncertainty":1e-12,"tolerance":1e-6},"error":{"signed":-1e-7,"abs":1e-7,"rel":-2e-7,"real":false,"z":null}}`,
			"exact", -1e-7, 1e-7, 1e-12, 1e-6, -2e-7, false, true, false},
		{"infinite truth", `{"analytic":{"status":"infinite","mi_nats":null},"truth":{"method":"model","mi_nats":null,"se":0,"infinite":true},"error":null}`,
			"model", math.NaN(), math.NaN(), 0, DefaultTolerance, math.NaN(), false, false, true},
	}
	same := func(a, b float64) bool { return a == b || math.IsNaN(a) && math.IsNaN(b) }
	for _, tc := range tests {
		v, err := viewJSON(r, []byte(tc.json))
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		if v.Method != tc.method || !same(v.Signed, tc.signed) || !same(v.Abs, tc.abs) || !same(v.Unc, tc.unc) || !same(v.Tol, tc.tol) ||
			!same(v.Rel, tc.rel) || v.Real != tc.real || v.Compared != tc.compared || v.Infinite != tc.infinite {
			t.Errorf("%s: got method %q signed %g abs %g unc %g tol %g rel %g real %v compared %v infinite %v", tc.name,
				v.Method, v.Signed, v.Abs, v.Unc, v.Tol, v.Rel, v.Real, v.Compared, v.Infinite)
		}
	}
}

// TestSampledTruthCheck: where a case has an exact reference, the report
// forms the truth its entropy difference would state without it (drift
// over the nested estimates, compare.SampledTruth) and judges it by that
// uncertainty, where the standard error alone would call every case off.
// The expected counts are worked by hand from Drift's rules.
func TestSampledTruthCheck(t *testing.T) {
	rec := func(n int, ed string) *caseView {
		r := &sweep.Record{ID: "g/0000", Params: sweep.Params{Synapses: n}}
		v, err := viewJSON(r, []byte(`{"analytic":{"status":"ok","mi_nats":0.9},"exact":{"mi_nats":1,"error_estimate":1e-9,"status":"ok"},`+
			`"entropy_diff":`+ed+`,"truth":{"method":"exact","mi_nats":1,"se":1e-9,"uncertainty":1e-9,"tolerance":1e-6}}`))
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	vs := []*caseView{
		// No drift: uncertainty = SE = 0.05; |1.3 − 1| = 6 uncertainties.
		rec(4, `{"mi_nats":1.3,"se":0.05,"nested":[1.3,1.3]}`),
		// Steady drift below the noise (d1 = d2 = 0.1 < 3 SE): bias
		// |d1| + |d2| = 0.2, uncertainty √(0.05² + 0.2²) = 0.206; 0.3 is
		// within 2.
		rec(4, `{"mi_nats":1.3,"se":0.05,"nested":[1.2,1.1]}`),
		// Significant drift not shrinking (α = 0 < 2/d = 1): not settled,
		// bias 0.1, uncertainty 0.1005; 0.25 is beyond 2, within 3.
		rec(2, `{"mi_nats":1.25,"se":0.01,"nested":[1.15,1.05]}`),
		// No nested estimates (an older record): no sampled truth.
		rec(2, `{"mi_nats":1.01,"se":0.01}`),
	}
	tr := checkEstimator(truthName, vs, truthOf)
	if tr.n != 3 || tr.beyond2 != 2 || tr.beyond3 != 1 {
		t.Errorf("sampled truth: %d cases, %d beyond 2, %d beyond 3; want 3, 2, 1", tr.n, tr.beyond2, tr.beyond3)
	}
	if u := vs[1].EDUnc; math.Abs(u-math.Hypot(0.05, 0.2)) > 1e-12 {
		t.Errorf("uncertainty with a steady drift %g, want %g", u, math.Hypot(0.05, 0.2))
	}
	ed := checkEstimator("entropy difference", vs, edOf)
	if ed.n != 4 || ed.beyond3 != 3 {
		t.Errorf("entropy difference: %d cases, %d beyond 3 SE; want 4, 3", ed.n, ed.beyond3)
	}
}
