package linalg

import (
	"errors"
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"

	"github.com/syninfo/syninfo/internal/rng"
)

// Parameters of MinEigenvalue.
const (
	// eigDense is the order up to which MinEigenvalue uses gonum's dense
	// symmetric eigensolver instead of Lanczos iteration.
	eigDense = 400
	// eigRelTol is the Lanczos stopping rule: the residual norm of the
	// smallest Ritz pair, which bounds its distance to an eigenvalue, must
	// fall below eigRelTol times the largest Ritz value in modulus.
	eigRelTol = 1e-9
	// eigMaxIter caps the Krylov dimension (the cost of full
	// reorthogonalisation grows with its square).
	eigMaxIter = 1200
	// matvecChunks is the fixed number of row chunks of the symmetric
	// matrix-vector product; it fixes the summation order.
	matvecChunks = 16
	// lanczosSeed keys the deterministic starting vector.
	lanczosSeed = 0x6c616e637a6f73
)

// ErrNotConverged is returned (wrapped) by MinEigenvalue when the Lanczos
// iteration reaches its iteration cap before its accuracy target; the value
// returned beside it is the best estimate, an upper bound of the smallest
// eigenvalue.
var ErrNotConverged = errors.New("linalg: Lanczos iteration did not converge")

// MinEigenvalue returns the smallest eigenvalue of the symmetric matrix a
// (n×n, row-major, full storage; only the upper triangle is read; a is not
// modified).
//
// Orders up to a few hundred use gonum's dense symmetric eigensolver. Larger
// orders use the Lanczos iteration with full reorthogonalisation from a fixed
// pseudo-random start, with matrix-vector products split over GOMAXPROCS
// goroutines in a fixed summation order (so the result is bit-identical for
// any GOMAXPROCS). It stops when the residual norm r = ‖A y − θ y‖ of the
// smallest Ritz pair (θ, y), which bounds |θ − λ| for some eigenvalue λ, is
// below 1e-9 times the largest Ritz value in modulus (a lower bound of the
// spectral norm). (The sharper gap-theorem estimate r²/gap, with the gap
// taken from the Ritz values, stopped too early on spectra with a large
// outlier and is not used.)
//
// An error is returned for n < 1, a short slice, or non-finite entries.
func MinEigenvalue(a []float64, n int) (float64, error) {
	if n < 1 {
		return 0, fmt.Errorf("linalg: MinEigenvalue of a matrix of order %d", n)
	}
	if len(a) < n*n {
		return 0, fmt.Errorf("linalg: matrix of order %d needs %d entries, have %d", n, n*n, len(a))
	}
	for i := 0; i < n; i++ {
		for _, v := range a[i*n+i : i*n+n] {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return 0, fmt.Errorf("linalg: matrix entry in row %d is not finite", i)
			}
		}
	}
	if n == 1 {
		return a[0], nil
	}
	if n <= eigDense {
		return minEigenDense(a, n)
	}
	mv := newSymMatVec(a, n)
	v, _, err := lanczosSmallest(mv.apply, n, mv.workers)
	return v, err
}

// MinEigenvalueCholesky returns the smallest eigenvalue of the symmetric
// positive definite matrix A from its Cholesky factor, as Cholesky leaves it
// in u (A = Uᵀ U, U upper triangular in the upper triangle of u; the strict
// lower triangle is ignored; u is not modified).
//
// It runs the Lanczos iteration on −A⁻¹ (two triangular solves per step), on
// which the smallest eigenvalue of A is usually far better separated than on
// A, and returns λ_min = 1/μ_max(A⁻¹), stopping when the residual bound of
// the Ritz value is below 1e-9 of it (so λ_min is accurate to about 1e-9
// relative, on top of the backward error of the factorisation). When
// Cholesky has already been computed, this is much cheaper than
// MinEigenvalue at large n. An error is returned for n < 1, a short slice,
// or a zero or non-finite diagonal entry of U.
func MinEigenvalueCholesky(u []float64, n int) (float64, error) {
	if n < 1 {
		return 0, fmt.Errorf("linalg: MinEigenvalueCholesky of a matrix of order %d", n)
	}
	if len(u) < n*n {
		return 0, fmt.Errorf("linalg: matrix of order %d needs %d entries, have %d", n, n*n, len(u))
	}
	for i := 0; i < n; i++ {
		if d := u[i*n+i]; !(d > 0) || math.IsInf(d, 1) {
			return 0, fmt.Errorf("linalg: Cholesky factor has diagonal entry %v in row %d", d, i)
		}
	}
	if n == 1 {
		return u[0] * u[0], nil
	}
	theta, _, err := lanczosSmallest(cholInverseOp(u, n), n, workersFor(n))
	if theta >= 0 {
		return 0, errors.New("linalg: MinEigenvalueCholesky: non-negative Ritz value of −A⁻¹")
	}
	return -1 / theta, err
}

// cholInverseOp returns the operator y = −(UᵀU)⁻¹ x: two triangular solves
// by blocks of solveBlock rows, the off-diagonal block products split over
// goroutines in a fixed summation order.
func cholInverseOp(u []float64, n int) func(x, y []float64) {
	const solveBlock = 256
	const chunk = 512
	workers := workersFor(n)
	z := make([]float64, n)
	s := make([]float64, n)
	return func(x, y []float64) {
		// Uᵀ z = x: forward by blocks of rows of U.
		copy(z, x)
		for k0 := 0; k0 < n; k0 += solveBlock {
			k1 := min(n, k0+solveBlock)
			for q := k0; q < k1; q++ {
				z[q] /= u[q*n+q]
				axpy(-z[q], u[q*n+q+1:q*n+k1], z[q+1:k1])
			}
			parallelFor(workers, (n-k1+chunk-1)/chunk, func(t int) {
				c0, c1 := k1+t*chunk, min(n, k1+(t+1)*chunk)
				zc := z[c0:c1]
				var al [4]float64
				q := k0
				for ; q+4 <= k1; q += 4 {
					for i := range al {
						al[i] = -z[q+i]
					}
					axpy4(&al, u[q*n+c0:], n, zc)
				}
				for ; q < k1; q++ {
					axpy(-z[q], u[q*n+c0:q*n+c1], zc)
				}
			})
		}
		// U y = z: backward by blocks of rows.
		for k1 := n; k1 > 0; k1 -= solveBlock {
			k0 := max(0, k1-solveBlock)
			if k1 < n {
				parallelFor(workers, (k1-k0+31)/32, func(t int) {
					for i := k0 + 32*t; i < min(k1, k0+32*(t+1)); i++ {
						s[i] = dot(u[i*n+k1:i*n+n], y[k1:n])
					}
				})
			} else {
				clear(s[k0:k1])
			}
			for i := k1 - 1; i >= k0; i-- {
				y[i] = (z[i] - s[i] - dot(u[i*n+i+1:i*n+k1], y[i+1:k1])) / u[i*n+i]
			}
		}
		for i := range y {
			y[i] = -y[i]
		}
	}
}

// minEigenDense uses gonum's EigenSym (values only).
func minEigenDense(a []float64, n int) (float64, error) {
	data := make([]float64, n*n)
	copy(data, a[:n*n])
	var es mat.EigenSym
	if !es.Factorize(mat.NewSymDense(n, data), false) {
		return 0, errors.New("linalg: dense symmetric eigensolver failed")
	}
	return es.Values(nil)[0], nil
}

// symMatVec computes y = A x for the symmetric A whose upper triangle a
// holds, in a fixed summation order.
type symMatVec struct {
	a       []float64
	n       int
	bounds  []int       // row chunk c is rows bounds[c]..bounds[c+1]-1
	partial [][]float64 // per-chunk partial products
	workers int
}

func newSymMatVec(a []float64, n int) *symMatVec {
	m := &symMatVec{a: a, n: n, workers: workersFor(n)}
	// Chunks of about equal area of the upper triangle.
	total := float64(n) * float64(n+1) / 2
	m.bounds = []int{0}
	acc := 0.0
	for i := 0; i < n; i++ {
		acc += float64(n - i)
		if c := len(m.bounds); c < matvecChunks && acc >= total*float64(c)/matvecChunks {
			m.bounds = append(m.bounds, i+1)
		}
	}
	if m.bounds[len(m.bounds)-1] != n {
		m.bounds = append(m.bounds, n)
	}
	m.partial = make([][]float64, len(m.bounds)-1)
	for c := range m.partial {
		m.partial[c] = make([]float64, n)
	}
	return m
}

func (m *symMatVec) apply(x, y []float64) {
	n, a := m.n, m.a
	parallelFor(m.workers, len(m.partial), func(c int) {
		p := m.partial[c]
		r0, r1 := m.bounds[c], m.bounds[c+1]
		clear(p[r0:])
		for i := r0; i < r1; i++ {
			row := a[i*n+i : i*n+n]
			d := dotAxpy(x[i], row[1:], x[i+1:], p[i+1:])
			p[i] += row[0]*x[i] + d
		}
	})
	const block = 1024
	parallelFor(m.workers, (n+block-1)/block, func(t int) {
		j0, j1 := t*block, min(n, (t+1)*block)
		yb := y[j0:j1]
		clear(yb)
		for c, p := range m.partial {
			lo := max(j0, m.bounds[c])
			if lo >= j1 {
				continue
			}
			for j := lo; j < j1; j++ {
				y[j] += p[j]
			}
		}
	})
}

// lanczosSmallest runs the Lanczos iteration with full reorthogonalisation on
// the symmetric operator apply (y = A x) of order n and returns its smallest
// eigenvalue and the number of operator applications.
func lanczosSmallest(apply func(x, y []float64), n, workers int) (float64, int, error) {
	maxIter := min(n, eigMaxIter)
	v := make([]float64, 0, n*min(maxIter, 256)) // Lanczos vectors, one per row
	alpha := make([]float64, 0, 64)
	beta := make([]float64, 0, 64) // beta[j] couples vectors j and j+1
	w := make([]float64, n)
	coef := make([]float64, maxIter)

	r := rng.New(lanczosSeed, uint64(n))
	x := make([]float64, n)
	for i := range x {
		x[i] = r.NormFloat64()
	}
	scale(x, 1/norm2(x))
	v = append(v, x...)

	ts := &tridiag{}
	best := math.Inf(1)
	for j := 0; j < maxIter; j++ {
		vj := v[j*n : (j+1)*n]
		apply(vj, w)
		aj := dot(vj, w)
		alpha = append(alpha, aj)
		// Full reorthogonalisation by classical Gram–Schmidt, repeated
		// when it cancelled more than 1/√2 of the norm (DGKS criterion).
		before := norm2(w)
		reorthogonalise(v, j+1, n, w, coef, workers)
		bj := norm2(w)
		if bj < math.Sqrt2/2*before {
			reorthogonalise(v, j+1, n, w, coef, workers)
			bj = norm2(w)
		}
		theta, theta2, thetaMax, resid := ts.smallest(alpha, beta, bj)
		best = theta
		normEst := max(math.Abs(theta), math.Abs(thetaMax))
		_ = theta2
		if resid <= eigRelTol*normEst || bj <= 1e-3*eigRelTol*normEst || j+1 == n {
			return theta, j + 1, nil
		}
		beta = append(beta, bj)
		scale(w, 1/bj)
		v = append(v, w...)
	}
	return best, maxIter, fmt.Errorf("%w after %d iterations (n = %d)", ErrNotConverged, maxIter, n)
}

// reorthogonalise removes from w its components along the first k rows of v
// (classical Gram–Schmidt: coefficients first, then one subtraction pass),
// in a fixed summation order.
func reorthogonalise(v []float64, k, n int, w, coef []float64, workers int) {
	const rowsPer = 32
	parallelFor(workers, (k+rowsPer-1)/rowsPer, func(t int) {
		for i := t * rowsPer; i < min(k, (t+1)*rowsPer); i++ {
			coef[i] = -dot(v[i*n:(i+1)*n], w)
		}
	})
	const block = 512
	parallelFor(workers, (n+block-1)/block, func(t int) {
		j0, j1 := t*block, min(n, (t+1)*block)
		wb := w[j0:j1]
		var al [4]float64
		i := 0
		for ; i+4 <= k; i += 4 {
			copy(al[:], coef[i:i+4])
			axpy4(&al, v[i*n+j0:], n, wb)
		}
		for ; i < k; i++ {
			axpy(coef[i], v[i*n+j0:i*n+j1], wb)
		}
	})
}

// dot returns the dot product of x and y in a fixed order.
func dot(x, y []float64) float64 {
	var s0, s1, s2, s3 float64
	n := len(x)
	if n == 0 {
		return 0
	}
	y = y[:n]
	if useAsm {
		return dotAsm(n, &x[0], &y[0])
	}
	i := 0
	for ; i+4 <= n; i += 4 {
		s0 += x[i] * y[i]
		s1 += x[i+1] * y[i+1]
		s2 += x[i+2] * y[i+2]
		s3 += x[i+3] * y[i+3]
	}
	s := (s0 + s2) + (s1 + s3)
	for ; i < n; i++ {
		s += x[i] * y[i]
	}
	return s
}

// norm2 returns the Euclidean norm of x without overflow for moderate
// scales.
func norm2(x []float64) float64 {
	var big float64
	for _, v := range x {
		big = max(big, math.Abs(v))
	}
	if big == 0 {
		return 0
	}
	var s float64
	for _, v := range x {
		t := v / big
		s += t * t
	}
	return big * math.Sqrt(s)
}

func scale(x []float64, s float64) {
	for i := range x {
		x[i] *= s
	}
}
