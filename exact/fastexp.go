package exact

import "math"

// expTableN is the number of entries of expTable: 2^(j/expTableN).
const expTableN = 64

// expTable[j] = 2^(j/expTableN).
var expTable = func() (t [expTableN]float64) {
	for j := range t {
		t[j] = math.Exp2(float64(j) / expTableN)
	}
	return t
}()

const (
	// expLn2Hi + expLn2Lo = ln 2 / expTableN, the first with its low bits
	// zero so that k*expLn2Hi is exact for |k| < 2^22.
	expLn2Hi = 6.93147180369123816490e-01 / expTableN
	expLn2Lo = 1.90821492927058770002e-10 / expTableN
	// expRound: adding 1.5*2^52 rounds to an integer in the low mantissa bits.
	expRound = 0x1.8p52
)

// fastExp returns e^x to within 5e-16 relative (about 2 ulp; math.Exp is
// within 1 ulp) in about half the time of math.Exp, for the inner loop of
// the convolution. With x = (k + r/(ln 2/N)) ln 2/N, k = 64e + j and
// |r| <= ln 2/128, e^x = 2^e 2^(j/64) e^r, the last by its degree-6 Taylor
// polynomial (remainder r^7/7! < 6e-20). Outside |x| < 700 (and for NaN) it
// is math.Exp.
func fastExp(x float64) float64 {
	if !(x > -700 && x < 700) {
		return math.Exp(x)
	}
	kf := x*(expTableN/math.Ln2) + expRound
	k := int64(math.Float64bits(kf)) // k in the low bits, exact
	kf -= expRound
	r := x - kf*expLn2Hi - kf*expLn2Lo
	j := k & (expTableN - 1)
	e := (k - j) / expTableN
	p := r + r*r*(1.0/2+r*(1.0/6+r*(1.0/24+r*(1.0/120+r*(1.0/720)))))
	return math.Float64frombits(math.Float64bits(expTable[j])+uint64(e)<<52) * (1 + p)
}
