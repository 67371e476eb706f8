package exact

import (
	"math"
	"math/big"
	"testing"
)

// bigExp returns e^x to 200 bits by its Taylor series at x/2^s, squared s
// times: a reference independent of math.Exp.
func bigExp(x float64) float64 {
	const prec = 200
	s := 0
	for math.Abs(x)/math.Ldexp(1, s) > 0.5 {
		s++
	}
	y := new(big.Float).SetPrec(prec).SetFloat64(math.Ldexp(x, -s))
	sum := new(big.Float).SetPrec(prec).SetInt64(1)
	term := new(big.Float).SetPrec(prec).SetInt64(1)
	for n := int64(1); n < 60; n++ {
		term.Mul(term, y)
		term.Quo(term, new(big.Float).SetPrec(prec).SetInt64(n))
		sum.Add(sum, term)
	}
	for range s {
		sum.Mul(sum, sum)
	}
	f, _ := sum.Float64()
	return f
}

// TestFastExp: fastExp against a 200-bit Taylor series over [-700, 700]
// (relative error below 5e-16) and at its special inputs.
func TestFastExp(t *testing.T) {
	t.Parallel()
	worst, at := 0.0, 0.0
	for i := 0; i <= 4000; i++ {
		x := -700 + 1400*float64(i)/4000 + 1e-3*math.Sin(float64(i))
		if x <= -700 || x >= 700 {
			continue
		}
		want := bigExp(x)
		if d := math.Abs(fastExp(x)-want) / want; d > worst {
			worst, at = d, x
		}
	}
	t.Logf("largest relative error %.2g at %.6g", worst, at)
	if worst > 5e-16 {
		t.Errorf("relative error %.3g at x = %.17g", worst, at)
	}
	for _, x := range []float64{0, -1e-300, 1e-300, -700, 700, -745.2, -800, 710, math.Inf(-1), math.Inf(1)} {
		if got, want := fastExp(x), math.Exp(x); got != want && math.Abs(got-want) > 5e-16*want {
			t.Errorf("fastExp(%g) = %g, want %g", x, got, want)
		}
	}
	if !math.IsNaN(fastExp(math.NaN())) {
		t.Errorf("fastExp(NaN) is not NaN")
	}
}
