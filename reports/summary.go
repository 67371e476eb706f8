package reports

import (
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/syninfo/syninfo/sweep"
)

// Summary writes a short plain-text table of the records to w: one line of
// status counts, then per group and overall the number of cases, the
// closed form's statuses, its bias and median and 90th-percentile |error|
// against the truth (nats), and how many errors exceed 3 standard errors
// (out of those whose truth has a standard error).
func Summary(w io.Writer, recs []*sweep.Record) error {
	all, err := sweep.Aggregate(recs)
	if err != nil {
		return err
	}
	if len(all) == 0 {
		_, err := fmt.Fprintln(w, "no records")
		return err
	}
	groups, err := sweep.Aggregate(recs, sweep.ByGroup)
	if err != nil {
		return err
	}
	g := all[0]
	if _, err := fmt.Fprintf(w, "%d cases: %d ok, %d infinite (%d with a finite closed form), %d not_positive_definite; errors in nats\n",
		g.Count, g.OK, g.Infinite, g.InfiniteWithValue, g.NotPositiveDefinite); err != nil {
		return err
	}
	rows := [][]string{{"group", "cases", "ok", "infinite", "not PD", "bias", "median |err|", "P90 |err|", "|z|>3"}}
	line := func(r sweep.Regime, name string) {
		rows = append(rows, []string{name, fmt.Sprint(r.Count), fmt.Sprint(r.OK), fmt.Sprint(r.Infinite), fmt.Sprint(r.NotPositiveDefinite),
			fmtNum(r.Bias), fmtNum(r.MedianAbs), fmtNum(r.P90Abs), fmt.Sprintf("%d/%d", r.Significant, r.ZErrors)})
	}
	for _, r := range groups {
		line(r, r.Key())
	}
	line(g, "all")
	_, err = io.WriteString(w, textTable(rows))
	return err
}

// textTable lays rows out in columns two spaces apart: the first column
// aligned left, the others right.
func textTable(rows [][]string) string {
	var width []int
	for _, r := range rows {
		for i, c := range r {
			if i >= len(width) {
				width = append(width, 0)
			}
			width[i] = max(width[i], utf8.RuneCountInString(c))
		}
	}
	var b strings.Builder
	for _, r := range rows {
		for i, c := range r {
			pad := strings.Repeat(" ", width[i]-utf8.RuneCountInString(c))
			switch {
			case i == 0:
				b.WriteString(c + pad)
			default:
				b.WriteString("  " + pad + c)
			}
		}
		b.WriteByte('\n')
	}
	return b.String()
}
