package main

import (
	"context"
	"fmt"
	"math"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/syninfo/syninfo/sweep"
)

func init() {
	register(&command{name: "grid", summary: "the closed form's error against the exact reference on a grid of singletons", order: 45, run: runGrid})
}

func parseFloats(flag, s string) ([]float64, error) {
	var out []float64
	for _, f := range strings.Split(s, ",") {
		v, err := strconv.ParseFloat(strings.TrimSpace(f), 64)
		if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
			return nil, usageErrorf("--%s: %q is not a number", flag, f)
		}
		out = append(out, v)
	}
	return out, nil
}

func parseInts(flag, s string) ([]int, error) {
	var out []int
	for _, f := range strings.Split(s, ",") {
		v, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil {
			return nil, usageErrorf("--%s: %q is not a whole number", flag, f)
		}
		out = append(out, v)
	}
	return out, nil
}

func runGrid(e *env, args []string) error {
	fs := newFlags(e, "grid", "grid [--s2 LIST] [--rho LIST] [--patterns LIST] [--neurons N] [--json] [--units nats|bits] [--workers W]\n\n"+
		"For every (sigma², rho, K) of the lists, the set-1 singleton: synapse (1, 2) of N neurons,\n"+
		"K patterns with the fixed set-1 log-means and one shared Sigma = sigma²[(1−rho)I + rho 11ᵀ],\n"+
		"pattern 0. Prints the closed form, the exact reference, and the closed form's error.")
	s2s := fs.String("s2", "0.1,0.5,1,2,3", "comma-separated sigma² (log-variance of each neuron)")
	rhos := fs.String("rho", "0,0.4,0.8", "comma-separated rho (log-correlation between neurons)")
	ks := fs.String("patterns", "2,4,8,16,32", "comma-separated K (number of patterns)")
	oldK := fs.String("k", "", "deprecated name of --patterns")
	units := unitsFlag(fs)
	workers := workersFlag(fs)
	neurons := fs.Int("neurons", 20, "N, the number of neurons")
	asJSON := fs.Bool("json", false, "one JSON line per grid point instead of a table")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usageErrorf("unexpected argument %q", pos[0])
	}
	if err := checkUnits(*units); err != nil {
		return err
	}
	if *workers < 0 {
		return usageErrorf("--workers = %d, want >= 0", *workers)
	}
	if fs.set("k") {
		if fs.set("patterns") {
			return usageErrorf("--k is the old name of --patterns: give one")
		}
		fmt.Fprintln(e.stderr, "syninfo grid: --k is deprecated (k means neighbours elsewhere): use --patterns")
		*ks = *oldK
	}
	s2v, err := parseFloats("s2", *s2s)
	if err != nil {
		return err
	}
	rv, err := parseFloats("rho", *rhos)
	if err != nil {
		return err
	}
	kv, err := parseInts("patterns", *ks)
	if err != nil {
		return err
	}
	if *neurons < 2 {
		return usageErrorf("--neurons: %d, want at least 2", *neurons)
	}
	// The cases are built before they run: K log-mean vectors of N and one
	// N × N Sigma each.
	need := 0.0
	for _, k := range kv {
		need += float64(len(s2v)*len(rv)) * 8 * (float64(k)*float64(*neurons) + float64(*neurons)*float64(*neurons))
	}
	if err := checkMemory(e, need, "the grid", "use smaller --k or --neurons, or fewer values"); err != nil {
		return err
	}
	for _, v := range s2v {
		if v < 0 {
			return usageErrorf("--s2: %v is negative", v)
		}
	}
	g, err := sweep.NewSingletonGrid(*neurons, s2v, rv, kv)
	if err != nil {
		return usageErrorf("%v", err)
	}
	rows, err := g.Compute(context.Background(), *workers)
	if err != nil {
		return err
	}
	if *asJSON {
		for _, r := range rows {
			if err := jsonLineUnits(e.stdout, r, *units); err != nil {
				return err
			}
		}
		return nil
	}
	tw := tabwriter.NewWriter(e.stdout, 2, 8, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "sigma²\trho\tK\tstatus\tclosed form\texact\terror\trel. error\t")
	scale := 1.0
	if *units == "bits" {
		scale = 1 / math.Ln2
	}
	f := func(x num) string {
		if math.IsNaN(float64(x)) || math.IsInf(float64(x), 0) {
			return fmt.Sprint(float64(x))
		}
		return fmt.Sprintf("%.6f", float64(x)*scale)
	}
	rel := func(x num) string { // unit-free
		if math.IsNaN(float64(x)) || math.IsInf(float64(x), 0) {
			return fmt.Sprint(float64(x))
		}
		return fmt.Sprintf("%.6f", float64(x))
	}
	for _, r := range rows {
		fmt.Fprintf(tw, "%g\t%g\t%d\t%s\t%s\t%s\t%s\t%s\t\n", r.S2, r.Rho, r.K, r.Status, f(r.Analytic), f(r.Exact), f(r.Error), rel(r.RelError))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	_, err = fmt.Fprintf(e.stdout, "(%s; error = closed form − exact reference)\n", *units)
	return err
}
