package reports

import (
	"fmt"
	"io"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/syninfo/syninfo/sweep"
)

// Summary writes a short plain-text table of the records to w: one line of
// status counts, then per group and overall the number of cases, the
// closed form's statuses, the number compared (closed form and truth both
// finite), the bias and the median and 90th-percentile |error| against the
// truth (nats), how many are within the accuracy criterion (5% or 0.01
// nats) and how many errors are real (beyond the truth's tolerance and 3 of
// its uncertainties), out of the compared. Failed records (no result) are
// counted in the first line only.
func Summary(w io.Writer, recs []*sweep.Record) error {
	if len(recs) == 0 {
		_, err := fmt.Fprintln(w, "no records")
		return err
	}
	recs, failed := splitFailed(recs)
	vs, err := views(recs)
	if err != nil {
		return err
	}
	bins, err := binsOf(vs, sweep.ByGroup)
	if err != nil {
		return err
	}
	st := map[int]int{}
	infVal := 0
	for _, v := range vs {
		st[statusRank(v.Status)]++
		if v.Infinite && finite(v.ClosedForm) {
			infVal++
		}
	}
	head := fmt.Sprintf("%d cases: %d ok, %d infinite (%d with a finite closed form), %d not_positive_definite", len(vs), st[0], st[1], infVal, st[2])
	if st[3] > 0 {
		head += fmt.Sprintf(", %d other status", st[3])
	}
	if len(failed) > 0 {
		head += fmt.Sprintf(", and %d that could not be computed", len(failed))
	}
	if _, err := fmt.Fprintln(w, head+"; errors in nats"); err != nil {
		return err
	}
	rows := [][]string{{"group", "cases", "ok", "infinite", "not PD", "compared", "bias", "median |err|", "P90 |err|", "within 5%", "real"}}
	line := func(g []*caseView, name string) {
		st := map[int]int{}
		within, real := 0, 0
		var abs, signed []float64
		for _, v := range g {
			st[statusRank(v.Status)]++
			if v.Compared {
				abs, signed = append(abs, v.Abs), append(signed, v.Signed)
				if v.Within() {
					within++
				}
				if v.Real {
					real++
				}
			}
		}
		slices.Sort(abs)
		rows = append(rows, []string{name, fmt.Sprint(len(g)), fmt.Sprint(st[0]), fmt.Sprint(st[1]), fmt.Sprint(st[2]), fmt.Sprint(len(abs)),
			Num(mean(signed)), Num(quantile(abs, 0.5)), Num(quantile(abs, 0.9)), fmt.Sprintf("%d/%d", within, len(abs)), fmt.Sprintf("%d/%d", real, len(abs))})
	}
	for _, b := range bins {
		line(b.vs, b.label)
	}
	line(vs, "all")
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
