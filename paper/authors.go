package paper

import (
	"math"

	"gonum.org/v1/gonum/mat"

	"github.com/syninfo/syninfo/model"
)

// AuthorsClosedForm returns the closed form as the authors' code evaluates
// it (docs/method.md §3): the same moment matching, but ln(det C / det C') from two
// signed determinants instead of two Cholesky factorisations. Where C and C'
// are both indefinite with determinants of the same sign it returns a
// finite number that syninfo's closed form (correctly) refuses; where the
// signs differ it returns NaN (the logarithm of a negative ratio). It is
// used only to show which failures the authors' procedure could see.
func AuthorsClosedForm(c *model.Case) float64 {
	n, K, m := c.Len(), c.K(), c.Pattern
	if K < 2 {
		return math.NaN()
	}
	lnE := make([][]float64, K) // ln e_ka = m_ka + V_k[a,a]/2
	em1 := make([][]float64, K) // expm1(V_k[a,b]), row-major n×n (upper triangle)
	for k := 0; k < K; k++ {
		mu := c.LogMean(k)
		lnE[k] = make([]float64, n)
		em1[k] = make([]float64, n*n)
		for a := 0; a < n; a++ {
			lnE[k][a] = mu[a] + c.LogCovAt(k, a, a)/2
			for b := a; b < n; b++ {
				em1[k][a*n+b] = math.Expm1(c.LogCovAt(k, a, b))
			}
		}
	}
	w := make([][]float64, K)
	for k := range w {
		w[k] = make([]float64, n)
	}
	build := func(skip int) (*mat.Dense, []float64) {
		// E_a = Σ_k e_ka by log-sum-exp, and the weights w_ka = e_ka / E_a.
		lnEa := make([]float64, n)
		for a := 0; a < n; a++ {
			mx := math.Inf(-1)
			for k := 0; k < K; k++ {
				if k != skip {
					mx = math.Max(mx, lnE[k][a])
				}
			}
			var s float64
			for k := 0; k < K; k++ {
				if k != skip {
					w[k][a] = math.Exp(lnE[k][a] - mx)
					s += w[k][a]
				}
			}
			lnEa[a] = mx + math.Log(s)
			for k := 0; k < K; k++ {
				w[k][a] /= s
			}
		}
		cm := mat.NewDense(n, n, nil)
		for a := 0; a < n; a++ {
			for b := a; b < n; b++ {
				// Cov_ab / (E_a E_b) = Σ_k w_ka w_kb expm1(V_k[a,b]).
				var r float64
				for k := 0; k < K; k++ {
					if k != skip {
						r += w[k][a] * w[k][b] * em1[k][a*n+b]
					}
				}
				v := math.Log1p(r)
				cm.Set(a, b, v)
				cm.Set(b, a, v)
			}
		}
		nu := make([]float64, n)
		for a := 0; a < n; a++ {
			nu[a] = lnEa[a] - cm.At(a, a)/2
		}
		return cm, nu
	}
	cAll, nu := build(-1)
	cRest, nuRest := build(m)
	var s float64
	for a := 0; a < n; a++ {
		s += nu[a] - nuRest[a]
	}
	ld, sign := mat.LogDet(cAll)
	ldRest, signRest := mat.LogDet(cRest)
	if sign == 0 || signRest == 0 {
		return math.NaN()
	}
	if sign != signRest { // det C / det C' < 0: the authors' log gives NaN
		return math.NaN()
	}
	return s + (ld-ldRest)/2
}

// authorsFail classifies a value of AuthorsClosedForm as the authors' code
// did (NaN, ±inf and negative values dropped), and 0, which ln I cannot take.
func authorsFail(v float64) string {
	switch {
	case math.IsNaN(v) || math.IsInf(v, 0):
		return FailNonFinite
	case v <= 0:
		return FailNonPositive
	}
	return ""
}
