package compare

import (
	"errors"
	"math"

	"github.com/syninfo/syninfo/empirical"
	"github.com/syninfo/syninfo/internal/blockse"
	"github.com/syninfo/syninfo/knn"
	"github.com/syninfo/syninfo/num"
)

// Estimate is a sample-based estimate of the information with its standard
// error.
type Estimate struct {
	MINats  num.Float `json:"mi_nats"`
	SE      num.Float `json:"se"`
	Samples int       `json:"samples"`
	// Method names the entropy estimator of an entropy-difference
	// estimate (empty for KSG).
	Method string `json:"method,omitempty"`
	// Nested holds the entropy-difference estimates on the first M/2,
	// M/4, … draws (NestedLevels of them), from which the truth's bias is
	// worked out.
	Nested []num.Float `json:"nested,omitempty"`
	// Cross is the same entropy difference by the other bias reduction
	// (weighted ↔ unweighted), on all M draws, where the truth rests on
	// this estimate.
	Cross *Cross `json:"cross_check,omitempty"`
}

// Cross is a second estimate of the same quantity by another estimator.
type Cross struct {
	Method string    `json:"method"`
	MINats num.Float `json:"mi_nats"`
}

// NestedLevels is the number of nested halvings of the draws behind a
// truth's bias (M/2 and M/4).
const NestedLevels = 2

// EntropyDiff estimates I(W_S; X^(m)) = h(W_S) − h(W_S^(-m)) from one set
// of draws with the plain Kozachenko–Leonenko estimator: EntropyDiffWith
// with the zero knn.Estimator.
func EntropyDiff(d *empirical.Draws, o knn.Options) (Estimate, error) {
	return EntropyDiffWith(d, o, knn.Estimator{})
}

// EntropyDiffWith estimates I(W_S; X^(m)) = h(W_S) − h(W_S^(-m))
// (docs/method.md §2) from one set of draws: the entropies (estimator e) of ln W_S and ln W_S^(-m)
// (n dimensions each) plus the sample means of Σ_a ln W_a − ln W_a^(-m)
// (the Jacobian of w = e^u), differenced. The standard error is that of the
// difference, formed block by block on the same contiguous row blocks knn
// uses (blockse.Bounds), so that the strong positive correlation
// of the two entropies on the same draws is accounted for.
func EntropyDiffWith(d *empirical.Draws, o knn.Options, e knn.Estimator) (Estimate, error) {
	est, _, err := entropyDiff(d, o, e)
	return est, err
}

// entropyDiff is EntropyDiffWith and, for a weighted estimator, the
// unweighted one's value on all rows from the same neighbour searches
// (knn.Estimate.Plain; NaN otherwise): the cross-check at no extra cost.
func entropyDiff(d *empirical.Draws, o knn.Options, e knn.Estimator) (Estimate, float64, error) {
	if math.IsInf(d.LogWRest[0], -1) {
		return Estimate{}, math.NaN(), errors.New("entropy difference: W_S^(-m) is zero (K = 1)")
	}
	n, m := d.Synapses, d.M
	hw, err := knn.EntropyWith(d.LogW, n, o, e)
	if err != nil {
		return Estimate{}, math.NaN(), err
	}
	hr, err := knn.EntropyWith(d.LogWRest, n, o, e)
	if err != nil {
		return Estimate{}, math.NaN(), err
	}
	jac := jacobian(d, 0, m)
	plain := hw.Plain - hr.Plain + jac
	est := Estimate{MINats: num.Float(hw.Value - hr.Value + jac), SE: num.Float(math.NaN()), Samples: m}
	b := len(hw.Blocks)
	if b >= 2 && len(hr.Blocks) == b {
		diffs := make([]float64, b)
		for i := range diffs {
			lo, hi := blockse.Bounds(i, b, m)
			diffs[i] = hw.Blocks[i] - hr.Blocks[i] + jacobian(d, lo, hi)
		}
		est.SE = num.Float(blockse.SE(diffs))
	}
	return est, plain, nil
}

// jacobian is the mean over rows [lo, hi) of Σ_a (ln W_a − ln W_a^(-m)).
func jacobian(d *empirical.Draws, lo, hi int) float64 {
	n := d.Synapses
	var s float64
	for t := lo; t < hi; t++ {
		for a := 0; a < n; a++ {
			s += d.LogW[t*n+a] - d.LogWRest[t*n+a]
		}
	}
	return s / float64(hi-lo)
}

// prefix returns the first m draws of d (sharing its storage).
func prefix(d *empirical.Draws, m int) *empirical.Draws {
	return &empirical.Draws{M: m, Synapses: d.Synapses, Touched: d.Touched,
		LogW: d.LogW[:m*d.Synapses], LogWRest: d.LogWRest[:m*d.Synapses], LogX: d.LogX[:m*d.Touched]}
}

// NestedEntropyDiff returns the entropy-difference estimates (estimator e,
// no blocks) on the nested prefixes of the draws with M, M/2, …, M/2^levels
// rows: out[r] is the estimate on the first ⌊M/2^r⌋ rows. It stops early,
// without error, at a prefix too small for the estimator.
func NestedEntropyDiff(d *empirical.Draws, o knn.Options, e knn.Estimator, levels int) ([]float64, error) {
	return nestedEntropyDiff(d, o, e, levels, math.NaN())
}

// nestedEntropyDiff is NestedEntropyDiff with the estimate on all M rows
// already known (full, unless NaN): it is EntropyDiffWith's value, the
// same computation on the same rows, so it is not made twice.
func nestedEntropyDiff(d *empirical.Draws, o knn.Options, e knn.Estimator, levels int, full float64) ([]float64, error) {
	o.Blocks = 1
	out := make([]float64, levels+1)
	for r := range out {
		if r == 0 && !math.IsNaN(full) {
			out[0] = full
			continue
		}
		est, err := EntropyDiffWith(prefix(d, d.M>>r), o, e)
		if err != nil && r > 0 {
			// A prefix too small for the estimator (fewer rows than
			// neighbours, or than dimensions to whiten): fewer levels.
			return out[:r], nil
		}
		if err != nil {
			return nil, err
		}
		out[r] = float64(est.MINats)
	}
	return out, nil
}
