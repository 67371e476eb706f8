package linalg

// Micro-kernel tile shape of the rank-k update: mr rows by nr columns.
const (
	mr = 12
	nr = 16
)

// gemmTile computes C[0:mr][0:nr] -= sum_p a[p*mr+r] * b[p*nr+c] over p < k,
// for C row-major with stride ldc starting at c[0], as four 6×8 AVX2+FMA
// micro-kernels. Every element of C is the sum accumulated over p in
// increasing order with fused multiply-adds, then subtracted once. It is
// only reached with useAsm (Cholesky takes gonum's LAPACK otherwise).
func gemmTile(k int, a, b, c []float64, ldc int) {
	if k == 0 {
		return
	}
	_ = a[k*mr-1]
	_ = b[k*nr-1]
	_ = c[(mr-1)*ldc+nr-1]
	const h, w = mr / 2, nr / 2
	kern6x8(k, &a[0], mr, &b[0], nr, &c[0], ldc)
	kern6x8(k, &a[0], mr, &b[w], nr, &c[w], ldc)
	kern6x8(k, &a[h], mr, &b[0], nr, &c[h*ldc], ldc)
	kern6x8(k, &a[h], mr, &b[w], nr, &c[h*ldc+w], ldc)
}

// axpy computes y += alpha*x over len(x) elements (len(y) >= len(x)).
func axpy(alpha float64, x, y []float64) {
	n := len(x)
	if n == 0 {
		return
	}
	y = y[:n]
	if useAsm {
		axpyAsm(n, alpha, &x[0], &y[0])
		return
	}
	for i, v := range x {
		y[i] += alpha * v
	}
}

// axpy4 computes y[i] += Σ_q alpha[q]*x[q*ldx+i] for i < len(y), q = 0..3,
// adding the four terms in increasing q (the same result as four axpy calls).
func axpy4(alpha *[4]float64, x []float64, ldx int, y []float64) {
	n := len(y)
	if n == 0 {
		return
	}
	_ = x[3*ldx+n-1]
	if useAsm {
		axpy4Asm(n, &alpha[0], &x[0], ldx, &y[0])
		return
	}
	for q := 0; q < 4; q++ {
		aq := alpha[q]
		xq := x[q*ldx : q*ldx+n]
		for i, v := range xq {
			y[i] += aq * v
		}
	}
}

// dotAxpy computes y += alpha*a and returns the dot product of a and x, all
// of length len(a), in one pass over a.
func dotAxpy(alpha float64, a, x, y []float64) float64 {
	n := len(a)
	if n == 0 {
		return 0
	}
	x = x[:n]
	y = y[:n]
	if useAsm {
		return dotAxpyAsm(n, alpha, &a[0], &x[0], &y[0])
	}
	var s0, s1, s2, s3 float64
	i := 0
	for ; i+4 <= n; i += 4 {
		a0, a1, a2, a3 := a[i], a[i+1], a[i+2], a[i+3]
		s0 += a0 * x[i]
		s1 += a1 * x[i+1]
		s2 += a2 * x[i+2]
		s3 += a3 * x[i+3]
		y[i] += alpha * a0
		y[i+1] += alpha * a1
		y[i+2] += alpha * a2
		y[i+3] += alpha * a3
	}
	s := (s0 + s2) + (s1 + s3)
	for ; i < n; i++ {
		s += a[i] * x[i]
		y[i] += alpha * a[i]
	}
	return s
}
