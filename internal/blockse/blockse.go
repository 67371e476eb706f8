// Package blockse owns the block standard error of syninfo's sample-based
// estimates: the M rows of a sample are cut into B contiguous blocks, the
// estimator is evaluated on each block, and the spread of the B block values
// gives the standard error of the estimate. knn (every estimator) and
// compare (the entropy difference, whose two entropies must share blocks)
// call it, so the block boundaries and the formula live here only. It
// imports gonum's stat.
package blockse

import (
	"math"

	"gonum.org/v1/gonum/stat"
)

// Bounds returns the rows [lo, hi) of block i (0 ≤ i < b) of m rows:
// [i·m/b, (i+1)·m/b), so the blocks are contiguous, disjoint, cover every
// row and differ in size by at most one.
func Bounds(i, b, m int) (lo, hi int) { return i * m / b, (i + 1) * m / b }

// SE returns the standard error of an estimate from its values on B disjoint
// blocks, sd/√B with sd the sample standard deviation (B−1 divisor) of the
// block values. The estimate on all M rows is taken to vary as a block value
// does with the sample size M/B scaled up B times, which holds for
// estimators whose variance falls as 1/M. With B blocks the SE is itself
// estimated from B values: a deviation of z SE is t-distributed with B−1
// degrees of freedom. SE is NaN for fewer than two blocks.
func SE(blocks []float64) float64 {
	if len(blocks) < 2 {
		return math.NaN()
	}
	_, sd := stat.MeanStdDev(blocks, nil)
	return stat.StdErr(sd, float64(len(blocks)))
}
