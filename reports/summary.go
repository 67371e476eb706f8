package reports

import (
	"fmt"
	"io"
	"text/tabwriter"

	"github.com/syninfo/syninfo/compare"
)

// Summary writes a short plain-text table of the records to w: one line of
// status counts, then per group and overall the number of cases, the
// closed form's failures, its bias and median and 90th-percentile |error|
// against the truth (nats), and how many errors exceed 3 standard errors.
func Summary(w io.Writer, recs []*compare.Record) error {
	all, err := compare.Aggregate(recs)
	if err != nil {
		return err
	}
	if len(all) == 0 {
		_, err := fmt.Fprintln(w, "no records")
		return err
	}
	groups, err := compare.Aggregate(recs, compare.ByGroup)
	if err != nil {
		return err
	}
	g := all[0]
	if _, err := fmt.Fprintf(w, "%d cases: %d ok, %d infinite (%d with a finite closed form), %d not_positive_definite; errors in nats\n",
		g.Count, g.OK, g.Infinite, g.InfiniteWithValue, g.NotPositiveDefinite); err != nil {
		return err
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "group\tcases\tok\tinfinite\tnot PD\tbias\tmedian |err|\tP90 |err|\t|z|>3\t")
	line := func(r compare.Regime, name string) {
		fmt.Fprintf(tw, "%s\t%d\t%d\t%d\t%d\t%s\t%s\t%s\t%d/%d\t\n", name, r.Count, r.OK, r.Infinite, r.NotPositiveDefinite,
			num(r.Bias), num(r.MedianAbs), num(r.P90Abs), r.Significant, r.ZErrors)
	}
	for _, r := range groups {
		line(r, r.Key())
	}
	line(g, "all")
	return tw.Flush()
}
