package analytic

import (
	"math"
	"testing"

	"github.com/syninfo/syninfo/internal/rng"
	"github.com/syninfo/syninfo/model"
)

// pathsAgree runs each build path on the case and compares C and C' with
// those of the path buildMoments chooses.
func pathsAgree(t *testing.T, c *model.Case, paths map[string]func(*model.Case, *moments, []float64, []float64)) {
	t.Helper()
	ref := buildMoments(c, 1)
	n, K, m := c.Len(), c.K(), c.Pattern
	lw := make([]float64, n*K)
	lwr := make([]float64, n*K)
	for a := 0; a < n; a++ {
		for k := 0; k < K; k++ {
			le := c.LogMean(k)[a] + c.LogCovAt(k, a, a)/2
			lw[a*K+k] = le - ref.logE[a]
			lwr[a*K+k] = le - ref.logERest[a]
		}
		lwr[a*K+m] = math.Inf(-1)
	}
	for name, build := range paths {
		mo := &moments{n: n, logE: ref.logE, logERest: ref.logERest, c: make([]float64, n*n), cRest: make([]float64, n*n)}
		build(c, mo, lw, lwr)
		for a := 0; a < n; a++ {
			for b := a; b < n; b++ {
				if e := math.Abs(mo.c[a*n+b] - ref.c[a*n+b]); e > 1e-13*math.Max(1, math.Abs(ref.c[a*n+b])) {
					t.Fatalf("%s: C[%d,%d] = %.17g, default path %.17g", name, a, b, mo.c[a*n+b], ref.c[a*n+b])
				}
				if e := math.Abs(mo.cRest[a*n+b] - ref.cRest[a*n+b]); e > 1e-13*math.Max(1, math.Abs(ref.cRest[a*n+b])) {
					t.Fatalf("%s: C'[%d,%d] = %.17g, default path %.17g", name, a, b, mo.cRest[a*n+b], ref.cRest[a*n+b])
				}
			}
		}
	}
}

func TestBuildPathsAgree(t *testing.T) {
	r := rng.New(4)
	logSpace := func(c *model.Case, mo *moments, lw, lwr []float64) { buildLogSpace(c, mo, lw, lwr, 2) }
	perPattern := func(c *model.Case, mo *moments, lw, lwr []float64) { buildPerPattern(c, mo, lw, lwr, 2) }
	for trial := 0; trial < 30; trial++ {
		// Shared Sigma: the default is the matrix-product path.
		c := randomCase(r, 7, 2+r.IntN(10), 1+r.IntN(12), true, 0.01+3*r.Float64())
		pathsAgree(t, c, map[string]func(*model.Case, *moments, []float64, []float64){
			"log space": logSpace, "per pattern": perPattern})
		// One Sigma per pattern, with tiny and large log-covariances.
		c = randomCase(r, 7, 2+r.IntN(10), 1+r.IntN(12), false, math.Pow(10, -3+4*r.Float64()))
		pathsAgree(t, c, map[string]func(*model.Case, *moments, []float64, []float64){"log space": logSpace})
	}
}

// TestHugeLogVariance: log-variances beyond exp's range still give finite,
// correct results. For one shared Sigma and identical means the patterns are
// exchangeable; for n = 1 the classical formula in log space is
// σ² = ln(1 + (e^v − 1)/K), and with v large σ² ≈ v − ln K.
func TestHugeLogVariance(t *testing.T) {
	for _, v := range []float64{800, 2000} {
		sig := [][]float64{{v / 4, 0}, {0, v / 4}} // V = v/4 + v/4 (no covariance)
		sig[0][1], sig[1][0] = v/4, v/4            // V = 4·v/4 = v
		K := 3
		c := &model.Case{Synapses: []model.Synapse{{0, 1}}}
		for k := 0; k < K; k++ {
			c.Patterns = append(c.Patterns, model.Pattern{Mu: []float64{0, 0}, Sigma: sig})
		}
		r, err := Compute(c, Options{})
		if err != nil {
			t.Fatal(err)
		}
		// ln E = ln K + v/2; σ² = v + ln(1−e^−v) − ln K + log1p(...) ≈ v − ln K.
		s2 := func(K float64) float64 { return v - math.Log(K) + math.Log1p((K-1)*math.Exp(-v)) }
		h := func(K float64) float64 {
			return math.Log(K) + v/2 - s2(K)/2 + 0.5*math.Log(2*math.Pi*math.E*s2(K))
		}
		want := h(3) - h(2)
		if r.Status != OK || relErr(r.MINats, want) > 1e-9 {
			t.Errorf("v=%v: got %v %v, want %v", v, r.Status, r.MINats, want)
		}
	}
}
