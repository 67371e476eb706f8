package main

import (
	"bufio"

	"github.com/syninfo/syninfo/compare"
	"github.com/syninfo/syninfo/internal/rng"
	"github.com/syninfo/syninfo/knn"
	"github.com/syninfo/syninfo/model"
)

func init() {
	register(&command{
		name:    "compare",
		summary: "closed form vs truth: exact references, entropy difference and KSG estimates, errors",
		order:   40,
		run:     runCompare,
	})
}

// compareLine is one output line of "syninfo compare".
type compareLine struct {
	ID string `json:"id,omitempty"`
	*compare.Result
}

// caseKey is the random-stream key of a case: its id when it has one (so a
// sweep's case reproduces alone), else its 0-based position in the input.
func caseKey(i int, c *model.Case) uint64 {
	if c.ID != "" {
		return rng.Hash(c.ID)
	}
	return uint64(i)
}

func runCompare(e *env, args []string) error {
	fs := newFlags(e, "compare", "compare [FILE|-] [--samples M] [--seed 1] [--estimator wkl-white] [--k 3] [--blocks 25] [--no-ksg] [--units nats|bits] [--workers W]\n\n"+
		"For each case (JSON or JSON Lines), one JSON line: the closed form (analytic); the exact\n"+
		"reference (exact: n = 1, n = 2, or synapses in independent blocks of one or two; else null);\n"+
		"the entropy-difference estimate (entropy_diff, with its values on the nested halves M/2,\n"+
		"M/4 and, where it is the truth, the other bias reduction's value as a cross-check) and\n"+
		"direct KSG (ksg) from M draws of the network, each with its standard error; the truth\n"+
		"(the exact reference, else the entropy difference) with its uncertainty (standard error\n"+
		"and estimated remaining bias, docs/truth.md); and the error of the closed form against\n"+
		"it, real beyond 2 uncertainties. The draws of a case come from (seed, id), or (seed,\n"+
		"position) for a case without an id.")
	samples := fs.Int("samples", 20000, "draws of the network for the estimates (0: none)")
	seed := fs.Uint64("seed", 1, "random seed")
	k := fs.Int("k", 3, "neighbours of the k-NN estimators")
	estimator := fs.String("estimator", compare.DefaultEstimator, "entropy estimator of the truth: wkl-white, kl-white, wkl or kl (docs/truth.md)")
	noKSG := fs.Bool("no-ksg", false, "skip the direct KSG estimate")
	units := unitsFlag(fs)
	workers := workersFlag(fs)
	blocks := fs.Int("blocks", defaultBlocks, "row blocks of the standard errors")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if err := checkUnits(*units); err != nil {
		return err
	}
	if *samples < 0 {
		return usageErrorf("--samples: %d is negative", *samples)
	}
	if *blocks < 2 {
		return usageErrorf("--blocks: %d, want at least 2", *blocks)
	}
	if err := applyWorkers(*workers); err != nil {
		return err
	}
	if _, err := knn.ParseEstimator(*estimator); err != nil {
		return usageErrorf("--estimator: %q, want wkl-white, kl-white, wkl or kl", *estimator)
	}
	if *k < 1 {
		return usageErrorf("--k: %d is less than 1", *k)
	}
	if *samples > 0 && *k > *samples/2-1 { // samples < 2(k+1), without overflow
		return usageErrorf("--k: %d is too large for --samples %d (want k <= samples/2 - 1 = %d)", *k, *samples, *samples/2-1)
	}
	out := bufio.NewWriter(e.stdout)
	defer out.Flush()
	return forEachCase(e, pos, func(i int, c *model.Case) error {
		if err := checkCaseMemory(e, i, c, *samples); err != nil {
			return err
		}
		r, err := compare.Case(c, compare.Options{Samples: *samples, Seed: *seed, CaseKey: caseKey(i, c), K: *k, Blocks: *blocks, NoKSG: *noKSG, Workers: *workers, Estimator: *estimator})
		if err != nil {
			return badInput(err)
		}
		if err := jsonLineUnits(out, compareLine{ID: c.ID, Result: r}, *units); err != nil {
			return err
		}
		return out.Flush()
	})
}
