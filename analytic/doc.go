// Package analytic evaluates the multivariate Fenton–Wilkinson closed form of
// the information I(W_S; X^(m)) that the Hebbian weights of a synapse ensemble
// S hold about stored pattern m (SPEC §3), and decides its status.
//
// The closed form replaces the exact law of W_S (a sum of K independent
// multivariate log-normals) and of W_S^(-m) (the same sum without pattern m)
// by single log-normals with matched first and second moments, and takes the
// difference of their entropies:
//
//	I_FW = Σ_a (ν_a − ν'_a) + ½ (ln det C − ln det C')
//
// Everything is evaluated in a form that neither overflows nor cancels: the
// moments are normalised per synapse (w_ka = e_ka / E_a, computed as
// exp(ln e_ka − logsumexp_k ln e_ka)), so that
//
//	C_ab = log1p(Σ_k w_ka w_kb expm1(V_k[a,b]))
//
// and ln E_a − ln E'_a = log1p(e_ma / E'_a); log-determinants come from
// Cholesky factors. When a log-covariance is so large that expm1 would
// overflow, the sum is taken in log space instead.
//
// The status says what the number means:
//   - ok: C and C' are positive definite and the exact model has a density;
//   - infinite: the exact information is +∞ (K = 1, or W_S^(-m) lives on a
//     set of lower dimension than W_S), decided from the exact model (the
//     generic rank of its Jacobian), never from C'; the closed-form value is
//     still reported when C and C' are positive definite, since it is then
//     finite for an infinite truth;
//   - not_positive_definite: C or C' is not positive definite although the
//     exact model is not degenerate, an artefact of the approximation.
package analytic
