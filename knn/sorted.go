package knn

import (
	"cmp"
	"math"
	"slices"
)

// sorted1D is a one-dimensional marginal as a sorted array, with each
// original row's position in it, for count queries by galloping search from
// the query row's own position.
type sorted1D struct {
	vals  []float64 // sorted values
	order []int32   // order[p] is the original row at position p
}

func newSorted1D(x []float64) *sorted1D {
	n := len(x)
	keys := make([]uint64, n)
	for i, v := range x {
		keys[i] = orderedBits(v)
	}
	order := make([]int32, n)
	for i := range order {
		order[i] = int32(i)
	}
	if n < 1<<12 {
		// Small inputs: a comparison sort beats clearing radix buckets.
		slices.SortFunc(order, func(a, b int32) int {
			if c := cmp.Compare(keys[a], keys[b]); c != 0 {
				return c
			}
			return cmp.Compare(a, b)
		})
	} else {
		radixSort(keys, order)
	}
	s := &sorted1D{vals: make([]float64, n), order: order}
	for p, i := range order {
		s.vals[p] = x[i]
	}
	return s
}

// orderedBits maps a float64 to a uint64 with the same order (-0 before +0).
func orderedBits(v float64) uint64 {
	b := math.Float64bits(v)
	if b>>63 != 0 {
		return ^b
	}
	return b | 1<<63
}

// radixBits is the digit width of radixSort: 13 bits (5 passes) sort 1e6
// keys in about 0.6 of the time 16-bit digits (4 passes, but 65536 output
// streams per pass, too many for the caches) take, and beat 11 and 8 bits.
const (
	radixBits = 13
	radixMask = 1<<radixBits - 1
)

// radixSort sorts keys ascending, carrying vals along, by a stable LSD
// radix sort with radixBits-bit digits; equal keys keep their order, so
// rows with equal values stay in row order.
func radixSort(keys []uint64, vals []int32) {
	n := len(keys)
	if n == 0 {
		return
	}
	origK, origV := keys, vals
	k2, v2 := make([]uint64, n), make([]int32, n)
	var cnt [1 << radixBits]int
	for shift := uint(0); shift < 64; shift += radixBits {
		clear(cnt[:])
		for _, k := range keys {
			cnt[(k>>shift)&radixMask]++
		}
		if cnt[(keys[0]>>shift)&radixMask] == n {
			continue // all keys share this digit
		}
		sum := 0
		for i, c := range cnt {
			cnt[i] = sum
			sum += c
		}
		for i, k := range keys {
			d := (k >> shift) & radixMask
			k2[cnt[d]] = k
			v2[cnt[d]] = vals[i]
			cnt[d]++
		}
		keys, k2 = k2, keys
		vals, v2 = v2, vals
	}
	// After an odd number of passes the result sits in the scratch slices.
	if &keys[0] != &origK[0] {
		copy(origK, keys)
		copy(origV, vals)
	}
}

// countOthers returns #{j != i : |x_j - x_i| < r} (strict) or <= r, for
// the row i at sorted position p. The
// predicates are evaluated on the computed differences, which are monotone
// in the sorted order, so the result equals a brute-force count.
func (s *sorted1D) countOthers(p int, r float64, strict bool) int {
	v := s.vals
	q := v[p]
	if strict {
		return gallopUp(v, p, q, r) + gallopDown(v, p, q, r)
	}
	return gallopUpLE(v, p, q, r) + gallopDownLE(v, p, q, r)
}

// gallopUp counts the positions j > p with v[j]-q < r (a prefix of them,
// as v is sorted), probing p+1, p+2, p+4, ... and then bisecting: the cost
// is logarithmic in the count. gallopDown counts j < p with q-v[j] < r;
// the LE variants use <=.
func gallopUp(v []float64, p int, q, r float64) int {
	n := len(v)
	good, step := p, 1 // v[good] is inside (or good == p)
	bad := n
	for good+step < n {
		if v[good+step]-q < r {
			good += step
			step *= 2
		} else {
			bad = good + step
			break
		}
	}
	return bisectUp(v, good, bad, q, r) - p
}

func gallopUpLE(v []float64, p int, q, r float64) int {
	n := len(v)
	good, step := p, 1
	bad := n
	for good+step < n {
		if v[good+step]-q <= r {
			good += step
			step *= 2
		} else {
			bad = good + step
			break
		}
	}
	return bisectUpLE(v, good, bad, q, r) - p
}

func gallopDown(v []float64, p int, q, r float64) int {
	good, step := p, 1
	bad := -1
	for good-step >= 0 {
		if q-v[good-step] < r {
			good -= step
			step *= 2
		} else {
			bad = good - step
			break
		}
	}
	return p - bisectDown(v, good, bad, q, r)
}

func gallopDownLE(v []float64, p int, q, r float64) int {
	good, step := p, 1
	bad := -1
	for good-step >= 0 {
		if q-v[good-step] <= r {
			good -= step
			step *= 2
		} else {
			bad = good - step
			break
		}
	}
	return p - bisectDownLE(v, good, bad, q, r)
}

// bisectUp returns the largest j in [good, bad) with v[j]-q < r, given
// that it holds at good and fails at bad (if bad < len(v)). The search
// keeps a base and a length and moves the base with a conditional move
// rather than a branch: the outcome of each probe is unpredictable.
// bisectUpLE uses <=; bisectDown and bisectDownLE return the smallest j in
// (bad, good] with q-v[j] < r (<= r).
func bisectUp(v []float64, good, bad int, q, r float64) int {
	for n := bad - good; n > 1; {
		half := n >> 1
		good += half & -b2i(v[good+half]-q < r)
		n -= half
	}
	return good
}

func bisectUpLE(v []float64, good, bad int, q, r float64) int {
	for n := bad - good; n > 1; {
		half := n >> 1
		good += half & -b2i(v[good+half]-q <= r)
		n -= half
	}
	return good
}

func bisectDown(v []float64, good, bad int, q, r float64) int {
	for n := good - bad; n > 1; {
		half := n >> 1
		good -= half & -b2i(q-v[good-half] < r)
		n -= half
	}
	return good
}

func bisectDownLE(v []float64, good, bad int, q, r float64) int {
	for n := good - bad; n > 1; {
		half := n >> 1
		good -= half & -b2i(q-v[good-half] <= r)
		n -= half
	}
	return good
}

// b2i is 1 for true and 0 for false, compiled without a branch.
func b2i(b bool) int {
	n := 0
	if b {
		n = 1
	}
	return n
}
