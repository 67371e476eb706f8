// Package fastexp owns syninfo's one fast exponential, for the hot loops
// that evaluate millions of them: the closed form's per-pattern product
// form (analytic) and the convolution kernel of the exact references
// (exact).
//
// Exp uses Tang's table method. Write x = (256 m + j)·ln2/256 + r with
// integers m, j (0 ≤ j < 256) and |r| ≤ ln2/512; then
//
//	e^x = 2^m · 2^(j/256) · e^r,
//
// where 2^(j/256) comes from a table as the sum of two float64s (hi the
// nearest float64, lo the rest) and e^r − 1 from its degree-5 Taylor
// polynomial (remainder below 1e-20 relative), added so that only the
// last addition rounds visibly. The result is within 0.51 units in the
// last place of e^x (math.Exp: about 1 ulp), measured against math/big in
// the tests, at about 2.5 times the speed of math.Exp.
package fastexp

import "math"

// Exp returns e^x to within 0.51 units in the last place. Outside
// −700 < x < 700 (where 2^m leaves the normal range) and for NaN it is
// math.Exp.
func Exp(x float64) float64 {
	if !(x > -700 && x < 700) {
		return math.Exp(x)
	}
	const magic = 0x1.8p52 // adding and subtracting it rounds to an integer
	kf := (x*invLn2x256 + magic) - magic
	r := (x - kf*ln2by256Hi) - kf*ln2by256Lo // kf·ln2by256Hi is exact: |kf| < 2^18
	k := int64(kf)
	t := &exp2Table[k&255]
	p := r + r*r*(1.0/2+r*(1.0/6+r*(1.0/24+r*(1.0/120))))
	y := t[0] + (t[1] + t[0]*p)
	return y * math.Float64frombits(uint64(k>>8+1023)<<52) // 2^m, −1011 ≤ m ≤ 1010
}
