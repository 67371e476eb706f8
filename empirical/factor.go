package empirical

import (
	"math"
	"math/rand/v2"
)

// root is a positive semi-definite square root of a d x d covariance A in
// pivoted form: A[perm[p]][perm[q]] = sum_j L[p][j] L[q][j], with L d x r
// lower trapezoidal (L[p][j] = 0 for j > p) and r the numerical rank.
type root struct {
	d, r int
	perm []int     // perm[p] is the original index placed at position p
	l    []float64 // row-major d x r
	lc   []float64 // the same, column-major (r x d: column j at lc[j*d:])
}

// sample writes mean + P L z to out[i*stride], i in original order, for z
// standard normal drawn from r, r.r of them in order; acc is scratch of
// length d. The product runs column by column (axpy), free of a chain of
// dependent additions.
func (rt *root) sample(mean []float64, r *rand.Rand, acc, out []float64, stride int) {
	d := rt.d
	acc = acc[:d]
	clear(acc)
	for j := 0; j < rt.r; j++ {
		zj := r.NormFloat64()
		col := rt.lc[j*d+j : (j+1)*d]
		a := acc[j:]
		a = a[:len(col)]
		for p, lv := range col {
			a[p] += lv * zj
		}
	}
	for p, orig := range rt.perm {
		out[orig*stride] = mean[orig] + acc[p]
	}
}

// pivotedCholesky factorises the symmetric positive semi-definite matrix a
// (row-major d x d, read in full) by Cholesky with complete (diagonal)
// pivoting. It stops when the largest remaining pivot is at most
// d * eps * max_i a[i][i]: what remains is rounding error, or the slightly
// negative eigenvalues a numerically semi-definite matrix may have, and is
// dropped (clipped to zero). Pivoted Cholesky is backward stable for
// semi-definite matrices and returns the numerical rank as r.
//
// It is written out (right-looking, first maximal pivot) instead of calling
// gonum's lapack64.Pstrf on purpose: Pstrf finds the same rank
// and an equally valid factor, but on tied diagonals (every exchangeable
// covariance) it picks another pivot order, so the same normal draws z give
// another sample. Switching would change the sampled results (52 of the
// 244 estimates of the default validate suite, by up to 0.6 standard
// errors) for no gain: the factorisation takes at most a few ms per case
// (d ≤ |idx(S)| ≤ 100; the n×n term-space factor only when n < d).
func pivotedCholesky(a []float64, d int) root {
	w := make([]float64, d*d)
	copy(w, a)
	perm := make([]int, d)
	maxDiag := 0.0
	for i := range perm {
		perm[i] = i
		maxDiag = math.Max(maxDiag, w[i*d+i])
	}
	tol := float64(d) * 0x1p-52 * maxDiag
	r := 0
	for p := 0; p < d; p++ {
		q, best := p, w[p*d+p]
		for i := p + 1; i < d; i++ {
			if v := w[i*d+i]; v > best {
				q, best = i, v
			}
		}
		if !(best > tol) {
			break
		}
		if q != p {
			// Symmetric swap of rows and columns p and q: on the finished
			// columns (< p) it swaps rows of L, on the trailing block it is
			// the permutation of the Schur complement.
			for j := 0; j < d; j++ {
				w[p*d+j], w[q*d+j] = w[q*d+j], w[p*d+j]
			}
			for i := 0; i < d; i++ {
				w[i*d+p], w[i*d+q] = w[i*d+q], w[i*d+p]
			}
			perm[p], perm[q] = perm[q], perm[p]
		}
		piv := math.Sqrt(best)
		w[p*d+p] = piv
		for i := p + 1; i < d; i++ {
			w[i*d+p] /= piv
		}
		for i := p + 1; i < d; i++ {
			lip := w[i*d+p]
			for j := p + 1; j <= i; j++ {
				v := w[i*d+j] - lip*w[j*d+p]
				w[i*d+j] = v
				w[j*d+i] = v
			}
		}
		r++
	}
	l := make([]float64, d*r)
	for i := 0; i < d; i++ {
		for j := 0; j < r && j <= i; j++ {
			l[i*r+j] = w[i*d+j]
		}
	}
	lc := make([]float64, r*d)
	for i := 0; i < d; i++ {
		for j := 0; j < r; j++ {
			lc[j*d+i] = l[i*r+j]
		}
	}
	return root{d: d, r: r, perm: perm, l: l, lc: lc}
}
