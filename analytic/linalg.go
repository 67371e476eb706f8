package analytic

import (
	"math"

	"github.com/syninfo/syninfo/internal/linalg"
	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas64"
	"gonum.org/v1/gonum/lapack/lapack64"
)

// eigenFromFactor is the order above which the smallest eigenvalue of a
// positive definite matrix is taken from its Cholesky factor (Lanczos on the
// inverse, ~1e-9 relative) rather than from a dense eigensolver (exact to
// rounding, but O(n³) with a large constant).
const eigenFromFactor = 400

// factor holds a Cholesky attempt on a symmetric matrix C stored (upper
// triangle) in a. C is equilibrated first, R = D^(−1/2) C D^(−1/2) with
// D = diag(C), so that ln det C = Σ_a ln C_aa + ln det R: the factorisation
// then works on a matrix with unit diagonal whatever the scale of C (tiny
// or huge log-variances, or synapses of very different variance), and its
// conditioning is that of R.
type factor struct {
	a        []float64 // C, not modified
	u        []float64 // the Cholesky factor of R (upper triangle), when ok
	diag     []float64 // C_aa
	n        int
	logDetR  float64 // ln det R when ok, else NaN
	logDet   float64 // ln det C when ok, else NaN
	ok       bool    // positive definite
	invNorm1 float64 // an estimate of ‖R⁻¹‖₁ (LAPACK's dpocon), when ok
	cond     float64 // the 1-norm condition number of R, ‖R‖₁‖R⁻¹‖₁, when ok
	uScaled  bool    // u has been turned into the factor of C (by minEigenvalue)
}

// factorise runs Cholesky on the equilibrated copy R of the n×n matrix a.
func factorise(a []float64, n int) *factor {
	f := &factor{a: a, n: n, logDet: math.NaN(), logDetR: math.NaN(), invNorm1: math.NaN(), cond: math.NaN(),
		diag: make([]float64, n)}
	s := make([]float64, n)
	var sumLogDiag float64
	for i := 0; i < n; i++ {
		d := a[i*n+i]
		f.diag[i] = d
		if !(d > 0) || math.IsInf(d, 0) {
			return f
		}
		s[i] = 1 / math.Sqrt(d)
		sumLogDiag += math.Log(d)
	}
	u := make([]float64, n*n)
	for i := 0; i < n; i++ {
		row, out := a[i*n:(i+1)*n], u[i*n:(i+1)*n]
		for j := i + 1; j < n; j++ {
			out[j] = row[j] * s[i] * s[j]
		}
		out[i] = 1
	}
	// ‖R‖₁ (the largest absolute column sum) before u is overwritten.
	norm1 := 0.0
	colSum := make([]float64, n)
	for i := 0; i < n; i++ {
		for j := i; j < n; j++ {
			v := math.Abs(u[i*n+j])
			colSum[j] += v
			if j != i {
				colSum[i] += v
			}
		}
	}
	for _, v := range colSum {
		norm1 = max(norm1, v)
	}
	ld, ok := linalg.Cholesky(u, n)
	if !ok || math.IsNaN(ld) || math.IsInf(ld, 0) {
		return f
	}
	f.ok, f.u, f.logDetR, f.logDet = true, u, ld, sumLogDiag+ld
	rcond := lapack64.Pocon(blas64.Symmetric{N: n, Stride: n, Data: u, Uplo: blas.Upper}, norm1,
		make([]float64, 3*n), make([]int, n))
	f.cond = 1 / rcond
	f.invNorm1 = f.cond / norm1
	return f
}

// minEigenvalue returns the smallest eigenvalue of C (NaN if it cannot be
// computed). Above eigenFromFactor it turns u into the factor of C, so it is
// called once, after everything else that reads u.
func (f *factor) minEigenvalue() float64 {
	if f.uScaled {
		return math.NaN()
	}
	var v float64
	var err error
	if f.ok && f.n > eigenFromFactor {
		// C = (U D^½)ᵀ (U D^½): the factor of C from that of R, scaled in
		// place (u is not needed after this; a copy would cost n² floats).
		n := f.n
		for j := 0; j < n; j++ {
			sj := math.Sqrt(f.diag[j])
			for i := 0; i <= j; i++ {
				f.u[i*n+j] *= sj
			}
		}
		f.uScaled = true
		v, err = linalg.MinEigenvalueCholesky(f.u, n)
	} else {
		// Scaled to a unit largest diagonal entry first: gonum's dense
		// eigensolver panics on matrices of subnormal scale.
		n := f.n
		scale := 0.0
		for i := 0; i < n; i++ {
			scale = max(scale, math.Abs(f.a[i*n+i]))
		}
		if !(scale > 0) || math.IsInf(scale, 0) {
			scale = 1
		}
		b := make([]float64, n*n)
		for i := range b {
			b[i] = f.a[i] / scale
		}
		v, err = linalg.MinEigenvalue(b, n)
		v *= scale
	}
	if err != nil {
		return math.NaN()
	}
	return v
}
