// Package analytic evaluates the multivariate Fenton–Wilkinson closed form of
// the information I(W_S; X^(m)) that the Hebbian weights of a synapse ensemble
// S hold about stored pattern m, and decides its status.
//
// The closed form replaces the exact law of W_S (a sum of K independent
// multivariate log-normals) and of W_S^(-m) (the same sum without pattern m)
// by single log-normals with matched first and second moments, and takes the
// difference of their entropies:
//
//	I_FW = Σ_a (ν_a − ν'_a) + ½ (ln det C − ln det C')
//
// Everything is evaluated in a form that neither overflows nor cancels: the
// log-means are centred per neuron, the moments are normalised per synapse
// (w_ka = e_ka / E_a, computed as exp(ln e_ka − logsumexp_k ln e_ka)), and
//
//	C_ab = log1p(Σ_k w_ka w_kb expm1(V_k[a,b]))
//
// with e^V_k[a,b] the product of the four exp(Sigma_k) entries the two
// synapses meet (when 0.01 ≤ max|Sigma| ≤ 150) or expm1 taken of V_k[a,b]
// summed from the four entries (never a product of four expm1 factors, which
// cancels when large entries have opposite signs); where
// 1 + Cov_ab/(E_a E_b) is far below 1 it is the positive sum
// Σ_k w_ka (w_kb e^V_k[a,b] + 1 − w_kb) in log space, and where expm1 would
// overflow the sums are taken in log space. ln E_a − ln E'_a and
// Δ_a = C_aa − C'_aa are computed directly, and
//
//	I_FW = Σ_a (ln E_a − ln E'_a − Δ_a/2) + ½ Σ_a log1p(Δ_a/C'_aa) + ½ (ln det R − ln det R')
//
// with R, R' the equilibrated C, C' (unit diagonal), factorised by
// Cholesky; their condition numbers and an estimate of the rounding error
// of I_FW come with the result.
//
// The status says what the number means (see Status and docs/statuses.md):
// zero, infinite and lower_dimensional are decided from the exact model
// (the generic rank of its Jacobian, and whether pattern m's term is
// constant on S), never from C'; imprecise, not_positive_definite and ok
// from the approximation in double precision. The closed-form value is
// reported whenever C and C' are positive definite, whatever the status.
package analytic
