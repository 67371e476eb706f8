package analytic

import (
	"math"
	"testing"

	"github.com/syninfo/syninfo/internal/rng"
	"github.com/syninfo/syninfo/model"
)

// kernels returns the three build kernels for the case.
func kernels(c *model.Case) map[string]kernel {
	mo := buildMoments(c, 1, false)
	perPattern, _ := perPatternKernel(c, mo.ws, mo.em, false) // not released: the tests keep them
	product, _ := perPatternKernel(c, mo.ws, mo.em, true)
	out := map[string]kernel{
		"log space":   logSpaceKernel(c, mo.ws, mo.em),
		"per pattern": perPattern,
		"product":     product,
	}
	if c.SharedSigma() {
		out["shared"] = sharedKernel(c, mo.ws, mo.em)
	}
	return out
}

// TestBuildPathsAgree: the three kernels give the same C, C' and Δ (the
// log-space kernel is meant for huge log-covariances but is exact anywhere).
func TestBuildPathsAgree(t *testing.T) {
	r := rng.New(4)
	for trial := 0; trial < 60; trial++ {
		c := randomCase(r, 7, 2+r.IntN(10), 1+r.IntN(12), trial%2 == 0, math.Pow(10, -3+4*r.Float64()))
		ks := kernels(c)
		ref := ks["per pattern"]
		scratch := make([]float64, 2*c.K())
		for name, k := range ks {
			for a := 0; a < c.Len(); a++ {
				for b := a; b < c.Len(); b++ {
					got, want := k(a, b, scratch), ref(a, b, scratch)
					// The log-space kernel takes Δ as C − C' below its
					// overflow threshold: 4ε(|C| + |C'|) more (its error
					// model says so).
					slack := 4 * eps * (math.Abs(want.c) + math.Abs(want.cRest))
					// The product form's e^V − 1 carries 6ε(1 + g) absolute
					// (its error model says so).
					prod := 0.0
					if name == "product" {
						prod = 16 * eps * (1 + math.Abs(want.c) + math.Abs(want.cRest))
					}
					for _, f := range []struct {
						what         string
						got, want, s float64
					}{{"C", got.c, want.c, prod}, {"C'", got.cRest, want.cRest, prod}, {"delta", got.delta, want.delta, slack + 2*prod}} {
						if math.Abs(f.got-f.want) > 1e-12*math.Max(1e-6, math.Abs(f.want))+f.s {
							t.Fatalf("trial %d %s: %s[%d,%d] = %.17g, per-pattern path %.17g", trial, name, f.what, a, b, f.got, f.want)
						}
					}
				}
			}
		}
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
