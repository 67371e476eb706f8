// Package knn owns syninfo's k-nearest-neighbour estimators, the empirical
// side's measuring instrument: the Kraskov–Stögbauer–Grassberger mutual
// information estimators (algorithms 1 and 2) for multi-dimensional X and Y,
// the Kozachenko–Leonenko entropy estimator, the neighbour search they run
// on, their standard errors and a permutation test for I > 0.
//
// Conventions (docs/method.md §5): max-norm in every space, natural logarithms (nats),
// the query point itself excluded from its neighbours, strict (<) marginal
// counts for algorithm 1 and non-strict (<=) for algorithm 2, optional
// z-normalisation with the M-1 divisor, optional seeded Gaussian noise (off
// by default). Data are flat row-major float64 slices.
//
// The neighbour search is a k-d tree over flat arrays (median splits, tight
// node boxes, O(1) split-plane bounds in the descent, the query's own leaf
// scanned first; count-only range queries with subtree counts and
// whole-node containment; no allocation per query). Marginal counts use
// sorted arrays searched by galloping from the query's own position in one
// dimension, an offline rank-space sweep with a Fenwick tree in two
// (O(M log M) whatever the counts), and the k-d tree above that. gonum's
// kdtree was measured against this tree (BenchmarkKNNGonum) and has no
// count-only range query. Queries run in
// parallel over GOMAXPROCS; every per-row result is written by exactly one
// worker and sums are taken in row order, so results are bit-identical for
// any GOMAXPROCS. Distances are compared exactly as a brute-force search
// compares them, so the estimates equal an O(M^2) implementation's.
package knn
