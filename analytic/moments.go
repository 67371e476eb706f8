package analytic

import (
	"math"
	"runtime"

	"github.com/syninfo/syninfo/internal/par"
	"github.com/syninfo/syninfo/model"
	"gonum.org/v1/gonum/mat"
)

// overflowV is the largest log-covariance for which expm1(V) times weights
// in (0, 1] is summed directly; above it the sums are taken in log space.
const overflowV = 600

// moments holds the moment-matched log-normals of W_S (with pattern m) and
// W_S^(-m) (without it), as n×n row-major log-covariances whose upper
// triangle is filled, and per-synapse log-means.
type moments struct {
	n        int
	c, cRest []float64 // C and C', upper triangles of n×n row-major
	logE     []float64 // ln E[W_a]
	logERest []float64 // ln E[W_a^(-m)]; -Inf when K = 1
	dLogE    []float64 // ln E_a − ln E'_a, computed as log1p(e_ma / E'_a)
}

// buildMoments computes C and C' (SPEC §3) for the case, with the weights
// normalised per synapse so that nothing overflows.
func buildMoments(c *model.Case, workers int) *moments {
	n, K, m := c.Len(), c.K(), c.Pattern
	le := make([]float64, K*n) // ln e_ka at [k*n+a]
	maxV := math.Inf(-1)
	for k := 0; k < K; k++ {
		mk := c.LogMean(k)
		for a := 0; a < n; a++ {
			v := c.LogCovAt(k, a, a)
			maxV = max(maxV, v)
			le[k*n+a] = mk[a] + v/2
		}
	}
	mo := &moments{n: n, logE: make([]float64, n), logERest: make([]float64, n), dLogE: make([]float64, n)}
	// Log weights, [a*K+k] so that the inner loops over k are contiguous:
	// lw = ln(e_ka/E_a), lwr = ln(e_ka/E'_a) (−Inf for k = m).
	lw := make([]float64, n*K)
	lwr := make([]float64, n*K)
	for a := 0; a < n; a++ {
		all, rest := math.Inf(-1), math.Inf(-1)
		for k := 0; k < K; k++ {
			all = logAddExp(all, le[k*n+a])
			if k != m {
				rest = logAddExp(rest, le[k*n+a])
			}
		}
		mo.logE[a], mo.logERest[a] = all, rest
		mo.dLogE[a] = math.Log1p(math.Exp(le[m*n+a] - rest))
		for k := 0; k < K; k++ {
			lw[a*K+k] = le[k*n+a] - all
			lwr[a*K+k] = le[k*n+a] - rest
		}
		lwr[a*K+m] = math.Inf(-1)
	}
	mo.c = make([]float64, n*n)
	mo.cRest = make([]float64, n*n)
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	switch {
	case maxV > overflowV:
		buildLogSpace(c, mo, lw, lwr, workers)
	case c.SharedSigma():
		buildShared(c, mo, lw, lwr)
	default:
		buildPerPattern(c, mo, lw, lwr, workers)
	}
	return mo
}

// buildPerPattern is the general path: for every pair of synapses it sums
// the K terms w_ka w_kb expm1(V_k[a,b]), with exp(V_k[a,b]) formed as the
// product (1+e1)(1+e2)(1+e3)(1+e4) of four precomputed expm1(Sigma_k)
// entries of the touched neurons.
func buildPerPattern(c *model.Case, mo *moments, lw, lwr []float64, workers int) {
	n, K, m := c.Len(), c.K(), c.Pattern
	touched := c.Touched()
	d := len(touched)
	pos := make(map[int]int, d)
	for p, i := range touched {
		pos[i] = p
	}
	// em holds expm1(Sigma_k[t_p][t_q]) at [(p*d+q)*K+k]. Then
	// exp(V_k[a,b]) − 1 = (1+e1)(1+e2)(1+e3)(1+e4) − 1 for the four entries
	// the two synapses meet, formed as t ← t + e + t·e, which never
	// subtracts 1 and so keeps full relative accuracy for small V.
	em := make([]float64, d*d*K)
	for k := 0; k < K; k++ {
		s := c.Patterns[k].Sigma
		for p, i := range touched {
			for q := p; q < d; q++ {
				e := math.Expm1(s[i][touched[q]]) // i < touched[q]: the upper triangle
				em[(p*d+q)*K+k], em[(q*d+p)*K+k] = e, e
			}
		}
	}
	w := expAll(lw)
	wr := expAll(lwr)
	keep := make([]float64, n) // E'_a/E_a = 1 − w_ma
	for a := range keep {
		keep[a] = math.Exp(mo.logERest[a] - mo.logE[a])
	}
	type pair struct{ p, q int }
	syn := make([]pair, n)
	for a, s := range c.Synapses {
		syn[a] = pair{pos[s[0]], pos[s[1]]}
	}
	parallelRows(n, workers, func(a int) {
		sa := syn[a]
		wa, wra := w[a*K:(a+1)*K], wr[a*K:(a+1)*K]
		for b := a; b < n; b++ {
			sb := syn[b]
			o1, o2 := (sa.p*d+sb.p)*K, (sa.p*d+sb.q)*K
			o3, o4 := (sa.q*d+sb.p)*K, (sa.q*d+sb.q)*K
			e1, e2, e3, e4 := em[o1:o1+K], em[o2:o2+K], em[o3:o3+K], em[o4:o4+K]
			wb, wrb := w[b*K:(b+1)*K], wr[b*K:(b+1)*K]
			e1, e2, e3, e4 = e1[:len(wra)], e2[:len(wra)], e3[:len(wra)], e4[:len(wra)]
			// wr[m] = 0, so pattern m drops out of rest by itself.
			var rest float64
			for k := range wra {
				t := e1[k]
				t += e2[k] + t*e2[k]
				t += e3[k] + t*e3[k]
				t += e4[k] + t*e4[k]
				rest += wra[k] * wrb[k] * t
			}
			tm := e1[m]
			tm += e2[m] + tm*e2[m]
			tm += e3[m] + tm*e3[m]
			tm += e4[m] + tm*e4[m]
			r := keep[a]*keep[b]*rest + wa[m]*wb[m]*tm
			mo.c[a*n+b] = math.Log1p(r)
			mo.cRest[a*n+b] = math.Log1p(rest)
		}
	})
}

// buildShared is the path for one Sigma shared by all patterns: V is the
// same for every k, so Σ_k w_ka w_kb expm1(V_ab) = (w^T w)_ab expm1(V_ab),
// one matrix product.
func buildShared(c *model.Case, mo *moments, lw, lwr []float64) {
	n, K, m := c.Len(), c.K(), c.Pattern
	wr := mat.NewDense(n, K, expAll(lwr))
	g := mat.NewSymDense(n, nil)
	g.SymOuterK(1, wr) // g_ab = Σ_{k≠m} w'_ka w'_kb
	graw := g.RawSymmetric()
	for a := 0; a < n; a++ {
		wma := math.Exp(lw[a*K+m])
		keepA := math.Exp(mo.logERest[a] - mo.logE[a])
		for b := a; b < n; b++ {
			wmb := math.Exp(lw[b*K+m])
			keepB := math.Exp(mo.logERest[b] - mo.logE[b])
			e := math.Expm1(c.LogCovAt(0, a, b))
			gab := graw.Data[a*graw.Stride+b]
			mo.cRest[a*n+b] = math.Log1p(gab * e)
			mo.c[a*n+b] = math.Log1p((keepA*keepB*gab + wma*wmb) * e)
		}
	}
}

// buildLogSpace handles log-covariances too large for expm1: each entry is
// log1p(Σ_k exp(s_k) f_k) with s_k = lw_ka + lw_kb + max(V, 0) and
// f_k = expm1(V)/exp(max(V, 0)) in (−1, 1), summed after factoring out
// exp(max_k s_k).
func buildLogSpace(c *model.Case, mo *moments, lw, lwr []float64, workers int) {
	n, K := c.Len(), c.K()
	parallelRowsScratch(n, workers, K, func(a int, scratch []float64) {
		for b := a; b < n; b++ {
			for k := 0; k < K; k++ {
				scratch[k] = c.LogCovAt(k, a, b)
			}
			mo.c[a*n+b] = log1pSumExp(lw[a*K:(a+1)*K], lw[b*K:(b+1)*K], scratch)
			mo.cRest[a*n+b] = log1pSumExp(lwr[a*K:(a+1)*K], lwr[b*K:(b+1)*K], scratch)
		}
	})
}

// log1pSumExp returns ln(1 + Σ_k exp(la_k + lb_k) expm1(v_k)) without
// overflow; terms with la_k or lb_k = −Inf are absent.
func log1pSumExp(la, lb, v []float64) float64 {
	smax := math.Inf(-1)
	for k := range v {
		smax = max(smax, la[k]+lb[k]+max(v[k], 0))
	}
	if math.IsInf(smax, -1) {
		return 0
	}
	var s float64
	for k := range v {
		t := la[k] + lb[k]
		if math.IsInf(t, -1) {
			continue
		}
		var f float64
		if v[k] > 0 {
			f = -math.Expm1(-v[k])
		} else {
			f = math.Expm1(v[k])
		}
		s += math.Exp(t+max(v[k], 0)-smax) * f
	}
	if smax < overflowV {
		return math.Log1p(math.Exp(smax) * s)
	}
	return smax + math.Log(s+math.Exp(-smax))
}

// parallelRows calls fn(a) for every row a in [0, n) on up to workers
// goroutines. Rows are independent, so the result does not depend on workers.
func parallelRows(n, workers int, fn func(a int)) {
	parallelRowsScratch(n, workers, 0, func(a int, _ []float64) { fn(a) })
}

func parallelRowsScratch(n, workers, scratch int, fn func(a int, scratch []float64)) {
	if n < 64 {
		workers = 1
	}
	par.For(n, 8, workers, func(lo, hi int) {
		s := make([]float64, scratch)
		for a := lo; a < hi; a++ {
			fn(a, s)
		}
	})
}

func expAll(x []float64) []float64 {
	y := make([]float64, len(x))
	for i, v := range x {
		y[i] = math.Exp(v)
	}
	return y
}

// logAddExp returns ln(e^x + e^y) without overflow.
func logAddExp(x, y float64) float64 {
	if math.IsInf(x, -1) {
		return y
	}
	if math.IsInf(y, -1) {
		return x
	}
	if x < y {
		x, y = y, x
	}
	return x + math.Log1p(math.Exp(y-x))
}
