package analytic

import (
	"math"
	"testing"

	"github.com/syninfo/syninfo/internal/rng"
)

// TestExpm1Fast: within 4 units in the last place of math.Expm1 over the
// range the build uses, with dense sampling near 0 and at the reduction
// boundaries.
func TestExpm1Fast(t *testing.T) {
	r := rng.New(17)
	worst := 0.0
	check := func(x float64) {
		got, want := expm1Fast(x), math.Expm1(x)
		if x < -700 {
			want = -1
		}
		ulp := math.Nextafter(math.Abs(want), math.Inf(1)) - math.Abs(want)
		e := math.Abs(got-want) / ulp
		worst = max(worst, e)
		if e > 4 {
			t.Fatalf("expm1Fast(%v) = %v, math.Expm1 %v (%.1f ulp)", x, got, want, e)
		}
	}
	for i := 0; i < 1000000; i++ {
		check(1300*r.Float64() - 700)
		check((2*r.Float64() - 1) * math.Pow(10, -300*r.Float64()))
		check(float64(r.IntN(2000)-1000)*math.Ln2/2 + 1e-12*r.NormFloat64())
	}
	for _, x := range []float64{0, math.Copysign(0, -1), 1e-310, -1e-310, 0.34657359, -0.34657359, 700, -700, -745, -1e300} {
		check(x)
	}
	t.Logf("worst %.2f ulp", worst)
}
