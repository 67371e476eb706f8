package linalg

import (
	"fmt"
	"math"
	"runtime"
	"sort"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/syninfo/syninfo/internal/rng"
)

// TestMinEigenvalueKnownSpectra checks both the dense and the Lanczos paths
// on matrices Q diag(λ) Qᵀ of known spectrum, against the known λ_min and
// gonum's EigenSym, to 1e-8 of the spectral norm.
func TestMinEigenvalueKnownSpectra(t *testing.T) {
	withKernels(t, func(t *testing.T) {
		type spectrum struct {
			name string
			f    func(i, n int, u float64) float64
		}
		spectra := []spectrum{
			{"uniform", func(i, n int, u float64) float64 { return 1 + 9*u }},
			{"negative-min", func(i, n int, u float64) float64 {
				if i == 0 {
					return -0.25
				}
				return 0.5 + u
			}},
			{"cluster-bottom", func(i, n int, u float64) float64 {
				if i < n/10 {
					return -1 + 1e-12*u
				}
				return 2 * u
			}},
			{"semicircle", func(i, n int, u float64) float64 {
				x := 2*float64(i)/float64(n-1) - 1
				return 3 + math.Copysign(1-math.Sqrt(1-math.Abs(x)), x)
			}},
			{"large-norm", func(i, n int, u float64) float64 {
				if i == n-1 {
					return 1e6
				}
				return 1e-3 + u
			}},
			{"close-pair", func(i, n int, u float64) float64 {
				switch i {
				case 0:
					return 1
				case 1:
					return 1 + 1e-9
				}
				return 1.1 + u
			}},
		}
		sizes := []int{2, 3, 50, eigDense, eigDense + 1, 700, 1500}
		if testing.Short() || !productionPath() {
			// The other path differs in its kernels only: the sizes below
			// cover every blocking case; n = 1500 tests Lanczos, not kernels.
			sizes = []int{2, 3, 50, eigDense, eigDense + 1, 700}
		}
		for _, n := range sizes {
			for si, sp := range spectra {
				t.Run(fmt.Sprintf("%s/%d", sp.name, n), func(t *testing.T) {
					r := rng.New(7, uint64(n), uint64(si))
					lambda := make([]float64, n)
					for i := range lambda {
						lambda[i] = sp.f(i, n, r.Float64())
					}
					a := spectral(r, lambda)
					sort.Float64s(lambda)
					norm := max(math.Abs(lambda[0]), math.Abs(lambda[n-1]))
					src := clone(a)
					got, err := MinEigenvalue(a, n)
					if err != nil {
						t.Fatal(err)
					}
					for i := range a {
						if math.Float64bits(a[i]) != math.Float64bits(src[i]) {
							t.Fatal("MinEigenvalue modified its input")
						}
					}
					if d := math.Abs(got - lambda[0]); d > 1e-8*norm {
						t.Errorf("λ_min = %.15g, known %.15g (error %.2g ‖A‖)", got, lambda[0], d/norm)
					}
					if lambda[0] > 0 {
						u := clone(src)
						if _, ok := Cholesky(u, n); !ok {
							t.Fatal("Cholesky failed on a positive definite matrix")
						}
						gc, err := MinEigenvalueCholesky(u, n)
						if err != nil {
							t.Fatal(err)
						}
						// 1e-8 relative, plus the eigenvalue perturbation n·ε·‖A‖ the
						// backward error of the factorisation allows.
						if d := math.Abs(gc - lambda[0]); d > 1e-8*lambda[0]+float64(n)*0x1p-52*norm {
							t.Errorf("MinEigenvalueCholesky = %.15g, known %.15g", gc, lambda[0])
						}
					}
					// A dense solver cross-checks the smallest Lanczos order; the
					// known spectrum is the reference everywhere.
					if n == eigDense+1 && productionPath() {
						var es mat.EigenSym
						if !es.Factorize(mat.NewSymDense(n, clone(src)), false) {
							t.Fatal("EigenSym failed")
						}
						if w := es.Values(nil)[0]; math.Abs(got-w) > 1e-8*norm {
							t.Errorf("λ_min = %.15g, EigenSym %.15g", got, w)
						}
					}
				})
			}
		}
	})
}

// TestMinEigenvalueRandom compares with EigenSym on Wigner-like matrices,
// whose smallest eigenvalue sits at a square-root spectral edge (the slowest
// case for Lanczos).
func TestMinEigenvalueRandom(t *testing.T) {
	withKernels(t, func(t *testing.T) {
		sizes := []int{1, 7, 401, 900}
		if !productionPath() {
			sizes = sizes[:3] // 401 already runs Lanczos; 900 costs a dense EigenSym
		}
		for _, n := range sizes {
			a := ddMatrix(n)
			for i := 0; i < n; i++ {
				a[i*n+i] = 0
			}
			var es mat.EigenSym
			if !es.Factorize(mat.NewSymDense(n, clone(a)), false) {
				t.Fatal("EigenSym failed")
			}
			vals := es.Values(nil)
			norm := max(math.Abs(vals[0]), math.Abs(vals[n-1]))
			got, err := MinEigenvalue(a, n)
			if err != nil {
				t.Fatal(err)
			}
			if math.Abs(got-vals[0]) > 1e-8*max(norm, 1e-300) {
				t.Errorf("n=%d: λ_min = %.15g, EigenSym %.15g", n, got, vals[0])
			}
		}
	})
}

func TestMinEigenvalueDeterministic(t *testing.T) {
	withKernels(t, func(t *testing.T) {
		defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(0))
		const n = 800
		a := ddMatrix(n)
		var ref float64
		for i, procs := range []int{1, 2, 5} {
			runtime.GOMAXPROCS(procs)
			v, err := MinEigenvalue(a, n)
			if err != nil {
				t.Fatal(err)
			}
			if i == 0 {
				ref = v
			} else if math.Float64bits(v) != math.Float64bits(ref) {
				t.Errorf("GOMAXPROCS=%d: %v, want %v", procs, v, ref)
			}
		}
	})
}

func TestMinEigenvalueBadInput(t *testing.T) {
	nan := ddMatrix(600)
	nan[3*600+500] = math.NaN()
	for _, c := range []struct {
		name string
		a    []float64
		n    int
	}{
		{"empty", nil, 0},
		{"short", []float64{1, 2, 3}, 2},
		{"nan", nan, 600},
		{"inf", []float64{math.Inf(-1)}, 1},
	} {
		if v, err := MinEigenvalue(c.a, c.n); err == nil {
			t.Errorf("%s: %v without error", c.name, v)
		}
	}
}

// TestSymMatVec checks the chunked symmetric product against brute force.
func TestSymMatVec(t *testing.T) {
	withKernels(t, func(t *testing.T) {
		for _, n := range []int{1, 2, 15, 17, 333, 1030} {
			r := rng.New(8, uint64(n))
			a := gaussian(r, n, n)
			x := gaussian(r, n, 1)
			y := make([]float64, n)
			newSymMatVec(a, n).apply(x, y)
			for i := 0; i < n; i++ {
				var s float64
				for j := 0; j < n; j++ {
					v := a[min(i, j)*n+max(i, j)] // upper triangle
					s += v * x[j]
				}
				if math.Abs(y[i]-s) > 1e-13*float64(n) {
					t.Fatalf("n=%d: y[%d] = %v, want %v", n, i, y[i], s)
				}
			}
		}
	})
}

func TestMinEigenvalueCholeskyBadInput(t *testing.T) {
	for _, c := range []struct {
		name string
		u    []float64
		n    int
	}{
		{"empty", nil, 0},
		{"short", []float64{1, 2, 3}, 2},
		{"zero pivot", []float64{1, 0, 0, 0}, 2},
		{"nan pivot", []float64{math.NaN()}, 1},
	} {
		if v, err := MinEigenvalueCholesky(c.u, c.n); err == nil {
			t.Errorf("%s: %v without error", c.name, v)
		}
	}
	if v, err := MinEigenvalueCholesky([]float64{3}, 1); err != nil || v != 9 {
		t.Errorf("1x1: %v %v, want 9", v, err)
	}
}
