package reports

import (
	"math"
	"slices"

	"github.com/syninfo/syninfo/sweep"
)

// records returns the records of the views.
func records(vs []*caseView) []*sweep.Record {
	out := make([]*sweep.Record, len(vs))
	for i, v := range vs {
		out[i] = v.Record
	}
	return out
}

// aggregates are the tables by group, K, n, σ² and ρ.
func aggregates(vs []*caseView) ([]Block, error) {
	b := []Block{Heading("Aggregates")}
	crit := criterion()
	b = append(b, Para("Columns: cases; the closed form's statuses (ok, infinite, not positive definite, any other); compared = cases where the closed form and the truth are both finite; "+
		"bias = mean of I_FW − I; median and 90th percentile (type 7) of |I_FW − I|, in nats; median relative |error| |I_FW − I|/|I|; "+
		"%s of the truth; real errors = |error| beyond the truth's tolerance and 3 of its uncertainties. The counts of the last two are out of the compared cases.", crit))
	other := false
	for _, v := range vs {
		if statusRank(v.Status) == 3 {
			other = true
		}
	}
	for _, t := range []struct{ title, dim string }{
		{"By group", sweep.ByGroup}, {"By number of patterns K", sweep.ByK},
		{"By number of synapses n", sweep.ByN}, {"By σ² (set 3 has no single σ²: n/a)", sweep.ByS2},
		{"By ρ (set 3: n/a)", sweep.ByRho},
	} {
		bins, err := binsOf(vs, t.dim)
		if err != nil {
			return nil, err
		}
		header := []string{t.dim, "cases", "ok", "infinite", "not PD"}
		if other {
			header = append(header, "other")
		}
		header = append(header, "compared", "bias", "median |error|", "P90 |error|", "median relative", crit, "real errors")
		right := make([]bool, len(header))
		for i := 1; i < len(right); i++ {
			right[i] = true
		}
		var rows [][]Cell
		for _, bn := range bins {
			st := map[int]int{}
			within, real := 0, 0
			var abs, signed, rel []float64
			for _, v := range bn.vs {
				st[statusRank(v.Status)]++
				if !v.Compared {
					continue
				}
				abs, signed = append(abs, v.Abs), append(signed, v.Signed)
				if !math.IsNaN(v.Rel) && !math.IsInf(v.Rel, 0) {
					rel = append(rel, math.Abs(v.Rel))
				}
				if v.Within() {
					within++
				}
				if v.Real {
					real++
				}
			}
			slices.Sort(abs)
			row := []Cell{{Text: bn.label}, C("%d", len(bn.vs)), C("%d", st[0]), C("%d", st[1]), C("%d", st[2])}
			if other {
				row = append(row, C("%d", st[3]))
			}
			row = append(row, C("%d", len(abs)), Cell{Text: Num(mean(signed))}, Cell{Text: Num(quantile(abs, 0.5))}, Cell{Text: Num(quantile(abs, 0.9))},
				Cell{Text: Pct(median(rel))}, C("%d/%d", within, len(abs)), C("%d/%d", real, len(abs)))
			rows = append(rows, row)
		}
		b = append(b, Subheading(t.title), Block{Table: &Table{Header: header, Right: right, Rows: rows}})
	}
	return b, nil
}
