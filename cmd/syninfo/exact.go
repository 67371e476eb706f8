package main

import (
	"bufio"
	"errors"
	"math"

	"github.com/syninfo/syninfo/exact"
	"github.com/syninfo/syninfo/model"
)

func init() {
	register(&command{
		name:    "exact",
		summary: "the numerically exact information of a single synapse (n = 1), with an error estimate",
		order:   20,
		run:     runExact,
	})
}

// exactLine is one output line of "syninfo exact".
type exactLine struct {
	ID            string `json:"id,omitempty"`
	MINats        num    `json:"mi_nats"`
	MIBits        num    `json:"mi_bits"`
	ErrorEstimate num    `json:"error_estimate"`
	Status        string `json:"status"`
	HW            num    `json:"h_w"`
	HWRest        num    `json:"h_w_rest"`
}

func runExact(e *env, args []string) error {
	fs := newFlags(e, "exact", "exact [FILE|-] [--tol T] [--max-points N] [--max-work W]\n\n"+
		"Reads one case (JSON) or many (JSON Lines), each with exactly one synapse, and writes one\n"+
		"JSON line per case, in input order: mi_nats, mi_bits (null when infinite), error_estimate\n"+
		"(the change between the last two grid refinements), status (ok | infinite | not_converged:\n"+
		"the limits stopped the refinement before two levels agreed to --tol), h_w and\n"+
		"h_w_rest (differential entropies of W and W^(-m) in nats; null for a constant).")
	tol := fs.Float64("tol", 1e-6, "agreement in nats required between two successive grid refinements")
	maxPoints := fs.Int("max-points", exact.DefaultMaxPoints, "largest grid (points per partial sum) a refinement may use (memory)")
	maxWork := fs.Float64("max-work", exact.DefaultMaxWork, "integrand evaluations (about 5 ns each) all refinements of one case may use (time)")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if !(*tol > 0) || math.IsInf(*tol, 0) {
		return usageErrorf("--tol: %v is not a positive number", *tol)
	}
	if *maxPoints < 64 {
		return usageErrorf("--max-points: %d is below 64", *maxPoints)
	}
	if !(*maxWork >= 1e4) || math.IsInf(*maxWork, 0) {
		return usageErrorf("--max-work: %v is not a number of at least 1e4", *maxWork)
	}
	o := exact.Options{Tol: *tol, MaxPoints: *maxPoints, MaxWork: *maxWork}
	out := bufio.NewWriter(e.stdout)
	defer out.Flush()
	return forEachCase(e, pos, func(i int, c *model.Case) error {
		r, err := exact.Singleton(c, o)
		if errors.Is(err, exact.ErrNotSingleton) {
			return usageErrorf("case %d: %v", i+1, err)
		}
		if err != nil {
			return badInput(err)
		}
		line := exactLine{ID: c.ID, MINats: num(r.MINats), MIBits: num(r.MINats / math.Ln2),
			ErrorEstimate: num(r.ErrorEstimate), Status: r.Status, HW: num(r.HW), HWRest: num(r.HWRest)}
		if err := jsonLine(out, line); err != nil {
			return err
		}
		return out.Flush()
	})
}
