package analytic

import (
	"math"

	"github.com/syninfo/syninfo/internal/rng"
	"github.com/syninfo/syninfo/model"
	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas64"
	"gonum.org/v1/gonum/lapack/lapack64"
	"gonum.org/v1/gonum/mat"
)

// Support describes the dimensions of the exact laws of W_S and W_S^(-m):
// the generic rank of the Jacobian of (z_k)_k -> Σ_k exp(m_k + L_k z_k)
// (SPEC §3). W_S^(-m) has a density on R^n only when DimRest = n, and the
// true information is +∞ when Dim > DimRest.
type Support struct {
	// Dim and DimRest are the dimensions of W_S and of W_S^(-m).
	Dim, DimRest int
	// Method says how they were found: "rank" (numerical rank of the
	// Jacobian at a random point, exact with probability 1), "full-network"
	// (every synapse among the touched neurons, full-rank Sigmas: the
	// closed-form dimension jd − j(j−1)/2 of SPEC §3), "count" (used when
	// the rank test would be too costly and the bound Σ_k rank(V_k) alone
	// proves W_S^(-m) degenerate; Dim and DimRest are then upper bounds), or
	// "single" (K = 1).
	Method string
}

// rankTol is the relative singular-value threshold of the rank test; the
// Jacobian is scaled row- and column-wise first, which does not change rank.
const rankTol = 1e-10

// maxShortcutN is the largest n for which a rank test on a few patterns is
// tried before the full one.
const maxShortcutN = 2000

// maxRankWork bounds min(n,q)²·max(n,q) for the dense rank test.
const maxRankWork = 4e9

// support computes the dimensions of W_S and W_S^(-m) for a valid case.
func support(c *model.Case) Support {
	n, K, m := c.Len(), c.K(), c.Pattern
	touched := c.Touched()
	d := len(touched)
	pos := make(map[int]int, d)
	for p, i := range touched {
		pos[i] = p
	}
	if sup, ok := fullNetworkSupport(c, touched); ok {
		return sup
	}
	rankA := incidenceRank(c, touched, pos)
	// A shortcut that settles most ensembles: if rank(A) = n and some
	// pattern k ≠ m has a Sigma of full rank on the touched neurons, then
	// diag(T^(k)) A L_k alone has rank n at every point, so W_S^(-m) (and so
	// W_S) has a density.
	if K > 1 && rankA == n {
		for k := 0; k < K; k++ {
			if k != m && fullRankOnTouched(c, k, touched) {
				return Support{Dim: n, DimRest: n, Method: "rank"}
			}
		}
	}
	// AL_k: the n×r_k matrix A L_k with L_k L_k^T = Sigma_k on the touched
	// neurons, so that V_k = (A L_k)(A L_k)^T; computed on demand, shared
	// between consecutive patterns with the same Sigma.
	al := make([]*mat.Dense, K)
	have := make([]bool, K)
	root := func(k int) *mat.Dense {
		if !have[k] {
			if k > 0 && have[k-1] && sameSigma(c, k, k-1) {
				al[k] = al[k-1]
			} else {
				al[k] = incidenceTimesRoot(c, k, touched, pos)
			}
			have[k] = true
		}
		return al[k]
	}
	// Rank is monotone in the blocks: if the Jacobian of a few patterns
	// other than m already has rank n, so has W_S^(-m)'s. Try the first
	// ⌈n/d⌉+1 of them before building all K roots.
	if K > 1 && n <= maxShortcutN {
		few := make([]*mat.Dense, K)
		want := (n+d-1)/d + 1
		for k := 0; k < K && want > 0; k++ {
			if k != m {
				few[k] = root(k)
				want--
			}
		}
		if want == 0 && jacobianRank(c, few, m) == n {
			return Support{Dim: n, DimRest: n, Method: "rank"}
		}
	}
	for k := 0; k < K; k++ {
		root(k)
	}
	cols := func(k int) int {
		if al[k] == nil {
			return 0
		}
		_, r := al[k].Dims()
		return r
	}
	var qAll, qRest, countRest int
	for k := 0; k < K; k++ {
		qAll += cols(k)
		if k != m {
			qRest += cols(k)
			countRest += min(cols(k), rankA)
		}
	}
	if K == 1 {
		return Support{Dim: jacobianRank(c, al, -1), DimRest: 0, Method: "single"}
	}
	work := float64(min(n, qAll)) * float64(min(n, qAll)) * float64(max(n, qAll))
	if work > maxRankWork && countRest < n {
		// Σ_{k≠m} rank(V_k) < n proves W_S^(-m) degenerate; pattern m's
		// term, when not constant, adds directions (generically).
		dim := min(n, countRest+min(cols(m), rankA))
		return Support{Dim: dim, DimRest: countRest, Method: "count"}
	}
	rest := jacobianRank(c, al, m)
	if rest == n { // Dim ≥ DimRest and Dim ≤ n
		return Support{Dim: n, DimRest: n, Method: "rank"}
	}
	return Support{Dim: jacobianRank(c, al, -1), DimRest: rest, Method: "rank"}
}

// fullNetworkSupport settles the case where S holds every synapse among
// its d touched neurons and each Sigma_k is of full rank there. Then
// (z_k) -> exp(m_k + L_k z_k) is a local diffeomorphism onto the patterns,
// and j patterns span the off-diagonal part of the rank-j symmetric
// matrices Σ_k x_k x_kᵀ: jd − j(j−1)/2 dimensions (SPEC §3), capped at
// n = d(d−1)/2. TestFullNetworkFormula checks it against the rank test.
// Patterns whose Sigma vanishes on the touched neurons add nothing.
func fullNetworkSupport(c *model.Case, touched []int) (Support, bool) {
	d, n := len(touched), c.Len()
	if n != d*(d-1)/2 || d < 2 {
		return Support{}, false
	}
	j, jm := 0, 0 // full-rank patterns other than m; pattern m's contribution
	for k := range c.Patterns {
		switch {
		case zeroOnTouched(c, k, touched):
		case fullRankOnTouched(c, k, touched):
			if k == c.Pattern {
				jm = 1
			} else {
				j++
			}
		default:
			return Support{}, false // a singular Sigma: leave it to the rank test
		}
	}
	span := func(j int) int {
		j = min(j, d) // d patterns already span every symmetric matrix
		return min(n, j*d-j*(j-1)/2)
	}
	return Support{Dim: span(j + jm), DimRest: span(j), Method: "full-network"}, true
}

// zeroOnTouched reports whether Sigma_k vanishes on the touched neurons.
func zeroOnTouched(c *model.Case, k int, touched []int) bool {
	for _, i := range touched {
		for _, j := range touched {
			if c.Patterns[k].Sigma[i][j] != 0 {
				return false
			}
		}
	}
	return true
}

// fullRankOnTouched reports whether Sigma_k restricted to the touched
// neurons is positive definite with every Cholesky pivot above √rankTol of
// the largest variance (the test incidenceTimesRoot uses for its roots).
func fullRankOnTouched(c *model.Case, k int, touched []int) bool {
	d := len(touched)
	s := make([]float64, d*d)
	maxDiag := 0.0
	for p, i := range touched {
		for q := p; q < d; q++ {
			v := c.Patterns[k].Sigma[i][touched[q]]
			s[p*d+q] = v
		}
		maxDiag = max(maxDiag, s[p*d+p])
	}
	u := blas64.Symmetric{N: d, Stride: d, Data: s, Uplo: blas.Upper}
	if _, ok := lapack64.Potrf(u); !ok {
		return false
	}
	for p := 0; p < d; p++ {
		if piv := s[p*d+p]; piv*piv <= math.Sqrt(rankTol)*maxDiag {
			return false
		}
	}
	return true
}

func sameSigma(c *model.Case, k, l int) bool {
	a, b := c.Patterns[k].Sigma, c.Patterns[l].Sigma
	for i := range a {
		for j := range a[i] {
			if a[i][j] != b[i][j] {
				return false
			}
		}
	}
	return true
}

// incidenceTimesRoot returns A L for a PSD root L of Sigma_k restricted to
// the touched neurons (eigenvectors scaled by √λ, null directions dropped),
// or nil when Sigma_k vanishes there.
func incidenceTimesRoot(c *model.Case, k int, touched []int, pos map[int]int) *mat.Dense {
	d := len(touched)
	s := mat.NewSymDense(d, nil)
	for p, i := range touched {
		for q := p; q < d; q++ {
			j := touched[q]
			s.SetSym(p, q, c.Patterns[k].Sigma[min(i, j)][max(i, j)])
		}
	}
	n := c.Len()
	// A well-conditioned Sigma: its Cholesky factor U (Sigma = UᵀU, so
	// L = Uᵀ) is a root. A pivot below √rankTol of the largest diagonal
	// sends the matrix to the eigen-decomposition instead.
	u := mat.NewSymDense(d, nil)
	u.CopySym(s)
	raw := u.RawSymmetric()
	maxDiag := 0.0
	for p := 0; p < d; p++ {
		maxDiag = max(maxDiag, s.At(p, p))
	}
	if _, ok := lapack64.Potrf(raw); ok {
		good := true
		for p := 0; p < d; p++ {
			piv := raw.Data[p*raw.Stride+p]
			good = good && piv*piv > math.Sqrt(rankTol)*maxDiag
		}
		if good {
			out := mat.NewDense(n, d, nil)
			for a, syn := range c.Synapses {
				p, q := pos[syn[0]], pos[syn[1]]
				row := out.RawRowView(a)
				for col := 0; col < d; col++ {
					// L[p][col] = U[col][p], zero below the diagonal of U.
					var v float64
					if col <= p {
						v += raw.Data[col*raw.Stride+p]
					}
					if col <= q {
						v += raw.Data[col*raw.Stride+q]
					}
					row[col] = v
				}
			}
			return out
		}
	}
	// Otherwise eigenvectors scaled by √λ, null directions dropped.
	var e mat.EigenSym
	if !e.Factorize(s, true) {
		return nil
	}
	vals := e.Values(nil)
	var vecs mat.Dense
	e.VectorsTo(&vecs)
	top := math.Max(math.Abs(vals[0]), math.Abs(vals[d-1]))
	var keep []int
	for i, v := range vals {
		if v > rankTol*top && v > 0 {
			keep = append(keep, i)
		}
	}
	if len(keep) == 0 {
		return nil
	}
	out := mat.NewDense(n, len(keep), nil)
	for a, syn := range c.Synapses {
		p, q := pos[syn[0]], pos[syn[1]]
		for col, i := range keep {
			r := math.Sqrt(vals[i])
			out.Set(a, col, r*(vecs.At(p, i)+vecs.At(q, i)))
		}
	}
	return out
}

// incidenceRank returns rank(A) for the unsigned incidence matrix of the
// synapse graph on the touched neurons: d minus the number of bipartite
// connected components.
func incidenceRank(c *model.Case, touched []int, pos map[int]int) int {
	d := len(touched)
	adj := make([][]int, d)
	for _, s := range c.Synapses {
		p, q := pos[s[0]], pos[s[1]]
		adj[p] = append(adj[p], q)
		adj[q] = append(adj[q], p)
	}
	colour := make([]int, d) // 0 unseen, ±1 sides
	rank := d
	for s := 0; s < d; s++ {
		if colour[s] != 0 {
			continue
		}
		bipartite := true
		colour[s] = 1
		stack := []int{s}
		for len(stack) > 0 {
			p := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			for _, q := range adj[p] {
				switch colour[q] {
				case 0:
					colour[q] = -colour[p]
					stack = append(stack, q)
				case colour[p]:
					bipartite = false
				}
			}
		}
		if bipartite {
			rank--
		}
	}
	return rank
}

// jacobianRank returns the numerical rank of the Jacobian
// [diag(T^(k)) A L_k]_{k ≠ skip} at a random point z (skip = −1 keeps all
// patterns). The point is drawn from a fixed stream, so the answer is
// reproducible; rows and columns are scaled to unit size first.
func jacobianRank(c *model.Case, al []*mat.Dense, skip int) int {
	n, K := c.Len(), c.K()
	r := rng.New(0x5eed, uint64(n), uint64(K))
	// ln T^(k)_a at the random point: m_ka + (A L_k z_k)_a, z_k ~ N(0, 0.3²).
	lnT := make([]float64, K*n)
	var q int
	for k := 0; k < K; k++ {
		mk := c.LogMean(k)
		copy(lnT[k*n:], mk)
		if al[k] == nil || k == skip {
			continue
		}
		_, rk := al[k].Dims()
		z := make([]float64, rk)
		for i := range z {
			z[i] = 0.3 * r.NormFloat64()
		}
		raw := al[k].RawMatrix()
		for a := 0; a < n; a++ {
			row := raw.Data[a*raw.Stride : a*raw.Stride+rk]
			var dot float64
			for i, v := range row {
				dot += v * z[i]
			}
			lnT[k*n+a] += dot
		}
		q += rk
	}
	if q == 0 {
		return 0
	}
	rowMax := make([]float64, n)
	for a := range rowMax {
		rowMax[a] = math.Inf(-1)
		for k := 0; k < K; k++ {
			if al[k] != nil && k != skip {
				rowMax[a] = max(rowMax[a], lnT[k*n+a])
			}
		}
	}
	// Jᵀ (q×n, tall when q > n), column-normalised J = rows of Jᵀ of unit norm.
	jt := mat.NewDense(q, n, nil)
	scale := make([]float64, n)
	col := 0
	for k := 0; k < K; k++ {
		if al[k] == nil || k == skip {
			continue
		}
		for a := 0; a < n; a++ {
			scale[a] = math.Exp(lnT[k*n+a] - rowMax[a])
		}
		_, rk := al[k].Dims()
		raw := al[k].RawMatrix()
		for cc := 0; cc < rk; cc++ {
			row := jt.RawRowView(col)
			var norm float64
			for a := 0; a < n; a++ {
				v := scale[a] * raw.Data[a*raw.Stride+cc]
				row[a] = v
				norm += v * v
			}
			if norm > 0 {
				norm = 1 / math.Sqrt(norm)
				for a := range row {
					row[a] *= norm
				}
			}
			col++
		}
	}
	var svd mat.SVD
	if !svd.Factorize(jt, mat.SVDNone) {
		return min(n, q)
	}
	vals := svd.Values(nil)
	rank := 0
	for _, v := range vals {
		if v > rankTol*vals[0] {
			rank++
		}
	}
	return rank
}
