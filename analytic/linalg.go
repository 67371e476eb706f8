package analytic

import (
	"math"

	"github.com/syninfo/syninfo/internal/linalg"
)

// cholLogDet returns ln det of the symmetric matrix whose upper triangle is
// stored in the n×n row-major a, and whether it is positive definite. a is
// not modified.
func cholLogDet(a []float64, n int) (float64, bool) {
	ld, ok := linalg.Cholesky(append([]float64(nil), a...), n)
	if !ok || math.IsNaN(ld) || math.IsInf(ld, 0) {
		return math.NaN(), false
	}
	return ld, true
}

// minEigenvalue returns the smallest eigenvalue of the symmetric matrix whose
// upper triangle is stored in a (NaN if it cannot be computed). a is not
// modified.
func minEigenvalue(a []float64, n int) float64 {
	// linalg reads the upper triangle; mirror it so either convention works.
	b := make([]float64, n*n)
	for i := 0; i < n; i++ {
		for j := i; j < n; j++ {
			b[i*n+j], b[j*n+i] = a[i*n+j], a[i*n+j]
		}
	}
	v, err := linalg.MinEigenvalue(b, n)
	if err != nil {
		return math.NaN()
	}
	return v
}
