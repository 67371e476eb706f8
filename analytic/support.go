package analytic

import (
	"math"

	"github.com/syninfo/syninfo/internal/linalg"
	"github.com/syninfo/syninfo/internal/rng"
	"github.com/syninfo/syninfo/model"
	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas64"
	"gonum.org/v1/gonum/lapack/lapack64"
	"gonum.org/v1/gonum/mat"
)

// Support describes the dimensions of the exact laws of W_S and W_S^(-m):
// the generic rank of the Jacobian of (z_k)_k -> Σ_k exp(m_k + L_k z_k).
// W_S^(-m) has a density on R^n only when DimRest = n, and the true
// information is +∞ when Dim > DimRest.
type Support struct {
	// Dim and DimRest are the dimensions of W_S and of W_S^(-m).
	Dim, DimRest int
	// Method says how they were found: "rank" (numerical rank of the
	// Jacobian at a random point, exact with probability 1), "full-network"
	// (every synapse among the touched neurons, full-rank Sigmas: the
	// closed-form dimension jd − j(j−1)/2), "count" (used when the rank test
	// would be too costly and the bound Σ_k rank(V_k) alone proves W_S^(-m)
	// degenerate; Dim and DimRest are then upper bounds), or "single" (K = 1).
	Method string
	// Ambiguous is set when the rank decision is not clear: a singular
	// value between the noise level and the threshold, or two random
	// points that disagree.
	Ambiguous bool
	// ConstantPattern is set when pattern m's term is constant on S
	// (V_m = 0): the exact information is then 0.
	ConstantPattern bool
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
	sup := dimensions(c)
	sup.ConstantPattern = constantOnS(c, c.Pattern)
	return sup
}

// dimensions computes Dim, DimRest, Method and Ambiguous.
func dimensions(c *model.Case) Support {
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
	// roots[k]: A L_k with L_k L_k^T = Sigma_k on the touched neurons, so
	// that V_k = (A L_k)(A L_k)^T; computed on demand, shared between
	// consecutive patterns with the same Sigma; nil for a term constant
	// on S.
	roots := make([]*termRoot, K)
	have := make([]bool, K)
	root := func(k int) *termRoot {
		if !have[k] {
			switch {
			case constantOnS(c, k):
			case k > 0 && have[k-1] && roots[k-1] != nil && sameSigma(c, k, k-1):
				roots[k] = roots[k-1].withMean(c, k, touched, pos)
			default:
				roots[k] = incidenceTimesRoot(c, k, touched, pos)
			}
			have[k] = true
		}
		return roots[k]
	}
	// Rank is monotone in the blocks: if the Jacobian of a few patterns
	// other than m already has rank n, so has W_S^(-m)'s. Try the first
	// ⌈n/d⌉+1 of them before building all K roots.
	if K > 1 && n <= maxShortcutN {
		few := make([]*termRoot, K)
		want := (n+d-1)/d + 1
		for k := 0; k < K && want > 0; k++ {
			if k != m {
				few[k] = root(k)
				want--
			}
		}
		if want == 0 {
			if r, amb := jacobianRank(c, few, m, 1); r == n && !amb {
				return Support{Dim: n, DimRest: n, Method: "rank"}
			}
		}
	}
	for k := 0; k < K; k++ {
		root(k)
	}
	cols := func(k int) int {
		if roots[k] == nil {
			return 0
		}
		_, r := roots[k].al.Dims()
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
		dim, amb := stableRank(c, roots, -1)
		return Support{Dim: dim, DimRest: 0, Method: "single", Ambiguous: amb}
	}
	work := float64(min(n, qAll)) * float64(min(n, qAll)) * float64(max(n, qAll))
	if work > maxRankWork && countRest < n {
		// Σ_{k≠m} rank(V_k) < n proves W_S^(-m) degenerate; pattern m's
		// term, when not constant on S, adds directions (generically).
		dim := min(n, countRest+min(cols(m), rankA))
		return Support{Dim: dim, DimRest: countRest, Method: "count"}
	}
	rest, amb := stableRank(c, roots, m)
	if rest == n { // Dim ≥ DimRest and Dim ≤ n
		return Support{Dim: n, DimRest: n, Method: "rank", Ambiguous: amb}
	}
	dim, ambAll := stableRank(c, roots, -1)
	return Support{Dim: dim, DimRest: rest, Method: "rank", Ambiguous: amb || ambAll}
}

// constantOnS reports whether pattern k's Hebbian term T_S^(k) is the same
// on every draw: V_k[a,a] = Sigma_ii + 2 Sigma_ij + Sigma_jj = 0 for every
// synapse (i, j) of S (then V_k = 0, being positive semi-definite). This
// happens when Sigma_k vanishes on the touched neurons, or when its
// log-fluctuations alternate in sign across a bipartite synapse graph (the
// null space of the incidence matrix). The test allows the rounding of the
// three additions: V_k[a,a] ≤ 1e-12 (Sigma_ii + 2|Sigma_ij| + Sigma_jj).
func constantOnS(c *model.Case, k int) bool {
	s := c.Patterns[k].Sigma
	for _, syn := range c.Synapses {
		i, j := min(syn[0], syn[1]), max(syn[0], syn[1])
		v := s[i][i] + 2*s[i][j] + s[j][j]
		if v > 1e-12*(s[i][i]+2*math.Abs(s[i][j])+s[j][j]) {
			return false
		}
	}
	return true
}

// fullNetworkSupport settles the case where S holds every synapse among
// its d touched neurons and each Sigma_k is of full rank there. Then
// (z_k) -> exp(m_k + L_k z_k) is a local diffeomorphism onto the patterns,
// and j patterns span the off-diagonal part of the rank-j symmetric
// matrices Σ_k x_k x_kᵀ: jd − j(j−1)/2 dimensions, capped at
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

// termRoot is pattern k's term on S in the form the rank test needs:
// ln T^(k) = off + al·z with z standard normal, where al = A L_k (n×r_k)
// for a root L_k of Sigma_k on the touched neurons with its null directions
// dropped, colNorm[c] = ‖L_k[:,c]‖ (the size of the column before the
// incidence matrix acted), and off = A ν_k with ν_k the part of mu_k outside
// the range of Sigma_k (zero when Sigma_k has full rank: then every point
// is reachable whatever mu_k is, and the generic rank does not depend on it).
type termRoot struct {
	al      *mat.Dense
	colNorm []float64
	off     []float64
	vecs    *mat.Dense // orthonormal basis of range(Sigma_k) on the touched neurons (nil: full rank)
}

// withMean returns the root of pattern k, whose Sigma is that of r.
func (r *termRoot) withMean(c *model.Case, k int, touched []int, pos map[int]int) *termRoot {
	if r.vecs == nil {
		return r
	}
	out := *r
	out.off = projectedOffset(c, k, r.vecs, touched, pos)
	return &out
}

// projectedOffset returns A ν for ν = mu_k (on the touched neurons) minus
// its projection onto the columns of vecs.
func projectedOffset(c *model.Case, k int, vecs *mat.Dense, touched []int, pos map[int]int) []float64 {
	d := len(touched)
	mu := make([]float64, d)
	for p, i := range touched {
		mu[p] = c.Patterns[k].Mu[i]
	}
	_, r := vecs.Dims()
	nu := append([]float64(nil), mu...)
	for col := 0; col < r; col++ {
		var dot float64
		for p := 0; p < d; p++ {
			dot += vecs.At(p, col) * mu[p]
		}
		for p := 0; p < d; p++ {
			nu[p] -= dot * vecs.At(p, col)
		}
	}
	off := make([]float64, c.Len())
	for a, syn := range c.Synapses {
		off[a] = nu[pos[syn[0]]] + nu[pos[syn[1]]]
	}
	return off
}

// incidenceTimesRoot returns the termRoot of pattern k (nil when Sigma_k
// vanishes on the touched neurons).
func incidenceTimesRoot(c *model.Case, k int, touched []int, pos map[int]int) *termRoot {
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
			norms := make([]float64, d)
			for col := 0; col < d; col++ {
				var ss float64
				for p := col; p < d; p++ {
					v := raw.Data[col*raw.Stride+p]
					ss += v * v
				}
				norms[col] = math.Sqrt(ss)
			}
			return &termRoot{al: out, colNorm: norms, off: make([]float64, n)}
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
	basis := mat.NewDense(d, len(keep), nil)
	norms := make([]float64, len(keep))
	for col, i := range keep {
		norms[col] = math.Sqrt(vals[i])
		for p := 0; p < d; p++ {
			basis.Set(p, col, vecs.At(p, i))
		}
	}
	for a, syn := range c.Synapses {
		p, q := pos[syn[0]], pos[syn[1]]
		for col, i := range keep {
			out.Set(a, col, norms[col]*(vecs.At(p, i)+vecs.At(q, i)))
		}
	}
	return &termRoot{al: out, colNorm: norms, vecs: basis, off: projectedOffset(c, k, basis, touched, pos)}
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

// Thresholds of the rank decision, relative to the largest singular value
// of the scaled Jacobian: a singular value above rankTol counts; the
// decision is called ambiguous when a counted one is below rankClear, or an
// uncounted one above rankNoise (rounding in the Jacobian is ~1e-16).
const (
	rankClear = 1e-7
	rankNoise = 1e-13
)

// stableRank returns the generic rank of the Jacobian of the terms other
// than skip, from one random point, or from two when the first gives less
// than full rank or an ambiguous gap (the larger rank wins: the generic
// rank is the largest); ambiguous when the gap is unclear at the point used
// or the two points disagree.
func stableRank(c *model.Case, roots []*termRoot, skip int) (int, bool) {
	r1, amb1 := jacobianRank(c, roots, skip, 1)
	full := c.Len()
	q := 0
	for k, r := range roots {
		if r != nil && k != skip {
			_, rk := r.al.Dims()
			q += rk
		}
	}
	full = min(full, q)
	if r1 == full && !amb1 {
		return r1, false
	}
	r2, amb2 := jacobianRank(c, roots, skip, 2)
	return max(r1, r2), amb1 || amb2 || r1 != r2
}

// jacobianRank returns the numerical rank of the Jacobian
// [diag(T^(k)) A L_k]_{k ≠ skip} at a random point (skip = −1 keeps all
// patterns), and whether the singular-value gap is ambiguous. The point
// (point = 1, 2, … selects one of a fixed sequence, so the answer is
// reproducible) keeps the terms comparable: ln T^(k) = A ν_k + A L_k z_k
// with the centred means ν_k of termRoot and z_k scaled so that L_k z_k is
// about 0.3 per neuron. Rows are scaled by the largest term of the row and
// each column by the size of its root column before the incidence matrix
// acted, so that a column A l that cancels to rounding noise (l nearly in
// the null space of A) stays at the noise level instead of being blown up.
func jacobianRank(c *model.Case, roots []*termRoot, skip, point int) (int, bool) {
	n, K := c.Len(), c.K()
	r := rng.New(0x5eed, uint64(n), uint64(K), uint64(point))
	lnT := make([]float64, K*n)
	var q int
	for k := 0; k < K; k++ {
		rt := roots[k]
		if rt == nil || k == skip {
			continue
		}
		_, rk := rt.al.Dims()
		// ‖L_k‖ per neuron: the root columns' norms give its scale.
		var scale float64
		for _, v := range rt.colNorm {
			scale = max(scale, v)
		}
		z := make([]float64, rk)
		for i := range z {
			z[i] = 0.3 * r.NormFloat64() / max(scale, 1e-300) / math.Sqrt(float64(rk))
		}
		raw := rt.al.RawMatrix()
		for a := 0; a < n; a++ {
			row := raw.Data[a*raw.Stride : a*raw.Stride+rk]
			var dot float64
			for i, v := range row {
				dot += v * z[i]
			}
			lnT[k*n+a] = rt.off[a] + dot
		}
		q += rk
	}
	if q == 0 {
		return 0, false
	}
	rowMax := make([]float64, n)
	for a := range rowMax {
		rowMax[a] = math.Inf(-1)
		for k := 0; k < K; k++ {
			if roots[k] != nil && k != skip {
				rowMax[a] = max(rowMax[a], lnT[k*n+a])
			}
		}
	}
	// Jᵀ (q×n, tall when q > n).
	jt := mat.NewDense(q, n, nil)
	scale := make([]float64, n)
	col := 0
	for k := 0; k < K; k++ {
		rt := roots[k]
		if rt == nil || k == skip {
			continue
		}
		for a := 0; a < n; a++ {
			scale[a] = math.Exp(lnT[k*n+a] - rowMax[a])
		}
		_, rk := rt.al.Dims()
		raw := rt.al.RawMatrix()
		for cc := 0; cc < rk; cc++ {
			row := jt.RawRowView(col)
			inv := 1 / rt.colNorm[cc]
			for a := 0; a < n; a++ {
				row[a] = scale[a] * raw.Data[a*raw.Stride+cc] * inv
			}
			col++
		}
	}
	if q >= n && fullRankCertified(jt.RawMatrix().Data, q, n) {
		return n, false // what the SVD would say, at a fraction of its cost
	}
	var svd mat.SVD
	if !svd.Factorize(jt, mat.SVDNone) {
		return min(n, q), true
	}
	vals := svd.Values(nil)
	rank := 0
	for _, v := range vals {
		if v > rankTol*vals[0] {
			rank++
		}
	}
	amb := rank > 0 && vals[rank-1] < rankClear*vals[0] ||
		rank < len(vals) && vals[rank] > rankNoise*vals[0]
	return rank, amb
}

// certifiedGap is the smallest σ_min/σ_max fullRankCertified vouches for:
// 1000 times rankClear, so that neither the rounding of the certificate nor
// that of an SVD can bring the SVD's decision below rankClear.
const certifiedGap = 1e3 * rankClear

// fullRankCertified reports whether the q×n matrix a (row-major, q ≥ n)
// provably has σ_min ≥ certifiedGap·σ_max, in which case the SVD of
// jacobianRank finds rank n with no ambiguity. It is a sufficient test,
// cheaper than the SVD (about qn²/2 + n³/3 multiply-adds against the SVD's
// ~4qn²): with G = aᵀa = RᵀR (Cholesky), σ_min(a) = 1/‖R⁻¹‖₂ ≥ 1/‖R⁻¹‖_F
// and σ_max(a) ≤ ‖a‖_F. Rounding in G and R perturbs σ_min² by about
// (q + n)ε‖a‖_F², below 1e-14‖a‖_F², against the 1e-8‖a‖_F² the test
// demands (twice, for margin). false means only "not certified".
func fullRankCertified(a []float64, q, n int) bool {
	g := make([]float64, n*n)
	var fro float64
	for r := 0; r < q; r++ {
		row := a[r*n : r*n+n]
		for i, v := range row {
			fro += v * v
			if v == 0 {
				continue
			}
			gi := g[i*n+i : i*n+n]
			for j, w := range row[i:] {
				gi[j] += v * w
			}
		}
	}
	if !(fro > 0) || math.IsInf(fro, 0) {
		return false
	}
	// Cholesky G = RᵀR in the upper triangle.
	if _, ok := linalg.Cholesky(g, n); !ok {
		return false
	}
	// ‖R⁻¹‖_F², column by column of R⁻¹ (back substitution on e_c).
	x := make([]float64, n)
	var inv float64
	for col := 0; col < n; col++ {
		for i := col; i >= 0; i-- {
			v := 0.0
			if i == col {
				v = 1
			}
			for j := i + 1; j <= col; j++ {
				v -= g[i*n+j] * x[j]
			}
			x[i] = v / g[i*n+i]
			inv += x[i] * x[i]
		}
	}
	// σ_min² ≥ 1/inv ≥ 2·gap²·‖a‖_F².
	return inv*fro*2*certifiedGap*certifiedGap <= 1 && !math.IsNaN(inv)
}
