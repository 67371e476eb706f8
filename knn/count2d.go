package knn

import (
	"runtime"

	"github.com/syninfo/syninfo/internal/par"
)

// countWithin2D returns, for every row i of the M x 2 matrix x,
// #{j != i : max(|x_j0 - x_i0|, |x_j1 - x_i1|) < r[i]} (strict) or <= r[i].
//
// It works in rank space and offline. Within each sorted column the rows
// closer than r[i] to row i (by the computed difference, which is monotone
// in the sort order) form one interval of positions, found by galloping
// from row i's own position; the max-norm ball is the product of the two
// intervals, and counting rows in a rectangle of ranks is the difference of
// two dominance counts G(t, c, d) = #{j : rank0(j) <= t, c <= rank1(j) <= d}.
// These are answered by one sweep over rank0 with a Fenwick tree over
// rank1: O(M log M) in all, whatever the counts, where a tree query costs
// in proportion to the ball's boundary. The sweep is split into GOMAXPROCS
// ranges of rank0, each starting from a Fenwick tree built in O(M) from the
// rows below its range; counts are integers, so the result is exact and
// independent of the split.
func countWithin2D(x []float64, r []float64, strict bool) []int32 {
	m := len(x) / 2
	var s [2]*sorted1D
	par.For(2, 1, 0, func(c, _ int) {
		col := make([]float64, m)
		for i := range col {
			col[i] = x[2*i+c]
		}
		s[c] = newSorted1D(col)
	})
	rank1 := make([]int32, m)
	for p, i := range s[1].order {
		rank1[i] = int32(p)
	}
	// Rectangles: [a0, b0] x [a1, b1] in rank space, row i's own ranks
	// included. a0/b0 are gathered per rank0 position p0 of row i.
	a0, b0 := make([]int32, m), make([]int32, m)
	a1, b1 := make([]int32, m), make([]int32, m)
	interval := func(sv *sorted1D, p int, rr float64) (int32, int32) {
		v, q := sv.vals, sv.vals[p]
		var up, down int
		if strict {
			up, down = gallopUp(v, p, q, rr), gallopDown(v, p, q, rr)
		} else {
			up, down = gallopUpLE(v, p, q, rr), gallopDownLE(v, p, q, rr)
		}
		return int32(p - down), int32(p + up)
	}
	// Rows are visited in sorted order; the radii are gathered and the
	// interval ends scattered in loops of their own, whose independent
	// memory accesses overlap, rather than between the searches' probes.
	intervals := func(sv *sorted1D, a, b []int32) {
		parallelFor(m, func(lo, hi int) {
			order := sv.order[lo:hi]
			rs := make([]float64, len(order))
			for j, i := range order {
				rs[j] = r[i]
			}
			as, bs := make([]int32, len(order)), make([]int32, len(order))
			for j := range as {
				as[j], bs[j] = interval(sv, lo+j, rs[j])
			}
			for j, i := range order {
				a[i], b[i] = as[j], bs[j]
			}
		})
	}
	intervals(s[0], a0, b0)
	intervals(s[1], a1, b1)
	order0 := s[0].order
	s[0], s[1] = nil, nil // the sorted values are no longer needed
	// Queries bucketed by threshold t (CSR): query q = 2i answers
	// G(b0[i], ...), q = 2i+1 answers G(a0[i]-1, ...) (none when a0 = 0).
	start := make([]int32, m+1)
	for i := 0; i < m; i++ {
		start[b0[i]+1]++
		if a0[i] > 0 {
			start[a0[i]]++ // threshold a0-1, bucket index a0-1, stored at +1
		}
	}
	for t := 0; t < m; t++ {
		start[t+1] += start[t]
	}
	queries := make([]int32, start[m])
	fill := make([]int32, m)
	copy(fill, start[:m])
	for i := 0; i < m; i++ {
		t := b0[i]
		queries[fill[t]] = int32(2 * i)
		fill[t]++
		if a0[i] > 0 {
			t = a0[i] - 1
			queries[fill[t]] = int32(2*i + 1)
			fill[t]++
		}
	}
	fill = nil
	plus, minus := make([]int32, m), make([]int32, m)
	workers := max(1, min(runtime.GOMAXPROCS(0), m/4096))
	par.For(workers, 1, workers, func(w, _ int) {
		lo, hi := w*m/workers, (w+1)*m/workers
		// Fenwick tree (1-based) over rank1 of the rows with rank0 < lo.
		fw := make([]int32, m+1)
		for p := 0; p < lo; p++ {
			fw[rank1[order0[p]]+1]++
		}
		for j := 1; j <= m; j++ {
			if k := j + j&-j; k <= m {
				fw[k] += fw[j]
			}
		}
		prefix := func(n int32) int32 { // rows with rank1 < n
			c := int32(0)
			for ; n > 0; n &= n - 1 {
				c += fw[n]
			}
			return c
		}
		for t := lo; t < hi; t++ {
			for j := rank1[order0[t]] + 1; int(j) <= m; j += j & -j {
				fw[j]++
			}
			for _, q := range queries[start[t]:start[t+1]] {
				i := q >> 1
				g := prefix(b1[i]+1) - prefix(a1[i])
				if q&1 == 0 {
					plus[i] = g
				} else {
					minus[i] = g
				}
			}
		}
	})
	out := make([]int32, m)
	for i := range out {
		out[i] = plus[i] - minus[i] - 1 // the row itself is always in its rectangle
	}
	return out
}
