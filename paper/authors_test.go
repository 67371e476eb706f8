package paper

import (
	"math"
	"testing"

	"github.com/syninfo/syninfo/analytic"
	"github.com/syninfo/syninfo/simsets"
)

func TestAuthorsClosedFormEqualsAnalyticWherePD(t *testing.T) {
	// Where C and C' are positive definite, the signed-determinant form
	// and analytic's Cholesky form are the same number.
	checked, indefinite := 0, 0
	for _, p := range []simsets.Params{simsets.Fig2C3C(), simsets.Fig2D3D()} {
		for i := 0; i < 150; i++ {
			pt, err := p.Case(11, i)
			if err != nil {
				t.Fatal(err)
			}
			a, err := analytic.Compute(pt.Case, analytic.Options{Workers: 1})
			if err != nil {
				t.Fatal(err)
			}
			v := AuthorsClosedForm(pt.Case)
			if a.Status == analytic.NotPositiveDefinite {
				indefinite++
				continue
			}
			if math.IsNaN(a.MINats) || !(a.MinEigenvalue > 1e-9 && a.MinEigenvalueRest > 1e-9) {
				// Numerically singular C or C': ln det is rounding there,
				// in either form.
				continue
			}
			checked++
			if math.Abs(v-a.MINats) > 1e-8*math.Max(1, math.Abs(a.MINats)) {
				t.Errorf("set %d draw %d: authors' form %v, analytic %v", p.Set, i, v, a.MINats)
			}
		}
	}
	if checked < 200 || indefinite == 0 {
		t.Errorf("checked %d positive definite draws and %d indefinite ones; want both kinds", checked, indefinite)
	}
}
