package linalg

import (
	"fmt"
	"math"
	"runtime"
	"testing"

	"github.com/syninfo/syninfo/internal/rng"
)

// TestRankKnown checks Rank on Gram matrices B Bᵀ of B (n×r) with known rank
// r, with rows of B scaled over up to 12 orders of magnitude, on every kernel
// path.
func TestRankKnown(t *testing.T) {
	cases := []struct{ n, r int }{
		{1, 0}, {1, 1}, {2, 1}, {5, 0}, {10, 3}, {17, 17}, {100, 37}, {97, 96},
		{300, 299}, {513, 200}, {600, 600}, {1000, 999}, {2000, 1500},
	}
	type built struct {
		n, r   int
		spread float64
		a      []float64
	}
	var mats []built
	for _, c := range cases {
		if testing.Short() && c.n > 1000 {
			continue
		}
		for _, spread := range []float64{0, 12} {
			r := rng.New(9, uint64(c.n), uint64(c.r), uint64(spread))
			b := gaussian(r, c.n, c.r)
			for i := 0; i < c.n; i++ {
				s := math.Pow(10, spread*(r.Float64()-0.5))
				for j := 0; j < c.r; j++ {
					b[i*c.r+j] *= s
				}
			}
			mats = append(mats, built{c.n, c.r, spread, gram(b, c.n, c.r)})
		}
	}
	withKernels(t, func(t *testing.T) {
		for _, m := range mats {
			if !useAsm && m.n > 1000 {
				continue // the pure-Go path is covered by the smaller sizes
			}
			t.Run(fmt.Sprintf("n%d_r%d_spread%g", m.n, m.r, m.spread), func(t *testing.T) {
				if got := Rank(clone(m.a), m.n, 1e-10); got != m.r {
					t.Errorf("rank %d, want %d", got, m.r)
				}
			})
		}
	})
}

// TestRankWithZeroRows checks rows of zeros and a tolerance that decides.
func TestRankWithZeroRows(t *testing.T) {
	// diag(1, 0, 1e-6, 0, 2): rank 3; with relTol 1e-5 the 1e-6 pivot is
	// relative to the equilibrated diagonal 1, so still counted.
	a := make([]float64, 25)
	for i, d := range []float64{1, 0, 1e-6, 0, 2} {
		a[i*5+i] = d
	}
	if got := Rank(clone(a), 5, 1e-5); got != 3 {
		t.Errorf("rank %d, want 3", got)
	}
	// Two nearly parallel rows: [1 1; 1 1+δ] has equilibrated pivots 1 and
	// about δ: rank 2 for relTol < δ/2, 1 above.
	const delta = 1e-6
	b := []float64{1, 1, 1, 1 + delta}
	for _, c := range []struct {
		tol  float64
		want int
	}{{1e-9, 2}, {1e-4, 1}} {
		if got := Rank(clone(b), 2, c.tol); got != c.want {
			t.Errorf("relTol %g: rank %d, want %d", c.tol, got, c.want)
		}
	}
	if got := Rank([]float64{1, math.NaN(), math.NaN(), 1}, 2, 0); got != -1 {
		t.Errorf("NaN: rank %d, want -1", got)
	}
	if got := Rank(nil, 0, 0); got != 0 {
		t.Errorf("empty: rank %d", got)
	}
}

func TestRankDeterministic(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(0))
	r := rng.New(10)
	const n, k = 700, 650
	src := gram(gaussian(r, n, k), n, k)
	var ref []float64
	for _, procs := range []int{1, 2, 3} {
		runtime.GOMAXPROCS(procs)
		a := clone(src)
		if got := Rank(a, n, 1e-10); got != k {
			t.Fatalf("rank %d, want %d", got, k)
		}
		if ref == nil {
			ref = a
			continue
		}
		for i := range a {
			if math.Float64bits(a[i]) != math.Float64bits(ref[i]) {
				t.Fatalf("GOMAXPROCS=%d: factor differs at %d", procs, i)
			}
		}
	}
}

// TestSymSwap checks the symmetric permutation on upper storage against a
// brute-force permutation of the full matrix.
func TestSymSwap(t *testing.T) {
	const n = 7
	r := rng.New(12)
	full := gram(gaussian(r, n, n), n, n)
	for _, kp := range [][2]int{{0, 6}, {2, 3}, {1, 5}, {4, 4}} {
		a := clone(full)
		symSwap(a, n, kp[0], kp[1])
		perm := make([]int, n)
		for i := range perm {
			perm[i] = i
		}
		perm[kp[0]], perm[kp[1]] = perm[kp[1]], perm[kp[0]]
		for i := 0; i < n; i++ {
			for j := i; j < n; j++ {
				if want := full[perm[i]*n+perm[j]]; a[i*n+j] != want {
					t.Fatalf("swap %v: [%d,%d] = %v, want %v", kp, i, j, a[i*n+j], want)
				}
			}
		}
	}
}
