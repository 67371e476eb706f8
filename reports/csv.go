package reports

import (
	"encoding/csv"
	"io"
	"math"
	"strconv"

	"github.com/syninfo/syninfo/num"
	"github.com/syninfo/syninfo/sweep"
)

// csvHeader names the columns of results.csv. Values are in nats; an empty
// cell is a value that does not exist (null in the sweep file); an infinite
// truth is written +Inf.
var csvHeader = []string{"id", "seq", "group", "set", "neurons", "patterns_K", "synapses_n", "pattern_m", "s2", "rho", "draw",
	"seed", "samples", "status", "closed_form_nats", "min_eigenvalue", "min_eigenvalue_rest",
	"truth_nats", "truth_se", "truth_source", "truth_infinite", "exact_nats", "entropy_diff_nats", "entropy_diff_se",
	"ksg_nats", "ksg_se", "error_abs_nats", "error_rel", "error_z"}

func writeCSV(w io.Writer, recs []*sweep.Record) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(csvHeader); err != nil {
		return err
	}
	f := func(x num.Float) string {
		if !x.Valid() {
			return ""
		}
		return strconv.FormatFloat(float64(x), 'g', -1, 64)
	}
	i := strconv.Itoa
	for _, r := range recs {
		p, a, t := r.Params, r.Analytic, r.Truth
		truth := f(t.MINats)
		if t.Infinite {
			truth = "+Inf"
		}
		nan := num.Float(math.NaN())
		ex, ed, eds, ks, kss := nan, nan, nan, nan, nan
		if r.Exact != nil {
			ex = r.Exact.MINats
		}
		if r.EntropyDiff != nil {
			ed, eds = r.EntropyDiff.MINats, r.EntropyDiff.SE
		}
		if r.KSG != nil {
			ks, kss = r.KSG.MINats, r.KSG.SE
		}
		ea, er, ez := nan, nan, nan
		if r.Error != nil {
			ea, er, ez = r.Error.Abs, r.Error.Rel, r.Error.Z
		}
		row := []string{r.ID, i(r.Seq), r.Group, i(p.Set), i(p.Neurons), i(p.Patterns), i(p.Synapses), i(p.Pattern),
			f(num.Float(p.S2)), f(num.Float(p.Rho)), i(p.Draw), strconv.FormatUint(r.Seed, 10), i(r.Samples),
			a.Status, f(a.MINats), f(a.MinEigenvalue), f(a.MinEigenvalueRest),
			truth, f(t.SE), t.Source, strconv.FormatBool(t.Infinite), f(ex), f(ed), f(eds), f(ks), f(kss), f(ea), f(er), f(ez)}
		if err := cw.Write(row); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}
