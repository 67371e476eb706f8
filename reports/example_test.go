package reports_test

import (
	"math"
	"os"

	"github.com/syninfo/syninfo/compare"
	"github.com/syninfo/syninfo/num"
	"github.com/syninfo/syninfo/reports"
	"github.com/syninfo/syninfo/sweep"
)

// Summary prints the short table syninfo report and syninfo validate show:
// here three cases of one group, one of them with an infinite truth.
func ExampleSummary() {
	f := func(x float64) num.Float { return num.Float(x) }
	ok := func(id string, cf, truth, se float64) *sweep.Record {
		return &sweep.Record{ID: id, Group: "demo", Params: sweep.Params{Set: 1, Neurons: 20, Patterns: 4, Synapses: 1},
			Result: &compare.Result{Analytic: compare.Analytic{Status: "ok", MINats: f(cf)},
				Truth: compare.Truth{Method: "kl-white", MINats: f(truth), SE: f(se), Uncertainty: f(se)},
				Error: &compare.Error{Signed: f(cf - truth), Abs: f(math.Abs(cf - truth)), Rel: f((cf - truth) / truth),
					Real: math.Abs(cf-truth) > 3*se, Z: f((cf - truth) / se)}}}
	}
	recs := []*sweep.Record{
		ok("demo/0", 0.30, 0.25, 0.01), // error 0.05 nats (20%): not within 5%; beyond 3 SE: real
		ok("demo/1", 0.10, 0.11, 0.01), // error −0.01 nats: within 0.01 nats; 1 SE: not real
		{ID: "demo/2", Seq: 2, Group: "demo", Params: sweep.Params{Set: 1, Neurons: 20, Patterns: 1, Synapses: 1},
			Result: &compare.Result{Analytic: compare.Analytic{Status: "infinite", MINats: f(math.NaN())},
				Truth: compare.Truth{Method: "model", Infinite: true}}},
	}
	reports.Summary(os.Stdout, recs)
	// Output:
	// 3 cases: 2 ok, 1 infinite (0 with a finite closed form), 0 not_positive_definite; errors in nats
	// group  cases  ok  infinite  not PD  compared  bias  median |err|  P90 |err|  within 5%  real
	// demo       3   2         1       0         2  0.02          0.03      0.046        1/2   1/2
	// all        3   2         1       0         2  0.02          0.03      0.046        1/2   1/2
}
