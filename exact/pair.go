package exact

import (
	"errors"
	"fmt"
	"math"
	"runtime"
	"slices"

	"github.com/syninfo/syninfo/internal/par"
)

// term2 is one non-constant 2-D log-normal term: (ln T_1, ln T_2) ~
// Normal(m, [[v11, v12], [v12, v22]]) with a positive definite covariance.
type term2 struct {
	m             [2]float64
	v11, v12, v22 float64
}

// marginal returns coordinate a of the term as a 1-D term.
func (t term2) marginal(a int) term {
	if a == 0 {
		return term{t.m[0], t.v11}
	}
	return term{t.m[1], t.v22}
}

// factor writes the term as a continuous mixture of products: with zeta ~
// Normal(0, 1), ln T_a = m_a + c_a zeta + e_a eps_a, eps_a independent
// standard normals, c_1 c_2 = v12 and e_a^2 = v_aa (1 - |rho|). Then
//
//	g_T(b_1, b_2) = ∫ phi(zeta) N(b_1; m_1 + c_1 zeta, e_1^2) N(b_2; m_2 + c_2 zeta, e_2^2) dzeta,
//
// so that adding T is, for each zeta node, one 1-D addition per axis.
func (t term2) factor() (c, e [2]float64) {
	s1, s2 := math.Sqrt(t.v11), math.Sqrt(t.v22)
	rho := t.v12 / (s1 * s2)
	if rho == 0 {
		return c, [2]float64{s1, s2}
	}
	lam := math.Sqrt(s1 / s2)
	r := math.Sqrt(math.Abs(t.v12))
	c = [2]float64{r * lam, math.Copysign(r/lam, t.v12)}
	f := math.Sqrt(1 - math.Abs(rho))
	return c, [2]float64{s1 * f, s2 * f}
}

// condWidth is the width in zeta of the mixture's integrand where S is
// narrow: phi(zeta) times the two components, Gaussians in zeta of widths
// e_a/|c_a| = sqrt((1 - |rho|)/|rho|), gives sqrt((1 - |rho|)/(1 + |rho|))
// (the convolution with S only widens it). 1 when rho = 0.
func (t term2) condWidth() float64 {
	rho := math.Abs(t.v12) / math.Sqrt(t.v11*t.v22)
	return math.Sqrt((1 - rho) / (1 + rho))
}

// pairAcc are the truncations of the pair computation, chosen from the
// tolerance so that together they move no entropy by more than about a
// hundredth of it; unlike the grid step they are not refined with the
// levels.
type pairAcc struct {
	// cut: each term's Gaussian (and the latent factor zeta) is truncated
	// at cut standard deviations (mass tail beyond, both sides).
	cut float64
	// tail is the mass a partial sum may drop at either end of each axis.
	tail float64
	// zStep is the zeta step in units of the zeta integrand's width
	// (term2.condWidth): the trapezoidal rule then errs by about
	// 2 exp(-2 pi^2 / zStep^2) (relative), 1e-3 of the tolerance.
	zStep float64
}

// pairAccuracy returns the truncations for tolerance tol: tail mass
// tol*1e-6 (each dropped tail moves an entropy by at most about its mass
// times |ln g| + |u| < 100, and there are 4 per term), zeta rule error
// tol*1e-3. At tol = 1e-6 the cut is 7.1 standard deviations, at 1e-4 6.5;
// never beyond the singleton's 9.5.
func pairAccuracy(tol float64) pairAcc {
	tail := tol * 1e-6
	c := math.Min(cut, math.Sqrt2*math.Erfcinv(tail))
	eps := tol * 1e-3
	return pairAcc{cut: c, tail: tail, zStep: math.Pi * math.Sqrt(2/math.Log(2/eps))}
}

// grid2 is the log-density of (ln S_1, ln S_2) for a 2-D partial sum S at
// u = ((lo1+i) h, (lo2+j) h), stored row-major L[i*n2+j], normalised to unit
// mass; -Inf where the density underflows.
type grid2 struct {
	lo1, lo2, n1, n2 int
	h                float64
	L                []float64
}

// gaussianGrid2 samples the log-density of a 2-D Gaussian term, cut at
// acc.cut standard deviations per axis.
func gaussianGrid2(t term2, h float64, maxPoints int, acc pairAcc) (*grid2, error) {
	var lo, n [2]int
	for a := range 2 {
		tm := t.marginal(a)
		s := math.Sqrt(tm.v)
		l, hi := math.Ceil((tm.m-acc.cut*s)/h), math.Floor((tm.m+acc.cut*s)/h)
		if !(hi-l+1 <= float64(maxPoints)) {
			return nil, errTooFine
		}
		lo[a], n[a] = int(l), int(hi-l)+1
	}
	if !(float64(n[0])*float64(n[1]) <= float64(maxPoints)) {
		return nil, errTooFine
	}
	g := &grid2{lo1: lo[0], lo2: lo[1], n1: n[0], n2: n[1], h: h, L: make([]float64, n[0]*n[1])}
	det := t.v11*t.v22 - t.v12*t.v12
	c := -math.Log(2*math.Pi) - 0.5*math.Log(det)
	for i := 0; i < g.n1; i++ {
		x := float64(g.lo1+i)*h - t.m[0]
		for j := 0; j < g.n2; j++ {
			y := float64(g.lo2+j)*h - t.m[1]
			g.L[i*g.n2+j] = c - (t.v22*x*x-2*t.v12*x*y+t.v11*y*y)/(2*det)
		}
	}
	return g, g.normalise(acc.tail)
}

// normalise divides the density by its mass (2-D trapezoidal rule) and
// trims the rows and columns at either end whose marginal mass is below
// tail. It fails with errTooCoarse when fewer than 2*stencil rows or
// columns remain.
func (g *grid2) normalise(tail float64) error {
	lmax, err := logMax(g.L)
	if err != nil {
		return err
	}
	rows, cols := make([]float64, g.n1), make([]float64, g.n2)
	sum := 0.0
	for i := 0; i < g.n1; i++ {
		for j := 0; j < g.n2; j++ {
			p := math.Exp(g.L[i*g.n2+j] - lmax)
			rows[i] += p
			cols[j] += p
			sum += p
		}
	}
	lnZ := lmax + math.Log(g.h*g.h*sum)
	for i := range g.L {
		g.L[i] -= lnZ
	}
	r0, r1 := trimEnds(rows, sum, tail)
	c0, c1 := trimEnds(cols, sum, tail)
	n1, n2 := r1-r0+1, c1-c0+1
	if n1 < 2*stencil || n2 < 2*stencil {
		return errTooCoarse
	}
	if n1 != g.n1 || n2 != g.n2 {
		L := make([]float64, n1*n2)
		for i := 0; i < n1; i++ {
			copy(L[i*n2:(i+1)*n2], g.L[(r0+i)*g.n2+c0:(r0+i)*g.n2+c0+n2])
		}
		g.L, g.lo1, g.lo2, g.n1, g.n2 = L, g.lo1+r0, g.lo2+c0, n1, n2
	}
	return nil
}

// padLow returns the grid with one more row and column below its lower
// ends, the log-density continued linearly (at most flat) from the last
// two points: the tail the normalisation trimmed there.
//
// Without it every addition would lose a row and a column: the sum's
// lower bound ln(e^aLo + e^bLo) lies just above the partial sum's lowest
// point aLo when the term is far below it, the output grid starts at the
// next grid point, and that point's window needs ln S below aLo. Over K
// terms the lower edge crept up by K steps, into the bulk of the density
// when K h exceeds the distance from its trimmed tail to its mode (K = 50
// at steps near 0.5 in ln w).
func (g *grid2) padLow() *grid2 {
	n1, n2 := g.n1+1, g.n2+1
	L := make([]float64, n1*n2)
	for i := 0; i < g.n1; i++ {
		copy(L[(i+1)*n2+1:(i+2)*n2], g.L[i*g.n2:(i+1)*g.n2])
	}
	ext := func(l0, l1 float64) float64 {
		if math.IsInf(l0, -1) || math.IsInf(l1, -1) {
			return math.Inf(-1)
		}
		return math.Min(l0, 2*l0-l1)
	}
	for j := 1; j < n2; j++ {
		L[j] = ext(L[n2+j], L[2*n2+j])
	}
	for i := 0; i < n1; i++ {
		L[i*n2] = ext(L[i*n2+1], L[i*n2+2])
	}
	return &grid2{lo1: g.lo1 - 1, lo2: g.lo2 - 1, n1: n1, n2: n2, h: g.h, L: L}
}

// entropy returns h(S) = h(U) + E[U_1 + U_2] (nats) by the trapezoidal rule.
func (g *grid2) entropy() float64 {
	s := 0.0
	for i := 0; i < g.n1; i++ {
		u1 := float64(g.lo1+i) * g.h
		for j := 0; j < g.n2; j++ {
			l := g.L[i*g.n2+j]
			p := math.Exp(l)
			if p == 0 {
				continue
			}
			s += p * (u1 + float64(g.lo2+j)*g.h - l)
		}
	}
	return g.h * g.h * s
}

// addTerm2 returns the grid of (ln(S_1 + T_1), ln(S_2 + T_2)) for the
// partial sum held by a and one more term t. With t factored as a mixture
// over zeta (term2.factor), the zeta-integral is the trapezoidal rule with
// step acc.zStep times the integrand's width at zeta = q*dz, |zeta| <=
// acc.cut; for each node the 2-D integral
// over (d_1, d_2) of the change of variables u_a = ln(e^(a_a) + e^(b_a)),
// d_a = a_a - b_a (Jacobian 1 per axis) factorises into a pass along axis 2
// for every row of a, then a pass along axis 1 for every column.
func addTerm2(a *grid2, t term2, acc pairAcc, o Options, b *budget) (*grid2, error) {
	a = a.padLow()
	h := a.h
	c, e := t.factor()
	dz := acc.zStep * t.condWidth()
	var zetas, lws []float64
	if c[0] == 0 {
		zetas, lws = []float64{0}, []float64{0}
	} else {
		for q := -math.Floor(acc.cut / dz); q*dz <= acc.cut; q++ {
			z := q * dz
			zetas = append(zetas, z)
			lws = append(lws, math.Log(dz)-0.5*math.Log(2*math.Pi)-z*z/2)
		}
	}
	// Output ranges cover every component's cut range.
	var lo, n [2]int
	aLo := [2]float64{float64(a.lo1) * h, float64(a.lo2) * h}
	aHi := [2]float64{float64(a.lo1+a.n1-1) * h, float64(a.lo2+a.n2-1) * h}
	for ax := range 2 {
		w := acc.cut*math.Abs(c[ax]) + acc.cut*e[ax]
		l, nn, err := sumRange(aLo[ax], aHi[ax], t.m[ax]-w, t.m[ax]+w, h, o.MaxPoints)
		if err != nil {
			return nil, err
		}
		lo[ax], n[ax] = l, nn
	}
	if !(float64(n[0])*float64(n[1]) <= float64(o.MaxPoints)) {
		return nil, errTooFine
	}
	out := &grid2{lo1: lo[0], lo2: lo[1], n1: n[0], n2: n[1], h: h, L: make([]float64, n[0]*n[1])}
	for i := range out.L {
		out.L[i] = math.Inf(-1)
	}
	workers := o.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	H := make([]float64, out.n2*a.n1) // pass along axis 2, transposed: H[o2*a.n1+i1]
	G := make([]float64, out.n1*out.n2)
	for q, z := range zetas {
		k2, err2 := newKernelCut(a.lo2, a.n2, h, term{t.m[1] + c[1]*z, e[1] * e[1]}, acc.cut, nil, out.lo2, out.n2, o.MaxPoints)
		k1, err1 := newKernelCut(a.lo1, a.n1, h, term{t.m[0] + c[0]*z, e[0] * e[0]}, acc.cut, nil, out.lo1, out.n1, o.MaxPoints)
		if errors.Is(err1, errTooCoarse) || errors.Is(err2, errTooCoarse) {
			continue // this component reaches no output point
		}
		if err := errors.Join(err1, err2); err != nil {
			return nil, err
		}
		if !b.take(k2.work()*float64(a.n1) + k1.work()*float64(out.n2)) {
			return nil, errTooFine
		}
		parallelRows(a.n1, workers, func(i1 int, tmp []float64) {
			k2.apply(a.L[i1*a.n2:(i1+1)*a.n2], tmp[:out.n2], 0, out.n2)
			for o2, v := range tmp[:out.n2] {
				H[o2*a.n1+i1] = v
			}
		}, out.n2)
		parallelRows(out.n2, workers, func(o2 int, tmp []float64) {
			col := H[o2*a.n1 : (o2+1)*a.n1]
			if slices.IndexFunc(col, func(x float64) bool { return !math.IsInf(x, -1) }) < 0 {
				for o1 := range out.n1 {
					G[o1*out.n2+o2] = math.Inf(-1)
				}
				return
			}
			k1.apply(col, tmp[:out.n1], 0, out.n1)
			for o1, v := range tmp[:out.n1] {
				G[o1*out.n2+o2] = v
			}
		}, out.n1)
		for i, g := range G {
			if !math.IsInf(g, -1) {
				out.L[i] = logAddExpInf(out.L[i], lws[q]+g)
			}
		}
	}
	return out, out.normalise(acc.tail)
}

// logAddExpInf is logAddExp that accepts -Inf in its first argument.
func logAddExpInf(a, b float64) float64 {
	if math.IsInf(a, -1) {
		return b
	}
	return logAddExp(a, b)
}

// parallelRows calls f(r, scratch) for r = 0..n-1 on up to workers
// goroutines (par.For; each chunk of rows gets its own scratch of length
// sz); every row is computed independently, so the result does not depend
// on workers.
func parallelRows(n, workers int, f func(r int, scratch []float64), sz int) {
	workers = max(1, min(workers, n))
	par.For(n, max(1, n/(4*workers)), workers, func(lo, hi int) {
		tmp := make([]float64, sz)
		for r := lo; r < hi; r++ {
			f(r, tmp)
		}
	})
}

// sums2 returns the entropies of the 2-D sum of all terms but the last
// (-Inf for a single term) and of all terms, on the grid of step h, with
// the truncations of pairAccuracy(o.Tol). The zeta step of each term is
// acc.zStep times the width w of the zeta integrand (condWidth): the
// trapezoidal rule errs by about 2 exp(-2 pi^2 (w/dz)^2) for a Gaussian of
// width w (the integrand is one, or smoother).
func sums2(terms []term2, h float64, o Options, b *budget) (hPrev, hAll float64, err error) {
	acc := pairAccuracy(o.Tol)
	g, err := gaussianGrid2(terms[0], h, o.MaxPoints, acc)
	if err != nil {
		return 0, 0, err
	}
	return chain(g, terms[1:], func(g *grid2, t term2) (*grid2, error) {
		return addTerm2(g, t, acc, o, b)
	})
}

// PairTerms returns I(W; T_m) for the 2-D weight W = sum_k T_k, T_k
// independent 2-D log-normal: (ln T_k1, ln T_k2) ~ Normal(logMeans[k],
// logCovs[k]) with logCovs[k] = {V11, V12, V22}. A zero covariance makes T_k
// a constant; a singular non-zero one is refused. The information is
// I = h(W) - h(W^(-m)), h(W) = h(ln W) + E[ln W_1 + ln W_2].
func PairTerms(logMeans [][2]float64, logCovs [][3]float64, m int, o Options) (Result, error) {
	o = o.withDefaults()
	if len(logMeans) == 0 || len(logMeans) != len(logCovs) {
		return Result{}, fmt.Errorf("exact: %d log-means but %d log-covariances", len(logMeans), len(logCovs))
	}
	if m < 0 || m >= len(logMeans) {
		return Result{}, fmt.Errorf("exact: pattern %d out of range [0, %d)", m, len(logMeans))
	}
	var rest []term2
	var tm *term2
	for k := range logMeans {
		t := term2{m: logMeans[k], v11: logCovs[k][0], v12: logCovs[k][1], v22: logCovs[k][2]}
		for _, x := range []float64{t.m[0], t.m[1], t.v11, t.v12, t.v22} {
			if math.IsNaN(x) || math.IsInf(x, 0) {
				return Result{}, fmt.Errorf("exact: term %d: log-mean %v, log-covariance %v not finite", k, t.m, logCovs[k])
			}
		}
		scale := math.Max(math.Abs(t.v11), math.Abs(t.v22))
		if t.v11 < -negVarTol*math.Max(1, scale) || t.v22 < -negVarTol*math.Max(1, scale) {
			return Result{}, fmt.Errorf("exact: term %d: negative log-variance in log-covariance %v", k, logCovs[k])
		}
		if scale <= negVarTol {
			continue // a constant: entropies in w are translation invariant
		}
		if det := t.v11*t.v22 - t.v12*t.v12; !(det > 1e-12*t.v11*t.v22) {
			return Result{}, fmt.Errorf("exact: term %d: log-covariance %v is singular (the pair reference needs "+
				"a positive definite 2x2 log-covariance for every non-constant term)", k, logCovs[k])
		}
		if k == m {
			tc := t
			tm = &tc
		} else {
			rest = append(rest, t)
		}
	}
	if tm == nil {
		// T_m is a constant: W carries nothing about X^(m).
		h, _, conv, err := pairEntropy(rest, o)
		if err != nil {
			return Result{}, err
		}
		return Result{MINats: 0, HW: h, HWRest: h, Status: status(conv)}, nil
	}
	if len(rest) == 0 {
		return Result{MINats: math.Inf(1), HW: pairGaussEntropy(*tm), HWRest: math.Inf(-1), Status: StatusInfinite}, nil
	}
	terms, c, err := shiftPair(append(rest, *tm), o)
	if err != nil {
		return Result{}, err
	}
	v, est, conv, err := refine(pairStep0(terms), marginals(terms), o, func(h float64, b *budget) ([]float64, error) {
		hr, hw, err := sums2(terms, h, o, b)
		return []float64{hw - hr, hw, hr}, err
	})
	if err != nil {
		return Result{}, err
	}
	return Result{MINats: v[0], ErrorEstimate: est, HW: v[1] + c, HWRest: v[2] + c, Status: status(conv)}, nil
}

// pairGaussEntropy is h(T) = m_1 + m_2 + ln(2 pi e) + ln(det V)/2.
func pairGaussEntropy(t term2) float64 {
	return t.m[0] + t.m[1] + math.Log(2*math.Pi*math.E) + 0.5*math.Log(t.v11*t.v22-t.v12*t.v12)
}

// shiftPair moves every term by the largest lower cut per axis (the
// returned c is the sum of both shifts: entropies move by it), checks the
// range against float64 rounding, and orders the terms narrow first but
// for the last, which stays last: the sum's lower end then rises early
// (the sum exceeds each of its terms) while its upper end grows only as
// the wide terms come, so every partial sum's grid is about as small as
// the last one's; wide first, the first grids span the widest term's whole
// range (at K = 50 on paper-scale terms: 1.7 times the work per level).
func shiftPair(terms []term2, o Options) ([]term2, float64, error) {
	var cs [2]float64
	for ax := range 2 {
		m := make([]term, len(terms))
		for k, t := range terms {
			m[k] = t.marginal(ax)
		}
		cs[ax], _ = span(m)
		if err := checkRange(m, cs[ax], o); err != nil {
			return nil, 0, err
		}
	}
	out := make([]term2, len(terms))
	for k, t := range terms {
		t.m[0] -= cs[0]
		t.m[1] -= cs[1]
		out[k] = t
	}
	last := len(out) - 1
	slices.SortStableFunc(out[:last], func(x, y term2) int {
		vx, vy := x.v11+x.v22, y.v11+y.v22
		switch {
		case vx < vy:
			return -1
		case vx > vy:
			return 1
		}
		return 0
	})
	return out, cs[0] + cs[1], nil
}

// marginals lists both axes' marginal terms (for step0's scales and error
// messages).
func marginals(terms []term2) []term {
	var m []term
	for _, t := range terms {
		m = append(m, t.marginal(0), t.marginal(1))
	}
	return m
}

// pairStep0 is the coarsest step: sqrt(2) times the smaller of the 1-D rule
// on each axis and 0.8 times the smallest conditional log-standard-deviation
// e_a of a term (one level coarser than the 1-D rule: a 2-D level costs
// about 2.8 times the one before, and levels too coarse to hold a partial
// sum are skipped).
func pairStep0(terms []term2) float64 {
	h := math.Inf(1)
	for ax := range 2 {
		m := make([]term, len(terms))
		for k, t := range terms {
			m[k] = t.marginal(ax)
		}
		h = math.Min(h, step0(m))
	}
	for _, t := range terms {
		_, e := t.factor()
		h = math.Min(h, 0.8*math.Min(e[0], e[1]))
	}
	return math.Sqrt2 * h
}

// pairEntropy returns the differential entropy of the 2-D sum of the terms
// (-Inf for none), its error estimate and whether it converged.
func pairEntropy(terms []term2, o Options) (float64, float64, bool, error) {
	switch len(terms) {
	case 0:
		return math.Inf(-1), 0, true, nil
	case 1:
		return pairGaussEntropy(terms[0]), 0, true, nil
	}
	shifted, c, err := shiftPair(terms, o)
	if err != nil {
		return 0, 0, false, err
	}
	h0 := pairStep0(shifted)
	v, est, conv, err := refine(h0, marginals(shifted), o, func(h float64, b *budget) ([]float64, error) {
		_, hw, err := sums2(shifted, h, o, b)
		return []float64{hw}, err
	})
	if err != nil {
		return 0, 0, false, err
	}
	return v[0] + c, est, conv, nil
}
