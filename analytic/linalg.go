package analytic

import (
	"math"

	"gonum.org/v1/gonum/mat"
)

// cholLogDet returns ln det of the symmetric matrix whose upper triangle is
// stored in the n×n row-major a, and whether it is positive definite. a is
// not modified.
func cholLogDet(a []float64, n, workers int) (float64, bool) {
	s := mat.NewSymDense(n, append([]float64(nil), a...))
	var ch mat.Cholesky
	if !ch.Factorize(s) {
		return math.NaN(), false
	}
	ld := ch.LogDet()
	return ld, !math.IsNaN(ld) && !math.IsInf(ld, 0)
}

// minEigenvalue returns the smallest eigenvalue of the symmetric matrix whose
// upper triangle is stored in a.
func minEigenvalue(a []float64, n int) float64 {
	s := mat.NewSymDense(n, append([]float64(nil), a...))
	var e mat.EigenSym
	if !e.Factorize(s, false) {
		return math.NaN()
	}
	return e.Values(nil)[0]
}
