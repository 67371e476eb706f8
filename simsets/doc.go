// Package simsets owns the parameter generators of the paper's simulation sets
// (docs/method.md §6) and of random synapse ensembles: Go functions that return
// model.Case values together with the parameters they were drawn with.
//
//   - Set 1 (Figs 2A, 2B, 3A, 3B): fixed means drawn once from a fixed seed
//     (the same on every call, and pattern k's mean does not depend on K), one
//     shared exchangeable Sigma = s^2 [(1 - r) I + r 1 1^T]. Deterministic.
//   - Set 2 (Figs 2C, 3C): r ~ U(-1/(N-1), 1), s = |N(0, 1)|, Sigma =
//     exchangeable + A^T A / N with A_ij ~ N(0, 1), one Sigma for all
//     patterns, K ~ U{2..50}, n ~ U{1..20} distinct random synapses, pattern m
//     uniform, means U(-1, 1).
//   - Set 3 (Figs 2D, 3D, 4): as set 2 but each pattern has its own Sigma_k =
//     Q diag(|N(0.01, 1.2)|) Q^T + U(0, 1.44) 1 1^T, Q from the QR
//     decomposition of a standard normal matrix.
//
// N = 20 neurons by default. Every random case is reproducible from (seed,
// index) alone through internal/rng, whatever else is drawn and in whatever
// order. Params is the JSON-taggable description a sweep configuration uses to
// name a set and its ranges; the Fig* functions return the paper's settings.
//
// The construction follows the authors' description and code
// (PixelsForest/weight-information, src/create_data.py and
// notebooks/run_simulation.ipynb: range_mu = 1, range_s = 1 for set 2 and 1.2
// for set 3, at most 20 synapses); the streams are syninfo's own, so the
// individual draws differ from theirs while the distributions are the same.
package simsets
