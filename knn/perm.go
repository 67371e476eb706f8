package knn

import (
	"github.com/syninfo/syninfo/internal/rng"
)

// PermutationTest returns the p-value of the permutation (shuffle) test of
// I(X;Y) > 0: the KSG estimate on the data is compared with the estimates
// after shuffles random permutations of the rows of y (shuffle s draws its
// permutation from rng.New(o.Seed, StreamPermutation, s)), and
// p = (1 + #{shuffled estimate >= observed}) / (1 + shuffles). The
// preprocessing (normalisation, noise) is applied once, before shuffling.
// Block standard errors are not computed.
func PermutationTest(x []float64, dx int, y []float64, dy int, o Options, shuffles int) (float64, error) {
	if shuffles < 1 {
		return 0, inputErrorf("shuffles = %d, want >= 1", shuffles)
	}
	m, err := checkShape("x", x, dx)
	if err != nil {
		return 0, err
	}
	my, err := checkShape("y", y, dy)
	if err != nil {
		return 0, err
	}
	if my != m {
		return 0, inputErrorf("x has %d rows, y has %d", m, my)
	}
	if o, err = o.resolve(m); err != nil {
		return 0, err
	}
	xs, _, err := prepare("x", x, dx, o, 0)
	if err != nil {
		return 0, err
	}
	ys, _, err := prepare("y", y, dy, o, 1)
	if err != nil {
		return 0, err
	}
	obs := ksg(xs, dx, ys, dy, o.K, o.Algorithm)
	perm := make([]int, m)
	yp := make([]float64, len(ys))
	exceed := 0
	for s := 0; s < shuffles; s++ {
		for i := range perm {
			perm[i] = i
		}
		r := rng.New(o.Seed, StreamPermutation, uint64(s))
		r.Shuffle(m, func(i, j int) { perm[i], perm[j] = perm[j], perm[i] })
		for i, p := range perm {
			copy(yp[i*dy:i*dy+dy], ys[p*dy:p*dy+dy])
		}
		if ksg(xs, dx, yp, dy, o.K, o.Algorithm) >= obs {
			exceed++
		}
	}
	return float64(1+exceed) / float64(1+shuffles), nil
}
