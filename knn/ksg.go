package knn

import (
	"math"
	"sync"

	"github.com/syninfo/syninfo/internal/blockse"
	"github.com/syninfo/syninfo/internal/par"
	"gonum.org/v1/gonum/mathext"
)

// Estimate is an estimate with its standard error.
//
// Value is computed on all M samples. The standard error comes from B
// disjoint blocks of contiguous rows, block b holding rows
// [b*M/B, (b+1)*M/B): the estimator is rerun on each block alone (with the
// same preprocessing as the whole), giving values v_b; the variance of a
// k-NN estimate scales as 1/M, so a block value has about B times the
// variance of Value, and SE = sd(v_1..v_B)/sqrt(B) (sd with the B-1
// divisor). Blocks holds v_b in block order, so that two estimates made on
// the same rows with the same B give the standard error of their difference
// as sd(v_b - v'_b)/sqrt(B). Without blocks, SE is NaN and Blocks nil.
type Estimate struct {
	Value   float64   // the estimate on all samples, in nats
	SE      float64   // standard error of Value (NaN without blocks)
	Samples int       // M, the number of samples
	K       int       // the number of neighbours used
	Blocks  []float64 // per-block estimates, in block order
	// Plain is, for a weighted entropy estimate (Estimator.Weighted), the
	// plain Kozachenko–Leonenko estimate at the Options.K asked for
	// (default 3) on all samples, from the same neighbour search and the
	// same whitening: the unweighted estimator's Value, at no extra cost.
	// NaN otherwise, or when that k exceeds KMax.
	Plain float64
}

// psiTable caches digamma at small integers, where counts mostly fall.
var psiTable = sync.OnceValue(func() []float64 {
	t := make([]float64, 4096)
	t[0] = math.Inf(-1)
	for n := 1; n < len(t); n++ {
		t[n] = mathext.Digamma(float64(n))
	}
	return t
})

// psi is the digamma function at a non-negative integer.
func psi(n int) float64 {
	if t := psiTable(); n < len(t) {
		return t[n]
	}
	return mathext.Digamma(float64(n))
}

// chunkRows is the number of rows a worker takes at a time.
const chunkRows = 2048

// parallelFor calls fn on the chunks [lo, hi) of [0, n) of chunkRows rows,
// on GOMAXPROCS workers (see internal/par).
func parallelFor(n int, fn func(lo, hi int)) { par.For(n, chunkRows, 0, fn) }

// joint returns the M x (dx+dy) matrix [x y].
func joint(x []float64, dx int, y []float64, dy int) []float64 {
	m := len(x) / dx
	d := dx + dy
	z := make([]float64, m*d)
	for i := 0; i < m; i++ {
		copy(z[i*d:i*d+dx], x[i*dx:i*dx+dx])
		copy(z[i*d+dx:i*d+d], y[i*dy:i*dy+dy])
	}
	return z
}

// maxDist is the max-norm distance between two rows.
func maxDist(a, b []float64) float64 {
	dd := 0.0
	for c, v := range a {
		if g := math.Abs(v - b[c]); g > dd {
			dd = g
		}
	}
	return dd
}

// kthDistances returns, for every row of the M x d matrix z, the max-norm
// distance to its k-th nearest other row. With radii != nil it instead
// calls radii(i, nb) with the k neighbours of row i (ties in distance
// broken by the lower row index). With owned, z may be reordered (the
// tree takes it over); otherwise it is copied.
func kthDistances(z []float64, d, k int, owned bool, radii func(i int, nb *neighbours)) []float64 {
	m := len(z) / d
	pts := z
	if !owned {
		pts = make([]float64, len(z))
		copy(pts, z)
	}
	t := buildTree(pts, d)
	var eps []float64
	if radii == nil {
		eps = make([]float64, m)
	}
	leaf := t.leafOf()
	parallelFor(m, func(lo, hi int) {
		nb := newNeighbours(k)
		for p := lo; p < hi; p++ {
			i := t.idx[p]
			t.knn(t.pts[p*d:p*d+d], i, int(leaf[p]), nb)
			if radii == nil {
				eps[i] = nb.dist[k-1]
			} else {
				radii(int(i), nb)
			}
		}
	})
	return eps
}

// countWithin returns, for every row i of the M x d matrix x,
// #{j != i : ||x_j - x_i|| < r[i]} (strict) or <= r[i].
func countWithin(x []float64, d int, r []float64, strict bool) []int32 {
	m := len(x) / d
	out := make([]int32, m)
	if d == 1 {
		s := newSorted1D(x)
		parallelFor(m, func(lo, hi int) {
			// Visit rows in sorted order for locality. The radii are
			// gathered and the counts scattered in loops of their own,
			// whose independent memory accesses overlap, instead of
			// between the dependent probes of the searches.
			order := s.order[lo:hi]
			rs := make([]float64, len(order))
			for j, i := range order {
				rs[j] = r[i]
			}
			cs := make([]int32, len(order))
			for j := range cs {
				cs[j] = int32(s.countOthers(lo+j, rs[j], strict))
			}
			for j, i := range order {
				out[i] = cs[j]
			}
		})
		return out
	}
	if d == 2 {
		return countWithin2D(x, r, strict)
	}
	pts := make([]float64, len(x))
	copy(pts, x)
	t := buildTree(pts, d)
	parallelFor(m, func(lo, hi int) {
		for p := lo; p < hi; p++ {
			i := t.idx[p]
			ri := r[i]
			n := t.count(t.pts[p*d:p*d+d], ri, strict)
			if !strict || ri > 0 {
				n-- // the row itself, at distance 0
			}
			out[i] = int32(n)
		}
	})
	return out
}

// concurrentMarginalsMax is the largest M for which the two marginal counts
// run concurrently.
const concurrentMarginalsMax = 1 << 18

// ksg computes the KSG estimate of algorithm alg on prepared data.
func ksg(x []float64, dx int, y []float64, dy int, k, alg int) float64 {
	m := len(x) / dx
	z := joint(x, dx, y, dy)
	var nx, ny []int32
	both := func(rx, ry []float64, strict bool) {
		// Small problems run the two marginals concurrently to overlap
		// their sequential parts (sorts, tree builds); large ones one after
		// the other, to bound memory. Each row's count has one writer.
		if m > concurrentMarginalsMax {
			nx = countWithin(x, dx, rx, strict)
			ny = countWithin(y, dy, ry, strict)
			return
		}
		par.Do(func() { nx = countWithin(x, dx, rx, strict) }, func() { ny = countWithin(y, dy, ry, strict) })
	}
	if alg == 1 {
		eps := kthDistances(z, dx+dy, k, true, nil)
		both(eps, eps, true)
	} else {
		epsx, epsy := make([]float64, m), make([]float64, m)
		kthDistances(z, dx+dy, k, true, func(i int, nb *neighbours) {
			ex, ey := 0.0, 0.0
			xi, yi := x[i*dx:i*dx+dx], y[i*dy:i*dy+dy]
			for _, j := range nb.id {
				ex = max(ex, maxDist(xi, x[int(j)*dx:int(j)*dx+dx]))
				ey = max(ey, maxDist(yi, y[int(j)*dy:int(j)*dy+dy]))
			}
			epsx[i], epsy[i] = ex, ey
		})
		both(epsx, epsy, false)
	}
	sum := 0.0
	if alg == 1 {
		for i := range nx {
			sum += psi(int(nx[i])+1) + psi(int(ny[i])+1)
		}
		return psi(k) + psi(m) - sum/float64(m)
	}
	for i := range nx {
		sum += psi(int(nx[i])) + psi(int(ny[i]))
	}
	return psi(k) - 1/float64(k) + psi(m) - sum/float64(m)
}

// kl computes the Kozachenko–Leonenko entropy on prepared data. It returns
// ok = false when some row has k or more exact duplicates (a zero distance).
func kl(x []float64, d, k int) (h float64, ok bool) {
	m := len(x) / d
	eps := kthDistances(x, d, k, false, nil)
	sum := 0.0
	for _, e := range eps {
		if e == 0 {
			return math.Inf(-1), false
		}
		sum += math.Log(2 * e)
	}
	return psi(m) - psi(k) + float64(d)*sum/float64(m), true
}

// withBlocks evaluates est on all rows and on each of o.Blocks contiguous
// blocks, and forms the standard error. The evaluations run GOMAXPROCS at a
// time (each is parallel inside too; running several overlaps their
// sequential parts); every value has its own slot, so the result does not
// depend on the schedule.
func withBlocks(m int, o Options, est func(lo, hi int) (float64, error)) (Estimate, error) {
	b := o.Blocks
	if b < 2 {
		b = 0
	}
	vals := make([]float64, b+1)
	errs := make([]error, b+1)
	par.For(b+1, 1, 0, func(first, last int) {
		for t := first; t < last; t++ {
			lo, hi := 0, m // task 0: all rows; task i: block i-1
			if t > 0 {
				lo, hi = blockse.Bounds(t-1, b, m)
			}
			vals[t], errs[t] = est(lo, hi)
		}
	})
	for _, err := range errs {
		if err != nil {
			return Estimate{}, err
		}
	}
	e := Estimate{Value: vals[0], SE: math.NaN(), Samples: m, K: o.K, Plain: math.NaN()}
	if b < 2 {
		return e, nil
	}
	e.Blocks = vals[1:]
	e.SE = blockse.SE(e.Blocks)
	return e, nil
}

// MI estimates the mutual information I(X;Y) in nats with the
// Kraskov–Stögbauer–Grassberger estimator (algorithm o.Algorithm) in the
// max-norm. x is an M x dx matrix and y an M x dy matrix, both row-major;
// row i of x and row i of y form sample i.
//
// Algorithm 1: I = psi(k) + psi(M) - <psi(n_x+1) + psi(n_y+1)>, with n_x
// the number of other rows strictly closer in x than the k-th joint
// neighbour. Algorithm 2: I = psi(k) - 1/k + psi(M) - <psi(n_x) + psi(n_y)>,
// with n_x the number of other rows within (<=) the largest x-distance among
// the k joint neighbours. Ties in the joint distance are broken by the lower
// row index. The result does not depend on GOMAXPROCS.
func MI(x []float64, dx int, y []float64, dy int, o Options) (Estimate, error) {
	m, err := checkShape("x", x, dx)
	if err != nil {
		return Estimate{}, err
	}
	my, err := checkShape("y", y, dy)
	if err != nil {
		return Estimate{}, err
	}
	if my != m {
		return Estimate{}, inputErrorf("x has %d rows, y has %d", m, my)
	}
	if o, err = o.resolve(m); err != nil {
		return Estimate{}, err
	}
	xs, _, err := prepare("x", x, dx, o, 0)
	if err != nil {
		return Estimate{}, err
	}
	ys, _, err := prepare("y", y, dy, o, 1)
	if err != nil {
		return Estimate{}, err
	}
	return withBlocks(m, o, func(lo, hi int) (float64, error) {
		return ksg(xs[lo*dx:hi*dx], dx, ys[lo*dy:hi*dy], dy, o.K, o.Algorithm), nil
	})
}

// Entropy estimates the differential entropy of the M x d row-major matrix
// x in nats with the Kozachenko–Leonenko estimator in the max-norm:
// h = psi(M) - psi(k) + d <ln(2 eps_i)>, eps_i the distance from row i to
// its k-th nearest other row. With o.Normalize the estimate is made on the
// z-scored data and the sum of the log standard deviations is added back.
// Rows with k or more exact duplicates make the estimate -infinity; that is
// reported as an error (use o.Noise).
func Entropy(x []float64, d int, o Options) (Estimate, error) {
	return EntropyWith(x, d, o, Estimator{})
}
