// Package exact owns syninfo's numerically exact references: one synapse
// (SingletonTerms, Singleton), a pair of synapses (PairTerms, Pair) and any
// ensemble made of independent blocks of one or two synapses (Blocks,
// Reference). docs/exact.md describes them for users.
//
// For one synapse (n = 1) the weight W = sum_k T_k is a sum
// of K independent univariate log-normals T_k = exp(m_k + sqrt(v_k) Z_k), and
// the information about pattern m is, exactly,
//
//	I = h(W) - h(W^(-m)),  h(W) = h(ln W) + E[ln W].
//
// The package computes the law of ln W to near machine precision and both
// entropies from it, with an error estimate from grid refinement.
//
// # Method
//
// Everything happens in u = ln w, where a log-normal term is a Gaussian and
// heavy tails spanning tens of decades are a few dozen units wide. A partial
// sum S is held as its log-density L_S(u) = ln g_S(u) on a uniform grid
// u = i*h (all partial sums share h and the origin). One more term T is added
// with the change of variables (a, b) = (ln S, ln T) -> (u, d),
//
//	u = ln(e^a + e^b),  d = a - b,  a = u - sp(-d),  b = u - sp(d),
//
// where sp(x) = ln(1 + e^x) is the softplus. Its Jacobian is exactly 1, so
//
//	g_{S+T}(u) = ∫ g_S(u - sp(-d)) g_T(u - sp(d)) dd
//
// over the whole real line, with an integrand that is analytic, has no
// singularity (unlike the convolution in w = e^u, whose kernel 1/(1 - e^(a-u))
// blows up where one term is negligible) and decays like a Gaussian at both
// ends. The trapezoidal rule on the real line converges geometrically for such
// integrands (its error is O(exp(-2 pi^2 s^2 / delta^2)) for a feature of
// width s), so the d-integral is a plain sum over the nodes d = j*delta of the
// window where the integrand exceeds about e^-40 of its peak. g_T is the
// Gaussian density of ln T in closed form; g_S is needed off the grid and is
// read by 8-point Lagrange interpolation of L_S, the log-density, which is
// smooth at the scale of the distribution (exactly quadratic for a Gaussian,
// so interpolation error vanishes in the small-sigma limit). Because all grids
// share h and delta = h, the interpolation weights depend on the node j only
// and are computed once per term: the inner loop is 8 multiply-adds, a square
// and one exp. Sums are taken in log space (log-sum-exp), so densities far
// below the float64 range are carried exactly, and each partial sum is
// renormalised and its tails trimmed where their mass falls below 1e-17.
// Before each addition the lower end of the partial sum is extended by four
// points extrapolated from its first three (a concave quadratic in u, a
// Gaussian tail): on the grid S is zero below its first point, so S + T
// would be zero there too and the lower end would creep up by one step per
// term, cutting into the body of the density after a few dozen terms.
// The constant terms (v_k = 0) are dropped: entropy in w is invariant under
// translation, and W and W^(-m) carry the same constants.
//
// Alternatives considered: a transform method (the Laplace or characteristic
// function of a log-normal has no closed form, needs oscillatory quadrature,
// and its inversion spans the same tens of decades in w badly); convolution
// on a grid in w (impossible at log-variance 25: the scales span 40 decades);
// the a- or b-parametrised convolution in u (singular Jacobian where one term
// dominates, which a grid cannot resolve when that term is narrow).
//
// # Error control
//
// The whole computation is repeated on refinement levels h_L = h_0/sqrt(2)^L
// (node step in d equal to h_L) until two successive levels agree on the
// information and on both entropies to Options.Tol (default 1e-6 nats, the
// accuracy goal). The reported ErrorEstimate is that last difference of the
// information: it bounds the error of the coarser level, and the finer level
// returned is typically orders of magnitude better, because the trapezoidal
// rule converges geometrically and the interpolation as O(h^8). In the tests
// against an independent adaptive-quadrature convolution in w the actual
// errors are 1e-16 to 1e-12 for K = 2 and 2e-8 to 3e-8 for K = 3 (where the
// reference itself interpolates), each below its estimate. Tails are cut
// where their mass is below 1e-17 (each step) and 2e-21 (each term) at the
// default tolerance and below; at looser tolerances (the corrected
// approximations ask 1e-4) both masses are 1e-6 Tol min(1, 50/K): with at
// most 4K cuts, each moving an entropy by at most about 60 times its mass,
// the truncation moves the information by at most 1.2e-2 Tol (measured:
// 1e-9 nats at 1e-4 over K = 20-50), and it cuts the grids and windows by a
// third; the quadrature terms below 1e-2 times that mass of a point's sum
// are skipped (e^-60 at the default).
// h_0 is half the smallest log-standard-deviation of the terms and of the
// partial sums (Fenton–Wilkinson), at most 1; levels too coarse to hold a
// partial sum on 16 points are skipped. When three successive levels show
// the asymptotic rate (the last difference at most 1/8 of the one before:
// the interpolation is O(h^8), the trapezoidal rule faster, and over 20-50
// terms the measured falls are 9 to 14 per level) and the last difference
// is below 7 Tol, the finer level is returned with a seventh of that
// difference as ErrorEstimate, saving the costliest level at loose
// tolerances. Options.InfoOnly judges convergence on the information alone
// (the corrected approximations use nothing else). When the finest level the limits allow (Options.MaxPoints,
// Options.MaxWork) still disagrees with the previous one, the result has
// status "not_converged" and that larger ErrorEstimate.
//
// Beyond d ~ ln F the partial sum S moves by less than h per node
// (da/dd = sigmoid(-d)) and only the Gaussian of ln T needs resolving, so
// the nodes are d = phi(tau) with tau uniform and the analytic stretch
// phi(tau) = tau + (F-1) softplus(tau - ln F - 1), F = sqrt(v_T)/(3h)
// rounded down to a power of 2^(1/8): the step grows smoothly to at most
// sqrt(v_T)/3 and the trapezoidal rule in tau keeps its geometric
// convergence. The nodes depend on F, h and the node index only, so the
// terms of one sum with the same F share them (computed once per level).
//
// Results do not depend on the number of workers: grid points are computed
// independently in fixed blocks of 32 (rows and columns in 2-D), whatever
// goroutine runs a block.
//
// # Limits and statuses
//
// All partial sums share one step, which must resolve sqrt(v) of the
// narrowest term (and at most 1) over the range of the widest, so the cost
// grows with the ratio of their log-standard-deviations and with the widest
// one beyond 1. The grid is sized from the terms; Options.MaxPoints (memory)
// and Options.MaxWork (integrand evaluations, estimated before each term is
// added) bound it. When the limits stop the refinement after two levels the
// result has status "not_converged" and its (too large) error estimate;
// when not even two levels fit, the error names the log-variances and the
// limits. Log-means far apart cost nothing: every computation is shifted to
// the largest lower cut of the terms (entropies move by the shift, the
// information not), terms below e^-60 of another (but for 2e-21 of their
// mass) are dropped, and when W^(-m) or T_m is negligible beside the other
// the closed form of the dominant side is used. Log-variances whose range of
// ln w is so wide that float64 rounding of the entropies (about 1e-13 per
// unit of ln w) exceeds Options.Tol are refused, naming the log-variance.
// An information far below the rounding level of the entropies (about
// 1e-13 nats) can come out as a tiny negative number within its error
// estimate.
//
// # Pairs (n = 2)
//
// W = (W_1, W_2) is a sum of independent 2-D log-normal terms and, exactly
// as for one synapse, I = h(W) - h(W^(-m)) with h(W) = h(ln W) +
// E[ln W_1 + ln W_2]. The log-density of ln W is held on a square grid and
// terms are added by the same change of variables on each axis (Jacobian
// 1). A term with log-covariance V (correlation rho) is written as a
// mixture over a latent standard normal zeta of products of two 1-D
// Gaussians, ln T_a = m_a + c_a zeta + e_a eps_a with c_1 c_2 = V_12 and
// e_a^2 = V_aa (1 - |rho|); for each zeta node the 2-D integral over
// (d_1, d_2) is a 1-D addition along axis 2 for every row and then along
// axis 1 for every column, reusing the 1-D kernel. The cost per term is
// about (number of zeta nodes) x 2 x (grid points) x (nodes per window)
// instead of (grid points) x (nodes per window)^2.
//
// The truncations that are not refined with the grid step follow the
// tolerance (pairAccuracy): each term's Gaussian, and zeta, are cut where
// the mass beyond is Tol*1e-6 (6.5 standard deviations at Tol = 1e-4, 7.1
// at 1e-6, never beyond the singleton's 9.5), partial sums drop at most
// that mass at either end of each axis, and the zeta step is chosen so
// that the trapezoidal rule in zeta errs by at most Tol*1e-3 relative
// (step 1.08 w at Tol = 1e-4, 0.96 w at 1e-6, where
// w = sqrt((1 - |rho|)/(1 + |rho|)) is the width of the zeta integrand:
// the error is about 2 exp(-2 pi^2 (w/step)^2)). Together they move an
// entropy by about 1e-2 Tol or less.
//
// The terms are added narrowest first (T_m last): the sum's lower end then
// rises early while its upper end grows only as the wide terms come, so
// every partial sum's grid is about as small as the last one's (wide
// first, the early grids spanned the widest term's whole range: 1.75 times
// the work per level at K = 50 on paper-scale terms).
//
// Before each addition the grid is continued by one row and one column
// below its lower ends (the trimmed tail, extrapolated): on the grid the
// partial sum is zero below its first point, so without it every
// addition lost one step at the lower end, and over K = 50 terms the
// lower edge crept into the bulk of the density at the coarse levels
// (there the information came out ten times too large). Refinement,
// error estimate, limits and statuses are those of the singleton.
// Singular non-constant log-covariances are refused.
package exact
