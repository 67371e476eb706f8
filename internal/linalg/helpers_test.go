package linalg

import (
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/syninfo/syninfo/internal/rng"
)

// gaussian returns an r×c matrix (row-major) of standard normal draws.
func gaussian(r *rand.Rand, rows, cols int) []float64 {
	b := make([]float64, rows*cols)
	for i := range b {
		b[i] = r.NormFloat64()
	}
	return b
}

// gram returns B Bᵀ (full storage) for B of size n×k, by brute force (by
// gonum's matrix product for large sizes).
func gram(b []float64, n, k int) []float64 {
	if n*n*k > 1e8 {
		var p mat.Dense
		bm := mat.NewDense(n, k, b)
		p.Mul(bm, bm.T())
		a := p.RawMatrix().Data
		for i := 0; i < n; i++ { // exact symmetry
			for j := i + 1; j < n; j++ {
				a[j*n+i] = a[i*n+j]
			}
		}
		return a
	}
	a := make([]float64, n*n)
	for i := 0; i < n; i++ {
		bi := b[i*k : (i+1)*k]
		for j := i; j < n; j++ {
			bj := b[j*k : (j+1)*k]
			var s float64
			for p := range bi {
				s += bi[p] * bj[p]
			}
			a[i*n+j], a[j*n+i] = s, s
		}
	}
	return a
}

// spectral returns Q diag(lambda) Qᵀ for an orthogonal Q that is the product
// of three random Householder reflectors, so that the spectrum is known.
func spectral(r *rand.Rand, lambda []float64) []float64 {
	n := len(lambda)
	a := make([]float64, n*n)
	for i, l := range lambda {
		a[i*n+i] = l
	}
	mv := make([]float64, n)
	for h := 0; h < 3; h++ {
		v := gaussian(r, n, 1)
		nv := 0.0
		for _, x := range v {
			nv += x * x
		}
		for i := range v {
			v[i] /= math.Sqrt(nv)
		}
		// H A H = A - 2 v (Av)ᵀ - 2 (Av) vᵀ + 4 (vᵀAv) v vᵀ, A symmetric.
		var vav float64
		for i := 0; i < n; i++ {
			var s float64
			for j := 0; j < n; j++ {
				s += a[i*n+j] * v[j]
			}
			mv[i] = s
			vav += v[i] * s
		}
		for i := 0; i < n; i++ {
			for j := 0; j < n; j++ {
				a[i*n+j] += -2*v[i]*mv[j] - 2*mv[i]*v[j] + 4*vav*v[i]*v[j]
			}
		}
	}
	// Exact symmetry.
	for i := 0; i < n; i++ {
		for j := i + 1; j < n; j++ {
			a[j*n+i] = a[i*n+j]
		}
	}
	return a
}

// ldlt returns L D Lᵀ for a random unit lower-triangular L with entries of
// size ~1/sqrt(n), and its exact log-determinant Σ ln d_i.
func ldlt(r *rand.Rand, d []float64) ([]float64, float64) {
	n := len(d)
	l := make([]float64, n*n)
	for i := 0; i < n; i++ {
		l[i*n+i] = 1
		for j := 0; j < i; j++ {
			l[i*n+j] = r.NormFloat64() / math.Sqrt(float64(n))
		}
	}
	a := make([]float64, n*n)
	for i := 0; i < n; i++ {
		for j := 0; j <= i; j++ {
			var s float64
			for p := 0; p <= j; p++ {
				s += l[i*n+p] * d[p] * l[j*n+p]
			}
			a[i*n+j], a[j*n+i] = s, s
		}
	}
	var ld float64
	for _, v := range d {
		ld += math.Log(math.Abs(v))
	}
	return a, ld
}

// ddMatrix returns a diagonally dominant symmetric matrix: U(-1,1) entries,
// n on the diagonal (a semicircle-like spectrum around n).
func ddMatrix(n int) []float64 {
	r := rng.New(3, uint64(n))
	a := make([]float64, n*n)
	for i := 0; i < n; i++ {
		for j := i; j < n; j++ {
			v := r.Float64()*2 - 1
			a[i*n+j], a[j*n+i] = v, v
		}
		a[i*n+i] = float64(n)
	}
	return a
}

// fwMatrix builds the Fenton–Wilkinson log-covariance C of docs/method.md §3 for the
// full network of N neurons (n = N(N-1)/2 synapses) and K patterns sharing
// one covariance Σ = s²((1-ρ)I + ρ11ᵀ) + G Gᵀ/N: the matrix the closed form
// factorises.
func fwMatrix(N, K int, s, rho float64) ([]float64, int) {
	r := rng.New(11, uint64(N), uint64(K))
	g := gaussian(r, N, N)
	sig := gram(g, N, N)
	for i := 0; i < N; i++ {
		for j := 0; j < N; j++ {
			sig[i*N+j] /= float64(N)
			v := s * s * rho
			if i == j {
				v = s * s
			}
			sig[i*N+j] += v
		}
	}
	type pair struct{ i, j int }
	var syn []pair
	for i := 0; i < N; i++ {
		for j := i + 1; j < N; j++ {
			syn = append(syn, pair{i, j})
		}
	}
	n := len(syn)
	e := mat.NewDense(K, n, nil)
	for k := 0; k < K; k++ {
		mu := make([]float64, N)
		for i := range mu {
			mu[i] = 2*r.Float64() - 1
		}
		for a, p := range syn {
			vaa := sig[p.i*N+p.i] + 2*sig[p.i*N+p.j] + sig[p.j*N+p.j]
			e.Set(k, a, math.Exp(mu[p.i]+mu[p.j]+vaa/2))
		}
	}
	var ee mat.Dense
	ee.Mul(e.T(), e)
	ea := make([]float64, n)
	for a := range ea {
		ea[a] = mat.Sum(e.ColView(a))
	}
	c := make([]float64, n*n)
	for a, p := range syn {
		for b := a; b < n; b++ {
			q := syn[b]
			v := sig[p.i*N+q.i] + sig[p.i*N+q.j] + sig[p.j*N+q.i] + sig[p.j*N+q.j]
			cov := ee.At(a, b) * math.Expm1(v)
			x := math.Log1p(cov / (ea[a] * ea[b]))
			c[a*n+b], c[b*n+a] = x, x
		}
	}
	return c, n
}

func clone(a []float64) []float64 { return append([]float64(nil), a...) }

// withKernels runs f once per available path: "avx2" (the blocked Cholesky
// with AVX2+FMA kernels, assembly level-1 kernels) when the CPU has it, and
// "portable" (gonum's LAPACK Cholesky, Go level-1 kernels, what non-amd64
// builds run), restoring the detected configuration afterwards.
func withKernels(t *testing.T, f func(t *testing.T)) {
	saveAsm := useAsm
	defer func() { useAsm = saveAsm }()
	if hasAVX2FMA {
		useAsm = true
		t.Run("avx2", f)
	} else {
		t.Log("no AVX2+FMA on this CPU: the assembly path is not tested here")
	}
	useAsm = false
	t.Run("portable", f)
}

// productionPath reports whether the path under test is the one this CPU
// runs in production (slow cross-checks are made on it only).
func productionPath() bool { return useAsm == hasAVX2FMA }
