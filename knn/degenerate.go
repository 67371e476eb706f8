package knn

import (
	"errors"
	"fmt"
	"math"
	"slices"
)

// ErrDegenerate is wrapped (with ErrInput) by Screen's refusals: samples on
// which the k-NN estimators return a number that means nothing.
var ErrDegenerate = errors.New("degenerate sample")

// Group names a block of columns of a sample for Screen: M rows of D
// values, row-major. Rows with k or more exact duplicates refuse the sample
// when Strict (the space whose k-th neighbour distances the estimator
// takes: the joint space of MI, the sample of an entropy) and only warn
// otherwise (a marginal of MI: discrete X beside continuous Y biases KSG).
type Group struct {
	Name   string
	X      []float64
	D      int
	Strict bool
}

// Ties counts the exact duplicates among the rows of an M x d row-major
// sample: Tied is the number of rows equal to at least one other row,
// MaxCopies the largest number of other rows equal to one row.
type Ties struct {
	Rows, Tied, MaxCopies int
}

// CountTies sorts the row indices lexicographically and counts the runs of
// equal rows: O(M log M · d) time, O(M) memory.
func CountTies(x []float64, d int) Ties {
	m := len(x) / d
	idx := make([]int32, m)
	for i := range idx {
		idx[i] = int32(i)
	}
	row := func(i int32) []float64 { return x[int(i)*d : int(i)*d+d] }
	slices.SortFunc(idx, func(a, b int32) int { return slices.Compare(row(a), row(b)) })
	t := Ties{Rows: m}
	for lo := 0; lo < m; {
		hi := lo + 1
		for hi < m && slices.Equal(row(idx[lo]), row(idx[hi])) {
			hi++
		}
		if n := hi - lo; n > 1 {
			t.Tied += n
			t.MaxCopies = max(t.MaxCopies, n-1)
		}
		lo = hi
	}
	return t
}

// Screen checks that a sample suits the k-NN estimators, which assume
// continuous data: a row's k-th neighbour lies at a positive distance,
// and distances are computed at full precision. For MI the groups are x,
// y and their joint space x‖y (Strict); for an entropy, the one group
// (Strict). Screen refuses, with an error wrapping ErrInput and
// ErrDegenerate that names the group:
//   - a column whose nonzero values include subnormal numbers
//     (|v| < 2.2e-308: fewer significant bits, distances lose precision);
//   - a column whose spread max − min overflows to +Inf;
//   - unless noise > 0 (which breaks ties), a Strict group in which a row has k or
//     more exact duplicates: its k-th neighbour distance is 0, ln 0 = −∞
//     for the entropy, and for KSG the neighbour counts no longer measure
//     a density (identical rows gave 9.7 nats, discrete data 9.4 nats with
//     a standard error of 1e-16, and −4 nats with algorithm 2).
//
// It returns warnings, one line each, for the other exact duplicates
// (fewer than k copies, or in a marginal): ties bias the estimate.
func Screen(groups []Group, k int, noise float64) (warnings []string, err error) {
	for _, g := range groups {
		m := len(g.X) / g.D
		for j := 0; j < g.D; j++ {
			lo, hi := math.Inf(1), math.Inf(-1)
			sub := 0
			for i := 0; i < m; i++ {
				v := g.X[i*g.D+j]
				lo, hi = min(lo, v), max(hi, v)
				if v != 0 && math.Abs(v) < 0x1p-1022 {
					sub++
				}
			}
			if sub > 0 {
				return nil, fmt.Errorf("%w: %w: %s column %d: %d subnormal values (0 < |v| < 2.2e-308) have lost precision; rescale the data (multiply by a power of 2, e.g. 2^1000)",
					ErrInput, ErrDegenerate, g.Name, j, sub)
			}
			if math.IsInf(hi-lo, 1) {
				return nil, fmt.Errorf("%w: %w: %s column %d: the spread %g .. %g overflows a float64; rescale the data",
					ErrInput, ErrDegenerate, g.Name, j, lo, hi)
			}
		}
		t := CountTies(g.X, g.D)
		switch {
		case t.Tied == 0:
		case g.Strict && t.MaxCopies >= k && noise == 0:
			return nil, fmt.Errorf("%w: %w: %s: a row has %d exact duplicates (k = %d), %d of %d rows are tied: the data are not continuous (discrete or repeated values), so the k-NN estimate is meaningless; add noise (--noise) if ties are rounding",
				ErrInput, ErrDegenerate, g.Name, t.MaxCopies, k, t.Tied, t.Rows)
		case noise > 0:
			warnings = append(warnings, fmt.Sprintf("%s: %d of %d rows are exact duplicates, separated only by the added noise", g.Name, t.Tied, t.Rows))
		default:
			warnings = append(warnings, fmt.Sprintf("%s: %d of %d rows have exact duplicates (at most %d, k = %d): ties bias the estimate", g.Name, t.Tied, t.Rows, t.MaxCopies, k))
		}
	}
	return warnings, nil
}

// Joint returns the M x (dx+dy) rows x‖y, for Screen.
func Joint(x []float64, dx int, y []float64, dy int) []float64 {
	m := len(x) / dx
	z := make([]float64, 0, m*(dx+dy))
	for i := 0; i < m; i++ {
		z = append(z, x[i*dx:(i+1)*dx]...)
		z = append(z, y[i*dy:(i+1)*dy]...)
	}
	return z
}
