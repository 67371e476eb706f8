package analytic

import "math"

// expm1Fast returns e^x − 1 for −700 ≤ x ≤ 700 to within a few units in the
// last place, without branches on x: x = k ln2 + r with |r| ≤ ln2/2, then
// e^x − 1 = 2^k expm1(r) + (2^k − 1), where expm1(r) is a degree-13 Taylor
// polynomial (truncation below 5e-18 relative on |r| ≤ 0.35) and 2^k − 1 is
// exact. For k = 0 it is the polynomial itself, so small x keep their full
// relative accuracy; for k ≠ 0, |e^x − 1| > 0.29 and the addition cannot
// cancel. Below −700 the result is −1 (e^x is below 1e-304 of it).
//
// It is the inner operation of the per-pattern build (n²K/2 calls), about
// three times cheaper than math.Expm1; TestExpm1Fast checks it against
// math.Expm1.
func expm1Fast(x float64) float64 {
	x = max(x, -700)
	const (
		ln2Hi  = 6.93147180369123816490e-01 // high bits of ln 2 (exact product with small k)
		ln2Lo  = 1.90821492927058770002e-10
		invLn2 = 1.44269504088896338700e+00
	)
	k := math.Round(x * invLn2)
	r := (x - k*ln2Hi) - k*ln2Lo
	// Taylor series of expm1(r) = r + r²/2! + … + r^13/13!, Horner form.
	p := 1.0 / 6227020800
	p = p*r + 1.0/479001600
	p = p*r + 1.0/39916800
	p = p*r + 1.0/3628800
	p = p*r + 1.0/362880
	p = p*r + 1.0/40320
	p = p*r + 1.0/5040
	p = p*r + 1.0/720
	p = p*r + 1.0/120
	p = p*r + 1.0/24
	p = p*r + 1.0/6
	p = p*r + 0.5
	em := r + r*r*p
	two := math.Float64frombits(uint64(int64(k)+1023) << 52) // 2^k, −1010 ≤ k ≤ 1010
	return two*em + (two - 1)
}
