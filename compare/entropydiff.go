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
}

// EntropyDiff estimates I(W_S; X^(m)) = h(W_S) − h(W_S^(-m)) (docs/method.md §2) from
// one set of draws: Kozachenko–Leonenko entropies of ln W_S and ln W_S^(-m)
// (n dimensions each) plus the sample means of Σ_a ln W_a (the Jacobian of
// w = e^u), differenced. The standard error is that of the difference, formed
// block by block on the same contiguous row blocks knn uses
// (blockse.Bounds), so that the strong positive correlation of the two
// entropies on the same draws is accounted for.
func EntropyDiff(d *empirical.Draws, o knn.Options) (Estimate, error) {
	if math.IsInf(d.LogWRest[0], -1) {
		return Estimate{}, errors.New("entropy difference: W_S^(-m) is zero (K = 1)")
	}
	n, m := d.Synapses, d.M
	hw, err := knn.Entropy(d.LogW, n, o)
	if err != nil {
		return Estimate{}, err
	}
	hr, err := knn.Entropy(d.LogWRest, n, o)
	if err != nil {
		return Estimate{}, err
	}
	jac := func(lo, hi int) float64 { // mean over rows of Σ_a (ln W_a − ln W'_a)
		var s float64
		for t := lo; t < hi; t++ {
			for a := 0; a < n; a++ {
				s += d.LogW[t*n+a] - d.LogWRest[t*n+a]
			}
		}
		return s / float64(hi-lo)
	}
	est := Estimate{MINats: num.Float(hw.Value - hr.Value + jac(0, m)), SE: num.Float(math.NaN()), Samples: m}
	b := len(hw.Blocks)
	if b >= 2 && len(hr.Blocks) == b {
		diffs := make([]float64, b)
		for i := range diffs {
			diffs[i] = hw.Blocks[i] - hr.Blocks[i] + jac(blockse.Bounds(i, b, m))
		}
		est.SE = num.Float(blockse.SE(diffs))
	}
	return est, nil
}
