package analytic

import (
	"math"
	"testing"

	"github.com/syninfo/syninfo/internal/rng"
	"gonum.org/v1/gonum/mat"
)

// TestFullRankCertified: on random q×n matrices U·diag(s)·Vᵀ with
// condition numbers from 1 to 1e14 (and rows scaled over six orders, as
// the Jacobian's are before column scaling), the certificate never vouches
// for a matrix whose SVD is short of rank n or ambiguous (σ_min below
// rankClear·σ_max), and it does vouch for the well-conditioned ones
// (σ_min ≥ 1e-2·σ_max), so that jacobianRank's shortcut is both sound and
// used.
func TestFullRankCertified(t *testing.T) {
	r := rng.New(17)
	randOrtho := func(m int) *mat.Dense {
		a := mat.NewDense(m, m, nil)
		for i := 0; i < m; i++ {
			for j := 0; j < m; j++ {
				a.Set(i, j, r.NormFloat64())
			}
		}
		var qr mat.QR
		qr.Factorize(a)
		var q mat.Dense
		qr.QTo(&q)
		return &q
	}
	var certified, wellConditioned, missed int
	for trial := 0; trial < 1500; trial++ {
		n := 1 + r.IntN(25)
		q := n + r.IntN(40)
		cond := math.Pow(10, 14*r.Float64())
		u, v := randOrtho(q), randOrtho(n)
		s := mat.NewDense(q, n, nil)
		for i := 0; i < n; i++ {
			s.Set(i, i, math.Pow(cond, -float64(i)/float64(max(n-1, 1))))
		}
		var a mat.Dense
		a.Mul(u, s)
		a.Mul(&a, v.T())
		if trial%3 == 0 { // rows scaled: the singular values move, the SVD below judges
			for i := 0; i < q; i++ {
				f := math.Pow(10, 6*r.Float64()-3)
				for j := 0; j < n; j++ {
					a.Set(i, j, a.At(i, j)*f)
				}
			}
		}
		var svd mat.SVD
		if !svd.Factorize(&a, mat.SVDNone) {
			t.Fatal("SVD failed")
		}
		vals := svd.Values(nil)
		ratio := vals[n-1] / vals[0]
		got := fullRankCertified(mat.DenseCopyOf(&a).RawMatrix().Data, q, n)
		if got {
			certified++
			if !(ratio >= rankClear) {
				t.Fatalf("%d×%d, σ_min/σ_max = %g: certified full rank", q, n, ratio)
			}
		}
		if ratio >= 1e-2 {
			wellConditioned++
			if !got {
				missed++
			}
		}
	}
	if wellConditioned == 0 || missed > wellConditioned/20 {
		t.Errorf("%d of %d well-conditioned matrices not certified", missed, wellConditioned)
	}
	t.Logf("%d certified; %d of %d with σ_min ≥ 1e-2 σ_max missed", certified, missed, wellConditioned)
}
