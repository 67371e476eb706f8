package analytic

import (
	"math"

	"github.com/syninfo/syninfo/internal/linalg"
)

// eigenFromFactor is the order above which the smallest eigenvalue of a
// positive definite matrix is taken from its Cholesky factor (Lanczos on the
// inverse, ~1e-9 relative) rather than from a dense eigensolver (exact to
// rounding, but O(n³) with a large constant).
const eigenFromFactor = 400

// factor holds a Cholesky attempt on a symmetric matrix stored (upper
// triangle) in a.
type factor struct {
	a      []float64 // the matrix, not modified
	u      []float64 // its Cholesky factor (upper triangle), when ok
	n      int
	logDet float64 // ln det a when ok, else NaN
	ok     bool    // positive definite
}

// factorise runs Cholesky on a copy of the n×n matrix a.
func factorise(a []float64, n int) *factor {
	f := &factor{a: a, n: n, u: append([]float64(nil), a...)}
	f.logDet, f.ok = linalg.Cholesky(f.u, n)
	if !f.ok || math.IsNaN(f.logDet) || math.IsInf(f.logDet, 0) {
		f.ok, f.logDet, f.u = false, math.NaN(), nil
	}
	return f
}

// minEigenvalue returns the smallest eigenvalue (NaN if it cannot be computed).
func (f *factor) minEigenvalue() float64 {
	var v float64
	var err error
	if f.ok && f.n > eigenFromFactor {
		v, err = linalg.MinEigenvalueCholesky(f.u, f.n)
	} else {
		v, err = linalg.MinEigenvalue(f.a, f.n)
	}
	if err != nil {
		return math.NaN()
	}
	return v
}
