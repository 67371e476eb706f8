package linalg

import "math"

// Rank returns the numerical rank of the symmetric positive semi-definite
// matrix a (n×n, row-major, full storage; only the upper triangle is read,
// and a is overwritten) by Cholesky factorisation with complete (diagonal)
// pivoting.
//
// The matrix is first equilibrated, A ← D A D with D = diag(a_ii)^(-1/2)
// (rows and columns with a_ii ≤ 0 are set to zero), which changes neither the
// rank nor positive semi-definiteness but makes the answer independent of the
// scaling of individual rows, such as the badly scaled rows of a Jacobian
// Gram matrix J Jᵀ. The factorisation then picks the largest remaining pivot
// at each step and stops when it is ≤ relTol times the largest diagonal entry
// (1 after equilibration); the number of pivots taken is the rank. relTol ≤ 0
// selects n·2⁻⁵² (LAPACK's default for dpstrf).
//
// It returns -1 if an entry of the upper triangle is NaN or infinite. Large
// orders run blocked and in parallel like Cholesky, with results independent
// of GOMAXPROCS. Rank panics if len(a) < n*n.
func Rank(a []float64, n int, relTol float64) int {
	checkSquare(a, n)
	if n == 0 {
		return 0
	}
	if !(relTol > 0) {
		relTol = float64(n) * 0x1p-52
	}
	for i := 0; i < n; i++ {
		for _, v := range a[i*n+i : i*n+n] {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return -1
			}
		}
	}
	// Equilibrate.
	dscale := make([]float64, n)
	maxDiag := 0.0
	for i := range dscale {
		if d := a[i*n+i]; d > 0 {
			dscale[i] = 1 / math.Sqrt(d)
		}
	}
	for i := 0; i < n; i++ {
		row := a[i*n+i : i*n+n]
		si := dscale[i]
		for j := range row {
			row[j] *= si * dscale[i+j]
		}
		maxDiag = max(maxDiag, row[0])
	}
	if maxDiag == 0 {
		return 0
	}
	thresh := relTol * maxDiag

	workers := workersFor(n)
	nb := panelHeight(n)
	var ws *panelWork
	if n > smallChol {
		ws = newPanelWork(n, nb)
	} else {
		nb = n
	}
	work := make([]float64, n) // squares accumulated within the current block
	var alpha [4]float64
	for k0 := 0; k0 < n; k0 += nb {
		kb := min(nb, n-k0)
		clear(work[k0:])
		for k := k0; k < k0+kb; k++ {
			p, dmax := k, math.Inf(-1)
			for i := k; i < n; i++ {
				if d := a[i*n+i] - work[i]; d > dmax {
					p, dmax = i, d
				}
			}
			if !(dmax > thresh) {
				return k
			}
			if p != k {
				symSwap(a, n, k, p)
				work[k], work[p] = work[p], work[k]
			}
			ukk := math.Sqrt(dmax)
			a[k*n+k] = ukk
			row := a[k*n+k+1 : k*n+n]
			q := k0
			for ; q+4 <= k; q += 4 {
				for i := range alpha {
					alpha[i] = -a[(q+i)*n+k]
				}
				axpy4(&alpha, a[q*n+k+1:], n, row)
			}
			for ; q < k; q++ {
				axpy(-a[q*n+k], a[q*n+k+1:q*n+n], row)
			}
			inv := 1 / ukk
			for j, v := range row {
				v *= inv
				row[j] = v
				work[k+1+j] += v * v
			}
		}
		kEnd := k0 + kb
		if kEnd == n {
			break
		}
		m := n - kEnd
		chunks := (m + solveCols - 1) / solveCols
		parallelFor(workers, chunks, func(t int) {
			c0 := kEnd + t*solveCols
			ws.pack(a, n, k0, kb, kEnd, c0, min(n, c0+solveCols))
		})
		ws.update(a, n, kb, kEnd, workers)
	}
	return n
}

// symSwap applies the symmetric permutation exchanging indices k < p to the
// matrix whose upper triangle a holds.
func symSwap(a []float64, n, k, p int) {
	if p < k {
		k, p = p, k
	}
	for i := 0; i < k; i++ {
		a[i*n+k], a[i*n+p] = a[i*n+p], a[i*n+k]
	}
	a[k*n+k], a[p*n+p] = a[p*n+p], a[k*n+k]
	for i := k + 1; i < p; i++ {
		a[k*n+i], a[i*n+p] = a[i*n+p], a[k*n+i]
	}
	rk, rp := a[k*n+p+1:k*n+n], a[p*n+p+1:p*n+n]
	for j := range rk {
		rk[j], rp[j] = rp[j], rk[j]
	}
}
