// Package knn owns syninfo's k-nearest-neighbour estimators, the empirical
// side's measuring instrument: the Kraskov–Stögbauer–Grassberger mutual
// information estimators (algorithms 1 and 2) for multi-dimensional X and Y,
// the Kozachenko–Leonenko entropy estimator, the neighbour search they run
// on, their standard errors and a permutation test for I > 0.
//
// Conventions (SPEC §5): max-norm in every space, natural logarithms (nats),
// the query point itself excluded from its neighbours, strict (<) marginal
// counts for algorithm 1 and non-strict (<=) for algorithm 2, optional
// z-normalisation with the M-1 divisor, optional seeded Gaussian noise (off
// by default). Data are flat row-major float64 slices.
//
// The neighbour search is a k-d tree over flat arrays (tight node boxes,
// subtree counts, whole-node containment for count-only range queries, no
// allocation per query), and sorted arrays searched by galloping from the
// query's own position for one-dimensional marginals. Queries run in
// parallel over GOMAXPROCS; every per-row result is written by exactly one
// worker and sums are taken in row order, so results are bit-identical for
// any GOMAXPROCS. Distances are compared exactly as a brute-force search
// compares them, so the estimates equal an O(M^2) implementation's.
package knn
