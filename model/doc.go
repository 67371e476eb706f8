// Package model holds the shared description of a syninfo case: the K
// log-normal patterns stored in a Hebbian network, the synapse ensemble S whose
// weights are observed, and the pattern m the information is about.
//
// A case is read from JSON (one object, or JSON Lines) by a Decoder, or a line
// at a time in place by DecodeLine and LineDecoder (for callers that decode
// lines in parallel), checked by Validate, and then asked for the exact quantities every other package builds
// on: the log-mean m_k = A mu_k and log-covariance V_k = A Sigma_k A^T
// of each Hebbian term T_S^(k), and the neurons idx(S) the ensemble touches.
package model
