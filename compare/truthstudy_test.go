package compare

import (
	"encoding/json"
	"flag"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/syninfo/syninfo/analytic"
	"github.com/syninfo/syninfo/empirical"
	"github.com/syninfo/syninfo/exact"
	"github.com/syninfo/syninfo/internal/rng"
	"github.com/syninfo/syninfo/knn"
	"github.com/syninfo/syninfo/model"
	"github.com/syninfo/syninfo/num"
	"github.com/syninfo/syninfo/simsets"
)

// The truth coverage study (docs/truth.md) is behind flags: it draws and
// estimates about a hundred cases at two sample sizes and takes CPU-hours.
//
//	go test ./compare -run TestTruthStudy -truthstudy=/work/truth-runs/study.jsonl -timeout 0
var (
	truthStudy   = flag.String("truthstudy", "", "run the truth coverage study, writing raw records (JSON lines) to this file")
	truthSizes   = flag.String("truthsizes", "4000,20000", "sample sizes of the truth study")
	truthFamily  = flag.String("truthfamily", "", "only these families (comma-separated) of the truth study")
	truthCases   = flag.String("truthcases", "", "only the case ids with this prefix")
	truthLevels  = flag.Int("truthlevels", 3, "nested halvings of the truth study")
	truthNoPlain = flag.Bool("truthnoplain", false, "skip the plain estimator")
	truthEst     = flag.String("truthest", "", "only this estimator (and no plain one)")
	truthDone    = flag.String("truthdone", "", "skip the (id, M) already in this study file")
)

// studyCase is one case of the truth study with its reference when one is
// exact: the exact singleton (n = 1) or a sum of exact singletons over
// independent blocks.
type studyCase struct {
	ID     string
	Family string
	Case   *model.Case
	Exact  bool
	Ref    float64
	RefErr float64
}

// independentCase draws a case of n synapses on 2n neurons, synapse a on
// neurons (2a, 2a+1), each pattern's Sigma block-diagonal in the pairs:
// the synapses are independent, so the information is the sum of the
// singletons'. perPattern draws each pattern's Sigma of its own.
func independentCase(seed uint64, n, k int, perPattern bool, muRange, s2 float64) *model.Case {
	r := rng.New(seed, 0x7374756479)
	nn := 2 * n
	c := &model.Case{Pattern: 0}
	for a := 0; a < n; a++ {
		c.Synapses = append(c.Synapses, model.Synapse{2 * a, 2*a + 1})
	}
	sigma := func() [][]float64 {
		s := make([][]float64, nn)
		for i := range s {
			s[i] = make([]float64, nn)
		}
		for a := 0; a < n; a++ {
			v1 := s2 * (0.5 + r.Float64())
			v2 := s2 * (0.5 + r.Float64())
			rho := 0.9 * (2*r.Float64() - 1)
			s[2*a][2*a], s[2*a+1][2*a+1] = v1, v2
			s[2*a][2*a+1] = rho * math.Sqrt(v1*v2)
			s[2*a+1][2*a] = s[2*a][2*a+1]
		}
		return s
	}
	addPatterns(c, r, k, nn, perPattern, muRange, sigma)
	return c
}

// pairBlocksCase draws a case of n = 2·blocks synapses made of
// independent dependent pairs: block b is either two synapses sharing a
// neuron (3 neurons, synapses (i, j) and (i, k)) or two synapses on four
// neurons whose log-patterns are correlated across the pair; shapes
// alternate from the first block's (shared when sharedFirst). Each
// block's Sigma is a random correlation matrix (Wishart-like, with a
// floor on its eigenvalues) scaled by variances s2·(0.5…1.5); blocks are
// independent of one another, so the information is the sum of the exact
// pair references, while inside a block the two weights are dependent.
func pairBlocksCase(seed uint64, blocks, k int, perPattern, sharedFirst bool, muRange, s2 float64) *model.Case {
	r := rng.New(seed, 0x7061697273)
	c := &model.Case{Pattern: 0}
	var sizes []int
	nn := 0
	for b := 0; b < blocks; b++ {
		shared := (b%2 == 0) == sharedFirst
		if shared {
			c.Synapses = append(c.Synapses, model.Synapse{nn, nn + 1}, model.Synapse{nn, nn + 2})
			sizes = append(sizes, 3)
			nn += 3
		} else {
			c.Synapses = append(c.Synapses, model.Synapse{nn, nn + 1}, model.Synapse{nn + 2, nn + 3})
			sizes = append(sizes, 4)
			nn += 4
		}
	}
	sigma := func() [][]float64 {
		s := make([][]float64, nn)
		for i := range s {
			s[i] = make([]float64, nn)
		}
		off := 0
		for _, d := range sizes {
			// B·Bᵀ + 0.3·I, as a correlation matrix, then scaled.
			bm := make([][]float64, d)
			for i := range bm {
				bm[i] = make([]float64, d)
				for j := range bm[i] {
					bm[i][j] = r.NormFloat64()
				}
			}
			cv := make([][]float64, d)
			for i := range cv {
				cv[i] = make([]float64, d)
				for j := range cv[i] {
					for l := 0; l < d; l++ {
						cv[i][j] += bm[i][l] * bm[j][l]
					}
					if i == j {
						cv[i][j] += 0.3
					}
				}
			}
			sd := make([]float64, d)
			for i := range sd {
				sd[i] = math.Sqrt(s2*(0.5+r.Float64())) / math.Sqrt(cv[i][i])
			}
			for i := 0; i < d; i++ {
				for j := 0; j < d; j++ {
					s[off+i][off+j] = cv[i][j] * sd[i] * sd[j]
				}
			}
			off += d
		}
		return s
	}
	addPatterns(c, r, k, nn, perPattern, muRange, sigma)
	return c
}

// addPatterns appends k patterns on nn neurons to c: log-means uniform in
// ±muRange, and Sigma from sigma, drawn once for all patterns or, with
// perPattern, once per pattern.
func addPatterns(c *model.Case, r *rand.Rand, k, nn int, perPattern bool, muRange float64, sigma func() [][]float64) {
	var shared [][]float64
	if !perPattern {
		shared = sigma()
	}
	for q := 0; q < k; q++ {
		mu := make([]float64, nn)
		for i := range mu {
			mu[i] = muRange * (2*r.Float64() - 1)
		}
		sg := shared
		if perPattern {
			sg = sigma()
		}
		c.Patterns = append(c.Patterns, model.Pattern{Mu: mu, Sigma: sg})
	}
}

func allPairs(n int) []model.Synapse {
	var s []model.Synapse
	for i := 0; i < n; i++ {
		for j := i + 1; j < n; j++ {
			s = append(s, model.Synapse{i, j})
		}
	}
	return s
}

// studyCases lists the cases of the truth study, cheapest families first.
func studyCases(t *testing.T) []studyCase {
	var out []studyCase
	add := func(id, fam string, c *model.Case, err error) {
		if err != nil {
			t.Fatalf("%s: %v", id, err)
		}
		if err := c.Validate(); err != nil {
			t.Fatalf("%s: %v", id, err)
		}
		out = append(out, studyCase{ID: id, Family: fam, Case: c})
	}
	// n = 1, shared Sigma (set 1): K, s², ρ.
	for _, k := range []int{2, 3, 5, 8} {
		for _, s2 := range []float64{0.25, 1, 4} {
			for _, rho := range []float64{0, 0.5} {
				c, err := simsets.Set1(20, k, math.Sqrt(s2), rho, []model.Synapse{{0, 1}}, 0)
				add(fmt.Sprintf("single/K%d-s%g-r%g", k, s2, rho), "single", c, err)
			}
		}
	}
	// n = 1, tiny information: pattern m's log-mean shifted down by 8…20.
	for _, shift := range []float64{-8, -12, -16, -20} {
		c, err := simsets.Set1(20, 2, 1, 0, []model.Synapse{{0, 1}}, 0)
		if err == nil {
			mu := append([]float64(nil), c.Patterns[0].Mu...)
			for i := range mu {
				mu[i] += shift / 2
			}
			c.Patterns[0].Mu = mu
		}
		add(fmt.Sprintf("tiny/shift%g", shift), "tiny", c, err)
	}
	// n = 1, per-pattern Sigma (set 2 and set 3 draws with one synapse).
	draw := func(seed uint64, i, draws, lenMin, lenMax int) (string, *model.Case, error) {
		set := 2 + i%2
		p := simsets.Params{Set: set, Draws: draws, Ranges: simsets.Ranges{KMin: 2, KMax: 5, LenMin: lenMin, LenMax: lenMax}}
		pt, err := p.Case(seed, i)
		if err != nil {
			return "", nil, err
		}
		return fmt.Sprintf("set%d-%d", set, i), pt.Case, nil
	}
	for i := 0; i < 8; i++ {
		id, c, err := draw(7, i, 8, 1, 1)
		add("single-pp/"+id, "single", c, err)
	}
	// Independent blocks, n = 2…20, shared and per-pattern Sigma.
	i := 0
	for _, n := range []int{2, 3, 4, 6, 8, 10, 12, 14, 16, 20} {
		for _, k := range []int{2, 3, 5} {
			pp := i%2 == 1
			mr := []float64{0.3, 1, 2}[i%3]
			s2 := []float64{0.5, 1, 2}[(i/3)%3]
			c := independentCase(uint64(100+i), n, k, pp, mr, s2)
			add(fmt.Sprintf("blocks/n%d-K%d-pp%v", n, k, pp), "blocks", c, nil)
			i++
		}
	}
	// More independent blocks at n = 2…8 (a second stream), K = 2…5.
	for _, n := range []int{2, 3, 4, 5, 6, 7, 8} {
		for _, k := range []int{2, 4} {
			pp := i%2 == 1
			mr := []float64{0.5, 1.5}[i%2]
			s2 := []float64{0.25, 1, 3}[i%3]
			c := independentCase(uint64(100+i), n, k+i%2, pp, mr, s2)
			add(fmt.Sprintf("blocks2/n%d-K%d-pp%v", n, k+i%2, pp), "blocks", c, nil)
			i++
		}
	}
	for i := 8; i < 24; i++ {
		id, c, err := draw(7, i, 24, 1, 1)
		add("single-pp/"+id, "single", c, err)
	}
	// A third batch at small n: more K, s², ρ.
	for _, k := range []int{4, 16} {
		for _, s2 := range []float64{0.5, 2} {
			for _, rho := range []float64{0, 0.8} {
				c, err := simsets.Set1(20, k, math.Sqrt(s2), rho, []model.Synapse{{2, 3}}, 1)
				add(fmt.Sprintf("single3/K%d-s%g-r%g", k, s2, rho), "single", c, err)
			}
		}
	}
	for _, n := range []int{2, 3, 4, 5} {
		c := independentCase(uint64(300+n), n, 2+n%3, n%2 == 0, 1, 1)
		add(fmt.Sprintf("blocks3/n%d-K%d", n, 2+n%3), "blocks", c, nil)
	}
	// Dependent pairs (n = 2, exact pair references): both shapes, shared
	// and per-pattern Sigma, K = 2…5; then set 2/3 draws of two synapses.
	for j := 0; j < 16; j++ {
		k := 2 + j%4
		pp, sh := (j/4)%2 == 1, j/8 == 0
		mr := []float64{0.3, 1, 2}[j%3]
		s2 := []float64{0.5, 1, 2}[(j/3)%3]
		c := pairBlocksCase(uint64(500+j), 1, k, pp, sh, mr, s2)
		add(fmt.Sprintf("pairs/K%d-pp%v-shared%v-%d", k, pp, sh, j), "pairs", c, nil)
	}
	for j := 0; j < 8; j++ {
		id, c, err := draw(13, j, 8, 2, 2)
		add("pairs-pp/"+id, "pairs", c, err)
	}
	// Dependent ensembles at n = 8…20 with exact references: independent
	// blocks of dependent pairs.
	for j, n := range []int{8, 8, 10, 10, 12, 12, 14, 14, 16, 16, 20, 20} {
		k := 2 + j%4
		pp, sh := j%2 == 1, (j/2)%2 == 0
		mr := []float64{0.5, 1, 1.5}[j%3]
		s2 := []float64{0.5, 1, 2}[(j/2)%3]
		c := pairBlocksCase(uint64(600+j), n/2, k, pp, sh, mr, s2)
		add(fmt.Sprintf("pairblocks/n%d-K%d-pp%v", n, k, pp), "pairblocks", c, nil)
	}
	// Full small networks N = 4…7 (set 1, shared Sigma).
	for _, f := range []struct {
		n, k int
		rho  float64
	}{{4, 2, 0}, {4, 3, 0}, {4, 4, 0.3}, {4, 8, 0}, {5, 2, 0.3}, {5, 4, 0}, {5, 8, 0}, {6, 2, 0}, {6, 4, 0}, {6, 8, 0.3}, {7, 3, 0}, {7, 5, 0.3}} {
		c, err := simsets.Set1(f.n, f.k, math.Sqrt(0.5), f.rho, allPairs(f.n), 0)
		add(fmt.Sprintf("full/N%d-K%d-r%g", f.n, f.k, f.rho), "full", c, err)
	}
	// Dependent ensembles with per-pattern Sigma: set 2/3 draws, K = 2…5,
	// n = 8…20.
	for i := 0; i < 16; i++ {
		id, c, err := draw(11, i, 16, 8, 20)
		add("draws/"+id, "draws", c, err)
	}
	return out
}

// reference fills the exact reference where one exists (n = 1, n = 2, or
// independent blocks of one or two synapses: the sum of their references).
func (sc *studyCase) reference() error {
	ex, _, err := exactReference(sc.Case, exact.Options{Workers: 1, MaxWork: exact.DefaultMaxWork})
	if err != nil || ex == nil {
		return err
	}
	sc.Exact, sc.Ref, sc.RefErr = true, float64(ex.MINats), float64(ex.ErrorEstimate)
	return nil
}

// studyEst is one estimator's raw output on one case and sample size.
type studyEst struct {
	Estimator string      `json:"estimator"`
	Value     num.Float   `json:"value"`
	SE        num.Float   `json:"se"`
	Nested    []num.Float `json:"nested,omitempty"`
	Err       string      `json:"err,omitempty"`
	Seconds   float64     `json:"seconds"`
}

type studyRecord struct {
	ID       string     `json:"id"`
	Family   string     `json:"family"`
	N        int        `json:"n"`
	K        int        `json:"k"`
	Shared   bool       `json:"shared_sigma"`
	Exact    bool       `json:"exact"`
	Ref      num.Float  `json:"ref"`
	RefErr   num.Float  `json:"ref_err"`
	ClosedFm num.Float  `json:"closed_form"`
	M        int        `json:"m"`
	Seed     uint64     `json:"seed"`
	Ests     []studyEst `json:"ests"`
}

func TestTruthStudy(t *testing.T) {
	if *truthStudy == "" {
		t.Skip("the truth coverage study runs with -truthstudy=FILE (CPU-hours; see docs/truth.md)")
	}
	var sizes []int
	for _, s := range strings.Split(*truthSizes, ",") {
		var m int
		if _, err := fmt.Sscan(s, &m); err != nil {
			t.Fatal(err)
		}
		sizes = append(sizes, m)
	}
	f, err := os.OpenFile(*truthStudy, os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o644)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	enc := json.NewEncoder(f)
	fams := map[string]bool{}
	for _, s := range strings.Split(*truthFamily, ",") {
		if s != "" {
			fams[s] = true
		}
	}
	done := map[string]bool{}
	if *truthDone != "" {
		data, err := os.ReadFile(*truthDone)
		if err != nil {
			t.Fatal(err)
		}
		for _, line := range strings.Split(string(data), "\n") {
			var r studyRecord
			if json.Unmarshal([]byte(line), &r) == nil {
				done[fmt.Sprint(r.ID, r.M)] = true
			}
		}
	}
	for _, sc := range studyCases(t) {
		if len(fams) > 0 && !fams[sc.Family] || !strings.HasPrefix(sc.ID, *truthCases) {
			continue
		}
		if done[fmt.Sprint(sc.ID, sizes[0])] && done[fmt.Sprint(sc.ID, sizes[len(sizes)-1])] {
			continue
		}
		if err := sc.reference(); err != nil {
			t.Fatalf("%s: reference: %v", sc.ID, err)
		}
		res, err := Case(sc.Case, Options{})
		if err != nil {
			t.Fatalf("%s: %v", sc.ID, err)
		}
		for _, m := range sizes {
			if done[fmt.Sprint(sc.ID, m)] {
				continue
			}
			rec := studyRecord{ID: sc.ID, Family: sc.Family, N: sc.Case.Len(), K: sc.Case.K(),
				Shared: sc.Case.SharedSigma(), Exact: sc.Exact, Ref: num.Float(sc.Ref), RefErr: num.Float(sc.RefErr),
				ClosedFm: res.Analytic.MINats, M: m, Seed: 1}
			s, err := empirical.New(sc.Case)
			if err != nil {
				t.Fatalf("%s: %v", sc.ID, err)
			}
			d, err := s.Draw(m, rec.Seed, rng.Hash(sc.ID)+uint64(m), empirical.Options{})
			if err != nil {
				t.Fatalf("%s: %v", sc.ID, err)
			}
			ko := knn.Options{K: 3, Blocks: DefaultBlocks}
			ests := []knn.Estimator{{Whiten: true}, {Whiten: true, Weighted: true}}
			if !*truthNoPlain && *truthEst == "" {
				ests = append([]knn.Estimator{{}}, ests...)
			}
			if *truthEst != "" {
				e, err := knn.ParseEstimator(*truthEst)
				if err != nil {
					t.Fatal(err)
				}
				ests = []knn.Estimator{e}
			}
			for _, e := range ests {
				start := time.Now()
				se := studyEst{Estimator: e.Name()}
				v, err := EntropyDiffWith(d, ko, e)
				if err == nil {
					se.Value, se.SE = v.MINats, v.SE
					var nested []float64
					nested, err = NestedEntropyDiff(d, ko, e, *truthLevels)
					for _, x := range nested {
						se.Nested = append(se.Nested, num.Float(x))
					}
				}
				if err != nil {
					se.Err = err.Error()
				}
				se.Seconds = time.Since(start).Seconds()
				rec.Ests = append(rec.Ests, se)
			}
			if err := enc.Encode(rec); err != nil {
				t.Fatal(err)
			}
			t.Logf("%s M=%d done", sc.ID, m)
		}
	}
}

var (
	truthTable = flag.String("truthtable", "", "print the coverage table of these truth-study files (comma-separated)")
	truthRefs  = flag.String("truthrefs", "", "truth-study files at large M whose settled truths are the references of cases without an exact one")
)

// studyTruth is the truth compare forms from one raw estimate (Drift on
// the nested estimates, then the cross-check against the other bias
// reduction's value cross, when there is one).
func studyTruth(e studyEst, dim int, cross num.Float) (v, u float64, extrap, settled, ok bool) {
	if e.Err != "" || !e.Value.Valid() || len(e.Nested) < 3 {
		return 0, 0, false, false, false
	}
	ed := &Estimate{MINats: e.Nested[0], SE: e.SE, Nested: e.Nested[1:3]}
	if cross.Valid() {
		ed.Cross = &Cross{MINats: cross}
	}
	t := SampledTruth(ed, dim)
	return float64(t.MINats), float64(t.Uncertainty), t.Extrapolated, t.Settled, true
}

// crossOf returns the value of the other bias reduction (same whitening)
// in a record, or NaN.
func crossOf(r studyRecord, e studyEst) num.Float {
	want := map[string]string{"wkl-white": "kl-white", "kl-white": "wkl-white", "wkl": "kl", "kl": "wkl"}[e.Estimator]
	for _, o := range r.Ests {
		if o.Estimator == want && o.Err == "" {
			return o.Value
		}
	}
	return num.Float(math.NaN())
}

// readStudy reads study files; a (case, M, estimator) written twice (two
// runs appending to one file) is kept once, the last.
func readStudy(t *testing.T, files string) []studyRecord {
	var out []studyRecord
	at := map[string]int{}
	defer func() {
		for i := range out {
			var ests []studyEst
			seen := map[string]bool{}
			for j := len(out[i].Ests) - 1; j >= 0; j-- {
				if e := out[i].Ests[j]; !seen[e.Estimator] {
					seen[e.Estimator] = true
					ests = append([]studyEst{e}, ests...)
				}
			}
			out[i].Ests = ests
		}
	}()
	for _, f := range strings.Split(files, ",") {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, line := range strings.Split(string(data), "\n") {
			if strings.TrimSpace(line) == "" {
				continue
			}
			var r studyRecord
			if err := json.Unmarshal([]byte(line), &r); err != nil {
				t.Fatalf("%s: %v", f, err)
			}
			key := fmt.Sprint(r.ID, " ", r.M)
			if i, ok := at[key]; ok {
				out[i].Ests = append(out[i].Ests, r.Ests...)
				continue
			}
			at[key] = len(out)
			out = append(out, r)
		}
	}
	return out
}

// TestTruthStudyTable prints the coverage table of docs/truth.md from the
// raw study records, forming every truth with Drift (the code compare
// runs): the fraction of cases whose truth lies within 2 × uncertainty of
// the reference, per family and sample size, beside the fraction the
// block standard error alone would cover (|H_M − ref| ≤ 2 SE).
func TestTruthStudyTable(t *testing.T) {
	if *truthTable == "" {
		t.Skip("prints the coverage table with -truthtable=FILES")
	}
	type ref struct {
		v, u    float64
		settled bool
	}
	refs := map[string]ref{} // id/estimator → settled truth at large M
	if *truthRefs != "" {
		for _, r := range readStudy(t, *truthRefs) {
			for _, e := range r.Ests {
				if v, u, _, settled, ok := studyTruth(e, r.N, crossOf(r, e)); ok {
					refs[r.ID+"/"+e.Estimator] = ref{v, u, settled}
				}
			}
		}
	}
	// Cases whose information is +∞ by the model's rank (compare states
	// them so, whatever the estimates say) have no finite reference.
	infinite := map[string]bool{}
	for _, sc := range studyCases(t) {
		if a, err := analytic.Compute(sc.Case, analytic.Options{}); err == nil && a.Status == analytic.Infinite {
			infinite[sc.ID] = true
		}
	}
	var skipped []string
	type cell struct{ cases, covered, covered1, coveredSE, unsettled, extrap, nMin, nMax int }
	cells := map[string]*cell{}
	var keys []string
	var misses []string
	for _, r := range readStudy(t, *truthTable) {
		if infinite[r.ID] {
			if !slices.Contains(skipped, r.ID) {
				skipped = append(skipped, r.ID)
			}
			continue
		}
		for _, e := range r.Ests {
			v, u, extrap, settled, ok := studyTruth(e, r.N, crossOf(r, e))
			if !ok {
				continue
			}
			refV, kind := float64(r.Ref), "exact"
			if !r.Exact {
				rf, found := refs[r.ID+"/"+e.Estimator]
				if !found || !rf.settled {
					kind = "no settled reference"
				} else {
					refV, kind = rf.v, "M = 2e5"
				}
			}
			sigma := "shared Σ"
			if !r.Shared {
				sigma = "per-pattern Σ"
			}
			covered := math.Abs(v-refV) <= 2*u
			covered1 := math.Abs(v-refV) <= u
			coveredSE := math.Abs(float64(e.Value)-refV) <= 2*float64(e.SE)
			if kind != "no settled reference" && !covered {
				misses = append(misses, fmt.Sprintf("%s %s M=%d: truth %.4g ± %.2g, reference %.4g (%s)", e.Estimator, r.ID, r.M, v, u, refV, kind))
			}
			all := "all with a reference"
			if kind == "no settled reference" {
				all = kind
			}
			for _, key := range []string{
				fmt.Sprintf("%s|%s, %s|%s|%d", e.Estimator, r.Family, sigma, kind, r.M),
				fmt.Sprintf("%s|~all|%s|%d", e.Estimator, all, r.M),
			} {
				c := cells[key]
				if c == nil {
					c = &cell{nMin: r.N, nMax: r.N}
					cells[key] = c
					keys = append(keys, key)
				}
				c.cases++
				c.nMin, c.nMax = min(c.nMin, r.N), max(c.nMax, r.N)
				if !settled {
					c.unsettled++
				}
				if extrap {
					c.extrap++
				}
				if covered {
					c.covered++
				}
				if covered1 {
					c.covered1++
				}
				if coveredSE {
					c.coveredSE++
				}
			}
		}
	}
	sort.Strings(keys)
	fmt.Println("| estimator | family | reference | M | cases | n | within 2 × uncertainty | within 1 × uncertainty | within 2 SE (variance only) | unsettled | extrapolated |")
	fmt.Println("|---|---|---|---|---|---|---|---|---|---|---|")
	for _, k := range keys {
		c, f := cells[k], strings.Split(k, "|")
		cov, cov1, covSE := "–", "–", "–"
		if !strings.Contains(f[2], "no settled reference") {
			cov = fmt.Sprintf("%d/%d (%.0f%%)", c.covered, c.cases, 100*float64(c.covered)/float64(c.cases))
			cov1 = fmt.Sprintf("%d/%d (%.0f%%)", c.covered1, c.cases, 100*float64(c.covered1)/float64(c.cases))
			covSE = fmt.Sprintf("%d/%d (%.0f%%)", c.coveredSE, c.cases, 100*float64(c.coveredSE)/float64(c.cases))
		}
		fam := strings.TrimPrefix(f[1], "~")
		if fam == "all" {
			fam = "**all**"
		}
		fmt.Printf("| %s | %s | %s | %s | %d | %d–%d | %s | %s | %s | %d | %d |\n", f[0], fam, f[2], f[3], c.cases, c.nMin, c.nMax, cov, cov1, covSE, c.unsettled, c.extrap)
	}
	fmt.Println()
	for _, m := range misses {
		fmt.Println("-", m)
	}
	if len(skipped) > 0 {
		fmt.Println()
		fmt.Println("Left out (information +∞ by the model's rank; compare states the truth +∞):", strings.Join(skipped, ", "))
	}
}
