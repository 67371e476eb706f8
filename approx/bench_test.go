package approx

import (
	"testing"

	"github.com/syninfo/syninfo/analytic"
	"github.com/syninfo/syninfo/exact"
	"github.com/syninfo/syninfo/internal/cputime"
	"github.com/syninfo/syninfo/model"
	"github.com/syninfo/syninfo/simsets"
)

// paperScaleCase is the benchmarks' paper-scale case: the first draw of
// Set 3 with N = 20 neurons, K = 50 patterns (one Sigma each) and n = 20
// synapses.
func paperScaleCase(b *testing.B) *model.Case {
	g := simsets.Params{Set: 3, Draws: 1}
	g.Ranges.Neurons, g.Ranges.KMin, g.Ranges.KMax, g.Ranges.LenMin, g.Ranges.LenMax = 20, 50, 50, 20, 20
	pt, err := g.Case(1, 0)
	if err != nil {
		b.Fatal(err)
	}
	return pt.Case
}

// BenchmarkCorrected1PaperScale: the first-order correction of a
// paper-scale case (N = 20, K = 50, one Sigma per pattern, n = 20) on one
// core: the closed form, 20 singleton closed forms and 20 exact singleton
// terms at 1e-4 nats.
func BenchmarkCorrected1PaperScale(b *testing.B) {
	c := paperScaleCase(b)
	o := Options{Workers: 1, Analytic: analytic.Options{Workers: 1}}
	start, n := cputime.Now(), 0
	for b.Loop() {
		if _, err := Compute(c, Corrected1, o); err != nil {
			b.Fatal(err)
		}
		n++
	}
	b.ReportMetric((cputime.Now()-start).Seconds()/float64(n), "cpu-s/op")
}

// BenchmarkCorrected2PairPaperScale: one pair term of corrected2 on the
// paper-scale case (N = 20, K = 50, one Sigma per pattern, n = 20): the
// exact pair at corrected2's options (1e-4 nats on the information, one
// core) for two disjoint synapses (0, 1) and two sharing a neuron (2, 3);
// corrected2 needs one per pair of dependent synapses (190 here).
func BenchmarkCorrected2PairPaperScale(b *testing.B) {
	pc := paperScaleCase(b)
	for _, p := range []struct {
		name string
		a, b int
	}{{"disjoint", 0, 1}, {"shared", 2, 3}} {
		b.Run(p.name, func(b *testing.B) {
			c := *pc
			c.Synapses = []model.Synapse{c.Synapses[p.a], c.Synapses[p.b]}
			o := pairOptions(Options{Workers: 1})
			start, n := cputime.Now(), 0
			var r exact.Result
			for b.Loop() {
				var err error
				if r, err = exact.Pair(&c, o); err != nil {
					b.Fatal(err)
				}
				n++
			}
			b.ReportMetric((cputime.Now()-start).Seconds()/float64(n), "cpu-s/op")
			b.ReportMetric(r.ErrorEstimate, "est")
			if r.Status != exact.StatusOK {
				b.Logf("status %s, MI %.6g, estimate %.2g", r.Status, r.MINats, r.ErrorEstimate)
			}
		})
	}
}

// BenchmarkCorrected2PairSamplePaperScale: every 19th of the 190 dependent
// pairs of the paper-scale case (10 pairs, both shapes), each as corrected2
// computes it (exact pair at 1e-4 nats on the information, one core):
// cpu-s/pair is the mean over the sample, and 190 times it estimates the
// pair part of one corrected2 evaluation.
func BenchmarkCorrected2PairSamplePaperScale(b *testing.B) {
	pc := paperScaleCase(b)
	var pairs [][2]int
	for a := 0; a < pc.Len(); a++ {
		for c := a + 1; c < pc.Len(); c++ {
			if !independent(pc, a, c) {
				pairs = append(pairs, [2]int{a, c})
			}
		}
	}
	o := pairOptions(Options{Workers: 1})
	start, n := cputime.Now(), 0
	for b.Loop() {
		for i := 0; i < len(pairs); i += 19 {
			c := *pc
			c.Synapses = []model.Synapse{c.Synapses[pairs[i][0]], c.Synapses[pairs[i][1]]}
			r, err := exact.Pair(&c, o)
			if err != nil {
				b.Fatal(err)
			}
			if r.Status != exact.StatusOK {
				b.Logf("pair %v: status %s", pairs[i], r.Status)
			}
			n++
		}
	}
	b.ReportMetric((cputime.Now()-start).Seconds()/float64(n), "cpu-s/pair")
}
