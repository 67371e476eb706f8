package knn

import (
	"cmp"
	"slices"
)

// sorted1D is a one-dimensional marginal as a sorted array, with each
// original row's position in it, for count queries by galloping search from
// the query row's own position.
type sorted1D struct {
	vals  []float64 // sorted values
	order []int32   // order[p] is the original row at position p
}

type valIdx struct {
	v float64
	i int32
}

func newSorted1D(x []float64) *sorted1D {
	vi := make([]valIdx, len(x))
	for i, v := range x {
		vi[i] = valIdx{v, int32(i)}
	}
	slices.SortFunc(vi, func(a, b valIdx) int {
		if c := cmp.Compare(a.v, b.v); c != 0 {
			return c
		}
		return cmp.Compare(a.i, b.i)
	})
	s := &sorted1D{vals: make([]float64, len(x)), order: make([]int32, len(x))}
	for p, e := range vi {
		s.vals[p] = e.v
		s.order[p] = e.i
	}
	return s
}

// countOthers returns #{j != i : |x_j - x_i| < r} (strict) or <= r, for
// the row i at sorted position p. The
// predicates are evaluated on the computed differences, which are monotone
// in the sorted order, so the result equals a brute-force count.
func (s *sorted1D) countOthers(p int, r float64, strict bool) int {
	q := s.vals[p]
	within := func(g float64) bool { return g < r || (!strict && g == r) }
	// Right side: rows p+1.. have values >= q; find the first outside.
	n := len(s.vals)
	right := gallop(p+1, n, func(j int) bool { return within(s.vals[j] - q) })
	// Left side: rows ..p-1 have values <= q; walk down.
	left := gallop(0, p, func(j int) bool { return within(q - s.vals[p-1-j]) })
	return (right - (p + 1)) + left
}

// gallop returns the first index in [from, n) at which ok is false (n if
// none), for ok true on a prefix of [from, n) and false after it. It probes
// from, from+1, from+3, from+7, ... then bisects, so the cost is logarithmic
// in the answer's distance from from.
func gallop(from, n int, ok func(int) bool) int {
	if from >= n || !ok(from) {
		return from
	}
	good := from // ok(good) holds
	step := 1
	for {
		next := good + step
		if next >= n {
			next = n
			break
		}
		if !ok(next) {
			n = next
			break
		}
		good = next
		step *= 2
	}
	// ok(good) is true; the answer is in (good, n].
	lo, hi := good+1, n
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		if ok(m) {
			lo = m + 1
		} else {
			hi = m
		}
	}
	return lo
}
