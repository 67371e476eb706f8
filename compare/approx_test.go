package compare

import (
	"math"
	"testing"

	"github.com/syninfo/syninfo/model"
)

// TestApproximations: asked for, the approximations sit beside the truth
// with their errors; on a singleton the first-order correction is the exact
// reference (error within its 1e-4 tolerance) while the closed form is not.
func TestApproximations(t *testing.T) {
	c := &model.Case{Synapses: []model.Synapse{{0, 1}}, Pattern: 0}
	for k, mu := range []float64{0, 0.4, -0.3} {
		s := 0.5 + 0.5*float64(k)
		c.Patterns = append(c.Patterns, model.Pattern{Mu: []float64{mu, 0.1}, Sigma: [][]float64{{s, -0.4 * s}, {-0.4 * s, s}}})
	}
	res, err := Case(c, Options{Approximations: []string{"corrected1"}})
	if err != nil {
		t.Fatal(err)
	}
	fw, c1 := res.Approximations["fw"], res.Approximations["corrected1"]
	if fw == nil || c1 == nil || fw.Error == nil || c1.Error == nil {
		t.Fatalf("approximations %+v", res.Approximations)
	}
	if res.Truth.Method != "exact" || math.Abs(float64(c1.Error.Abs)) > 2e-4 || c1.Status != "ok" {
		t.Errorf("corrected1 %+v against truth %+v", c1, res.Truth)
	}
	if fw.MINats != res.Analytic.MINats || fw.Error.Abs != res.Error.Abs || math.Abs(float64(fw.Error.Abs)) < 1e-3 {
		t.Errorf("fw %+v, analytic %+v, error %+v", fw, res.Analytic, res.Error)
	}
	if res, _ := Case(c, Options{}); res.Approximations != nil {
		t.Error("approximations without asking")
	}
	if _, err := Case(c, Options{Approximations: []string{"bogus"}}); err == nil {
		t.Error("unknown approximation accepted")
	}
}

// TestZeroTruth: pattern m's term constant on S makes the truth 0 by the
// model, and the closed form's error is measured against it.
func TestZeroTruth(t *testing.T) {
	c := &model.Case{Synapses: []model.Synapse{{0, 1}}, Pattern: 0, Patterns: []model.Pattern{
		{Mu: []float64{0.4, -0.2}, Sigma: [][]float64{{1, -1}, {-1, 1}}},
		{Mu: []float64{0, 0}, Sigma: [][]float64{{1, 0.3}, {0.3, 1}}}}}
	res, err := Case(c, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if res.Analytic.Status != "zero" || res.Truth.Method != "model" || res.Truth.MINats != 0 || res.Error == nil ||
		res.Error.Abs != res.Analytic.MINats {
		t.Errorf("analytic %+v truth %+v error %+v", res.Analytic, res.Truth, res.Error)
	}
}
