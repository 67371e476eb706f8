package main

import (
	"bufio"

	"github.com/syninfo/syninfo/analytic"
	"github.com/syninfo/syninfo/model"
)

func init() {
	register(&command{
		name:    "analytic",
		summary: "the Fenton–Wilkinson closed form of each case, with its status",
		order:   10,
		run:     runAnalytic,
	})
}

// analyticLine is one output line of "syninfo analytic".
type analyticLine struct {
	ID                string `json:"id,omitempty"`
	Status            string `json:"status"`
	MINats            num    `json:"mi_nats"`
	MIBits            num    `json:"mi_bits"`
	MinEigenvalue     num    `json:"min_eigenvalue"`
	MinEigenvalueRest num    `json:"min_eigenvalue_rest"`
	LogDet            num    `json:"log_det"`
	LogDetRest        num    `json:"log_det_rest"`
	Synapses          int    `json:"n"`
	Patterns          int    `json:"k"`
	Dim               int    `json:"dim"`
	DimRest           int    `json:"dim_rest"`
	DimMethod         string `json:"dim_method"`
}

func newAnalyticLine(c *model.Case, r *analytic.Result) analyticLine {
	return analyticLine{
		ID: c.ID, Status: string(r.Status),
		MINats: num(r.MINats), MIBits: num(r.MIBits()),
		MinEigenvalue: num(r.MinEigenvalue), MinEigenvalueRest: num(r.MinEigenvalueRest),
		LogDet: num(r.LogDet), LogDetRest: num(r.LogDetRest),
		Synapses: c.Len(), Patterns: c.K(),
		Dim: r.Support.Dim, DimRest: r.Support.DimRest, DimMethod: r.Support.Method,
	}
}

func runAnalytic(e *env, args []string) error {
	fs := newFlags(e, "analytic", "analytic [FILE|-] [--eigen auto|always|never]\n\n"+
		"Reads one case (JSON) or many (JSON Lines) and writes one JSON line per case, in input\n"+
		"order: status (ok | infinite | not_positive_definite), mi_nats, mi_bits (null when C or C'\n"+
		"is not positive definite), the smallest eigenvalues of C and C', their log-determinants,\n"+
		"and the dimensions of the exact laws of W_S and W_S^(-m) that decide 'infinite'.")
	eigen := fs.String("eigen", "auto", "smallest eigenvalues of C and C': auto (always computed; Lanczos above n = 400), always, never")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	var o analytic.Options
	switch *eigen {
	case "auto":
		o.Eigenvalues = analytic.EigenAuto
	case "always":
		o.Eigenvalues = analytic.EigenAlways
	case "never":
		o.Eigenvalues = analytic.EigenNever
	default:
		return usageErrorf("--eigen: %q is not auto, always or never", *eigen)
	}
	out := bufio.NewWriter(e.stdout)
	defer out.Flush()
	return forEachCase(e, pos, func(i int, c *model.Case) error {
		if err := checkCaseMemory(e, i, c, 0); err != nil {
			return err
		}
		r, err := analytic.Compute(c, o)
		if err != nil {
			return badInput(err)
		}
		if err := jsonLine(out, newAnalyticLine(c, r)); err != nil {
			return err
		}
		return out.Flush()
	})
}
