package empirical

import (
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas64"
	"gonum.org/v1/gonum/lapack/lapack64"
)

// gram returns B B^T for a d x r matrix B with standard normal entries.
func gram(r *rand.Rand, d, rank int) []float64 {
	b := make([]float64, d*rank)
	for i := range b {
		b[i] = r.NormFloat64()
	}
	a := make([]float64, d*d)
	for i := 0; i < d; i++ {
		for j := 0; j < d; j++ {
			for k := 0; k < rank; k++ {
				a[i*d+j] += b[i*rank+k] * b[j*rank+k]
			}
		}
	}
	return a
}

func exchangeable(d int, s, rho float64) []float64 {
	a := make([]float64, d*d)
	for i := 0; i < d; i++ {
		for j := 0; j < d; j++ {
			a[i*d+j] = s * s * rho
		}
		a[i*d+i] = s * s
	}
	return a
}

func TestPivotedCholesky(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	diag := make([]float64, 16)
	diag[0], diag[5], diag[15] = 2, 0.5, 3 // rank 3, zeros on the diagonal
	tests := []struct {
		name string
		d    int
		a    []float64
		rank int
	}{
		{"full rank 6", 6, gram(r, 6, 9), 6},
		{"rank 3 of 7", 7, gram(r, 7, 3), 3},
		{"rank 1 of 5", 5, gram(r, 5, 1), 1},
		{"exchangeable r=1", 4, exchangeable(4, 1.5, 1), 1},
		{"exchangeable r=-1/(d-1)", 5, exchangeable(5, 1, -0.25), 4},
		{"exchangeable r=0.9", 8, exchangeable(8, 0.7, 0.9), 8},
		{"zero", 3, make([]float64, 9), 0},
		{"diagonal with zeros", 4, diag, 3},
		{"1x1", 1, []float64{0.3}, 1},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			rt := pivotedCholesky(tc.a, tc.d)
			if rt.r != tc.rank {
				t.Fatalf("rank %d, want %d", rt.r, tc.rank)
			}
			scale := 0.0
			for i := 0; i < tc.d; i++ {
				scale = math.Max(scale, tc.a[i*tc.d+i])
			}
			// LAPACK's dpstrf (gonum), an independent implementation, finds
			// the same numerical rank under the same stopping tolerance.
			w := append([]float64(nil), tc.a...)
			sym := blas64.Symmetric{Uplo: blas.Lower, N: tc.d, Stride: tc.d, Data: w}
			if _, r, _ := lapack64.Pstrf(sym, make([]int, tc.d), float64(tc.d)*0x1p-52*scale, make([]float64, 2*tc.d)); r != rt.r {
				t.Fatalf("rank %d, LAPACK dpstrf finds %d", rt.r, r)
			}
			seen := make([]bool, tc.d)
			for _, p := range rt.perm {
				if seen[p] {
					t.Fatalf("perm %v is not a permutation", rt.perm)
				}
				seen[p] = true
			}
			for p := 0; p < tc.d; p++ {
				for j := p + 1; j < rt.r; j++ {
					if rt.l[p*rt.r+j] != 0 {
						t.Fatalf("L[%d][%d] = %g above the diagonal", p, j, rt.l[p*rt.r+j])
					}
				}
				for q := 0; q < tc.d; q++ {
					s := 0.0
					for j := 0; j < rt.r; j++ {
						s += rt.l[p*rt.r+j] * rt.l[q*rt.r+j]
					}
					want := tc.a[rt.perm[p]*tc.d+rt.perm[q]]
					if math.Abs(s-want) > 1e-12*math.Max(scale, 1) {
						t.Fatalf("(P L L^T P^T)[%d][%d] = %.17g, want %.17g", rt.perm[p], rt.perm[q], s, want)
					}
				}
			}
		})
	}
}

// A semi-definite matrix whose smallest eigenvalue came out slightly negative
// in floating point is factorised with that part clipped.
func TestPivotedCholeskyNegativeRounding(t *testing.T) {
	d := 6
	a := exchangeable(d, 1, -1/float64(d-1)) // exactly singular: 1^T a 1 = 0
	a[0] -= 1e-13                            // now indefinite by rounding
	rt := pivotedCholesky(a, d)
	if rt.r != d-1 {
		t.Fatalf("rank %d, want %d", rt.r, d-1)
	}
	for _, v := range rt.l {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			t.Fatalf("non-finite factor entry %v", v)
		}
	}
}
