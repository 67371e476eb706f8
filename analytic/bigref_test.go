package analytic

import (
	"math"
	"math/big"
	"sync"

	"github.com/syninfo/syninfo/model"
)

// This file evaluates the closed form in arbitrary precision (math/big, 320
// bits unless told otherwise), straight from its definition and independently
// of the float64 code:
//
//	e_ka = exp(m_ka + V_k[a,a]/2), E_a = Σ_k e_ka,
//	Cov_ab = Σ_k e_ka e_kb expm1(V_k[a,b]),
//	C_ab = log1p(Cov_ab / (E_a E_b)), ν_a = ln E_a − C_aa/2,
//	I = Σ_a (ν_a − ν'_a) + ½ (ln det C − ln det C'),
//
// with the determinants from an exact-arithmetic-style Cholesky at the same
// precision. The input float64 numbers are taken as exact. exp, log, expm1
// and log1p are series with argument reduction; expm1 and log1p keep full
// relative precision near 0, so that tiny log-covariances (1e-300) are
// represented.

const bigPrec = 320

func bf(x float64) *big.Float { return new(big.Float).SetPrec(bigPrec).SetFloat64(x) }
func bnew() *big.Float        { return new(big.Float).SetPrec(bigPrec) }

var (
	ln2Once sync.Once
	ln2Big  *big.Float
)

// bigLn2 returns ln 2 = Σ_{k≥1} 1/(k 2^k).
func bigLn2() *big.Float {
	ln2Once.Do(func() {
		s := bnew()
		p := bf(1)
		for k := 1; k < bigPrec+20; k++ {
			p.Quo(p, bf(2))
			t := bnew().Quo(p, bf(float64(k)))
			s.Add(s, t)
		}
		ln2Big = s
	})
	return ln2Big
}

// bigExpm1 returns e^x − 1 with full relative precision.
func bigExpm1(x *big.Float) *big.Float {
	if x.Sign() == 0 {
		return bnew()
	}
	xf, _ := x.Float64()
	if math.Abs(xf) < 0.5 {
		// Taylor series: Σ_{k≥1} x^k/k!; relative precision kept.
		s := bnew()
		t := bnew().Set(x)
		for k := 2; ; k++ {
			s.Add(s, t)
			t.Mul(t, x)
			t.Quo(t, bf(float64(k)))
			if t.Sign() == 0 || (s.Sign() != 0 && t.MantExp(nil)-s.MantExp(nil) < -bigPrec-8) {
				break
			}
		}
		return s
	}
	e := bigExp(x)
	return e.Sub(e, bf(1))
}

// bigExp returns e^x: x = q ln2 + r, e^r by Taylor series on r/2^8 squared 8 times.
func bigExp(x *big.Float) *big.Float {
	xf, _ := x.Float64()
	q := math.Round(xf / math.Ln2)
	r := bnew().Sub(x, bnew().Mul(bf(q), bigLn2()))
	r.SetMantExp(r, -8)
	s := bf(1)
	t := bf(1)
	for k := 1; k < 200; k++ {
		t.Mul(t, r)
		t.Quo(t, bf(float64(k)))
		s.Add(s, t)
		if t.Sign() == 0 || t.MantExp(nil) < -bigPrec-16 {
			break
		}
	}
	for i := 0; i < 8; i++ {
		s.Mul(s, s)
	}
	return s.SetMantExp(s, int(q))
}

// bigLog1p returns ln(1 + x) with full relative precision:
// 2 atanh(z), z = x/(2 + x), for small x; otherwise bigLog(1 + x).
func bigLog1p(x *big.Float) *big.Float {
	xf, _ := x.Float64()
	if math.Abs(xf) < 0.5 {
		z := bnew().Quo(x, bnew().Add(bf(2), x))
		return atanh2(z)
	}
	return bigLog(bnew().Add(bf(1), x))
}

// atanh2 returns 2 atanh(z) = 2 Σ z^(2k+1)/(2k+1), |z| ≤ 1/3.
func atanh2(z *big.Float) *big.Float {
	s := bnew()
	z2 := bnew().Mul(z, z)
	p := bnew().Set(z)
	for k := 0; k < 2000; k++ {
		t := bnew().Quo(p, bf(float64(2*k+1)))
		s.Add(s, t)
		p.Mul(p, z2)
		if p.Sign() == 0 || (s.Sign() != 0 && p.MantExp(nil)-s.MantExp(nil) < -bigPrec-8) {
			break
		}
	}
	return s.Mul(s, bf(2))
}

// bigLog returns ln x for x > 0: x = f·2^e with f in [1/√2, √2), ln f = 2 atanh((f−1)/(f+1)).
func bigLog(x *big.Float) *big.Float {
	f := bnew()
	e := x.MantExp(f) // x = f·2^e, f in [0.5, 1)
	if ff, _ := f.Float64(); ff < math.Sqrt2/2 {
		f.SetMantExp(f, 1)
		e--
	}
	z := bnew().Quo(bnew().Sub(f, bf(1)), bnew().Add(f, bf(1)))
	s := atanh2(z)
	return s.Add(s, bnew().Mul(bf(float64(e)), bigLn2()))
}

// bigLogDetSPD returns ln det of the symmetric matrix a (n×n, row-major)
// by Cholesky, and false when it is not positive definite.
func bigLogDetSPD(a [][]*big.Float) (*big.Float, bool) {
	n := len(a)
	l := make([][]*big.Float, n)
	for i := range l {
		l[i] = make([]*big.Float, n)
	}
	ld := bnew()
	for j := 0; j < n; j++ {
		s := bnew().Set(a[j][j])
		for k := 0; k < j; k++ {
			s.Sub(s, bnew().Mul(l[j][k], l[j][k]))
		}
		if s.Sign() <= 0 {
			return nil, false
		}
		ld.Add(ld, bigLog(s))
		d := bnew().Sqrt(s)
		l[j][j] = d
		for i := j + 1; i < n; i++ {
			t := bnew().Set(a[i][j])
			for k := 0; k < j; k++ {
				t.Sub(t, bnew().Mul(l[i][k], l[j][k]))
			}
			l[i][j] = t.Quo(t, d)
		}
	}
	return ld, true
}

// bigResult is the closed form in high precision.
type bigResult struct {
	mi       float64 // NaN unless both C and C' are positive definite
	pd, pdR  bool
	c, cRest [][]*big.Float
}

// bigClosedForm evaluates the closed form of c in 320-bit arithmetic.
func bigClosedForm(c *model.Case) bigResult {
	n, K := c.Len(), c.K()
	// V_k[a,b] and m_ka exactly (sums of float64 in big precision).
	sig := func(k, i, j int) *big.Float {
		return bf(c.Patterns[k].Sigma[min(i, j)][max(i, j)])
	}
	V := make([][][]*big.Float, K)
	le := make([][]*big.Float, K) // ln e_ka
	for k := 0; k < K; k++ {
		V[k] = make([][]*big.Float, n)
		le[k] = make([]*big.Float, n)
		mu := c.Patterns[k].Mu
		for a := 0; a < n; a++ {
			V[k][a] = make([]*big.Float, n)
			sa := c.Synapses[a]
			for b := 0; b < n; b++ {
				sb := c.Synapses[b]
				v := bnew().Add(sig(k, sa[0], sb[0]), sig(k, sa[0], sb[1]))
				v.Add(v, sig(k, sa[1], sb[0]))
				v.Add(v, sig(k, sa[1], sb[1]))
				V[k][a][b] = v
			}
			m := bnew().Add(bf(mu[sa[0]]), bf(mu[sa[1]]))
			le[k][a] = m.Add(m, bnew().Quo(V[k][a][a], bf(2)))
		}
	}
	// Work relative to the largest ln e_ka per synapse so that exp does not
	// leave big.Float's exponent range for large means.
	ref := make([]*big.Float, n)
	for a := 0; a < n; a++ {
		ref[a] = le[0][a]
		for k := 1; k < K; k++ {
			if le[k][a].Cmp(ref[a]) > 0 {
				ref[a] = le[k][a]
			}
		}
	}
	e := make([][]*big.Float, K) // e_ka / exp(ref_a)
	for k := 0; k < K; k++ {
		e[k] = make([]*big.Float, n)
		for a := 0; a < n; a++ {
			e[k][a] = bigExp(bnew().Sub(le[k][a], ref[a]))
		}
	}
	em1 := make([][][]*big.Float, K)
	for k := 0; k < K; k++ {
		em1[k] = make([][]*big.Float, n)
		for a := 0; a < n; a++ {
			em1[k][a] = make([]*big.Float, n)
			for b := a; b < n; b++ {
				em1[k][a][b] = bigExpm1(V[k][a][b])
			}
		}
	}
	h := func(skip int) (C [][]*big.Float, sumNu, logDet *big.Float, ok bool) {
		E := make([]*big.Float, n)
		for a := 0; a < n; a++ {
			E[a] = bnew()
			for k := 0; k < K; k++ {
				if k != skip {
					E[a].Add(E[a], e[k][a])
				}
			}
		}
		C = make([][]*big.Float, n)
		for a := range C {
			C[a] = make([]*big.Float, n)
		}
		sumNu = bnew()
		for a := 0; a < n; a++ {
			for b := a; b < n; b++ {
				cov := bnew()
				for k := 0; k < K; k++ {
					if k != skip {
						t := bnew().Mul(e[k][a], e[k][b])
						cov.Add(cov, t.Mul(t, em1[k][a][b]))
					}
				}
				r := cov.Quo(cov, bnew().Mul(E[a], E[b]))
				if rf, _ := r.Float64(); rf > -0.5 {
					C[a][b] = bigLog1p(r)
				} else {
					// 1 + r near 0: 320 bits cannot resolve it as 1 + r
					// (e^−260 needs 375), so use E[W_a W_b]/(E_a E_b) =
					// Σ_k e_ka (e_kb e^V_k + Σ_{l≠k} e_lb)/(E_a E_b), all
					// terms positive.
					num := bnew()
					for k := 0; k < K; k++ {
						if k == skip {
							continue
						}
						others := bnew()
						for l := 0; l < K; l++ {
							if l != k && l != skip {
								others.Add(others, e[l][b])
							}
						}
						t := bnew().Mul(e[k][b], bigExp(V[k][a][b]))
						t.Add(t, others)
						num.Add(num, t.Mul(t, e[k][a]))
					}
					C[a][b] = bigLog(num.Quo(num, bnew().Mul(E[a], E[b])))
				}
				C[b][a] = C[a][b]
			}
			nu := bnew().Add(ref[a], bigLog(E[a]))
			nu.Sub(nu, bnew().Quo(C[a][a], bf(2)))
			sumNu.Add(sumNu, nu)
		}
		logDet, ok = bigLogDetSPD(C)
		return
	}
	C, nu, ld, ok := h(-1)
	CR, nuR, ldR, okR := h(c.Pattern)
	res := bigResult{mi: math.NaN(), pd: ok, pdR: okR, c: C, cRest: CR}
	if ok && okR {
		d := bnew().Sub(nu, nuR)
		d.Add(d, bnew().Quo(bnew().Sub(ld, ldR), bf(2)))
		res.mi, _ = d.Float64()
	}
	return res
}
