package reports

import (
	"encoding/csv"
	"io"
	"math"
	"slices"
	"strconv"

	"github.com/syninfo/syninfo/approx"
)

// csvHeader names the columns of results.csv. Values are in nats; an empty
// cell is a value that does not exist (null in the sweep file); an infinite
// truth is written +Inf. error_signed is I_FW − I, error_abs its absolute
// value, error_real whether it exceeds the truth's tolerance and
// compare.RealSigmas of its uncertainties. When the records carry
// approximations, each one beyond the closed form adds NAME_nats,
// NAME_status and NAME_error_signed_nats (I_NAME − I) and NAME_error_real.
var csvHeader = []string{"id", "seq", "group", "set", "neurons", "patterns_K", "synapses_n", "pattern_m", "s2", "rho", "draw",
	"seed", "samples", "status", "closed_form_nats", "min_eigenvalue", "min_eigenvalue_rest",
	"truth_nats", "truth_uncertainty", "truth_method", "truth_infinite", "exact_nats", "entropy_diff_nats", "entropy_diff_se",
	"ksg_nats", "ksg_se", "error_signed_nats", "error_abs_nats", "error_rel", "error_real"}

func writeCSV(w io.Writer, vs []*caseView) error {
	cw := csv.NewWriter(w)
	var extra []string
	for _, name := range approxNames(vs) {
		if name != approx.FW {
			extra = append(extra, name)
		}
	}
	header := slices.Clone(csvHeader)
	for _, name := range extra {
		header = append(header, name+"_nats", name+"_status", name+"_error_signed_nats", name+"_error_real")
	}
	if err := cw.Write(header); err != nil {
		return err
	}
	f := func(x float64) string {
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return ""
		}
		return strconv.FormatFloat(x, 'g', -1, 64)
	}
	i := strconv.Itoa
	for _, v := range vs {
		p, a := v.Params, v.Analytic
		truth := f(v.Truth)
		if v.Infinite {
			truth = "+Inf"
		}
		real := ""
		if v.Compared {
			real = strconv.FormatBool(v.Real)
		}
		row := []string{v.ID, i(v.Seq), v.Group, i(p.Set), i(p.Neurons), i(p.Patterns), i(p.Synapses), i(p.Pattern),
			f(p.S2), f(p.Rho), i(p.Draw), strconv.FormatUint(v.Seed, 10), i(v.Samples),
			v.Status, f(v.ClosedForm), f(float64(a.MinEigenvalue)), f(float64(a.MinEigenvalueRest)),
			truth, f(v.Unc), v.Method, strconv.FormatBool(v.Infinite), f(v.Exact), f(v.ED), f(v.EDSE), f(v.KSG), f(v.KSGSE),
			f(v.Signed), f(v.Abs), f(v.Rel), real}
		for _, name := range extra {
			ap := v.Approx[name]
			if ap == nil {
				row = append(row, "", "", "", "")
				continue
			}
			real := ""
			if ap.Compared {
				real = strconv.FormatBool(ap.Real)
			}
			row = append(row, f(ap.MINats), ap.Status, f(ap.Signed), real)
		}
		if err := cw.Write(row); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}
