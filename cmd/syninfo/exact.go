package main

import (
	"bufio"
	"errors"
	"fmt"
	"math"

	"github.com/syninfo/syninfo/exact"
	"github.com/syninfo/syninfo/model"
)

func init() {
	register(&command{
		name:    "exact",
		summary: "the numerically exact information of one synapse, a pair, or independent blocks of them, with an error estimate",
		order:   20,
		run:     runExact,
	})
}

// exactLine is one output line of "syninfo exact".
type exactLine struct {
	ID            string  `json:"id,omitempty"`
	MINats        num     `json:"mi_nats"`
	MIBits        num     `json:"mi_bits"`
	ErrorEstimate num     `json:"error_estimate"`
	Status        string  `json:"status"`
	HW            num     `json:"h_w"`
	HWRest        num     `json:"h_w_rest"`
	Blocks        [][]int `json:"blocks,omitempty"`
}

func runExact(e *env, args []string) error {
	fs := newFlags(e, "exact", "exact [FILE|-] [--tol T] [--max-points N] [--max-work W]\n\n"+
		"Reads one case (JSON) or many (JSON Lines) and writes one JSON line per case, in input order.\n"+
		"Covered: one synapse (n = 1), two (n = 2, sharing a neuron or not), and any n whose synapses\n"+
		"fall into independent blocks of 1 or 2 (no log-covariance between blocks for any pattern):\n"+
		"the information is then the sum over blocks. Other cases are refused (use compare).\n"+
		"Fields: mi_nats, mi_bits (null when infinite), error_estimate (the change between the last\n"+
		"two grid refinements), status (ok | infinite | not_converged: the limits stopped the\n"+
		"refinement before two levels agreed to --tol), h_w and h_w_rest (differential entropies of\n"+
		"W and W^(-m) in nats; null for a constant), blocks (the synapse indices of each block, n > 1).\n"+
		"See docs/exact.md.")
	tol := fs.Float64("tol", 1e-6, "agreement in nats required between two successive grid refinements")
	units := unitsFlag(fs)
	workers := workersFlag(fs)
	maxPoints := fs.Int("max-points", exact.DefaultMaxPoints, "largest grid (points per partial sum) a refinement may use (memory)")
	maxWork := fs.Float64("max-work", exact.DefaultMaxWork, "integrand evaluations all refinements of one block may use (time)")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if err := checkUnits(*units); err != nil {
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
	if err := applyWorkers(*workers); err != nil {
		return err
	}
	o := exact.Options{Tol: *tol, MaxPoints: *maxPoints, MaxWork: *maxWork, Workers: *workers}
	out := bufio.NewWriter(e.stdout)
	defer out.Flush()
	return forEachCase(e, pos, func(i int, c *model.Case) error {
		r, err := exact.Reference(c, o)
		if errors.Is(err, exact.ErrUnsupported) {
			return usageErrorf("case %d: %v", i+1, err)
		}
		if errors.Is(err, exact.ErrLimit) {
			// A valid case beyond the limits: the operation failed (exit 1).
			return &exitError{code: 1, err: fmt.Errorf("case %d: %w", i+1, err)}
		}
		if err != nil {
			return badInput(err)
		}
		line := exactLine{ID: c.ID, MINats: num(r.MINats), MIBits: num(r.MINats / math.Ln2),
			ErrorEstimate: num(r.ErrorEstimate), Status: r.Status, HW: num(r.HW), HWRest: num(r.HWRest)}
		if c.Len() > 1 {
			line.Blocks = exact.Blocks(c)
		}
		if err := jsonLineUnits(out, line, *units); err != nil {
			return err
		}
		return out.Flush()
	})
}
