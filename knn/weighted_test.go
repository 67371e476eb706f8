package knn

import (
	"flag"
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/syninfo/syninfo/internal/rng"
	"gonum.org/v1/gonum/mat"
)

var gaussTable = flag.Bool("gausstable", false, "print the Gaussian accuracy table of the entropy estimators at d = 1…20 (minutes)")

// TestKDistancesBrute checks the multi-k search against a full sort of all
// distances, ties included (rounded data).
func TestKDistancesBrute(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for _, d := range []int{1, 2, 3, 4, 5, 6, 8} {
		for _, round := range []bool{false, true} {
			m, kmax := 300, 9
			x := make([]float64, m*d)
			for i := range x {
				x[i] = r.NormFloat64()
				if round {
					x[i] = math.Round(4 * x[i])
				}
			}
			got := kDistances(x, d, kmax)
			for i := 0; i < m; i++ {
				nb := bruteNeighbours(x, d, kmax, i)
				for j, nj := range nb {
					want := bruteDist(row(x, d, i), row(x, d, nj))
					if got[i*kmax+j] != want {
						t.Fatalf("d=%d round=%v row %d: %d-th distance %v, brute force %v", d, round, i, j+1, got[i*kmax+j], want)
					}
				}
			}
		}
	}
}

// TestBiasWeights checks the weights against their defining conditions,
// Σ w = 1 and Σ_k w_k Γ(k + 2l/d)/Γ(k) = 0 (with math.Gamma, not the log
// gammas of the code), and against the minimum-norm solution by the normal
// equations w = Aᵀ(AAᵀ)⁻¹e₁.
func TestBiasWeights(t *testing.T) {
	for _, d := range []int{1, 2, 3, 4, 7, 8, 12, 16, 20} {
		for _, kmax := range []int{4, 12, 24} {
			for terms := 0; terms <= max(1, d/4) && terms < kmax && terms <= 3; terms++ {
				w, err := BiasWeights(d, kmax, terms)
				if err != nil {
					t.Fatalf("d=%d kmax=%d terms=%d: %v", d, kmax, terms, err)
				}
				sum := 0.0
				for _, v := range w {
					sum += v
				}
				if math.Abs(sum-1) > 1e-9 {
					t.Errorf("d=%d kmax=%d terms=%d: Σw = %v", d, kmax, terms, sum)
				}
				a := mat.NewDense(terms+1, kmax, nil)
				for j := 1; j <= kmax; j++ {
					a.Set(0, j-1, 1)
					for l := 1; l <= terms; l++ {
						g := math.Gamma(float64(j)+2*float64(l)/float64(d)) / math.Gamma(float64(j))
						a.Set(l, j-1, g)
					}
				}
				for l := 1; l <= terms; l++ {
					s, scale := 0.0, 0.0
					for j := 0; j < kmax; j++ {
						s += w[j] * a.At(l, j)
						scale += math.Abs(w[j] * a.At(l, j))
					}
					if math.Abs(s) > 1e-9*scale {
						t.Errorf("d=%d kmax=%d terms=%d: bias term %d = %v (scale %v)", d, kmax, terms, l, s, scale)
					}
				}
				var aat mat.Dense
				aat.Mul(a, a.T())
				e1 := mat.NewVecDense(terms+1, nil)
				e1.SetVec(0, 1)
				var y mat.VecDense
				if err := y.SolveVec(&aat, e1); err != nil {
					t.Fatal(err)
				}
				var wn mat.VecDense
				wn.MulVec(a.T(), &y)
				for j := range w {
					if math.Abs(w[j]-wn.AtVec(j)) > 1e-6*(1+math.Abs(w[j])) {
						t.Errorf("d=%d kmax=%d terms=%d: w[%d] = %v, normal equations %v", d, kmax, terms, j, w[j], wn.AtVec(j))
						break
					}
				}
				if terms == 0 && math.Abs(w[0]-1/float64(kmax)) > 1e-12 {
					t.Errorf("terms = 0: w[0] = %v, want 1/kmax", w[0])
				}
			}
		}
	}
	if _, err := BiasWeights(4, 2, 2); err == nil {
		t.Error("3 constraints on 2 weights: no error")
	}
	for _, d := range []int{1, 4, 12, 20} {
		w, terms, err := AutoWeights(d, DefaultKMax)
		if err != nil || terms < 1 || norm2(w) > WeightNormMax {
			t.Errorf("AutoWeights(%d): %d terms, norm %v, %v", d, terms, norm2(w), err)
		}
	}
}

// TestWeightedIsSumOfPlain checks that the one-search weighted estimate
// equals Σ_k w_k times the plain single-k estimates (separate searches).
func TestWeightedIsSumOfPlain(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	for _, d := range []int{1, 3, 6, 9} {
		x := make([]float64, 2000*d)
		for i := range x {
			x[i] = r.ExpFloat64()
		}
		w, _, err := AutoWeights(d, 12)
		if err != nil {
			t.Fatal(err)
		}
		for _, pk := range []int{1, 3, 12} {
			got, plain, ok := weightedKL(x, d, w, pk)
			want := 0.0
			for j, wj := range w {
				h, ok := kl(x, d, j+1)
				if !ok {
					t.Fatal("duplicates")
				}
				want += wj * h
			}
			if !ok || math.Abs(got-want) > 1e-10*math.Max(1, math.Abs(want)) {
				t.Errorf("d=%d: weighted %v, Σ w_k H_k %v", d, got, want)
			}
			// The plain estimate from the same search is kl's, bit for bit.
			if h, _ := kl(x, d, pk); plain != h {
				t.Errorf("d=%d: plain k=%d from the weighted search %v, kl %v", d, pk, plain, h)
			}
		}
		if _, plain, _ := weightedKL(x, d, w, 13); !math.IsNaN(plain) {
			t.Errorf("d=%d: plain k=13 > KMax = %v, want NaN", d, plain)
		}
	}
}

// TestEntropyWithPlain: a weighted estimate's Plain is the unweighted
// estimator's Value on the same data and options (whitened or not, with
// or without blocks), and NaN for an unweighted estimate.
func TestEntropyWithPlain(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 8))
	for _, d := range []int{2, 5} {
		x := make([]float64, 3000*d)
		for i := range x {
			x[i] = r.NormFloat64() + 0.5*x[i-i%d]
		}
		for _, whiten := range []bool{false, true} {
			for _, blocks := range []int{1, 10} {
				o := Options{K: 3, Blocks: blocks}
				wt, err := EntropyWith(x, d, o, Estimator{Whiten: whiten, Weighted: true})
				if err != nil {
					t.Fatal(err)
				}
				pl, err := EntropyWith(x, d, o, Estimator{Whiten: whiten})
				if err != nil {
					t.Fatal(err)
				}
				if wt.Plain != pl.Value {
					t.Errorf("d=%d whiten=%v blocks=%d: Plain %v, unweighted Value %v", d, whiten, blocks, wt.Plain, pl.Value)
				}
				if !math.IsNaN(pl.Plain) {
					t.Errorf("unweighted estimate has Plain %v, want NaN", pl.Plain)
				}
			}
		}
	}
}

// TestWhiten checks that the whitened data have the identity sample
// covariance and that ln det L is half the log-determinant of the sample
// covariance (by LU, not Cholesky).
func TestWhiten(t *testing.T) {
	x, _ := corrGauss(2, 500, 5, 0.8)
	y, ld, ok := Whiten(x, 5)
	if !ok {
		t.Fatal("not positive definite")
	}
	m := 500
	cov := func(z []float64) *mat.Dense {
		zd := mat.NewDense(m, 5, append([]float64(nil), z...))
		for c := 0; c < 5; c++ {
			mu := 0.0
			for i := 0; i < m; i++ {
				mu += zd.At(i, c)
			}
			for i := 0; i < m; i++ {
				zd.Set(i, c, zd.At(i, c)-mu/float64(m))
			}
		}
		var s mat.Dense
		s.Mul(zd.T(), zd)
		s.Scale(1/float64(m-1), &s)
		return &s
	}
	cy := cov(y)
	for i := 0; i < 5; i++ {
		for j := 0; j < 5; j++ {
			want := 0.0
			if i == j {
				want = 1
			}
			if math.Abs(cy.At(i, j)-want) > 1e-10 {
				t.Fatalf("whitened covariance (%d,%d) = %v", i, j, cy.At(i, j))
			}
		}
	}
	var lu mat.LU
	lu.Factorize(cov(x))
	logDet, _ := lu.LogDet()
	if math.Abs(ld-logDet/2) > 1e-10 {
		t.Errorf("ln det L = %v, LU gives %v/2", ld, logDet)
	}
	// Rank-deficient: the third column is the sum of the first two.
	z := make([]float64, 300)
	for i := 0; i < 100; i++ {
		z[3*i], z[3*i+1] = float64(i%7), float64(i%5)
		z[3*i+2] = z[3*i] + z[3*i+1]
	}
	if _, _, ok := Whiten(z, 3); ok {
		t.Error("rank-deficient data whitened")
	}
}

// corrGauss draws m rows of a d-dim Gaussian, column c = s_c·v_c with v an
// AR(1) chain of correlation rho and s_c = 2^(c mod 3 − 1), and returns the
// rows and the exact entropy ½ln((2πe)^d det Σ).
func corrGauss(seed uint64, m, d int, rho float64) ([]float64, float64) {
	g := rng.New(seed, uint64(d))
	x := make([]float64, m*d)
	s := math.Sqrt(1 - rho*rho)
	logdet := 0.0
	for c := 0; c < d; c++ {
		logdet += 2 * math.Log(math.Pow(2, float64(c%3-1)))
		if c > 0 {
			logdet += math.Log(1 - rho*rho)
		}
	}
	for i := 0; i < m; i++ {
		prev := 0.0
		for c := 0; c < d; c++ {
			v := g.NormFloat64()
			if c > 0 {
				v = rho*prev + s*v
			}
			prev = v
			x[i*d+c] = v * math.Pow(2, float64(c%3-1))
		}
	}
	return x, 0.5*float64(d)*math.Log(2*math.Pi*math.E) + 0.5*logdet
}

// TestEntropyWithGaussian checks the whitened estimators against the exact
// entropy of strongly correlated Gaussians (ρ = 0.9) at M = 20000, with
// tolerances set from the measured errors at d = 1…8 (docs/truth.md) and
// the plain estimator's error, which whitening must reduce at d ≥ 6.
func TestEntropyWithGaussian(t *testing.T) {
	if testing.Short() {
		t.Skip("M = 20000 estimates")
	}
	for _, d := range []int{1, 2, 4, 6, 8} {
		x, h := corrGauss(1, 20000, d, 0.9)
		plain, err := EntropyWith(x, d, Options{Blocks: 1}, Estimator{})
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range []Estimator{{Whiten: true}, {Whiten: true, Weighted: true}} {
			est, err := EntropyWith(x, d, Options{Blocks: 1}, e)
			if err != nil {
				t.Fatal(err)
			}
			t.Logf("d=%d %s: error %+.4f (plain %+.4f)", d, e.Name(), est.Value-h, plain.Value-h)
			if math.Abs(est.Value-h) > 0.1 {
				t.Errorf("d=%d %s: h = %.4f, exact %.4f", d, e.Name(), est.Value, h)
			}
			if d >= 6 && math.Abs(est.Value-h) > math.Abs(plain.Value-h) {
				t.Errorf("d=%d %s: error %.4f not below the plain estimator's %.4f", d, e.Name(), est.Value-h, plain.Value-h)
			}
		}
	}
}

// TestGaussianTable prints the errors of the entropy estimators on
// correlated Gaussians at d = 1…20 (docs/truth.md).
func TestGaussianTable(t *testing.T) {
	if !*gaussTable {
		t.Skip("prints the d = 1…20 table with -gausstable")
	}
	fmt.Println("| d | M | kl | kl-white | wkl-white |")
	fmt.Println("|---|---|---|---|---|")
	for _, d := range []int{1, 2, 3, 4, 6, 8, 10, 12, 14, 16, 20} {
		for _, m := range []int{4000, 20000} {
			x, h := corrGauss(1, m, d, 0.9)
			line := fmt.Sprintf("| %d | %d |", d, m)
			for _, e := range []Estimator{{}, {Whiten: true}, {Whiten: true, Weighted: true}} {
				est, err := EntropyWith(x, d, Options{Blocks: 1}, e)
				if err != nil {
					t.Fatal(err)
				}
				line += fmt.Sprintf(" %+.3f |", est.Value-h)
			}
			fmt.Println(line)
		}
	}
}
