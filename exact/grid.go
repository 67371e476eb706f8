package exact

import (
	"errors"
	"github.com/syninfo/syninfo/internal/fastexp"
	"math"
	"runtime"
	"slices"
)

const (
	// cut is where a Gaussian term is truncated, in standard deviations:
	// the mass beyond is 2e-21 on each side.
	cut = 9.5
	// trimMass is the tail mass a partial sum may drop on each side.
	trimMass = 1e-17
	// stencil is the number of points of the Lagrange interpolation of L.
	stencil = 8
	// half is the number of stencil points at or left of the evaluation point.
	half = stencil / 2
)

var (
	// errTooFine: this refinement level would exceed Options.MaxPoints
	// or what is left of Options.MaxWork.
	errTooFine = errors.New("grid limit reached")
	// errTooCoarse: this refinement level does not resolve a partial sum.
	errTooCoarse = errors.New("grid too coarse")
)

// grid is the log-density L(u) = ln g(u) of U = ln S for a partial sum S,
// sampled at u = (lo+i)*h, i = 0..len(L)-1, normalised to unit mass.
type grid struct {
	lo int
	h  float64
	L  []float64
}

func (g *grid) u(i int) float64 { return float64(g.lo+i) * g.h }

// tails are the truncations of one computation: each term is cut at cut
// standard deviations, each partial sum trimmed where its tail mass falls
// below trim (on each side), and the terms of a quadrature sum below
// e^-skip of the sum are skipped.
type tails struct{ cut, trim, skip float64 }

// defaultTails are the truncations at the default tolerance and below:
// masses 2e-21 and 1e-17, far below float64 resolution of the entropies.
var defaultTails = tails{cut, trimMass, negligible}

// tailsFor returns the truncations for tolerance tol and K terms: the
// defaults at tol <= 1e-6; above, both masses are eps = 1e-6 tol
// min(1, 50/K) (at most 1e-9). Dropping a mass eps where the log-density
// is about -40 (or renormalising it away) moves an entropy by at most
// about 60 eps; K terms give at most 4K such cuts (two per term, two
// trims per addition), so the truncation moves the information by at most
// 4K x 60 eps <= 1.2e-2 tol, beyond what refinement sees but far inside
// the tolerance. The quadrature terms below eps/100 of a point's sum are
// skipped: with at most a few hundred per point they change its density by
// a relative 1e-2 eps at most, less than the trims.
func tailsFor(tol float64, K int) tails {
	if !(tol > 1e-6) {
		return defaultTails
	}
	eps := math.Min(1e-9, 1e-6*tol*math.Min(1, 50/float64(max(K, 1))))
	return tails{cut: math.Sqrt2 * math.Erfcinv(2*eps), trim: eps, skip: math.Min(negligible, -math.Log(eps/100))}
}

// gaussianGrid samples the log-density of ln T ~ Normal(t.m, t.v), cut at
// tl.cut standard deviations.
func gaussianGrid(t term, h float64, tl tails, maxPoints int) (*grid, error) {
	s := math.Sqrt(t.v)
	lo := math.Ceil((t.m - tl.cut*s) / h)
	hi := math.Floor((t.m + tl.cut*s) / h)
	if !(hi-lo+1 <= float64(maxPoints)) {
		return nil, errTooFine
	}
	g := &grid{lo: int(lo), h: h, L: make([]float64, int(hi-lo)+1)}
	c := -0.5 * math.Log(2*math.Pi*t.v)
	for i := range g.L {
		d := g.u(i) - t.m
		g.L[i] = c - d*d/(2*t.v)
	}
	return g, g.normalise(tl.trim)
}

// normalise divides the density by its trapezoidal mass, then trims the
// tails whose mass is below trim on each side. It fails with errTooCoarse
// when fewer than 2*stencil points remain.
func (g *grid) normalise(trim float64) error {
	lmax, err := logMax(g.L)
	if err != nil {
		return err
	}
	sum := 0.0
	for _, l := range g.L {
		sum += math.Exp(l - lmax)
	}
	lnZ := lmax + math.Log(g.h*sum)
	for i := range g.L {
		g.L[i] -= lnZ
	}
	mass := make([]float64, len(g.L))
	for i, l := range g.L {
		mass[i] = g.h * math.Exp(l)
	}
	i0, i1 := trimEnds(mass, 1, trim)
	g.lo += i0
	g.L = g.L[i0 : i1+1]
	if len(g.L) < 2*stencil {
		return errTooCoarse
	}
	return nil
}

// logMax returns the largest log-density of L, or errTooCoarse when none
// is finite (the density underflowed everywhere) or one is NaN.
func logMax(L []float64) (float64, error) {
	lmax := math.Inf(-1)
	for _, l := range L {
		lmax = math.Max(lmax, l)
	}
	if math.IsInf(lmax, -1) || math.IsNaN(lmax) {
		return 0, errTooCoarse
	}
	return lmax, nil
}

// trimEnds returns the first and last index kept when the ends of mass
// (masses of grid points or of rows; total their sum) are trimmed: from
// each end, the points whose cumulative share of total stays below tail.
func trimEnds(mass []float64, total, tail float64) (i0, i1 int) {
	cum := 0.0
	for i0 < len(mass) {
		if cum += mass[i0] / total; cum >= tail {
			break
		}
		i0++
	}
	i1, cum = len(mass)-1, 0.0
	for i1 > i0 {
		if cum += mass[i1] / total; cum >= tail {
			break
		}
		i1--
	}
	return i0, i1
}

// entropy returns h(S) = h(U) + E[U] (nats) by the trapezoidal rule, which
// is geometrically accurate for a smooth density decaying at both ends.
func (g *grid) entropy() float64 {
	hu, mean := 0.0, 0.0
	for i, l := range g.L {
		p := math.Exp(l)
		if p == 0 {
			continue
		}
		hu -= p * l
		mean += p * g.u(i)
	}
	return g.h * (hu + mean)
}

// softplus returns ln(1 + e^x) without overflow or loss of precision.
func softplus(x float64) float64 {
	if x > 0 {
		return x + math.Log1p(math.Exp(-x))
	}
	return math.Log1p(math.Exp(x))
}

// logAddExp returns ln(e^a + e^b).
func logAddExp(a, b float64) float64 {
	if a < b {
		a, b = b, a
	}
	return a + math.Log1p(math.Exp(b-a))
}

// invDen[k] is 1/prod_{l != k} (k - l) for the stencil nodes 0..stencil-1.
var invDen = func() (d [stencil]float64) {
	for k := range d {
		den := 1.0
		for l := 0; l < stencil; l++ {
			if l != k {
				den *= float64(k - l)
			}
		}
		d[k] = 1 / den
	}
	return d
}()

// lagrangeWeights sets w (of length stencil) to the weights of the
// interpolation through the nodes 0..stencil-1 at s.
func lagrangeWeights(w []float64, s float64) {
	n := stencil
	// Prefix and suffix products of (s - l).
	var pre, suf [stencil + 1]float64
	pre[0] = 1
	for l := 0; l < n; l++ {
		pre[l+1] = pre[l] * (s - float64(l))
	}
	suf[n] = 1
	for l := n - 1; l >= 0; l-- {
		suf[l] = suf[l+1] * (s - float64(l))
	}
	for k := 0; k < n; k++ {
		w[k] = pre[k] * suf[k+1] * invDen[k]
	}
}

// addTerm returns the grid of ln(S + T) for the partial sum S held by a and
// one more term T. For every u on the grid,
//
//	g(u) = ∫ g_S(u - sp(-d)) g_T(u - sp(d)) dd
//
// by the trapezoidal rule with step a.h at the nodes d = j*h, in log space.
//
// The work (integrand evaluations) is estimated from every 16th grid point
// first and taken from b; when b cannot cover it the term is not added
// (errTooFine).
func addTerm(a *grid, t term, tl tails, nc *nodeCache, maxPoints, workers int, b *budget) (*grid, error) {
	h := a.h
	sB := math.Sqrt(t.v)
	a = a.padLeft() // no creep of the lower end (see padLeft)
	// U lies in [ln(e^aLo + e^bLo), ln(e^aHi + e^bHi)] but for the
	// neglected tails of A and B.
	lo, n, err := sumRange(a.u(0), a.u(len(a.L)-1), t.m-tl.cut*sB, t.m+tl.cut*sB, h, maxPoints)
	if err != nil {
		return nil, err
	}
	out := &grid{lo: lo, h: h, L: make([]float64, n)}
	k, err := newKernelCut(a.lo, len(a.L), h, t, tl.cut, nc, out.lo, n, maxPoints)
	if err != nil {
		return nil, err
	}
	if !b.take(k.work()) {
		return nil, errTooFine
	}
	// Stencil margins: with half-1 points more on the left and half on the
	// right every stencil of a point inside [aLo, aHi] lies in the array,
	// and apply never takes its (slower, one-sided) path near the ends.
	k.skip = tl.skip
	in := a.L
	if ext, mL := extendTails(a.L, half-1, half); mL == half-1 && len(ext) == len(a.L)+stencil-1 {
		in, k.mL = ext, mL
	}
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	// Fixed blocks, dealt round-robin: the scale chain restarts at every
	// block, so the result is the same for any number of workers.
	const block = 32
	parallelRows((n+block-1)/block, workers, func(bl int, _ []float64) {
		k.apply(in, out.L, bl*block, min((bl+1)*block, n))
	}, 0)
	return out, out.normalise(tl.trim)
}

// sumRange returns the grid indices lo .. lo+n-1 of step h that cover
// ln(e^a + e^b) for a in [aLo, aHi] and b in [bLo, bHi], or errTooFine when
// more than maxPoints would be needed.
func sumRange(aLo, aHi, bLo, bHi, h float64, maxPoints int) (lo, n int, err error) {
	l, hi := math.Ceil(logAddExp(aLo, bLo)/h), math.Floor(logAddExp(aHi, bHi)/h)
	if !(hi-l+1 <= float64(maxPoints)) || !(hi >= l) {
		return 0, 0, errTooFine
	}
	return int(l), int(hi-l) + 1, nil
}

// kernel is the quadrature of one term's addition along one axis: it maps a
// log-density sampled at u = (aLo+i)*h, i < nA, to the log-density of
// ln(e^A + e^B), B ~ Normal(t.m, t.v), at u = (outLo+i)*h, i < nOut.
type kernel struct {
	h, aLo, aHi, bLo float64
	bHi, m, inv2v    float64
	// cB is ln of B's density at its mean: -ln(2 pi v)/2.
	cB float64
	// off is outLo - aLoIdx: node j reads the input at i + off + base.
	off int
	// skip: quadrature terms below e^-skip of a point's sum are skipped
	// (0: negligible).
	skip            float64
	nA, outLo, nOut int
	// mL is the number of margin points before the input's first point in
	// the array apply reads (stencil-1-mL after its last when mL > 0).
	mL    int
	ds    []float64
	nodes []node
	// j0[i]..j1[i] are the nodes inside output point i's window.
	j0, j1 []int32
}

// newKernel builds the nodes d = phi(tau), tau = j*h. Beyond d ~ ln F the
// term S moves by less than h per node (da/dd = sigmoid(-d)) and only the
// Gaussian of ln T must be resolved, so phi stretches the step up to
// F*h = sB/3.
func newKernel(aLoIdx, nA int, h float64, t term, outLo, nOut, maxNodes int) (*kernel, error) {
	return newKernelCut(aLoIdx, nA, h, t, cut, nil, outLo, nOut, maxNodes)
}

// newKernelCut is newKernel with B cut at tcut standard deviations and
// its nodes taken from nc (nil: built for this kernel alone).
func newKernelCut(aLoIdx, nA int, h float64, t term, tcut float64, nc *nodeCache, outLo, nOut, maxNodes int) (*kernel, error) {
	sB := math.Sqrt(t.v)
	k := &kernel{h: h, aLo: float64(aLoIdx) * h, aHi: float64(aLoIdx+nA-1) * h,
		bLo: t.m - tcut*sB, bHi: t.m + tcut*sB, m: t.m, inv2v: 1 / (2 * t.v),
		cB: -0.5 * math.Log(2*math.Pi*t.v), off: outLo - aLoIdx,
		nA: nA, outLo: outLo, nOut: nOut}
	f := sB / (3 * h)
	if nc != nil {
		f = stretchFactor(f) // shared nodes (the step only gets finer)
	}
	dmap := newStretch(f)
	dLo, dHi := math.Inf(1), math.Inf(-1)
	win := make([]float64, 2*nOut) // dmin, dmax of each output point
	for i := 0; i < nOut; i++ {
		dmin, dmax := k.window(k.u(i))
		win[2*i], win[2*i+1] = dmin, dmax
		if dmin > dmax {
			continue
		}
		dLo, dHi = math.Min(dLo, dmin), math.Max(dHi, dmax)
	}
	if dLo > dHi {
		return nil, errTooCoarse
	}
	jLo, jHi := math.Ceil(dmap.inverse(dLo)/h), math.Floor(dmap.inverse(dHi)/h)
	if !(jHi-jLo+1 <= float64(maxNodes)) {
		return nil, errTooFine
	}
	if jHi < jLo {
		return nil, errTooCoarse
	}
	k.ds, k.nodes = nc.get(dmap, h, int(jLo), int(jHi))
	k.j0 = make([]int32, nOut)
	k.j1 = make([]int32, nOut)
	for i := range nOut {
		j0, j1 := k.nodeRange(win[2*i], win[2*i+1])
		k.j0[i], k.j1[i] = int32(j0), int32(j1)
	}
	return k, nil
}

func (k *kernel) u(i int) float64 { return float64(k.outLo+i) * k.h }

// buildNodes returns the nodes d = phi(tau), tau = j*h for j = jLo..jHi,
// and their d. Per node: b = u - spd; a = u - softplus(-d) sits at input
// position (i + kernel.off + base) + pos for output point i, read through
// the Lagrange weights w; lw is the log of the trapezoidal weight
// h*phi'(tau).
func buildNodes(dmap stretch, h float64, jLo, jHi int) ([]float64, []node) {
	nj := jHi - jLo + 1
	ds := make([]float64, nj)
	nodes := make([]node, nj)
	lh := math.Log(h)
	for j := range nodes {
		tau := float64(jLo+j) * h
		d, dd := dmap.at(tau)
		nd := &nodes[j]
		// softplus(d) and softplus(-d) = softplus(d) - d from one
		// evaluation at |d| (absolute errors ~1e-16 |d|, all a and b need).
		spAbs := softplus(math.Abs(d))
		spd, spmd := spAbs, spAbs-d
		if d < 0 {
			spd, spmd = spAbs+d, spAbs
		}
		ds[j], nd.spd, nd.lw = d, spd, lh+math.Log(dd)
		x := -spmd / h // a/h - u/h
		f := math.Floor(x)
		nd.base = int(f) - (half - 1)
		nd.pos = x - f + float64(half-1)
		lagrangeWeights(nd.w[:], nd.pos)
	}
	return ds, nodes
}

// nodeCache keeps the nodes of one refinement level (one h) by stretch
// factor, so that the terms of a sum with the same factor share them; the
// nodes are a function of (factor, h, j) alone, so the results do not
// depend on what the cache holds. A nil cache builds the nodes anew.
type nodeCache struct {
	sets map[float64]*nodeSet
}

// nodeSet is the nodes j = jLo..jLo+len(nodes)-1 of one stretch factor.
type nodeSet struct {
	jLo   int
	ds    []float64
	nodes []node
}

func newNodeCache() *nodeCache { return &nodeCache{sets: map[float64]*nodeSet{}} }

// get returns the nodes jLo..jHi of the stretch dmap at step h (the same h
// for every call on one cache).
func (c *nodeCache) get(dmap stretch, h float64, jLo, jHi int) ([]float64, []node) {
	if c == nil {
		return buildNodes(dmap, h, jLo, jHi)
	}
	s := c.sets[dmap.f]
	if s == nil || jLo < s.jLo || jHi > s.jLo+len(s.nodes)-1 {
		// Build the missing range with a quarter more on the side that
		// grows (later terms mostly reach a little further), keeping the
		// nodes built before.
		lo, hi := jLo, jHi
		if s != nil {
			oldHi := s.jLo + len(s.nodes) - 1
			grow := max(16, len(s.nodes)/4)
			if lo < s.jLo {
				lo -= grow
			}
			if hi > oldHi {
				hi += grow
			}
			lo, hi = min(lo, s.jLo), max(hi, oldHi)
			ns := &nodeSet{jLo: lo, ds: make([]float64, hi-lo+1), nodes: make([]node, hi-lo+1)}
			if lo < s.jLo {
				d, n := buildNodes(dmap, h, lo, s.jLo-1)
				copy(ns.ds, d)
				copy(ns.nodes, n)
			}
			copy(ns.ds[s.jLo-lo:], s.ds)
			copy(ns.nodes[s.jLo-lo:], s.nodes)
			if hi > oldHi {
				d, n := buildNodes(dmap, h, oldHi+1, hi)
				copy(ns.ds[oldHi+1-lo:], d)
				copy(ns.nodes[oldHi+1-lo:], n)
			}
			s = ns
		} else {
			s = &nodeSet{jLo: lo}
			s.ds, s.nodes = buildNodes(dmap, h, lo, hi)
		}
		c.sets[dmap.f] = s
	}
	o := jLo - s.jLo
	return s.ds[o : o+jHi-jLo+1 : o+jHi-jLo+1], s.nodes[o : o+jHi-jLo+1 : o+jHi-jLo+1]
}

// stretchFactor rounds a stretch factor f > 1 down to a power of 2^(1/8),
// so that terms of similar width share their nodes (nodeCache); the step
// F h stays at most sqrt(v_T)/3.
func stretchFactor(f float64) float64 {
	if !(f > 1) {
		return 1
	}
	return math.Exp2(math.Floor(8*math.Log2(f)) / 8)
}

// window returns the range of d for output u: a in [aLo, aHi], b in
// [bLo, bHi] (empty when dmin > dmax).
func (k *kernel) window(u float64) (float64, float64) {
	if u <= k.aLo || u <= k.bLo {
		return 1, 0
	}
	dmin := -lnExpm1(u - k.aLo)
	dmax := lnExpm1(u - k.bLo)
	if u > k.aHi {
		dmax = math.Min(dmax, -lnExpm1(u-k.aHi))
	}
	if u > k.bHi {
		dmin = math.Max(dmin, lnExpm1(u-k.bHi))
	}
	return dmin, dmax
}

// nodeRange returns the nodes j0..j1 inside the window [dmin, dmax] of an
// output point.
func (k *kernel) nodeRange(dmin, dmax float64) (int, int) {
	if dmin > dmax {
		return 0, -1
	}
	j0, _ := slices.BinarySearch(k.ds, dmin)
	j1, found := slices.BinarySearch(k.ds, dmax)
	if !found {
		j1--
	}
	return j0, j1
}

// work estimates the integrand evaluations of one apply over all output
// points from the window sizes at every 16th point.
func (k *kernel) work() float64 {
	const stride = 16
	w := 0.0
	for i := 0; i < k.nOut; i += stride {
		w += float64(k.j1[i]-k.j0[i]+1) * stride
	}
	return w
}

// apply sets out[i] for i0 <= i < i1 from the input log-density in (of
// length nA, or nA+stencil-1 with k.mL margin points before it); -Inf where
// the integral underflows.
func (k *kernel) apply(in, out []float64, i0, i1 int) {
	nA, mL := k.nA, k.mL
	lo, hi := 0, nA
	if mL > 0 {
		lo, hi = -mL, nA+stencil-1-mL
	}
	// logIntegrand is ln of the integrand at node j for output point i.
	logIntegrand := func(i, j int, u float64) (float64, bool) {
		nd := &k.nodes[j]
		var la float64
		b0 := nd.base + i + k.off
		if b0 >= lo && b0+stencil <= hi {
			l := in[b0+mL : b0+mL+stencil : b0+mL+stencil]
			la = nd.w[0]*l[0] + nd.w[1]*l[1] + nd.w[2]*l[2] + nd.w[3]*l[3] +
				nd.w[4]*l[4] + nd.w[5]*l[5] + nd.w[6]*l[6] + nd.w[7]*l[7]
		} else {
			// Near an end of the input: the stencil shifted inside it.
			if x := float64(b0) + nd.pos; x < 0 || x > float64(nA-1) {
				return 0, false
			}
			sh := -b0
			if b0 >= 0 {
				sh = nA - stencil - b0
			}
			var w [stencil]float64
			lagrangeWeights(w[:], nd.pos-float64(sh))
			l := in[mL+b0+sh : mL+b0+sh+stencil : mL+b0+sh+stencil]
			la = w[0]*l[0] + w[1]*l[1] + w[2]*l[2] + w[3]*l[3] + w[4]*l[4] + w[5]*l[5] + w[6]*l[6] + w[7]*l[7]
		}
		if la-la != 0 {
			// The stencil touches a cut region (-Inf, 2-D grids only):
			// the density there is below e^-45 of its peak.
			return 0, false
		}
		db := u - nd.spd - k.m
		return la + nd.lw + k.cB - db*db*k.inv2v, true
	}
	skip := k.skip
	if skip == 0 {
		skip = negligible
	}
	ref := math.NaN()
	for i := i0; i < i1; i++ {
		u := k.u(i)
		j0, j1 := int(k.j0[i]), int(k.j1[i])
		// One pass scaled by the previous point's value; when that scale is
		// off by more than the float64 range allows (or at the start), a
		// second pass scaled by the largest term.
		sum := 0.0
		if !math.IsNaN(ref) {
			for j := j0; j <= j1; j++ {
				// Terms below e^-skip of the reference (e^-negligible by
				// default: nothing a float64 sum of at most 2·MaxPoints
				// terms could keep) are skipped, and their exponentials.
				if l, ok := logIntegrand(i, j, u); ok && l-ref > -skip {
					sum += fastexp.Exp(l - ref)
				}
			}
		}
		if math.IsNaN(ref) || !(sum > 1e-280 && sum < 1e280) {
			lmax := math.Inf(-1)
			for j := j0; j <= j1; j++ {
				if l, ok := logIntegrand(i, j, u); ok && l > lmax {
					lmax = l
				}
			}
			sum, ref = 0, lmax
			for j := j0; j <= j1; j++ {
				if l, ok := logIntegrand(i, j, u); ok && l-ref > -skip {
					sum += fastexp.Exp(l - ref)
				}
			}
		}
		if sum == 0 || math.IsInf(ref, -1) {
			out[i], ref = math.Inf(-1), math.NaN()
			continue
		}
		out[i] = ref + math.Log(sum)
		ref = out[i]
	}
}

// negligible is the log-ratio below which a term of addTerm's sums is
// skipped: e^-60 ≈ 9e-27, so even 16384 such terms stay below 1e-22 of the
// sum, far under float64 resolution.
const negligible = 60

// node is one quadrature node of addTerm: the interpolation weights and
// offset of ln S (relative to the output point and kernel.off), softplus(d)
// and the log of the trapezoidal weight.
type node struct {
	w       [stencil]float64
	base    int
	spd, lw float64
	// pos is the evaluation point relative to base (in [half-1, half)).
	pos float64
}

// stretch is the node map d = phi(tau) = tau + (F-1) softplus(tau - tau0):
// step 1 (in tau) for d below about ln F, F beyond; analytic, so the
// trapezoidal rule in tau keeps its geometric convergence.
type stretch struct{ f, tau0 float64 }

func newStretch(f float64) stretch {
	if f <= 1 {
		return stretch{f: 1}
	}
	return stretch{f: f, tau0: math.Log(f) + 1}
}

// at returns phi(tau) and phi'(tau).
func (s stretch) at(tau float64) (float64, float64) {
	if s.f == 1 {
		return tau, 1
	}
	// softplus(x) and sigmoid(x) from one exponential e^-|x|.
	x := tau - s.tau0
	e := math.Exp(-math.Abs(x))
	sp, sig := math.Log1p(e), 1/(1+e)
	if x > 0 {
		sp += x
	} else {
		sig = e / (1 + e)
	}
	return tau + (s.f-1)*sp, 1 + (s.f-1)*sig
}

// inverse returns the tau with phi(tau) = d (Newton from the right: phi is
// increasing and convex, so the iterates decrease monotonically to the root).
func (s stretch) inverse(d float64) float64 {
	tau := d
	for range 200 {
		p, dp := s.at(tau)
		step := (p - d) / dp
		tau -= step
		if math.Abs(step) <= 1e-13*math.Max(1, math.Abs(tau)) {
			break
		}
	}
	return tau
}

// padLeft returns g with padPoints more points on the left, extrapolated
// from its first three by a concave quadratic in u (a Gaussian tail), or g
// itself when its left end is not a decreasing tail.
//
// Without it the lower end of every partial sum would creep up by one grid
// step per added term: on the grid, S is zero below its first point u0, so
// S + T is zero at u0 (e^u0 = S + T needs S < e^u0) and the new first point
// is u0 + h. Over dozens of terms that cut moves into the body of the
// density (at K = 50 and h = 0.2 it removed 10 units of u, an error of
// 0.05 nats that only refinement to h ~ 0.1 hid). The extrapolated points
// carry the tail's mass, below trimMass, so the sum's tails are cut by
// mass (normalise) and not by the grid.
func (g *grid) padLeft() *grid {
	L, n := extendTails(g.L, padPoints, 0)
	if n == 0 {
		return g
	}
	return &grid{lo: g.lo - n, h: g.h, L: L}
}

// extendTails returns L with left points prepended and right points
// appended, each extrapolated from the three nearest by a concave quadratic
// (a Gaussian tail), and the numbers prepended and appended: 0 at an end
// that is not a decreasing tail (or when L has fewer than three points).
func extendTails(L []float64, left, right int) ([]float64, int) {
	n := len(L)
	if n < 3 {
		return L, 0
	}
	// tail returns the extrapolation j points beyond l0, from l0, l1, l2
	// (l1, l2 further inside), and whether the end is a decreasing tail.
	tail := func(l0, l1, l2 float64) (func(j int) float64, bool) {
		slope, c2 := l1-l0, math.Min(0, l2-2*l1+l0)
		return func(j int) float64 {
			x := float64(j)
			return l0 - x*slope + x*(x+1)/2*c2
		}, slope > 0
	}
	fl, okL := tail(L[0], L[1], L[2])
	fr, okR := tail(L[n-1], L[n-2], L[n-3])
	if !okL {
		left = 0
	}
	if !okR {
		right = 0
	}
	if left == 0 && right == 0 {
		return L, 0
	}
	out := make([]float64, left+n+right)
	copy(out[left:], L)
	for j := 1; j <= left; j++ {
		out[left-j] = fl(j)
	}
	for j := 1; j <= right; j++ {
		out[left+n-1+j] = fr(j)
	}
	return out, left
}

// padPoints is the number of points padLeft adds: at least one more than
// an addition can remove, so the lower end is set by the trimming.
const padPoints = 4
