package knn

// kDistances returns, for every row i of the M x d matrix z, the max-norm
// distances to its kmax nearest other rows in increasing order, row-major
// M x kmax: out[i*kmax+j-1] is the distance to the j-th nearest neighbour
// of row i. It is one k-d tree query per row with a kmax-neighbour list,
// so the distances for every k = 1…kmax cost one search (the search radius
// is the kmax-th distance). z is copied; the result does not depend on
// GOMAXPROCS and equals a brute-force search's distances.
func kDistances(z []float64, d, kmax int) []float64 {
	m := len(z) / d
	pts := make([]float64, len(z))
	copy(pts, z)
	t := buildTree(pts, d)
	out := make([]float64, m*kmax)
	leaf := t.leafOf()
	parallelFor(m, func(lo, hi int) {
		nb := newNeighbours(kmax)
		for p := lo; p < hi; p++ {
			i := int(t.idx[p])
			t.knn(t.pts[p*d:p*d+d], int32(i), int(leaf[p]), nb)
			copy(out[i*kmax:(i+1)*kmax], nb.dist)
		}
	})
	return out
}
