package model

import (
	"testing"

	"github.com/syninfo/syninfo/internal/rng"
	"gonum.org/v1/gonum/mat"
)

// TestPositiveDefinite: the Cholesky test agrees with the eigenvalues
// (gonum's EigenSym) on random symmetric matrices whose smallest
// eigenvalue is clearly positive or clearly negative (beyond 1e-8 of the
// largest), of orders 1 to 30, and on fixed singular and indefinite ones.
func TestPositiveDefinite(t *testing.T) {
	for _, tc := range []struct {
		a    []float64
		n    int
		want bool
	}{
		{[]float64{1}, 1, true}, {[]float64{0}, 1, false}, {[]float64{-1}, 1, false},
		{[]float64{1, 2, 2, 1}, 2, false}, {[]float64{1, 1, 1, 1}, 2, false}, {[]float64{4, 2, 2, 3}, 2, true},
		{[]float64{1e300, 0, 0, 1e-300}, 2, true},
	} {
		if got := positiveDefinite(append([]float64(nil), tc.a...), tc.n); got != tc.want {
			t.Errorf("%v: %v, want %v", tc.a, got, tc.want)
		}
	}
	r := rng.New(11)
	tested := [2]int{}
	for trial := 0; trial < 3000; trial++ {
		n := 1 + r.IntN(30)
		b := make([]float64, n*n)
		for i := range b {
			b[i] = r.NormFloat64()
		}
		a := make([]float64, n*n)
		shift := r.NormFloat64() * float64(n) / 4
		for i := 0; i < n; i++ {
			for j := 0; j < n; j++ {
				for l := 0; l < n; l++ {
					a[i*n+j] += b[i*n+l] * b[j*n+l] / float64(n)
				}
			}
			a[i*n+i] += shift
		}
		var e mat.EigenSym
		if !e.Factorize(mat.NewSymDense(n, append([]float64(nil), a...)), false) {
			t.Fatal("eigenvalues did not converge")
		}
		vals := e.Values(nil)
		lo, hi := vals[0], max(-vals[0], vals[n-1])
		if lo > -1e-8*hi && lo < 1e-8*hi {
			continue // too close to call in floating point
		}
		want := lo > 0
		if got := positiveDefinite(a, n); got != want {
			t.Fatalf("order %d, smallest eigenvalue %g of %g: positiveDefinite %v", n, lo, hi, got)
		}
		if want {
			tested[1]++
		} else {
			tested[0]++
		}
	}
	if tested[0] < 300 || tested[1] < 300 {
		t.Errorf("too few of each kind: %v", tested)
	}
}
