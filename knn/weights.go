package knn

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"
)

// BiasWeights returns the weights w_1…w_kmax of the weighted
// Kozachenko–Leonenko estimator of Berrett, Samworth & Yuan (Ann. Statist.
// 47, 2019) that cancel the first terms bias terms in d dimensions.
//
// The k-NN entropy estimate H_k of a smooth density has the bias expansion
// E H_k − h = Σ_{l≥1} c_l Γ(k + 2l/d)/Γ(k) M^(−2l/d) + …, with constants
// c_l that depend on the density but not on k. A combination Σ_k w_k H_k
// with Σ w_k = 1 estimates h, and its terms l = 1…terms vanish when
// Σ_k w_k Γ(k + 2l/d)/Γ(k) = 0. Among the weights meeting these terms+1
// linear constraints A w = e_1, BiasWeights returns the one of least
// Euclidean norm, w = A⁺ e_1 (A's pseudo-inverse by its SVD). terms = 0
// gives the plain average w_k = 1/kmax. The paper cancels ⌊d/4⌋ terms,
// enough for a bias o(M^(−1/2)).
//
// It returns an error when terms+1 > kmax (fewer weights than constraints)
// or the constraints are numerically dependent.
func BiasWeights(d, kmax, terms int) ([]float64, error) {
	if d < 1 || kmax < 1 || terms < 0 {
		return nil, inputErrorf("bias weights: d = %d, kmax = %d, terms = %d, want d, kmax >= 1, terms >= 0", d, kmax, terms)
	}
	if terms+1 > kmax {
		return nil, inputErrorf("bias weights: %d constraints need kmax >= %d, have %d", terms+1, terms+1, kmax)
	}
	a := mat.NewDense(terms+1, kmax, nil)
	for j := 1; j <= kmax; j++ {
		a.Set(0, j-1, 1)
		lgj, _ := math.Lgamma(float64(j))
		for l := 1; l <= terms; l++ {
			lg, _ := math.Lgamma(float64(j) + 2*float64(l)/float64(d))
			a.Set(l, j-1, math.Exp(lg-lgj))
		}
	}
	var svd mat.SVD
	if !svd.Factorize(a, mat.SVDThin) {
		return nil, fmt.Errorf("bias weights: SVD failed (d = %d, kmax = %d, terms = %d)", d, kmax, terms)
	}
	s := svd.Values(nil)
	if s[len(s)-1] <= s[0]*1e-14 {
		return nil, fmt.Errorf("bias weights: constraints dependent (condition %.3g; d = %d, kmax = %d, terms = %d)", s[0]/s[len(s)-1], d, kmax, terms)
	}
	var u, v mat.Dense
	svd.UTo(&u)
	svd.VTo(&v)
	// w = V diag(1/s) Uᵀ e_1.
	w := make([]float64, kmax)
	for r := range s {
		c := u.At(0, r) / s[r]
		for j := range w {
			w[j] += v.At(j, r) * c
		}
	}
	return w, nil
}

// WeightNormMax is the largest Euclidean norm of the weights that
// AutoWeights accepts; see AutoWeights.
const WeightNormMax = 4.0

// AutoWeights chooses the weights of the weighted estimator in d
// dimensions: the minimum-norm weights of BiasWeights over k = 1…kmax
// cancelling as many bias terms as possible, up to max(1, ⌊d/4⌋), while
// their Euclidean norm stays at most WeightNormMax. In high dimensions the
// functions Γ(k + 2l/d)/Γ(k) ≈ k^(2l/d) of different l are nearly
// collinear over small k, and cancelling all ⌊d/4⌋ terms takes weights of
// huge norm that multiply the uncancelled higher-order bias and the noise;
// bounding the norm keeps the estimator stable at the cost of cancelling
// fewer terms there. It returns the weights and the number of terms
// cancelled.
func AutoWeights(d, kmax int) ([]float64, int, error) {
	want := max(1, d/4)
	var best []float64
	terms := 0
	for l := 0; l <= want && l+1 <= kmax; l++ {
		w, err := BiasWeights(d, kmax, l)
		if err != nil {
			break
		}
		if l > 0 && norm2(w) > WeightNormMax {
			break
		}
		best, terms = w, l
	}
	if best == nil {
		return nil, 0, fmt.Errorf("bias weights: none for d = %d, kmax = %d", d, kmax)
	}
	return best, terms, nil
}

func norm2(w []float64) float64 {
	s := 0.0
	for _, v := range w {
		s += v * v
	}
	return math.Sqrt(s)
}
