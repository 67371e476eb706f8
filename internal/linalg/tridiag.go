package linalg

import "math"

// tridiag computes extreme eigenpairs of the symmetric tridiagonal Lanczos
// matrix T (diagonal alpha, off-diagonal beta), reusing its buffers.
type tridiag struct {
	d, du, du2, dl, x []float64
	piv               []bool
}

// smallest returns the two smallest and the largest eigenvalues of T and the
// Lanczos residual bound next·|s_last| of the smallest, s being its unit
// eigenvector and next the norm of the next Lanczos residual vector. For a
// 1×1 T, lo2 is +Inf.
func (t *tridiag) smallest(alpha, beta []float64, next float64) (lo, lo2, hi, resid float64) {
	m := len(alpha)
	if m == 1 {
		return alpha[0], math.Inf(1), alpha[0], next
	}
	gl, gu := math.Inf(1), math.Inf(-1)
	var bmax float64
	for i := 0; i < m; i++ {
		r := 0.0
		if i > 0 {
			r += math.Abs(beta[i-1])
		}
		if i < m-1 {
			r += math.Abs(beta[i])
			bmax = max(bmax, math.Abs(beta[i]))
		}
		gl = min(gl, alpha[i]-r)
		gu = max(gu, alpha[i]+r)
	}
	scaleT := max(math.Abs(gl), math.Abs(gu))
	pivmin := math.SmallestNonzeroFloat64 / 0x1p-52 * max(1, bmax*bmax)
	lo = bisect(alpha, beta, gl, gu, 1, pivmin)
	lo2 = bisect(alpha, beta, gl, gu, 2, pivmin)
	hi = bisect(alpha, beta, gl, gu, m, pivmin)
	s := t.eigvec(alpha, beta, lo, scaleT)
	return lo, lo2, hi, next * math.Abs(s[m-1])
}

// sturm returns the number of eigenvalues of T smaller than x.
func sturm(alpha, beta []float64, x, pivmin float64) int {
	count := 0
	q := alpha[0] - x
	for i := 0; ; i++ {
		if math.Abs(q) < pivmin {
			q = -pivmin
		}
		if q < 0 {
			count++
		}
		if i+1 == len(alpha) {
			return count
		}
		q = alpha[i+1] - x - beta[i]*beta[i]/q
	}
}

// bisect returns the k-th smallest eigenvalue (k from 1) of T, bracketed by
// [gl, gu], to about machine precision.
func bisect(alpha, beta []float64, gl, gu float64, k int, pivmin float64) float64 {
	width := gu - gl
	lo := gl - 2*0x1p-52*width - pivmin
	hi := gu + 2*0x1p-52*width + pivmin
	for it := 0; it < 200; it++ {
		mid := lo + (hi-lo)/2
		if mid <= lo || mid >= hi || hi-lo <= 2*0x1p-53*max(math.Abs(lo), math.Abs(hi))+pivmin {
			break
		}
		if sturm(alpha, beta, mid, pivmin) >= k {
			hi = mid
		} else {
			lo = mid
		}
	}
	return lo + (hi-lo)/2
}

// eigvec returns a unit eigenvector of T for the eigenvalue theta by two
// steps of inverse iteration with the LU factorisation (partial pivoting) of
// T − theta I.
func (t *tridiag) eigvec(alpha, beta []float64, theta, scaleT float64) []float64 {
	m := len(alpha)
	grow := func(s []float64) []float64 {
		if cap(s) < m {
			return make([]float64, m, 2*m)
		}
		return s[:m]
	}
	t.d, t.du, t.du2, t.dl, t.x = grow(t.d), grow(t.du), grow(t.du2), grow(t.dl), grow(t.x)
	if cap(t.piv) < m {
		t.piv = make([]bool, m, 2*m)
	}
	t.piv = t.piv[:m]
	d, du, du2, dl, x, piv := t.d, t.du, t.du2, t.dl, t.x, t.piv
	tiny := 0x1p-52 * max(scaleT, math.SmallestNonzeroFloat64)
	for i := 0; i < m; i++ {
		d[i] = alpha[i] - theta
		if i < m-1 {
			du[i], dl[i] = beta[i], beta[i]
		}
		du2[i] = 0
	}
	for i := 0; i < m-1; i++ {
		if math.Abs(d[i]) >= math.Abs(dl[i]) {
			if d[i] == 0 {
				d[i] = tiny
			}
			l := dl[i] / d[i]
			dl[i] = l
			d[i+1] -= l * du[i]
			piv[i] = false
		} else {
			l := d[i] / dl[i]
			d[i] = dl[i]
			tmp := d[i+1]
			d[i+1] = du[i] - l*tmp
			if i < m-2 {
				du2[i] = du[i+1]
				du[i+1] = -l * du[i+1]
			}
			du[i] = tmp
			dl[i] = l
			piv[i] = true
		}
	}
	if d[m-1] == 0 {
		d[m-1] = tiny
	}
	for i := range x {
		x[i] = 1
	}
	for it := 0; it < 3; it++ {
		// Forward: apply L⁻¹ with the row interchanges.
		for i := 0; i < m-1; i++ {
			if piv[i] {
				x[i], x[i+1] = x[i+1], x[i]-dl[i]*x[i+1]
			} else {
				x[i+1] -= dl[i] * x[i]
			}
		}
		// Backward: U has diagonal d, superdiagonals du and du2.
		for i := m - 1; i >= 0; i-- {
			s := x[i]
			if i+1 < m {
				s -= du[i] * x[i+1]
			}
			if i+2 < m {
				s -= du2[i] * x[i+2]
			}
			x[i] = s / d[i]
		}
		scale(x, 1/norm2(x))
	}
	return x
}
