package knn

import (
	"math"

	"gonum.org/v1/gonum/mat"
)

// Estimator selects the entropy estimator of EntropyWith. The zero value is
// the plain Kozachenko–Leonenko estimator at Options.K, as Entropy.
type Estimator struct {
	// Whiten makes the estimate on the prewhitened data: with the sample
	// mean μ and the sample covariance S = L Lᵀ (Cholesky, M−1 divisor),
	// y = L⁻¹(x − μ), and h(x) = h(y) + ln det L = h(y) + Σ_i ln L_ii, since
	// differential entropy shifts by ln |det A| under x ↦ Ax + b. The k-NN
	// estimators' bias is smallest for isotropic data, so whitening removes
	// most of the bias that strong correlations cause.
	Whiten bool
	// Weighted averages the estimates H_k, k = 1…KMax, with the bias
	// weights of AutoWeights (Berrett, Samworth & Yuan 2019), all from one
	// KMax-neighbour search; Options.K is then ignored.
	Weighted bool
	// KMax is the largest k of the weighted estimator (default DefaultKMax).
	KMax int
}

// DefaultKMax is the default largest k of the weighted estimator.
const DefaultKMax = 12

// Name is the estimator's name in results: "kl", "kl-white", "wkl" or
// "wkl-white".
func (e Estimator) Name() string {
	s := "kl"
	if e.Weighted {
		s = "wkl"
	}
	if e.Whiten {
		s += "-white"
	}
	return s
}

// ParseEstimator is the inverse of Estimator.Name (with DefaultKMax).
func ParseEstimator(s string) (Estimator, error) {
	switch s {
	case "kl":
		return Estimator{}, nil
	case "kl-white":
		return Estimator{Whiten: true}, nil
	case "wkl":
		return Estimator{Weighted: true}, nil
	case "wkl-white":
		return Estimator{Whiten: true, Weighted: true}, nil
	}
	return Estimator{}, inputErrorf("estimator %q, want kl, kl-white, wkl or wkl-white", s)
}

// Whiten returns the prewhitened copy y = L⁻¹(x − μ) of the M x d
// row-major matrix x (μ the sample mean, S = L Lᵀ the sample covariance
// with the M−1 divisor) and ln det L = Σ_i ln L_ii, so that
// h(x) = h(y) + ln det L. ok is false when S is not numerically positive
// definite (fewer than d+1 distinct rows, or data on a lower-dimensional
// subspace: some column has 1 − R² < 1e-10 on the columns before it).
func Whiten(x []float64, d int) (y []float64, logDet float64, ok bool) {
	m := len(x) / d
	if m < d+1 {
		return nil, 0, false
	}
	mean := make([]float64, d)
	for i := 0; i < m; i++ {
		for c, v := range x[i*d : i*d+d] {
			mean[c] += v
		}
	}
	for c := range mean {
		mean[c] /= float64(m)
	}
	y = make([]float64, len(x))
	for i := 0; i < m; i++ {
		for c, v := range x[i*d : i*d+d] {
			y[i*d+c] = v - mean[c]
		}
	}
	cov := mat.NewSymDense(d, nil)
	cov.SymRankK(cov, 1/float64(m-1), mat.NewDense(m, d, y).T())
	var ch mat.Cholesky
	if !ch.Factorize(cov) {
		return nil, 0, false
	}
	var l mat.TriDense
	ch.LTo(&l)
	lr := l.RawTriangular()
	for c := 0; c < d; c++ {
		// L_cc² is the variance of column c left after regressing it on
		// the columns before, S_cc(1 − R²): treat 1 − R² < 1e-10 as a
		// linear dependence (rounding leaves tiny positive pivots).
		dc := lr.Data[c*lr.Stride+c]
		if !(dc*dc > 1e-10*cov.At(c, c)) {
			return nil, 0, false
		}
		logDet += math.Log(dc)
	}
	// Forward substitution L y_i = (x_i − μ), row by row in place.
	for i := 0; i < m; i++ {
		r := y[i*d : i*d+d]
		for c := 0; c < d; c++ {
			s := r[c]
			lc := lr.Data[c*lr.Stride : c*lr.Stride+c]
			for j, v := range lc {
				s -= v * r[j]
			}
			r[c] = s / lr.Data[c*lr.Stride+c]
		}
	}
	return y, logDet, true
}

// weightedKL is Σ_k w_k H_k on prepared data, H_k = ψ(M) − ψ(k) +
// d⟨ln(2ε_k)⟩, from one len(w)-neighbour search, and H_plainK (NaN when
// plainK is not in 1…len(w)), the plain estimate, summed in the same
// order as kl so that it equals kl's value. ok is false when some distance
// is 0 (duplicates).
func weightedKL(x []float64, d int, w []float64, plainK int) (float64, float64, bool) {
	m := len(x) / d
	kmax := len(w)
	dist := kDistances(x, d, kmax)
	sums := make([]float64, kmax)
	for i := 0; i < m; i++ {
		for j, e := range dist[i*kmax : (i+1)*kmax] {
			if e == 0 {
				return math.Inf(-1), math.NaN(), false
			}
			sums[j] += math.Log(2 * e)
		}
	}
	h := 0.0
	for j, wj := range w {
		h += wj * (psi(m) - psi(j+1) + float64(d)*sums[j]/float64(m))
	}
	plain := math.NaN()
	if plainK >= 1 && plainK <= kmax {
		plain = psi(m) - psi(plainK) + float64(d)*sums[plainK-1]/float64(m)
	}
	return h, plain, true
}

// EntropyWith estimates the differential entropy of the M x d row-major
// matrix x in nats with the estimator e, with block standard errors (see
// Estimate); the zero Estimator is Entropy. With e.Weighted the estimate is Σ_k w_k H_k over k = 1…KMax
// (H_k the Kozachenko–Leonenko estimate at k, w from AutoWeights(d, KMax))
// and Estimate.K is KMax; o.Normalize is ignored when e.Whiten is set (the
// whitening includes it). Each block is whitened with its own sample
// covariance, like the whole.
func EntropyWith(x []float64, d int, o Options, e Estimator) (Estimate, error) {
	m, err := checkShape("x", x, d)
	if err != nil {
		return Estimate{}, err
	}
	var w []float64
	plainK := o.K
	if plainK == 0 {
		plainK = 3
	}
	if e.Weighted {
		if e.KMax == 0 {
			e.KMax = DefaultKMax
		}
		if w, _, err = AutoWeights(d, e.KMax); err != nil {
			return Estimate{}, err
		}
		o.K = e.KMax
	}
	if e.Whiten {
		o.Normalize = false
	}
	if o, err = o.resolve(m); err != nil {
		return Estimate{}, err
	}
	xs, logScale, err := prepare("x", x, d, o, 0)
	if err != nil {
		return Estimate{}, err
	}
	plain := math.NaN() // written by the all-rows evaluation only
	est, err := withBlocks(m, o, func(lo, hi int) (float64, error) {
		z, shift := xs[lo*d:hi*d], logScale
		if e.Whiten {
			y, ld, ok := Whiten(z, d)
			if !ok {
				return 0, inputErrorf("rows %d..%d: the sample covariance is not positive definite, cannot whiten", lo, hi-1)
			}
			z, shift = y, shift+ld
		}
		var h float64
		ok := true
		if e.Weighted {
			var hp float64
			h, hp, ok = weightedKL(z, d, w, plainK)
			if lo == 0 && hi == m {
				plain = hp + shift
			}
		} else {
			h, ok = kl(z, d, o.K)
		}
		if !ok && e.Weighted {
			return 0, inputErrorf("rows %d..%d: a sample has an exact duplicate, so the weighted entropy estimate (k = 1…%d) is -infinity; add noise", lo, hi-1, o.K)
		}
		if !ok {
			return 0, inputErrorf("rows %d..%d: a sample has k = %d or more exact duplicates, so the entropy estimate is -infinity; add noise", lo, hi-1, o.K)
		}
		return h + shift, nil
	})
	if err == nil && e.Weighted {
		est.Plain = plain
	}
	return est, err
}
