package linalg

import (
	"fmt"
	"sync"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/syninfo/syninfo/internal/cputime"
	"github.com/syninfo/syninfo/internal/rng"
)

var benchSizes = []int{20, 200, 1000, 4950}

// cpuMeter reports the process CPU seconds per operation ("cpu-s/op"), a
// figure that, unlike wall time, does not grow when other processes share
// the cores. Call the returned function after the b.Loop loop.
func cpuMeter(b *testing.B) func() {
	start := cputime.Now()
	return func() {
		b.ReportMetric((cputime.Now()-start).Seconds()/float64(b.N), "cpu-s/op")
	}
}

// spdBench returns a well-conditioned SPD matrix of order n: B Bᵀ/n + I.
var spdBench = func() func(n int) []float64 {
	var mu sync.Mutex
	cache := map[int][]float64{}
	return func(n int) []float64 {
		mu.Lock()
		defer mu.Unlock()
		if a, ok := cache[n]; ok {
			return a
		}
		r := rng.New(13, uint64(n))
		a := gram(gaussian(r, n, n), n, n)
		for i := range a {
			a[i] /= float64(n)
		}
		for i := 0; i < n; i++ {
			a[i*n+i]++
		}
		cache[n] = a
		return a
	}
}()

// BenchmarkCholesky includes copying the input (Cholesky works in place);
// BenchmarkCopy measures that copy alone.
func BenchmarkCholesky(b *testing.B) {
	for _, n := range benchSizes {
		b.Run(fmt.Sprint(n), func(b *testing.B) { benchCholesky(b, n) })
	}
}

// benchCholesky times Cholesky of spdBench(n), input copy included.
func benchCholesky(b *testing.B, n int) {
	src := spdBench(n)
	a := make([]float64, n*n)
	done := cpuMeter(b)
	for b.Loop() {
		copy(a, src)
		if _, ok := Cholesky(a, n); !ok {
			b.Fatal("not positive definite")
		}
	}
	done()
	b.ReportMetric(float64(n)*float64(n)*float64(n)/3/1e9/(b.Elapsed().Seconds()/float64(b.N)), "GFLOP/s")
}

func BenchmarkCopy(b *testing.B) {
	for _, n := range benchSizes {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			src := spdBench(n)
			a := make([]float64, n*n)
			done := cpuMeter(b)
			for b.Loop() {
				copy(a, src)
			}
			done()
		})
	}
}

func BenchmarkGonumCholesky(b *testing.B) {
	for _, n := range benchSizes {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			s := mat.NewSymDense(n, spdBench(n))
			var ch mat.Cholesky
			done := cpuMeter(b)
			for b.Loop() {
				if !ch.Factorize(s) {
					b.Fatal("not positive definite")
				}
				_ = ch.LogDet()
			}
			done()
			b.ReportMetric(float64(n)*float64(n)*float64(n)/3/1e9/(b.Elapsed().Seconds()/float64(b.N)), "GFLOP/s")
		})
	}
}

func BenchmarkMinEigenvalue(b *testing.B) {
	for _, n := range benchSizes {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			a := ddMatrix(n)
			done := cpuMeter(b)
			for b.Loop() {
				if _, err := MinEigenvalue(a, n); err != nil {
					b.Fatal(err)
				}
			}
			done()
		})
	}
}

// BenchmarkGonumEigenSym skips n = 4950 (minutes per call).
func BenchmarkGonumEigenSym(b *testing.B) {
	for _, n := range benchSizes[:3] {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			s := mat.NewSymDense(n, ddMatrix(n))
			var es mat.EigenSym
			done := cpuMeter(b)
			for b.Loop() {
				if !es.Factorize(s, false) {
					b.Fatal("failed")
				}
			}
			done()
		})
	}
}

// fwBench caches the full-network Fenton–Wilkinson matrix (N = 100,
// n = 4950, K = 20).
var fwBench = sync.OnceValues(func() ([]float64, int) {
	return fwMatrix(100, 20, 0.5, 0.1)
})

// BenchmarkFullNetwork times the closed form's linear algebra on a real
// log-covariance C: Cholesky (with its input copy) and MinEigenvalue, on each
// path (see BenchmarkCholeskyPaths).
func BenchmarkFullNetwork(b *testing.B) {
	c, n := fwBench()
	for _, p := range []struct {
		name string
		asm  bool
	}{{"avx2", true}, {"portable", false}} {
		if p.asm && !hasAVX2FMA {
			continue
		}
		save := useAsm
		useAsm = p.asm
		b.Run(p.name+"/Cholesky", func(b *testing.B) {
			a := make([]float64, n*n)
			done := cpuMeter(b)
			for b.Loop() {
				copy(a, c)
				Cholesky(a, n)
			}
			done()
		})
		b.Run(p.name+"/MinEigenvalue", func(b *testing.B) {
			done := cpuMeter(b)
			for b.Loop() {
				if _, err := MinEigenvalue(c, n); err != nil {
					b.Fatal(err)
				}
			}
			done()
		})
		b.Run(p.name+"/MinEigenvalueCholesky", func(b *testing.B) {
			u := clone(c)
			if _, ok := Cholesky(u, n); !ok {
				b.Skip("C is not positive definite")
			}
			done := cpuMeter(b)
			for b.Loop() {
				if _, err := MinEigenvalueCholesky(u, n); err != nil {
					b.Fatal(err)
				}
			}
			done()
		})
		useAsm = save
	}
}

// BenchmarkCholeskyPaths compares the two paths of Cholesky on the same
// matrices: "avx2" (the blocked algorithm with the assembly kernels) and
// "portable" (gonum's LAPACK dpotrf, what CPUs without AVX2+FMA and
// non-amd64 builds run). The input copy is included.
func BenchmarkCholeskyPaths(b *testing.B) {
	for _, n := range benchSizes {
		for _, p := range []struct {
			name string
			asm  bool
		}{{"avx2", true}, {"portable", false}} {
			if p.asm && !hasAVX2FMA {
				continue
			}
			b.Run(fmt.Sprint(p.name, "/", n), func(b *testing.B) {
				save := useAsm
				useAsm = p.asm
				defer func() { useAsm = save }()
				benchCholesky(b, n)
			})
		}
	}
}
