package knn

import (
	"math"

	"github.com/syninfo/syninfo/internal/par"
)

// leafSize is the largest number of rows a k-d tree leaf holds.
const leafSize = 16

// kdtree is a k-d tree over a flat row-major copy of the points, reordered so
// that every node owns a contiguous range of rows. Each node stores the tight
// bounding box of its rows; a node's point count is end-start, which the
// count-only range query adds in one step when the box lies wholly inside the
// query ball.
//
// All distance comparisons are made on the same floating-point values a
// brute-force search computes, |a_c - b_c| and their maximum: rounding is
// monotone, so box bounds never prune a point that the brute force would
// accept, and the tree gives bit-identical neighbour distances and counts.
type kdtree struct {
	d     int
	pts   []float64 // n*d coordinates in tree order
	idx   []int32   // idx[p] is the original row of tree row p
	nodes []kdnode
	box   []float64 // 2*d per node: lo[0:d], hi[0:d]

	// build scratch space, released when the build ends
	keys       []float64
	perm       []int32
	scratch    []float64
	scratchIdx []int32
}

type kdnode struct {
	start, end int32 // rows [start, end) in tree order
	right      int32 // right child; the left child is the next node; -1 for a leaf
	split      int32 // split coordinate of an internal node
	val        float64
	// val is the split value: rows of the left child have coordinate
	// split <= val, rows of the right child >= val.
}

// nodeCount is the number of nodes of a subtree over n rows. The shape of
// the tree depends on n only, so subtrees can be built concurrently into
// preassigned node ranges.
func nodeCount(n int, memo map[int]int) int {
	if n <= leafSize {
		return 1
	}
	if c, ok := memo[n]; ok {
		return c
	}
	c := 1 + nodeCount(n/2, memo) + nodeCount(n-n/2, memo)
	memo[n] = c
	return c
}

// buildTree builds a tree over the n = len(pts)/d rows of pts, taking
// ownership of pts (it is reordered in place).
func buildTree(pts []float64, d int) *kdtree {
	n := len(pts) / d
	memo := map[int]int{}
	nn := nodeCount(n, memo)
	t := &kdtree{d: d, pts: pts, idx: make([]int32, n),
		nodes: make([]kdnode, nn), box: make([]float64, 2*d*nn)}
	for i := range t.idx {
		t.idx[i] = int32(i)
	}
	t.keys, t.perm = make([]float64, n), make([]int32, n)
	t.scratch, t.scratchIdx = make([]float64, n*d), make([]int32, n)
	t.build(0, 0, n, memo)
	t.keys, t.perm, t.scratch, t.scratchIdx = nil, nil, nil, nil
	return t
}

// parallelBuildMin is the subtree size above which the two children are
// built concurrently.
const parallelBuildMin = 1 << 15

func (t *kdtree) build(node, start, end int, memo map[int]int) {
	d := t.d
	lo := t.box[2*d*node : 2*d*node+d]
	hi := t.box[2*d*node+d : 2*d*node+2*d]
	copy(lo, t.pts[start*d:start*d+d])
	copy(hi, lo)
	for p := start + 1; p < end; p++ {
		row := t.pts[p*d : p*d+d]
		for c, v := range row {
			if v < lo[c] {
				lo[c] = v
			} else if v > hi[c] {
				hi[c] = v
			}
		}
	}
	nd := &t.nodes[node]
	nd.start, nd.end, nd.right = int32(start), int32(end), -1
	n := end - start
	if n <= leafSize {
		return
	}
	split, width := 0, -1.0
	for c := 0; c < d; c++ {
		if w := hi[c] - lo[c]; w > width {
			split, width = c, w
		}
	}
	mid := start + n/2
	t.splitRows(start, end, mid, split)
	nd.split, nd.val = int32(split), t.pts[mid*d+split]
	left := node + 1
	right := left + nodeCount(n/2, memo)
	nd.right = int32(right)
	if n >= parallelBuildMin {
		par.Do(func() { t.build(left, start, mid, memo) }, func() { t.build(right, mid, end, memo) })
		return
	}
	t.build(left, start, mid, memo)
	t.build(right, mid, end, memo)
}

// splitRows reorders rows [start, end) so that row mid holds the value of
// rank mid-start in coordinate c, with no larger value before it and no
// smaller after. The coordinate is copied into a key array, selected there
// with the row positions carried along, and the rows are then gathered in
// that order, which is much faster than moving whole rows at every swap.
// The scratch space is the node's own range of t.scratch, so concurrent
// subtrees never share it.
func (t *kdtree) splitRows(start, end, mid, c int) {
	d := t.d
	n := end - start
	keys := t.keys[start:end]
	perm := t.perm[start:end]
	for i := 0; i < n; i++ {
		keys[i] = t.pts[(start+i)*d+c]
		perm[i] = int32(i)
	}
	selectKeys(keys, perm, mid-start)
	rows := t.scratch[start*d : end*d]
	ids := t.scratchIdx[start:end]
	src := t.pts[start*d : end*d]
	srcIdx := t.idx[start:end]
	for i, p := range perm {
		copy(rows[i*d:i*d+d], src[int(p)*d:int(p)*d+d])
		ids[i] = srcIdx[p]
	}
	copy(src, rows)
	copy(srcIdx, ids)
}

// selectKeys reorders keys (and perm alongside) so that keys[k] holds the
// value of rank k, with no larger value before it and no smaller after:
// quickselect with a median-of-three pivot. Each round partitions the
// range into keys < pivot and keys >= pivot with a branch-free Lomuto
// scan (the outcome of each comparison is unpredictable, so branches would
// cost more than the unconditional moves); when k falls in the upper part,
// a second scan splits off the keys equal to the pivot, so runs of equal
// keys cost one linear pass, not a quadratic descent.
func selectKeys(keys []float64, perm []int32, k int) {
	lo, hi := 0, len(keys)-1
	swap := func(a, b int) {
		keys[a], keys[b] = keys[b], keys[a]
		perm[a], perm[b] = perm[b], perm[a]
	}
	for hi > lo {
		if hi-lo < 16 {
			for i := lo + 1; i <= hi; i++ {
				for j := i; j > lo && keys[j] < keys[j-1]; j-- {
					swap(j, j-1)
				}
			}
			return
		}
		m := lo + (hi-lo)/2
		if keys[m] < keys[lo] {
			swap(m, lo)
		}
		if keys[hi] < keys[lo] {
			swap(hi, lo)
		}
		if keys[hi] < keys[m] {
			swap(hi, m)
		}
		pivot := keys[m]
		i := partitionLess(keys, perm, lo, hi+1, pivot)
		// keys[lo:i] < pivot <= keys[i:hi+1]; the pivot itself is in the
		// upper part, so it is never empty.
		if k < i {
			hi = i - 1
			continue
		}
		j := partitionLessEq(keys, perm, i, hi+1, pivot)
		// keys[i:j] == pivot < keys[j:hi+1], and j > i.
		if k < j {
			return
		}
		lo = j
	}
}

// partitionLess moves the keys of [lo, hi) that are < pivot (with their
// perm entries) to the front of the range, and returns where they end.
func partitionLess(keys []float64, perm []int32, lo, hi int, pivot float64) int {
	keys, perm = keys[:hi], perm[:hi]
	i := lo
	for j := lo; j < hi; j++ {
		kj, pj := keys[j], perm[j]
		keys[j], perm[j] = keys[i], perm[i]
		keys[i], perm[i] = kj, pj
		i += b2i(kj < pivot)
	}
	return i
}

// partitionLessEq is partitionLess with <=.
func partitionLessEq(keys []float64, perm []int32, lo, hi int, pivot float64) int {
	keys, perm = keys[:hi], perm[:hi]
	i := lo
	for j := lo; j < hi; j++ {
		kj, pj := keys[j], perm[j]
		keys[j], perm[j] = keys[i], perm[i]
		keys[i], perm[i] = kj, pj
		i += b2i(kj <= pivot)
	}
	return i
}

// neighbours holds the k nearest rows found so far, sorted by (distance,
// original row index): ties in distance go to the lower row index, so the
// neighbour set is well defined even with duplicate distances.
type neighbours struct {
	dist []float64
	id   []int32
}

func newNeighbours(k int) *neighbours {
	return &neighbours{dist: make([]float64, k), id: make([]int32, k)}
}

func (nb *neighbours) reset() {
	for i := range nb.dist {
		nb.dist[i] = math.Inf(1)
		nb.id[i] = math.MaxInt32
	}
}

// offer inserts (dd, id) if it precedes the current k-th neighbour.
func (nb *neighbours) offer(dd float64, id int32) {
	k := len(nb.dist) - 1
	if dd > nb.dist[k] || (dd == nb.dist[k] && id > nb.id[k]) {
		return
	}
	i := k
	for i > 0 && (dd < nb.dist[i-1] || (dd == nb.dist[i-1] && id < nb.id[i-1])) {
		nb.dist[i], nb.id[i] = nb.dist[i-1], nb.id[i-1]
		i--
	}
	nb.dist[i], nb.id[i] = dd, id
}

// lowerBound is the smallest max-norm distance from q to the box of node.
// It is computed without early exits (whose branches are unpredictable).
func (t *kdtree) lowerBound(node int, q []float64) float64 {
	d := t.d
	switch d {
	case 2:
		b := t.box[4*node : 4*node+4 : 4*node+4]
		q = q[:2]
		return max(0, b[0]-q[0], q[0]-b[2], b[1]-q[1], q[1]-b[3])
	case 4:
		b := t.box[8*node : 8*node+8 : 8*node+8]
		q = q[:4]
		return max(max(0, b[0]-q[0], q[0]-b[4], b[1]-q[1], q[1]-b[5]),
			max(b[2]-q[2], q[2]-b[6], b[3]-q[3], q[3]-b[7]))
	case 6:
		b := t.box[12*node : 12*node+12 : 12*node+12]
		q = q[:6]
		return max(max(0, b[0]-q[0], q[0]-b[6], b[1]-q[1], q[1]-b[7]),
			max(b[2]-q[2], q[2]-b[8], b[3]-q[3], q[3]-b[9]),
			max(b[4]-q[4], q[4]-b[10], b[5]-q[5], q[5]-b[11]))
	}
	b := t.box[2*d*node : 2*d*node+2*d]
	lo, hi := b[:d:d], b[d:]
	hi = hi[:d]
	q = q[:d]
	lb := 0.0
	for c, v := range q {
		lb = max(lb, lo[c]-v, v-hi[c])
	}
	return lb
}

// upperBound is the largest max-norm distance from q to a corner of the
// box of node, so every row of the node is at most that far from q.
func (t *kdtree) upperBound(node int, q []float64) float64 {
	d := t.d
	if d == 4 {
		b := t.box[8*node : 8*node+8 : 8*node+8]
		q = q[:4]
		return max(max(math.Abs(q[0]-b[0]), math.Abs(b[4]-q[0]), math.Abs(q[1]-b[1]), math.Abs(b[5]-q[1])),
			max(math.Abs(q[2]-b[2]), math.Abs(b[6]-q[2]), math.Abs(q[3]-b[3]), math.Abs(b[7]-q[3])))
	}
	b := t.box[2*d*node : 2*d*node+2*d]
	lo, hi := b[:d:d], b[d:]
	hi = hi[:d]
	q = q[:d]
	ub := 0.0
	for c, v := range q {
		ub = max(ub, math.Abs(v-lo[c]), math.Abs(hi[c]-v))
	}
	return ub
}

// knn fills nb with the k nearest rows to q in max-norm, excluding the row
// whose original index is self. leaf, if >= 0, is a leaf to scan first
// (the query row's own leaf), which makes the pruning effective at once.
func (t *kdtree) knn(q []float64, self int32, leaf int, nb *neighbours) {
	nb.reset()
	if leaf >= 0 {
		t.scanLeaf(leaf, q, self, nb)
	}
	t.search(0, 0, q, self, leaf, nb)
}

func (t *kdtree) scanLeaf(node int, q []float64, self int32, nb *neighbours) {
	nd := t.nodes[node]
	start, end := int(nd.start), int(nd.end)
	switch t.d {
	case 2:
		t.scanLeaf2(start, end, q, self, nb)
		return
	case 4:
		t.scanLeaf4(start, end, q, self, nb)
		return
	case 6:
		t.scanLeaf6(start, end, q, self, nb)
		return
	}
	d := t.d
	k := len(nb.dist) - 1
	q = q[:d]
	pts := t.pts[start*d : end*d]
	for j, id := range t.idx[start:end] {
		row := pts[j*d : j*d+d : j*d+d]
		// The full maximum, without early exits: its branches would be
		// unpredictable, and one well-predicted test per row is cheaper.
		dd := 0.0
		for c, v := range row {
			dd = max(dd, math.Abs(v-q[c]))
		}
		if dd > nb.dist[k] || id == self {
			continue
		}
		nb.offer(dd, id)
	}
}

// scanLeaf2 is scanLeaf for d = 2, branch-free up to the one test per row.
func (t *kdtree) scanLeaf2(start, end int, q []float64, self int32, nb *neighbours) {
	k := len(nb.dist) - 1
	q = q[:2]
	q0, q1 := q[0], q[1]
	pts := t.pts[start*2 : end*2]
	for j, id := range t.idx[start:end] {
		row := pts[j*2 : j*2+2 : j*2+2]
		dd := max(math.Abs(row[0]-q0), math.Abs(row[1]-q1))
		if dd > nb.dist[k] || id == self {
			continue
		}
		nb.offer(dd, id)
	}
}

// scanLeaf4 is scanLeaf for d = 4 (x 2-D / y 2-D, the common case).
func (t *kdtree) scanLeaf4(start, end int, q []float64, self int32, nb *neighbours) {
	k := len(nb.dist) - 1
	q = q[:4]
	q0, q1, q2, q3 := q[0], q[1], q[2], q[3]
	pts := t.pts[start*4 : end*4]
	for j, id := range t.idx[start:end] {
		row := pts[j*4 : j*4+4 : j*4+4]
		dd := max(math.Abs(row[0]-q0), math.Abs(row[1]-q1), math.Abs(row[2]-q2), math.Abs(row[3]-q3))
		if dd > nb.dist[k] || id == self {
			continue
		}
		nb.offer(dd, id)
	}
}

// scanLeaf6 is scanLeaf for d = 6 (x 2-D / y 4-D).
func (t *kdtree) scanLeaf6(start, end int, q []float64, self int32, nb *neighbours) {
	k := len(nb.dist) - 1
	q = q[:6]
	q0, q1, q2, q3, q4, q5 := q[0], q[1], q[2], q[3], q[4], q[5]
	pts := t.pts[start*6 : end*6]
	for j, id := range t.idx[start:end] {
		row := pts[j*6 : j*6+6 : j*6+6]
		dd := max(math.Abs(row[0]-q0), math.Abs(row[1]-q1), math.Abs(row[2]-q2),
			math.Abs(row[3]-q3), math.Abs(row[4]-q4), math.Abs(row[5]-q5))
		if dd > nb.dist[k] || id == self {
			continue
		}
		nb.offer(dd, id)
	}
}

// search visits node, whose rows are at max-norm distance >= lb from q.
// The far child's bound is max(lb, |q_s - val|) on the split coordinate
// (O(1) per node); a leaf's tight box is checked before it is scanned.
func (t *kdtree) search(node int, lb float64, q []float64, self int32, skip int, nb *neighbours) {
	nd := &t.nodes[node]
	k := len(nb.dist) - 1
	if nd.right < 0 {
		if node != skip && t.lowerBound(node, q) <= nb.dist[k] {
			t.scanLeaf(node, q, self, nb)
		}
		return
	}
	near, far := node+1, int(nd.right)
	qs := q[nd.split]
	off := nd.val - qs
	if qs >= nd.val {
		near, far = far, near
		off = qs - nd.val
	}
	t.search(near, lb, q, self, skip, nb)
	if off > lb {
		lb = off
	}
	if lb <= nb.dist[k] {
		t.search(far, lb, q, self, skip, nb)
	}
}

// leafOf returns, for every tree row, the leaf node holding it.
func (t *kdtree) leafOf() []int32 {
	out := make([]int32, len(t.idx))
	for n, nd := range t.nodes {
		if nd.right < 0 {
			for p := nd.start; p < nd.end; p++ {
				out[p] = int32(n)
			}
		}
	}
	return out
}

// count returns the number of rows (the query row itself included, if it
// is in the tree) whose max-norm distance to q is < r (strict) or <= r.
//
// The descent excludes a far child by its split-plane bound (O(1) per
// node); nodes of at least containMin rows are first tested for whole
// containment in the ball with their tight box, and then add their row
// count in one step; leaves are tested against their tight box before
// their rows are scanned.
func (t *kdtree) count(q []float64, r float64, strict bool) int {
	return t.countNode(0, 0, q, r, strict)
}

// containMin is the smallest node tested for containment in a count query.
const containMin = 2 * leafSize

// outside reports whether a distance lower bound lb excludes the ball.
func outside(lb, r float64, strict bool) bool { return lb > r || (strict && lb == r) }

func (t *kdtree) countNode(node int, lb float64, q []float64, r float64, strict bool) int {
	nd := &t.nodes[node]
	n := int(nd.end - nd.start)
	if nd.right < 0 || n >= containMin {
		if outside(t.lowerBound(node, q), r, strict) {
			return 0
		}
		if ub := t.upperBound(node, q); ub < r || (!strict && ub == r) {
			return n
		}
	}
	if nd.right < 0 {
		return t.countLeaf(int(nd.start), int(nd.end), q, r, strict)
	}
	near, far := node+1, int(nd.right)
	qs := q[nd.split]
	off := nd.val - qs
	if qs >= nd.val {
		near, far = far, near
		off = qs - nd.val
	}
	c := t.countNode(near, lb, q, r, strict)
	if off > lb {
		lb = off
	}
	if !outside(lb, r, strict) {
		c += t.countNode(far, lb, q, r, strict)
	}
	return c
}

// countLeaf counts the rows p in [start, end) with max-norm distance to q
// < r (strict) or <= r. Each row's full maximum is formed and compared
// once, without data-dependent branches (boundary leaves hold rows on both
// sides of the ball, so such branches would be unpredictable).
func (t *kdtree) countLeaf(start, end int, q []float64, r float64, strict bool) int {
	d := t.d
	q = q[:d]
	pts := t.pts[start*d : end*d]
	c := 0
	if d == 4 {
		q0, q1, q2, q3 := q[0], q[1], q[2], q[3]
		for j := 0; j+4 <= len(pts); j += 4 {
			row := pts[j : j+4 : j+4]
			dd := max(math.Abs(row[0]-q0), math.Abs(row[1]-q1), math.Abs(row[2]-q2), math.Abs(row[3]-q3))
			c += inBall(dd, r, strict)
		}
		return c
	}
	for j := 0; j+d <= len(pts); j += d {
		row := pts[j : j+d : j+d]
		dd := 0.0
		for c, v := range row {
			dd = max(dd, math.Abs(v-q[c]))
		}
		c += inBall(dd, r, strict)
	}
	return c
}

// inBall is 1 if a distance dd is inside the ball of radius r (< r when
// strict, else <= r), and 0 otherwise.
func inBall(dd, r float64, strict bool) int {
	in := dd <= r
	if strict {
		in = dd < r
	}
	b := 0
	if in {
		b = 1
	}
	return b
}
