package linalg

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas64"
	"gonum.org/v1/gonum/lapack/lapack64"
)

// Blocking of the factorisations. These constants fix the summation order
// and so the bits of every result; they do not depend on the machine.
const (
	smallChol = 96   // orders up to this are factorised unblocked
	nbLarge   = 256  // panel height (the k dimension of each rank-k update) ...
	nbSmall   = 96   // ... and below nbSwitch, where the triangular solves weigh more
	nbSwitch  = 1500 // order from which panels are nbLarge high
	mcRows    = 96   // rows of C per update task (a multiple of mr)
	ncCols    = 512  // columns of C per update task (a multiple of nr)
	solveCols = 240  // columns per triangular-solve task (a multiple of lcm(mr, nr) = 48)
)

// Cholesky factorises the symmetric matrix a (n×n, row-major, full storage;
// only the upper triangle is read) in place as a = Uᵀ U with U upper
// triangular, and returns ln det a = 2 Σ ln U_ii.
//
// ok is false, and logDet meaningless, when a is not positive definite in
// floating point: some pivot is ≤ 0, NaN or +Inf. On return the upper
// triangle holds U as far as the factorisation got; the strict lower triangle
// is used as scratch and its contents are unspecified.
//
// On amd64 CPUs with AVX2 and FMA, large orders are factorised by a blocked
// right-looking algorithm whose rank-k updates run in parallel on GOMAXPROCS
// goroutines; the result is bit-identical for any GOMAXPROCS. Orders below a
// few hundred use no goroutines and small orders no allocation. Elsewhere
// (other CPUs, other architectures) Cholesky is gonum's LAPACK dpotrf, which
// beats the blocked algorithm with portable Go kernels there. Cholesky panics
// if len(a) < n*n.
func Cholesky(a []float64, n int) (logDet float64, ok bool) {
	checkSquare(a, n)
	if n == 0 {
		return 0, true
	}
	if !useAsm {
		return choleskyLAPACK(a, n)
	}
	if n <= smallChol {
		return cholUnblocked(a, n, 0, n)
	}
	workers := workersFor(n)
	nb := panelHeight(n)
	ws := newPanelWork(n, nb)
	for k := 0; k < n; k += nb {
		kb := min(nb, n-k)
		ld, ok := cholUnblocked(a, n, k, kb)
		if !ok {
			return 0, false
		}
		logDet += ld
		kEnd := k + kb
		if kEnd == n {
			break
		}
		m := n - kEnd
		chunks := (m + solveCols - 1) / solveCols
		parallelFor(workers, chunks, func(t int) {
			c0 := kEnd + t*solveCols
			c1 := min(n, c0+solveCols)
			solvePanel(a, n, k, kb, c0, c1)
			ws.pack(a, n, k, kb, kEnd, c0, c1)
		})
		ws.update(a, n, kb, kEnd, workers)
	}
	return logDet, true
}

// choleskyLAPACK is Cholesky by gonum's dpotrf (upper, row-major).
func choleskyLAPACK(a []float64, n int) (logDet float64, ok bool) {
	sym := blas64.Symmetric{Uplo: blas.Upper, N: n, Stride: n, Data: a[:n*n]}
	if _, ok := lapack64.Potrf(sym); !ok {
		return 0, false
	}
	for i := 0; i < n; i++ {
		u := a[i*n+i]
		if math.IsInf(u, 0) { // dpotrf refuses pivots ≤ 0 and NaN, not +Inf
			return 0, false
		}
		logDet += math.Log(u)
	}
	return 2 * logDet, true
}

// panelHeight returns the panel height for order n (a function of n only, so
// that the summation order does not depend on the machine).
func panelHeight(n int) int {
	if n < nbSwitch {
		return nbSmall
	}
	return nbLarge
}

// checkSquare panics unless a can hold an n×n matrix.
func checkSquare(a []float64, n int) {
	if n < 0 || len(a) < n*n {
		panic(fmt.Sprintf("linalg: matrix of order %d needs %d entries, have %d", n, max(n, 0)*max(n, 0), len(a)))
	}
}

// cholUnblocked factorises the diagonal block a[o:o+m, o:o+m] (row stride n)
// in place by the right-looking outer-product algorithm, reading and writing
// only its upper triangle. It returns the sum of the logarithms of the pivots.
func cholUnblocked(a []float64, n, o, m int) (float64, bool) {
	var logDet float64
	for p := 0; p < m; p++ {
		row := a[(o+p)*n+o : (o+p)*n+o+m]
		d := row[p]
		if !(d > 0) || math.IsInf(d, 1) {
			return 0, false
		}
		u := math.Sqrt(d)
		row[p] = u
		for j := p + 1; j < m; j++ {
			row[j] /= u
		}
		logDet += math.Log(d)
		for i := p + 1; i < m; i++ {
			ri := a[(o+i)*n+o+i : (o+i)*n+o+m]
			axpy(-row[i], row[i:m], ri)
		}
	}
	return logDet, true
}

// solvePanel overwrites the panel rows k..k+kb-1, columns c0..c1-1 with
// U_kk⁻ᵀ times themselves, U_kk being the factorised diagonal block at (k, k).
func solvePanel(a []float64, n, k, kb, c0, c1 int) {
	var alpha [4]float64
	for p := 0; p < kb; p++ {
		xp := a[(k+p)*n+c0 : (k+p)*n+c1]
		q := 0
		for ; q+4 <= p; q += 4 {
			for i := range alpha {
				alpha[i] = -a[(k+q+i)*n+k+p]
			}
			axpy4(&alpha, a[(k+q)*n+c0:], n, xp)
		}
		for ; q < p; q++ {
			axpy(-a[(k+q)*n+k+p], a[(k+q)*n+c0:(k+q)*n+c1], xp)
		}
		inv := 1 / a[(k+p)*n+k+p]
		for j := range xp {
			xp[j] *= inv
		}
	}
}

// panelWork holds the packed copies of a panel for the rank-k update.
type panelWork struct {
	ap []float64 // mr-wide column tiles: ap[t*kb*mr + p*mr + r] = X[p][kEnd+t*mr+r]
	bp []float64 // nr-wide column tiles: bp[t*kb*nr + p*nr + c] = X[p][kEnd+t*nr+c]
}

func newPanelWork(n, nb int) *panelWork {
	return &panelWork{
		ap: make([]float64, (n+mr)*nb),
		bp: make([]float64, (n+nr)*nb),
	}
}

// pack copies panel rows k..k+kb-1, columns c0..c1-1 (c0-kEnd a multiple of
// lcm(mr, nr)) into the tiles, padding columns beyond c1 = n with zeros.
func (w *panelWork) pack(a []float64, n, k, kb, kEnd, c0, c1 int) {
	packTiles(w.ap, mr, a, n, k, kb, kEnd, c0, c1)
	packTiles(w.bp, nr, a, n, k, kb, kEnd, c0, c1)
}

func packTiles(dst []float64, width int, a []float64, n, k, kb, kEnd, c0, c1 int) {
	for col := c0; col < c1; col += width {
		t := (col - kEnd) / width
		tile := dst[t*kb*width : (t+1)*kb*width]
		valid := min(width, c1-col)
		for p := 0; p < kb; p++ {
			src := a[(k+p)*n+col : (k+p)*n+col+valid]
			d := tile[p*width : (p+1)*width]
			copy(d, src)
			clear(d[valid:])
		}
	}
}

// update subtracts XᵀX from the trailing matrix a[kEnd:, kEnd:] (upper
// triangle, tile-wise), X being the packed kb-row panel.
func (w *panelWork) update(a []float64, n, kb, kEnd, workers int) {
	m := n - kEnd
	type task struct{ i0, j0, j1 int }
	var tasks []task
	for i0 := 0; i0 < m; i0 += mcRows {
		for j0 := i0 / nr * nr; j0 < m; j0 += ncCols {
			tasks = append(tasks, task{i0, j0, min(m, j0+ncCols)})
		}
	}
	parallelFor(workers, len(tasks), func(t int) {
		tk := tasks[t]
		i1 := min(m, tk.i0+mcRows)
		var tmp [mr * nr]float64
		for jr := tk.j0; jr < tk.j1; jr += nr {
			b := w.bp[jr/nr*kb*nr:]
			for ir := tk.i0; ir < i1; ir += mr {
				if jr+nr-1 < ir {
					continue // tile entirely below the diagonal
				}
				ap := w.ap[ir/mr*kb*mr:]
				off := (kEnd+ir)*n + kEnd + jr
				if ir+mr <= m && jr+nr <= m {
					gemmTile(kb, ap, b, a[off:], n)
					continue
				}
				clear(tmp[:])
				gemmTile(kb, ap, b, tmp[:], nr)
				for r := 0; r < mr && ir+r < m; r++ {
					for c := 0; c < nr && jr+c < m; c++ {
						a[off+r*n+c] += tmp[r*nr+c]
					}
				}
			}
		}
	})
}
