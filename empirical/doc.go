// Package empirical samples the real Hebbian network of a syninfo case: draws
// of the weights W_S = sum_k X_i^(k) X_j^(k) of the synapse ensemble, of the
// same weights without pattern m's term, W_S^(-m), and of pattern m itself at
// the neurons the ensemble touches, X^(m)_idx(S) (docs/method.md §1, §2). It is the ground
// the k-NN estimators and the checks of the closed form stand on: no
// approximation enters, only exact draws of the multivariate log-normals.
//
// Only the neurons idx(S) are drawn (the marginals of a normal are normal), so
// the cost of a draw depends on K, n and |idx(S)|, never on the number of
// neurons N. Each distinct Sigma_k restricted to idx(S) is factorised once per
// case with a pivoted Cholesky factorisation, which also serves positive
// semi-definite (rank-deficient) matrices; patterns with the same Sigma share
// one factor.
//
// When the ensemble has fewer synapses than touched neurons (n < |idx(S)|),
// the terms of the other patterns are drawn directly in term space: ln T^(k) =
// A ln X^(k) ~ Normal(m_k, V_k) exactly, with a pivoted Cholesky root of V_k,
// which needs n normals per pattern instead of |idx(S)|. Pattern m is always
// drawn at the touched neurons, since its values are part of the output.
//
// Everything is returned as logarithms, computed in log space so that nothing
// overflows: ln W_a = logsumexp_k (ln X_i^(k) + ln X_j^(k)).
//
// Draws are made in chunks of ChunkSize rows. Chunk c of a run uses its own
// generator rng.New(seed, caseKey, c), and the chunk size does not depend on
// the number of workers, so the output is identical, bit for bit, for any
// Options.Workers and any GOMAXPROCS. Stream hands the chunks to a callback in
// order with a bounded number of chunk buffers in flight, so memory does not
// grow with the number of draws; Draw collects a whole run in memory.
package empirical
