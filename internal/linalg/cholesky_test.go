package linalg

import (
	"fmt"
	"math"
	"runtime"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/syninfo/syninfo/internal/rng"
)

var cholSizes = []int{1, 2, 3, 17, 64, 65, 96, 97, 200, 257, 513, 1000}

// TestGemmTile checks the AVX2+FMA micro-kernel against a brute-force sum.
func TestGemmTile(t *testing.T) {
	if !hasAVX2FMA {
		t.Skip("SKIPPED: no AVX2+FMA on this CPU, gemmTile is unreachable here")
	}
	for _, k := range []int{0, 1, 2, 7, 256} {
		r := rng.New(1, uint64(k))
		a, b := gaussian(r, k*mr+1, 1), gaussian(r, k*nr+1, 1)
		const ldc = nr + 5
		c := gaussian(r, mr*ldc, 1)
		want := clone(c)
		for i := 0; i < mr; i++ {
			for j := 0; j < nr; j++ {
				var s float64
				for p := 0; p < k; p++ {
					s += a[p*mr+i] * b[p*nr+j]
				}
				want[i*ldc+j] -= s
			}
		}
		gemmTile(k, a, b, c, ldc)
		for i := range c {
			if math.Abs(c[i]-want[i]) > 1e-13*float64(k+1)*math.Sqrt(float64(k+1)) {
				t.Fatalf("k=%d: c[%d] = %v, want %v", k, i, c[i], want[i])
			}
		}
	}
}

// TestVectorKernels checks axpy, axpy4, dotAxpy and dot on every length
// class, on every path.
func TestVectorKernels(t *testing.T) {
	withKernels(t, func(t *testing.T) {
		for _, n := range []int{0, 1, 3, 4, 7, 8, 9, 15, 16, 17, 31, 33, 100} {
			r := rng.New(2, uint64(n))
			const ldx = 103
			x := gaussian(r, 4*ldx, 1)
			y := gaussian(r, n, 1)
			al := [4]float64{0.5, -1.25, 2, 3.5}

			got := clone(y)
			axpy(al[0], x[:n], got)
			for i := 0; i < n; i++ {
				if w := y[i] + al[0]*x[i]; math.Abs(got[i]-w) > 1e-15*(1+math.Abs(w)) {
					t.Fatalf("axpy n=%d i=%d: %v want %v", n, i, got[i], w)
				}
			}

			got = clone(y)
			axpy4(&al, x, ldx, got)
			for i := 0; i < n; i++ {
				w := y[i]
				for q := 0; q < 4; q++ {
					w += al[q] * x[q*ldx+i]
				}
				if math.Abs(got[i]-w) > 1e-14*(1+math.Abs(w)) {
					t.Fatalf("axpy4 n=%d i=%d: %v want %v", n, i, got[i], w)
				}
			}

			got = clone(y)
			d := dotAxpy(al[1], x[:n], x[ldx:ldx+n], got)
			var wd float64
			for i := 0; i < n; i++ {
				wd += x[i] * x[ldx+i]
				if w := y[i] + al[1]*x[i]; math.Abs(got[i]-w) > 1e-15*(1+math.Abs(w)) {
					t.Fatalf("dotAxpy n=%d i=%d: %v want %v", n, i, got[i], w)
				}
			}
			if math.Abs(d-wd) > 1e-14*float64(n+1) {
				t.Fatalf("dotAxpy n=%d: dot %v want %v", n, d, wd)
			}
			if d := dot(x[:n], x[ldx:ldx+n]); math.Abs(d-wd) > 1e-14*float64(n+1) {
				t.Fatalf("dot n=%d: %v want %v", n, d, wd)
			}
		}
	})
}

// TestCholeskyGonum compares ln det and the factor with gonum on random SPD
// matrices B Bᵀ/k + I/10 of many sizes, on every kernel path.
func TestCholeskyGonum(t *testing.T) {
	withKernels(t, func(t *testing.T) {
		sizes := cholSizes
		if !productionPath() {
			sizes = cholSizes[:len(cholSizes)-2] // up to 257: dpotrf blocks at 64
		}
		for _, n := range sizes {
			t.Run(fmt.Sprint(n), func(t *testing.T) {
				r := rng.New(4, uint64(n))
				k := n + 3
				a := gram(gaussian(r, n, k), n, k)
				for i := range a {
					a[i] /= float64(k)
				}
				for i := 0; i < n; i++ {
					a[i*n+i] += 0.1
				}
				var ch mat.Cholesky
				if !ch.Factorize(mat.NewSymDense(n, clone(a))) {
					t.Fatal("gonum: not positive definite")
				}
				want := ch.LogDet()
				u := clone(a)
				got, ok := Cholesky(u, n)
				if !ok {
					t.Fatal("Cholesky: not positive definite")
				}
				if math.Abs(got-want) > 1e-12*float64(n)*max(1, math.Abs(want)/float64(n)) {
					t.Errorf("ln det = %.16g, gonum %.16g", got, want)
				}
				// Uᵀ U must reproduce a (upper triangle).
				var worst float64
				for i := 0; i < n; i++ {
					for j := i; j < n; j++ {
						var s float64
						for p := 0; p <= i; p++ {
							s += u[p*n+i] * u[p*n+j]
						}
						worst = max(worst, math.Abs(s-a[i*n+j]))
					}
				}
				if worst > 1e-14*float64(n) {
					t.Errorf("max |UᵀU - A| = %.3g", worst)
				}
			})
		}
	})
}

// TestCholeskyLDLT checks ln det against the exact value Σ ln d_i of
// A = L D Lᵀ, with D spanning two orders of magnitude (wider spans make the
// rounding of A itself move ln det by more than the factorisation does).
func TestCholeskyLDLT(t *testing.T) {
	for _, n := range []int{1, 5, 97, 300, 600} {
		r := rng.New(5, uint64(n))
		d := make([]float64, n)
		for i := range d {
			d[i] = math.Pow(10, 2*r.Float64()-1)
		}
		a, want := ldlt(r, d)
		got, ok := Cholesky(a, n)
		if !ok || math.Abs(got-want) > 1e-13*float64(n) {
			t.Errorf("n=%d: ln det = %.15g (ok %v), want %.15g", n, got, ok, want)
		}
	}
}

// TestCholeskyNotPD checks that non-positive-definite matrices are reported,
// including a failure in the last block of the blocked algorithm.
func TestCholeskyNotPD(t *testing.T) {
	r := rng.New(6)
	lastNeg := func(n int) []float64 {
		d := make([]float64, n)
		for i := range d {
			d[i] = 1 + r.Float64()
		}
		d[n-1] = -1e-3
		a, _ := ldlt(r, d)
		return a
	}
	indefinite := func(n int) []float64 {
		l := make([]float64, n)
		for i := range l {
			l[i] = 1 + float64(i)
		}
		l[n/2] = -1e-6
		return spectral(r, l)
	}
	nanAt := func(n, i, j int) []float64 {
		a := ddMatrix(n)
		a[i*n+j] = math.NaN()
		return a
	}
	for _, c := range []struct {
		name string
		n    int
		a    []float64
	}{
		{"zero 1", 1, []float64{0}},
		{"negative 1", 1, []float64{-2}},
		{"nan 1", 1, []float64{math.NaN()}},
		{"inf 1", 1, []float64{math.Inf(1)}},
		{"2x2 indefinite", 2, []float64{1, 2, 2, 1}},
		{"last pivot 50", 50, lastNeg(50)},
		{"last pivot 700", 700, lastNeg(700)},
		{"indefinite 65", 65, indefinite(65)},
		{"indefinite 600", 600, indefinite(600)},
		{"nan off-diagonal 700", 700, nanAt(700, 10, 650)},
		{"nan diagonal 700", 700, nanAt(700, 699, 699)},
	} {
		if ld, ok := Cholesky(c.a, c.n); ok {
			t.Errorf("%s: ok with ln det %v", c.name, ld)
		}
	}
}

// TestCholeskyDeterministic checks bit-identical factors for any GOMAXPROCS.
func TestCholeskyDeterministic(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(0))
	const n = 777
	src := ddMatrix(n)
	var ref []float64
	var refLD float64
	for _, procs := range []int{1, 2, 3, 8} {
		runtime.GOMAXPROCS(procs)
		a := clone(src)
		ld, ok := Cholesky(a, n)
		if !ok {
			t.Fatal("not positive definite")
		}
		if ref == nil {
			ref, refLD = a, ld
			continue
		}
		if math.Float64bits(ld) != math.Float64bits(refLD) {
			t.Errorf("GOMAXPROCS=%d: ln det %v differs from %v", procs, ld, refLD)
		}
		for i := 0; i < n; i++ {
			for j := i; j < n; j++ {
				if math.Float64bits(a[i*n+j]) != math.Float64bits(ref[i*n+j]) {
					t.Fatalf("GOMAXPROCS=%d: U[%d,%d] differs", procs, i, j)
				}
			}
		}
	}
}

// TestCholeskyReadsUpper checks that the strict lower triangle is ignored.
func TestCholeskyReadsUpper(t *testing.T) {
	for _, n := range []int{40, 500} {
		a := ddMatrix(n)
		b := clone(a)
		for i := 0; i < n; i++ {
			for j := 0; j < i; j++ {
				b[i*n+j] = math.NaN()
			}
		}
		la, _ := Cholesky(a, n)
		lb, ok := Cholesky(b, n)
		if !ok || la != lb {
			t.Errorf("n=%d: %v (ok %v) with NaN lower triangle, %v without", n, lb, ok, la)
		}
	}
}

func TestCholeskyEmpty(t *testing.T) {
	if ld, ok := Cholesky(nil, 0); !ok || ld != 0 {
		t.Errorf("n=0: %v %v", ld, ok)
	}
}
