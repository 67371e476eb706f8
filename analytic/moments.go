package analytic

import (
	"github.com/syninfo/syninfo/internal/fastexp"
	"math"
	"runtime"
	"sync"

	"github.com/syninfo/syninfo/internal/par"
	"github.com/syninfo/syninfo/model"
	"gonum.org/v1/gonum/mat"
)

// overflowV is the largest log-covariance for which expm1(V) times weights
// in (0, 1] is summed directly; above it the sums are taken in log space.
const overflowV = 600

// eps is the unit roundoff of float64.
const eps = 0x1p-53

// moments holds the moment-matched log-normals of W_S (with pattern m) and
// W_S^(-m) (without it), as n×n row-major log-covariances whose upper
// triangle is filled, per-synapse log-means, and estimates of the rounding
// error of every ingredient of the closed form.
//
// The log-means of the input are centred first: the information does not
// change when neuron i's log-means are all shifted by the same c_i (W_ij is
// then scaled by e^(c_i+c_j) for every draw), so mu_k[i] − max_l mu_l[i]
// enters instead of mu_k[i]. logE and logERest include the shifts again.
type moments struct {
	n        int
	c, cRest []float64 // C and C', upper triangles of n×n row-major
	logE     []float64 // ln E[W_a]
	logERest []float64 // ln E[W_a^(-m)]; -Inf when K = 1
	dLogE    []float64 // ln E_a − ln E'_a, in log-add-exp form
	delta    []float64 // C_aa − C'_aa, computed without forming C_aa and C'_aa

	// Rounding-error estimates (absolute): of dLogE, of delta, and of the
	// diagonals of C and C'; eta and etaRest bound the error of an entry
	// C_ab relative to √(C_aa C_bb), the size that matters for the
	// Jacobi-scaled factorisation.
	errDLogE, errDelta, errDiag, errDiagRest []float64
	eta, etaRest                             float64
	// errMu is the largest half-unit rounding of an input log-mean, the
	// resolution at which the input itself is known.
	errMu float64

	ws *weights // the weights the kernels used
	em errModel // and their error model
}

// entry is one (a, b) entry of C and C', delta = C_ab − C'_ab, and the
// absolute rounding-error estimates of the three.
type entry struct {
	c, cRest, delta float64
	errC, errCRest  float64
	errDelta        float64
}

// kernel computes entry (a, b) of a build path.
type kernel func(a, b int, scratch []float64) entry

// buildMoments computes C and C' for the case, with the weights normalised
// per synapse so that nothing overflows.
func buildMoments(c *model.Case, workers int, perPattern bool) *moments {
	n, K, m := c.Len(), c.K(), c.Pattern
	N := c.N()
	// Centre the log-means per neuron (see moments).
	shift := make([]float64, N)
	errMu := 0.0
	for i := 0; i < N; i++ {
		s := math.Inf(-1)
		for k := 0; k < K; k++ {
			s = max(s, c.Patterns[k].Mu[i])
			errMu = max(errMu, ulpHalf(c.Patterns[k].Mu[i]))
		}
		shift[i] = s
	}
	le := make([]float64, K*n) // ln e_ka at [k*n+a], centred
	maxV, sigMax := math.Inf(-1), 0.0
	for k := 0; k < K; k++ {
		mu, sig := c.Patterns[k].Mu, c.Patterns[k].Sigma
		for a, s := range c.Synapses {
			// V_k[a,a] as c.LogCovAt(k, a, a) sums it (upper triangle).
			i, j := s[0], s[1]
			v := sig[i][i] + sig[min(i, j)][max(i, j)] + sig[min(i, j)][max(i, j)] + sig[j][j]
			if v > maxV { // v is finite: a plain comparison is max
				maxV = v
			}
			le[k*n+a] = (mu[s[0]] - shift[s[0]]) + (mu[s[1]] - shift[s[1]]) + v/2
		}
	}
	sigK := make([]float64, K) // max |Sigma_k| on the touched neurons
	touched := c.Touched()
	for k := 0; k < K; k++ {
		var top float64 // the entries are finite (validated): a plain comparison is max
		for _, i := range touched {
			row := c.Patterns[k].Sigma[i]
			for _, j := range touched {
				if a := math.Abs(row[j]); a > top {
					top = a
				}
			}
		}
		sigK[k] = top
	}
	for _, v := range sigK {
		sigMax = max(sigMax, v)
	}
	mo := &moments{n: n, logE: make([]float64, n), logERest: make([]float64, n), dLogE: make([]float64, n),
		delta: make([]float64, n), errDLogE: make([]float64, n), errDelta: make([]float64, n),
		errDiag: make([]float64, n), errDiagRest: make([]float64, n), errMu: errMu}
	// Log weights, [a*K+k] so that the inner loops over k are contiguous:
	// lw = ln(e_ka/E_a), lwr = ln(e_ka/E'_a) (−Inf for k = m).
	lw := make([]float64, n*K)
	lwr := make([]float64, n*K)
	lk := make([]float64, n) // ln(E'_a/E_a) ≤ 0
	spread := 0.0            // largest |ln e_ka|, |ln E_a|: the size that rounds in a weight
	for a := 0; a < n; a++ {
		// ln E_a and ln E'_a as max + ln Σ exp(· − max).
		top, topRest := math.Inf(-1), math.Inf(-1)
		for k := 0; k < K; k++ {
			x := le[k*n+a]
			top = max(top, x)
			if k != m {
				topRest = max(topRest, x)
			}
			spread = max(spread, math.Abs(x))
		}
		var sum, sumRest float64
		for k := 0; k < K; k++ {
			sum += math.Exp(le[k*n+a] - top)
			if k != m {
				sumRest += math.Exp(le[k*n+a] - topRest)
			}
		}
		all, rest := top+math.Log(sum), math.Inf(-1)
		if K > 1 {
			rest = topRest + math.Log(sumRest)
		}
		spread = max(spread, math.Abs(all))
		off := shift[c.Synapses[a][0]] + shift[c.Synapses[a][1]]
		mo.logE[a], mo.logERest[a] = all+off, rest+off
		// ln E − ln E' = log(1 + e^d) with d = ln e_ma − ln E'_a, as
		// d + log1p(e^−d) when d > 0, so that it never overflows.
		d := le[m*n+a] - rest
		switch {
		case K == 1:
			mo.dLogE[a] = math.Inf(1)
		case d > 0:
			mo.dLogE[a] = d + math.Log1p(math.Exp(-d))
		default:
			mo.dLogE[a] = math.Log1p(math.Exp(d))
		}
		mo.errDLogE[a] = 4 * eps * (math.Abs(le[m*n+a]) + math.Abs(rest) + 1)
		lk[a] = rest - all
		for k := 0; k < K; k++ {
			lw[a*K+k] = le[k*n+a] - all
			lwr[a*K+k] = le[k*n+a] - rest
		}
		lwr[a*K+m] = math.Inf(-1)
	}
	ws := &weights{K: K, m: m, lw: lw, lwr: lwr, lk: lk}
	mo.c = make([]float64, n*n)
	mo.cRest = make([]float64, n*n)
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	// The relative rounding error of a term w_ka w_kb expm1(V_k[a,b]):
	// the weights (ε per unit of the log-sizes they came from), V (a sum
	// of four Sigma entries, error up to 4ε·max|Sigma| in the exponent),
	// and the summation over K terms.
	// The per-pattern path forms e^V as the product of four exp(Sigma)
	// entries (fastexp.Exp, within 0.51 ulp each) when they cannot overflow
	// and Sigma is not tiny: its relative error, 6ε, is then below the 8ε·max|Sigma| the error of V itself
	// already allows for (times 100 at most), and it costs three
	// multiplications instead of an exponential (n²K/2 of them).
	product := sigMax >= 0.01 && sigMax <= 150
	// phi[k]: the absolute error of g_k = e^V − 1 per unit of 1 + g_k for
	// pattern k: 8ε·max|Sigma_k| from V, and 6ε from the product form's
	// exponentials unless Sigma_k is 0 on S (then e^0 = 1 exactly).
	phi := make([]float64, K)
	vAbs := 0.0
	for k, sk := range sigK {
		phi[k] = 8 * eps * sk
		if product && sk > 0 {
			phi[k] += 6 * eps
		}
		vAbs = max(vAbs, phi[k])
	}
	em := errModel{rel: eps * (4 + math.Sqrt(float64(K)) + 2*spread), vAbs: vAbs, phi: phi,
		floor: float64(K) * 0x1p-1074}
	mo.ws, mo.em = ws, em
	var kern kernel
	scratch := 2 * K
	switch {
	case maxV > overflowV:
		kern = logSpaceKernel(c, ws, em)
	case !perPattern && c.SharedSigma():
		kern = sharedKernel(c, ws, em)
	default:
		var release func()
		kern, release = perPatternKernel(c, ws, em, product)
		defer release() // after the rows below: the kernel is done with its scratch
	}
	// The diagonal first (the off-diagonal errors are measured against it),
	// then the rows.
	buf := make([]float64, scratch)
	for a := 0; a < n; a++ {
		e := kern(a, a, buf)
		mo.c[a*n+a], mo.cRest[a*n+a], mo.delta[a] = e.c, e.cRest, e.delta
		mo.errDiag[a], mo.errDiagRest[a], mo.errDelta[a] = e.errC, e.errCRest, e.errDelta
	}
	rowEta := make([]float64, 2*n)
	parallelRowsScratch(n, workers, scratch, func(a int, buf []float64) {
		var eta, etaR float64
		da, dra := mo.c[a*n+a], mo.cRest[a*n+a]
		sda, sdra := math.Sqrt(da), math.Sqrt(dra) // not √(C_aa C_bb): it can underflow
		for b := a + 1; b < n; b++ {
			e := kern(a, b, buf)
			mo.c[a*n+b], mo.cRest[a*n+b] = e.c, e.cRest
			eta = max(eta, e.errC/(sda*math.Sqrt(mo.c[b*n+b])))
			etaR = max(etaR, e.errCRest/(sdra*math.Sqrt(mo.cRest[b*n+b])))
		}
		eta = max(eta, mo.errDiag[a]/da)
		etaR = max(etaR, mo.errDiagRest[a]/dra)
		rowEta[2*a], rowEta[2*a+1] = eta, etaR
	})
	for a := 0; a < n; a++ {
		mo.eta = max(mo.eta, rowEta[2*a])
		mo.etaRest = max(mo.etaRest, rowEta[2*a+1])
	}
	return mo
}

// weights holds the normalised log-weights of a case, [a*K+k]:
// lw = ln(e_ka/E_a), lwr = ln(e_ka/E'_a) (−Inf for k = m), lk = ln(E'_a/E_a).
type weights struct {
	K, m        int
	lw, lwr, lk []float64
}

// logOneMinus returns ln(1 − w_kb) for the weights lw (skip: a pattern
// absent from them, or −1): log1p(−w) for w < 1/2, else — for the one
// dominant k — ln Σ_{l≠k} w_lb directly, which does not cancel.
func (ws *weights) logOneMinus(lw []float64, b, k, skip int) float64 {
	K := ws.K
	x := lw[b*K+k]
	if x < -math.Ln2 {
		return math.Log1p(-math.Exp(x))
	}
	top := math.Inf(-1)
	for l := 0; l < K; l++ {
		if l != k && l != skip {
			top = max(top, lw[b*K+l])
		}
	}
	if math.IsInf(top, -1) {
		return top
	}
	var s float64
	for l := 0; l < K; l++ {
		if l != k && l != skip {
			s += math.Exp(lw[b*K+l] - top)
		}
	}
	return top + math.Log(s)
}

// positive evaluates ln(1 + r) and ln(1 + r') in a form with no
// cancellation, for entries where 1 + r is far below 1 (strongly negative
// log-covariances): 1 + r = E[W_a W_b]/(E_a E_b) = Σ_k w_ka (w_kb e^(V_k) +
// 1 − w_kb), a sum of positive terms, taken in log space (1 − w_kb from
// logOneMinus). v holds V_k[a,b];
// scratch has room for K values.
func (ws *weights) positive(a, b int, v, scratch []float64, em errModel) entry {
	K, m := ws.K, ws.m
	lse := func(lw []float64, skip int) float64 {
		t := scratch[:K]
		top := math.Inf(-1)
		for k := 0; k < K; k++ {
			if k == skip {
				t[k] = math.Inf(-1)
				continue
			}
			t[k] = lw[a*K+k] + logAddExp(lw[b*K+k]+v[k], ws.logOneMinus(lw, b, k, skip))
			top = max(top, t[k])
		}
		if math.IsInf(top, -1) {
			return top
		}
		var s float64
		for _, x := range t {
			s += math.Exp(x - top)
		}
		return top + math.Log(s)
	}
	var e entry
	e.c = lse(ws.lw, -1)
	e.cRest = lse(ws.lwr, m)
	e.delta = e.c - e.cRest
	rel := em.rel + em.vAbs + float64(K)*eps
	e.errC = rel + eps*math.Abs(e.c)
	e.errCRest = rel + eps*math.Abs(e.cRest)
	e.errDelta = e.errC + e.errCRest
	return e
}

// ulpHalf returns half the spacing of float64 numbers at x: the rounding
// of x when it was read from decimal.
func ulpHalf(x float64) float64 {
	x = math.Abs(x)
	return (math.Nextafter(x, math.Inf(1)) - x) / 2
}

// errModel turns the sums of a kernel into absolute error estimates.
type errModel struct {
	rel   float64   // relative error of a term of the sum
	phi   []float64 // per pattern: absolute error of g_k per unit of 1 + g_k
	vAbs  float64   // the largest phi (for the paths that do not track patterns)
	floor float64   // underflow: K subnormal roundings
}

// ratio returns the error of r = Σ_k w_ka w_kb g_k, given A = Σ_k
// w_ka w_kb |g_k| and vErr = Σ_k w_ka w_kb (1 + g_k) phi_k: each g_k carries
// rel·|g_k| from the sum and (1 + g_k)·phi_k from V and the exponentials.
func (em errModel) ratio(abs, vErr float64) float64 {
	return em.rel*abs + vErr + em.floor
}

// finish turns r, r', their absolute sums, their V-error sums (see ratio)
// and the difference r − r' (computed directly) into an entry:
// C = log1p(r), C' = log1p(r'), Δ = log1p((r − r')/(1 + r')).
func (em errModel) finish(r, rRest, abs, absRest, vErr, vErrRest, diff float64) entry {
	e := entry{c: math.Log1p(r), cRest: math.Log1p(rRest)}
	dr, drR := em.ratio(abs, vErr)/(1+r), em.ratio(absRest, vErrRest)/(1+rRest)
	e.errC = dr + eps*math.Abs(e.c)
	e.errCRest = drR + eps*math.Abs(e.cRest)
	if x := diff / (1 + rRest); x > -0.5 {
		e.delta = math.Log1p(x)
		e.errDelta = dr + drR + 2*eps*math.Abs(e.delta)
	} else {
		// |Δ| > ln 2: C − C' is as good (1 + r is far below 1 + r').
		e.delta = e.c - e.cRest
		e.errDelta = e.errC + e.errCRest
	}
	return e
}

// perPatternKernel is the general path: for a pair of synapses it sums the
// K terms w_ka w_kb expm1(V_k[a,b]), with V_k[a,b] summed from the four
// Sigma_k entries the two synapses meet before expm1 is taken (so large
// entries of opposite sign cancel exactly in V, never in a product of
// exponentials).
// sigmaScratch recycles the per-pattern kernel's d·d·K arrays between
// cases (every entry is written before it is read).
var sigmaScratch sync.Pool

func scratchFloats(n int) []float64 {
	if p, ok := sigmaScratch.Get().(*[]float64); ok && cap(*p) >= n {
		return (*p)[:n]
	}
	return make([]float64, n)
}

func perPatternKernel(c *model.Case, ws *weights, em errModel, product bool) (kern kernel, release func()) {
	n, K, m := c.Len(), c.K(), c.Pattern
	lw, lwr, lk := ws.lw, ws.lwr, ws.lk
	touched := c.Touched()
	d := len(touched)
	pos := make(map[int]int, d)
	for p, i := range touched {
		pos[i] = p
	}
	// sg holds Sigma_k[t_p][t_q] (upper triangle read) at [(p*d+q)*K+k],
	// and sgExp its exponential for the product form (one exponential per
	// entry of the triangle).
	sg := scratchFloats(d * d * K)
	var sgExp []float64
	if product {
		sgExp = scratchFloats(d * d * K)
	}
	// Patterns innermost, so that the writes are contiguous (row i of
	// every Sigma_k stays in the cache while p is fixed).
	rows := make([][]float64, K)
	for p, i := range touched {
		for k := range rows {
			rows[k] = c.Patterns[k].Sigma[i]
		}
		for q := p; q < d; q++ {
			j := touched[q] // i < j: the upper triangle
			pq, qp := sg[(p*d+q)*K:(p*d+q+1)*K], sg[(q*d+p)*K:(q*d+p+1)*K]
			for k, row := range rows {
				pq[k] = row[j]
			}
			copy(qp, pq)
			if product {
				epq, eqp := sgExp[(p*d+q)*K:(p*d+q+1)*K], sgExp[(q*d+p)*K:(q*d+p+1)*K]
				for k, v := range pq {
					epq[k] = fastexp.Exp(v) // |v| ≤ 150 here
				}
				copy(eqp, epq)
			}
		}
	}
	w := expAll(lw)
	wr := expAll(lwr)
	// wphi = w'_ka √phi_k, so that Σ_k w'_ka w'_kb (1 + g_k) phi_k is one
	// more multiply-add per term; wphiM = w_ma √phi_m.
	wphi := make([]float64, n*K)
	wphiM := make([]float64, n)
	for a := 0; a < n; a++ {
		for k := 0; k < K; k++ {
			wphi[a*K+k] = wr[a*K+k] * math.Sqrt(em.phi[k])
		}
		wphiM[a] = w[a*K+m] * math.Sqrt(em.phi[m])
	}
	type pair struct{ p, q int }
	syn := make([]pair, n)
	for a, s := range c.Synapses {
		syn[a] = pair{pos[s[0]], pos[s[1]]}
	}
	release = func() {
		sigmaScratch.Put(&sg)
		if sgExp != nil {
			sigmaScratch.Put(&sgExp)
		}
	}
	return func(a, b int, scratch []float64) entry {
		sa, sb := syn[a], syn[b]
		o1, o2 := (sa.p*d+sb.p)*K, (sa.p*d+sb.q)*K
		o3, o4 := (sa.q*d+sb.p)*K, (sa.q*d+sb.q)*K
		wra, wrb := wr[a*K:(a+1)*K], wr[b*K:(b+1)*K]
		s1, s2, s3, s4 := sg[o1:o1+K], sg[o2:o2+K], sg[o3:o3+K], sg[o4:o4+K]
		s1, s2, s3, s4 = s1[:len(wra)], s2[:len(wra)], s3[:len(wra)], s4[:len(wra)]
		wrb = wrb[:len(wra)]
		// wr[m] = 0, so pattern m drops out of rest by itself.
		pa, pb := wphi[a*K:(a+1)*K], wphi[b*K:(b+1)*K]
		pa, pb = pa[:len(wra)], pb[:len(wra)]
		var rest, absRest, vErrRest, gm float64
		if product {
			p1, p2, p3, p4 := sgExp[o1:o1+K], sgExp[o2:o2+K], sgExp[o3:o3+K], sgExp[o4:o4+K]
			p1, p2, p3, p4 = p1[:len(wra)], p2[:len(wra)], p3[:len(wra)], p4[:len(wra)]
			for k := range wra {
				e := (p1[k] * p2[k]) * (p3[k] * p4[k])
				g := e - 1
				t := wra[k] * wrb[k]
				rest += t * g
				absRest += t * math.Abs(g)
				vErrRest += pa[k] * pb[k] * e
			}
			gm = (p1[m]*p2[m])*(p3[m]*p4[m]) - 1
		} else {
			for k := range wra {
				g := expm1Fast((s1[k] + s2[k]) + (s3[k] + s4[k]))
				t := wra[k] * wrb[k]
				rest += t * g
				absRest += t * math.Abs(g)
				vErrRest += pa[k] * pb[k] * (1 + g)
			}
			gm = expm1Fast((s1[m] + s2[m]) + (s3[m] + s4[m]))
		}
		tm := w[a*K+m] * w[b*K+m]
		keep := math.Exp(lk[a] + lk[b])
		r := keep*rest + tm*gm
		abs := keep*absRest + tm*math.Abs(gm)
		vErr := keep*vErrRest + wphiM[a]*wphiM[b]*(1+gm)
		if r < -0.5 || rest < -0.5 {
			v := scratch[:K]
			for k := range v {
				v[k] = (s1[k] + s2[k]) + (s3[k] + s4[k])
			}
			return ws.positive(a, b, v, scratch[K:], em)
		}
		// r − r' = (keep_a keep_b − 1) r' + w_ma w_mb g_m.
		diff := math.Expm1(lk[a]+lk[b])*rest + tm*gm
		return em.finish(r, rest, abs, absRest, vErr, vErrRest, diff)
	}, release
}

// sharedKernel is the path for one Sigma shared by all patterns: V is the
// same for every k, so Σ_k w_ka w_kb expm1(V_ab) = (w^T w)_ab expm1(V_ab),
// one matrix product.
func sharedKernel(c *model.Case, ws *weights, em errModel) kernel {
	n, K, m := c.Len(), c.K(), c.Pattern
	lw, lwr, lk := ws.lw, ws.lwr, ws.lk
	wr := mat.NewDense(n, K, expAll(lwr))
	g := mat.NewSymDense(n, nil)
	g.SymOuterK(1, wr) // g_ab = Σ_{k≠m} w'_ka w'_kb
	graw := g.RawSymmetric()
	wm := make([]float64, n)
	for a := range wm {
		wm[a] = math.Exp(lw[a*K+m])
	}
	return func(a, b int, scratch []float64) entry {
		vab := c.LogCovAt(0, a, b)
		e := math.Expm1(vab)
		gab := graw.Data[a*graw.Stride+b]
		keep := math.Exp(lk[a] + lk[b])
		rest := gab * e
		tm := wm[a] * wm[b]
		r := keep*rest + tm*e
		if r < -0.5 || rest < -0.5 {
			v := scratch[:K]
			for k := range v {
				v[k] = vab
			}
			return ws.positive(a, b, v, scratch[K:], em)
		}
		diff := math.Expm1(lk[a]+lk[b])*rest + tm*e
		phi := em.phi[0] // one Sigma: the same for every pattern
		return em.finish(r, rest, math.Abs(r), math.Abs(rest), phi*(keep*gab+tm)*(1+e), phi*gab*(1+e), diff)
	}
}

// logSpaceKernel handles log-covariances too large for expm1: 1 + r is
// computed as exp(s_max)·(Σ_k exp(s_k − s_max) f_k + exp(−s_max)) with
// s_k = lw_ka + lw_kb + max(V, 0) and f_k = expm1(V)/exp(max(V, 0)) in
// (−1, 1), and Δ = C − C' from the two bracketed sums and the difference of
// their s_max, so that the common part of the two (which can be as large as
// V) cancels before rounding.
func logSpaceKernel(c *model.Case, ws *weights, em errModel) kernel {
	K, m := c.K(), c.Pattern
	lw, lwr, lk := ws.lw, ws.lwr, ws.lk
	return func(a, b int, scratch []float64) entry {
		v, f := scratch[:K], scratch[K:2*K]
		for k := 0; k < K; k++ {
			v[k] = c.LogCovAt(k, a, b)
			if v[k] > 0 {
				f[k] = -math.Expm1(-v[k])
			} else {
				f[k] = math.Expm1(v[k])
			}
		}
		la, lb := lw[a*K:(a+1)*K], lw[b*K:(b+1)*K]
		lra, lrb := lwr[a*K:(a+1)*K], lwr[b*K:(b+1)*K]
		smax, kmax := math.Inf(-1), -1
		smaxR, kmaxR := math.Inf(-1), -1
		for k := 0; k < K; k++ {
			if s := la[k] + lb[k] + max(v[k], 0); s > smax {
				smax, kmax = s, k
			}
			if k != m {
				if s := lra[k] + lrb[k] + max(v[k], 0); s > smaxR {
					smaxR, kmaxR = s, k
				}
			}
		}
		var sum, abs, sumR, absR float64
		for k := 0; k < K; k++ {
			t := math.Exp(la[k]+lb[k]+max(v[k], 0)-smax) * f[k]
			sum += t
			abs += math.Abs(t)
			if k != m && kmaxR >= 0 {
				t := math.Exp(lra[k]+lrb[k]+max(v[k], 0)-smaxR) * f[k]
				sumR += t
				absR += math.Abs(t)
			}
		}
		// 1 + r far below 1 (sum cancelling against e^−s_max): the
		// positive form instead.
		if sum+math.Exp(-smax) < 0.5*(abs+math.Exp(-smax)) ||
			kmaxR >= 0 && sumR+math.Exp(-smaxR) < 0.5*(absR+math.Exp(-smaxR)) {
			return ws.positive(a, b, v, f, em)
		}
		var e entry
		errRel := em.rel + em.vAbs
		e.c, e.errC = logOnePlus(smax, sum, abs, errRel, em.floor)
		if kmaxR < 0 { // K = 1: no rest
			e.cRest, e.delta = math.NaN(), math.NaN()
			return e
		}
		e.cRest, e.errCRest = logOnePlus(smaxR, sumR, absR, errRel, em.floor)
		e.delta = e.c - e.cRest
		e.errDelta = e.errC + e.errCRest
		if smax >= overflowV && smaxR >= overflowV {
			// Both are s_max + ln(sum + e^−s_max); the common s_max cancels
			// exactly where one term attains both maxima:
			// s_max − s'_max = (s_kmax − s_kmaxR) + lk_a + lk_b.
			ds := lk[a] + lk[b]
			if kmax != kmaxR {
				ds += (la[kmax] + lb[kmax] + max(v[kmax], 0)) - (la[kmaxR] + lb[kmaxR] + max(v[kmaxR], 0))
			}
			lc, lcR := math.Log(sum+math.Exp(-smax)), math.Log(sumR+math.Exp(-smaxR))
			e.delta = ds + (lc - lcR)
			e.errDelta = errRel*((abs+1)/math.Abs(sum)+(absR+1)/math.Abs(sumR)) + 4*eps*(math.Abs(ds)+math.Abs(lc)+math.Abs(lcR))
			if kmax != kmaxR {
				e.errDelta += 2 * eps * (math.Abs(smax) + math.Abs(smaxR))
			}
		}
		return e
	}
}

// logOnePlus returns ln(1 + r) for r = e^s·sum, and its error estimate
// (abs = the sum of the absolute values of sum's terms, rel their relative
// error): as log1p(e^s·sum) when e^s is representable, else as
// s + ln(sum + e^−s).
func logOnePlus(s, sum, abs, rel, floor float64) (float64, float64) {
	if s < overflowV {
		r := math.Exp(s) * sum
		c := math.Log1p(r)
		return c, (math.Exp(s)*(rel*(abs+1))+floor)/(1+r) + eps*math.Abs(c)
	}
	l := math.Log(sum + math.Exp(-s))
	c := s + l
	return c, rel*(abs+1)/math.Abs(sum) + eps*(math.Abs(s)+math.Abs(c))
}

// parallelRowsScratch calls fn(a, scratch) for every row a in [0, n) on up
// to workers goroutines, each with its own scratch of the given length.
// Rows are independent, so the result does not depend on workers.
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
