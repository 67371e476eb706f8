package exact

import (
	"fmt"
	"math"
	"testing"

	"github.com/syninfo/syninfo/internal/rng"
	"github.com/syninfo/syninfo/simsets"
)

// paperLike returns the terms of a paper-like singleton: K terms with
// log-means uniform in [-1.5, 1.5] and log-variances uniform in [vLo, vHi]
// (one per pattern, as Set 3 draws them), and a pattern index.
func paperLike(seed uint64, K int, vLo, vHi float64) (ms, vs []float64, m int) {
	r := rng.New(seed, uint64(K))
	ms, vs = make([]float64, K), make([]float64, K)
	for k := range ms {
		ms[k] = -1.5 + 3*r.Float64()
		vs[k] = vLo + (vHi-vLo)*r.Float64()
	}
	return ms, vs, r.IntN(K)
}

// paperLikeClass is the class of paper-like singletons the many-term tests
// run on: K = 20…50, narrow and wide log-variances, one shared and one
// per-pattern spread; and 6 singletons of paper-scale draws of sets 2 and 3.
func paperLikeClass() []struct {
	name   string
	ms, vs []float64
	m      int
} {
	var out []struct {
		name   string
		ms, vs []float64
		m      int
	}
	for i, c := range []struct {
		K        int
		vLo, vHi float64
	}{{20, 0.5, 3}, {20, 2, 8}, {30, 1, 8}, {50, 1.7, 7.8}, {50, 0.3, 2}, {50, 4, 4}, {50, 6, 8}} {
		ms, vs, m := paperLike(uint64(100+i), c.K, c.vLo, c.vHi)
		out = append(out, struct {
			name   string
			ms, vs []float64
			m      int
		}{fmt.Sprintf("K=%d/v=%g-%g", c.K, c.vLo, c.vHi), ms, vs, m})
	}
	// Singletons of paper-scale draws (N = 20, K = 50, n = 20): sets 2
	// (one shared Sigma) and 3 (one Sigma per pattern), the first synapses
	// of the first draw.
	for _, set := range []int{2, 3} {
		g := simsets.Params{Set: set, Draws: 1}
		g.Ranges.Neurons, g.Ranges.KMin, g.Ranges.KMax, g.Ranges.LenMin, g.Ranges.LenMax = 20, 50, 50, 20, 20
		for d := range 1 {
			pt, err := g.Case(1, d)
			if err != nil {
				panic(err)
			}
			c := pt.Case
			for a := range 3 {
				ms, vs := make([]float64, c.K()), make([]float64, c.K())
				for k := range ms {
					ms[k], vs[k] = c.LogMean(k)[a], c.LogCovAt(k, a, a)
				}
				out = append(out, struct {
					name   string
					ms, vs []float64
					m      int
				}{fmt.Sprintf("set%d/draw%d/synapse%d", set, d, a), ms, vs, c.Pattern})
			}
		}
	}
	return out
}

// shiftedTerms returns the terms as SingletonTerms orders and shifts them:
// the rest, widest first, then term m, all moved by the largest lower cut.
func shiftedTerms(ms, vs []float64, m int) []term {
	var rest []term
	for k := range ms {
		if k != m {
			rest = append(rest, term{ms[k], vs[k]})
		}
	}
	c, _ := span(rest)
	var terms []term
	for _, t := range rest {
		terms = append(terms, term{t.m - c, t.v})
	}
	sortWideFirst(terms)
	return append(terms, term{ms[m] - c, vs[m]})
}

// TestManyTermsCoarseGrid: with 20-50 terms the second refinement level
// (step0/sqrt(2)) must agree with a fine grid (step0/4) to 1e-5 nats in the
// information and 1e-4 in both entropies. Before padLeft the lower end of the
// partial sums crept up by one step per term: at step 0.46 the information
// of a paper-scale K = 50 singleton was 0.42 instead of 0.026 and its
// entropies 7.6 nats too high; only steps near 0.1 hid the cut.
func TestManyTermsCoarseGrid(t *testing.T) {
	t.Parallel()
	o := Options{}.withDefaults()
	for _, c := range paperLikeClass() {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			terms := shiftedTerms(c.ms, c.vs, c.m)
			h0 := step0(terms)
			var v [2][2]float64
			for i, h := range []float64{h0 / math.Sqrt2, h0 / 4} {
				hr, hw, err := sums(terms, h, o, &budget{left: math.Inf(1)})
				if err != nil {
					t.Fatalf("h = %g: %v", h, err)
				}
				v[i] = [2]float64{hr, hw}
			}
			mi := [2]float64{v[0][1] - v[0][0], v[1][1] - v[1][0]}
			t.Logf("step %.3g: MI %.10f, h(W) %.10f; step %.3g: %.10f, %.10f", h0/math.Sqrt2, mi[0], v[0][1], h0/4, mi[1], v[1][1])
			if d := math.Abs(mi[0] - mi[1]); d > 1e-5 {
				t.Errorf("MI %.10g at step %.3g, %.10g at step %.3g (diff %.3g)", mi[0], h0/math.Sqrt2, mi[1], h0/4, d)
			}
			for j, name := range []string{"h(W^-m)", "h(W)"} {
				if d := math.Abs(v[0][j] - v[1][j]); d > 1e-4 {
					t.Errorf("%s %.10g at step %.3g, %.10g at step %.3g (diff %.3g)", name, v[0][j], h0/math.Sqrt2, v[1][j], h0/4, d)
				}
			}
		})
	}
}

// TestErrorEstimateManyTerms: over the paper-like class, the result at the
// corrections' tolerance (1e-4, with and without InfoOnly, which they use)
// and at the default (1e-6) against a 1e-10 computation (finer grids, the
// default tails): the actual error is within the error estimate and within
// the tolerance, for the information and (but for InfoOnly) both entropies.
func TestErrorEstimateManyTerms(t *testing.T) {
	t.Parallel()
	for _, c := range paperLikeClass() {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			ref, err := SingletonTerms(c.ms, c.vs, c.m, Options{Tol: 1e-10, MinLevel: 2})
			if err != nil || ref.Status != StatusOK {
				t.Fatalf("reference: %+v %v", ref, err)
			}
			for _, o := range []Options{{Tol: 1e-4}, {Tol: 1e-4, InfoOnly: true}, {Tol: 1e-6}} {
				tol := o.Tol
				r, err := SingletonTerms(c.ms, c.vs, c.m, o)
				if err != nil || r.Status != StatusOK {
					t.Fatalf("%+v: %+v %v", o, r, err)
				}
				d := math.Abs(r.MINats - ref.MINats)
				t.Logf("%+v: MI %.10f, reference %.12f: error %.2g, estimate %.2g", o, r.MINats, ref.MINats, d, r.ErrorEstimate)
				if d > r.ErrorEstimate+1e-12 || d > tol {
					t.Errorf("%+v: MI %.10g, reference %.10g: error %.3g beyond the estimate %.3g or the tolerance",
						o, r.MINats, ref.MINats, d, r.ErrorEstimate)
				}
				if o.InfoOnly {
					continue // the entropies are not held to the tolerance
				}
				for _, e := range []struct {
					name      string
					got, want float64
				}{{"h(W)", r.HW, ref.HW}, {"h(W^-m)", r.HWRest, ref.HWRest}} {
					if d := math.Abs(e.got - e.want); d > tol {
						t.Errorf("%+v: %s %.10g, reference %.10g (diff %.3g)", o, e.name, e.got, e.want, d)
					}
				}
			}
		})
	}
}
