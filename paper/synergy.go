package paper

import (
	"context"
	"fmt"
	"io"
	"math"
	"runtime"
	"slices"
	"sort"
	"sync"
	"time"

	"golang.org/x/sync/errgroup"

	"github.com/syninfo/syninfo/analytic"
	"github.com/syninfo/syninfo/compare"
	"github.com/syninfo/syninfo/internal/rng"
	"github.com/syninfo/syninfo/model"
	"github.com/syninfo/syninfo/num"
	"github.com/syninfo/syninfo/simsets"
)

// tagSynergy keys the synergy study's random streams.
const tagSynergy = 0x5e7e

// SynergyPoint is the closed form (and, for small n, the truth) of the first
// n synapses of a random order of all N(N−1)/2, for K set-3 patterns.
type SynergyPoint struct {
	// Family names the patterns: "set3" (a set-3 draw: a random Sigma per
	// pattern) or "set1" (set 1's fixed means, shared Sigma with s = 1, r = 0).
	Family  string `json:"family"`
	Neurons int    `json:"neurons"`
	K       int    `json:"k"`
	Len     int    `json:"n"`
	// Touched is the number of neurons the n synapses touch.
	Touched int `json:"touched"`
	// Status, MINats and PerSynapse (= MINats / n): the closed form.
	Status     string    `json:"status"`
	MINats     num.Float `json:"mi_nats"`
	PerSynapse num.Float `json:"mi_per_synapse"`
	// Dim and DimRest are the dimensions of W_S and W_S^(-m) (docs/method.md §3).
	Dim     int `json:"dim"`
	DimRest int `json:"dim_rest"`
	// MinEigenvalue and MinEigenvalueRest of C and C' (null when not
	// computed).
	MinEigenvalue     num.Float `json:"min_eigenvalue"`
	MinEigenvalueRest num.Float `json:"min_eigenvalue_rest"`
	// BoundInfinite: the dimension count alone proves the truth infinite:
	// (K−1)·d − (K−1)(K−2)/2 < n with d = Touched (docs/method.md §3).
	BoundInfinite bool `json:"bound_infinite"`
	// Truth, TruthSE and TruthUnc: the entropy-difference truth, its
	// standard error and its uncertainty (small n only; null otherwise).
	Truth    num.Float `json:"truth_nats"`
	TruthSE  num.Float `json:"truth_se"`
	TruthUnc num.Float `json:"truth_uncertainty"`
}

// Synergy is the synergy study: does I/n keep rising up to the whole
// network?
type Synergy struct {
	Points []SynergyPoint `json:"points"`
	// Threshold is, per N, K* = the smallest K for which the whole network
	// (all N(N−1)/2 synapses) can have a finite truth.
	Threshold map[string]int `json:"threshold_k"`
	// Seconds is the wall time per N (varies run to run).
	Seconds map[string]float64 `json:"seconds"`
}

// dimBound is the dimension of the set of sums of j rank-one symmetric d×d
// matrices x xᵀ (docs/method.md §3): j·d − j(j−1)/2 for j ≤ d, d(d+1)/2 beyond.
func dimBound(j, d int) int {
	if j >= d {
		return d * (d + 1) / 2
	}
	return j*d - j*(j-1)/2
}

// FullThresholdK returns K*, the smallest K for which the K−1 patterns other
// than m can span all N(N−1)/2 synapse dimensions of a full network of N
// neurons with full-rank covariances (docs/method.md §3: about N − √(2N) + 1.5).
func FullThresholdK(neurons int) int {
	total := neurons * (neurons - 1) / 2
	for j := 1; ; j++ {
		if dimBound(j, neurons) >= total {
			return j + 1
		}
	}
}

// lenGrid returns about points values of n from 1 to total, roughly
// logarithmically spaced, both ends included.
func lenGrid(total, points int) []int {
	var out []int
	for i := 0; i < points; i++ {
		v := int(math.Round(math.Exp(math.Log(float64(total)) * float64(i) / float64(points-1))))
		v = max(1, min(total, v))
		if len(out) == 0 || v > out[len(out)-1] {
			out = append(out, v)
		}
	}
	if out[len(out)-1] != total {
		out = append(out, total)
	}
	return out
}

// synergyKs returns the K of the study for N: ss.K plus K*−1 and K* (when
// at most MaxK), capped at LargeMaxK from LargeN neurons on.
func synergyKs(ss SynergySizes, neurons int) []int {
	ks := slices.Clone(ss.K)
	ks0 := FullThresholdK(neurons)
	for _, k := range []int{ks0 - 1, ks0} {
		if k >= 2 && (ss.MaxK == 0 || k <= ss.MaxK) {
			ks = append(ks, k)
		}
	}
	if ss.LargeN > 0 && neurons >= ss.LargeN && ss.LargeMaxK > 0 {
		ks = slices.DeleteFunc(ks, func(k int) bool { return k > ss.LargeMaxK })
	}
	sort.Ints(ks)
	return slices.Compact(ks)
}

// Synergy pattern families.
const (
	FamilySet3 = "set3"
	FamilySet1 = "set1"
)

type synergyTask struct {
	family        string
	neurons, k, n int
	order         []model.Synapse
	truth         bool
	samples       int
}

// RunSynergy computes the synergy study: for each N and K, set-3 patterns
// (one draw per (N, K)) and one random order of all synapses of the
// network, nested: the closed form on the first n for n on a logarithmic
// grid up to N(N−1)/2, the truth (entropy difference) for n ≤ TruthMaxLen.
func RunSynergy(ctx context.Context, seed uint64, ss SynergySizes, workers int, progress io.Writer) (*Synergy, error) {
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	out := &Synergy{Threshold: map[string]int{}, Seconds: map[string]float64{}}
	for _, nn := range ss.Neurons {
		total := nn * (nn - 1) / 2
		out.Threshold[fmt.Sprint(nn)] = FullThresholdK(nn)
		order := simsets.RandomSynapses(rng.New(seed, tagSynergy, uint64(nn)), nn, total)
		points := ss.Points
		if ss.LargeN > 0 && nn >= ss.LargeN && ss.LargePoints > 0 {
			points = ss.LargePoints
		}
		grid := lenGrid(total, points)
		truthN := slices.Contains(ss.TruthNeurons, nn)
		var tasks []synergyTask
		families := ss.Families
		if len(families) == 0 {
			families = []string{FamilySet3}
		}
		for _, fam := range families {
			for _, k := range synergyKs(ss, nn) {
				for _, n := range grid {
					tasks = append(tasks, synergyTask{family: fam, neurons: nn, k: k, n: n, order: order,
						truth: truthN && n <= ss.TruthMaxLen && ss.TruthSamples > 0, samples: ss.TruthSamples})
				}
			}
		}
		// The largest cases first, so that the pool does not end on one.
		sort.SliceStable(tasks, func(i, j int) bool { return tasks[i].n > tasks[j].n })
		t0 := time.Now()
		res := make([]SynergyPoint, len(tasks))
		g, gctx := errgroup.WithContext(ctx)
		g.SetLimit(workers)
		var mu sync.Mutex
		done := 0
		for i, t := range tasks {
			g.Go(func() error {
				if err := gctx.Err(); err != nil {
					return err
				}
				// A big case uses all cores inside analytic; small ones one each.
				w := 1
				if t.n > 500 {
					w = workers
				}
				p, err := synergyPoint(seed, t, w)
				if err != nil {
					return fmt.Errorf("N=%d K=%d n=%d: %w", t.neurons, t.k, t.n, err)
				}
				res[i] = p
				mu.Lock()
				done++
				if progress != nil && (done%20 == 0 || done == len(tasks)) {
					fmt.Fprintf(progress, "paper: synergy N=%d: %d/%d cases, %s\n", nn, done, len(tasks), time.Since(t0).Round(time.Second))
				}
				mu.Unlock()
				return nil
			})
		}
		if err := g.Wait(); err != nil {
			return nil, err
		}
		out.Seconds[fmt.Sprint(nn)] = time.Since(t0).Seconds()
		sort.SliceStable(res, func(i, j int) bool {
			if res[i].Family != res[j].Family {
				return res[i].Family > res[j].Family // set3 first
			}
			if res[i].K != res[j].K {
				return res[i].K < res[j].K
			}
			return res[i].Len < res[j].Len
		})
		out.Points = append(out.Points, res...)
	}
	return out, nil
}

// synergyCase returns the set-3 case of the study for (N, K) with the first
// n synapses of order.
func synergyCase(seed uint64, t synergyTask) (*model.Case, error) {
	if t.family == FamilySet1 {
		c, err := simsets.Set1(t.neurons, t.k, 1, 0, t.order[:t.n], 0)
		if err != nil {
			return nil, err
		}
		c.ID = fmt.Sprintf("synergy-set1-N%d-K%d-n%d", t.neurons, t.k, t.n)
		return c, nil
	}
	g := simsets.Ranges{Neurons: t.neurons, KMin: t.k, KMax: t.k, LenMin: 1, LenMax: 1}
	pt, err := simsets.Set3(seed^tagSynergy, t.neurons*1000+t.k, g)
	if err != nil {
		return nil, err
	}
	c := pt.Case
	c.Synapses = slices.Clone(t.order[:t.n])
	c.ID = fmt.Sprintf("synergy-N%d-K%d-n%d", t.neurons, t.k, t.n)
	return c, nil
}

func synergyPoint(seed uint64, t synergyTask, workers int) (SynergyPoint, error) {
	c, err := synergyCase(seed, t)
	if err != nil {
		return SynergyPoint{}, err
	}
	a, err := analytic.Compute(c, analytic.Options{Workers: workers})
	if err != nil {
		return SynergyPoint{}, err
	}
	d := len(c.Touched())
	p := SynergyPoint{Family: t.family, Neurons: t.neurons, K: t.k, Len: t.n, Touched: d, Status: string(a.Status),
		MINats: num.Float(a.MINats), PerSynapse: num.Float(a.MINats / float64(t.n)),
		Dim: a.Support.Dim, DimRest: a.Support.DimRest,
		MinEigenvalue: num.Float(a.MinEigenvalue), MinEigenvalueRest: num.Float(a.MinEigenvalueRest),
		BoundInfinite: dimBound(t.k-1, d) < t.n,
		Truth:         num.Float(math.NaN()), TruthSE: num.Float(math.NaN()), TruthUnc: num.Float(math.NaN())}
	if t.truth {
		r, err := compare.Case(c, compare.Options{Samples: t.samples, Seed: seed, CaseKey: rng.Hash(c.ID), NoKSG: true, Workers: 1})
		if err != nil {
			return p, fmt.Errorf("truth: %w", err)
		}
		p.Truth, p.TruthSE, p.TruthUnc = r.Truth.MINats, r.Truth.SE, r.Truth.Uncertainty
		if r.Truth.Infinite {
			p.Truth = num.Float(inf)
		}
	}
	return p, nil
}

// claim summarises the synergy study as a verdict on "I/n keeps rising".
func (s *Synergy) claim() Claim {
	c := Claim{ID: "synergy", Text: "information per synapse keeps rising as the ensemble grows to the whole network (the Discussion's open question)",
		Paper: "open; the paper expected a plateau", Verdicts: map[string]Verdict{}}
	// Per (N, K): is the closed form's I/n increasing over its ok points,
	// and where does the truth become infinite?
	type key struct {
		fam  string
		n, k int
	}
	groups := map[key][]SynergyPoint{}
	var keys []key
	for _, p := range s.Points {
		kk := key{p.Family, p.Neurons, p.K}
		if _, ok := groups[kk]; !ok {
			keys = append(keys, kk)
		}
		groups[kk] = append(groups[kk], p)
	}
	// A curve "keeps rising" when I/n at its largest n is its maximum
	// (within 2%): a peak earlier means a plateau or a decline after it.
	keepsRising := func(v []float64) bool {
		mx := math.Inf(-1)
		for _, x := range v {
			mx = math.Max(mx, x)
		}
		return v[len(v)-1] >= mx-0.02*math.Abs(mx)
	}
	rising, total, infiniteAtFull, okAtFull := 0, 0, 0, 0
	trRising, trTotal := 0, 0
	for _, kk := range keys {
		pts := groups[kk]
		var ok, tr []float64
		for _, p := range pts {
			if p.Status == string(analytic.OK) && p.PerSynapse.Valid() && p.PerSynapse > 0 {
				ok = append(ok, float64(p.PerSynapse))
			}
			if p.Truth.Valid() {
				tr = append(tr, float64(p.Truth)/float64(p.Len))
			}
		}
		if len(ok) >= 3 {
			total++
			if keepsRising(ok) {
				rising++
			}
		}
		if len(tr) >= 3 {
			trTotal++
			if keepsRising(tr) {
				trRising++
			}
		}
		last := pts[len(pts)-1]
		switch last.Status {
		case string(analytic.Infinite):
			infiniteAtFull++
		case string(analytic.OK):
			okAtFull++
		}
	}
	detail := fmt.Sprintf("closed form: I/n is largest at the largest positive ok n (within 2%%) for %d of %d (patterns, N, K) curves, otherwise it peaks earlier; at the whole network the truth is infinite for %d of %d curves and the closed form is ok (finite truth) for %d",
		rising, total, infiniteAtFull, len(keys), okAtFull)
	h := DoesNotHold
	if total > 0 && rising == total {
		h = Holds
	}
	if trTotal > 0 {
		th := DoesNotHold
		if trRising == trTotal {
			th = Holds
		}
		c.Verdicts["truth"] = Verdict{Holds: th, Detail: fmt.Sprintf("truth (entropy difference, small n only): I/n is largest at the largest n for %d of %d curves", trRising, trTotal)}
	}
	c.Verdicts["closed_form"] = Verdict{Holds: h, Detail: detail}
	return c
}
