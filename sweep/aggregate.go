package sweep

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"gonum.org/v1/gonum/stat"

	"github.com/syninfo/syninfo/compare"
)

// The dimensions a sweep can be aggregated by (the by arguments of Aggregate).
const (
	// ByGroup keys a record by its sweep group name.
	ByGroup = "group"
	// BySet keys a record by the paper's simulation set it was drawn as (1, 2 or 3).
	BySet = "set"
	// ByS2 keys a record by the bin of S2Edges holding its σ² ("n/a" for set 3,
	// whose covariances are not of the form σ²·[(1−ρ)I + ρ11ᵀ]).
	ByS2 = "s2"
	// ByRho keys a record by the bin of RhoEdges holding its ρ ("n/a" for set 3).
	ByRho = "rho"
	// ByK keys a record by its number of patterns K in power-of-two bins:
	// 1, 2, 3–4, 5–8, 9–16, …
	ByK = "K"
	// ByN keys a record by its number of synapses n in the same power-of-two
	// bins as ByK.
	ByN = "n"
	// ByStatus keys a record by the closed form's status.
	ByStatus = "status"
)

// S2Edges are the inner edges of the σ² bins: a record falls in [lo, hi) of
// consecutive edges, below the first or at or above the last. The edges sit
// halfway (geometrically) between the powers of two 0.25 … 4 of the default
// sweep, so each of those values has a bin of its own.
var S2Edges = []float64{0.15, 0.35, 0.7, 1.4, 2.8, 5.6}

// RhoEdges are the inner edges of the ρ bins, as S2Edges.
var RhoEdges = []float64{0, 0.2, 0.4, 0.6, 0.8}

// Regime is the aggregate of the records that share one key.
//
// Every rate and fraction is a plain proportion of records (not a
// percentage). The error statistics use only the records whose Error is not
// null (the closed form and the truth are both finite numbers); they are NaN
// when there is no such record. Percentiles are of type 7 (linear
// interpolation between order statistics, R's and NumPy's default).
type Regime struct {
	// Keys are the labels of the regime, one per dimension asked, in order;
	// Order are their sort ranks (bin indices; for groups, the order of first
	// appearance by Seq).
	Keys  []string
	Order []int
	// Count is the number of records in the regime.
	Count int
	// OK, Infinite and NotPositiveDefinite count records by the closed form's
	// status; Other counts any other status.
	OK, Infinite, NotPositiveDefinite, Other int
	// RateInfinite = Infinite/Count and RateNotPositiveDefinite =
	// NotPositiveDefinite/Count.
	RateInfinite, RateNotPositiveDefinite float64
	// InfiniteWithValue counts records whose truth is infinite but whose
	// closed form still returned a finite number (wrong by construction).
	InfiniteWithValue int
	// Errors is the number of records with an error (the sample size of the
	// statistics below).
	Errors int
	// Bias is the mean of Error.Signed = I_FW − truth, in nats.
	Bias float64
	// MeanAbs is the mean of Error.Abs = |I_FW − truth|, in nats.
	MeanAbs float64
	// MedianAbs and P90Abs are the 50th and 90th percentiles of Error.Abs,
	// in nats.
	MedianAbs, P90Abs float64
	// RelErrors is the number of records whose Error.Rel is finite;
	// MedianRel and P90Rel are the 50th and 90th percentiles of |Error.Rel|
	// over them (a fraction of the truth, not a percentage).
	RelErrors         int
	MedianRel, P90Rel float64
	// ZErrors is the number of records with an error (a verdict);
	// Significant counts those whose error is real (Error.Real: beyond
	// max(tolerance, 3 × the truth's uncertainty)), and FracSignificant =
	// Significant/ZErrors (NaN when ZErrors is 0).
	ZErrors         int
	Significant     int
	FracSignificant float64
}

// Key returns the regime's labels joined by ", ".
func (r *Regime) Key() string { return strings.Join(r.Keys, ", ") }

// Aggregate groups the records by the dimensions in by (ByGroup, ByS2, …;
// none: one regime of all records) and returns one Regime per key that
// occurs, sorted by the dimensions' orders in turn. Records without a result
// are ignored. An unknown dimension is an error.
func Aggregate(recs []*Record, by ...string) ([]Regime, error) {
	for _, d := range by {
		if !slices.Contains([]string{ByGroup, BySet, ByS2, ByRho, ByK, ByN, ByStatus}, d) {
			return nil, fmt.Errorf("aggregate: unknown dimension %q (want group, set, s2, rho, K, n or status)", d)
		}
	}
	groupRank := map[string]int{}
	byseq := slices.Clone(recs)
	slices.SortStableFunc(byseq, func(a, b *Record) int { return a.Seq - b.Seq })
	for _, r := range byseq {
		if _, ok := groupRank[r.Group]; !ok {
			groupRank[r.Group] = len(groupRank)
		}
	}
	type bucket struct {
		keys  []string
		order []int
		recs  []*Record
	}
	idx := map[string]*bucket{}
	var buckets []*bucket
	for _, r := range recs {
		if r == nil || r.Result == nil {
			continue
		}
		keys := make([]string, len(by))
		order := make([]int, len(by))
		for i, d := range by {
			keys[i], order[i] = dimKey(r, d, groupRank)
		}
		k := strings.Join(keys, "\x00")
		b := idx[k]
		if b == nil {
			b = &bucket{keys: keys, order: order}
			idx[k] = b
			buckets = append(buckets, b)
		}
		b.recs = append(b.recs, r)
	}
	slices.SortStableFunc(buckets, func(a, b *bucket) int {
		if c := slices.Compare(a.order, b.order); c != 0 {
			return c
		}
		return slices.Compare(a.keys, b.keys)
	})
	out := make([]Regime, len(buckets))
	for i, b := range buckets {
		out[i] = summarize(b.recs)
		out[i].Keys, out[i].Order = b.keys, b.order
	}
	return out, nil
}

// dimKey returns the label and sort rank of r along dimension d.
func dimKey(r *Record, d string, groupRank map[string]int) (string, int) {
	p := r.Params
	switch d {
	case ByGroup:
		return r.Group, groupRank[r.Group]
	case BySet:
		return "set " + strconv.Itoa(p.Set), p.Set
	case ByS2:
		if p.Set == 3 {
			return "n/a", len(S2Edges) + 1
		}
		return binOf(p.S2, S2Edges)
	case ByRho:
		if p.Set == 3 {
			return "n/a", len(RhoEdges) + 1
		}
		return binOf(p.Rho, RhoEdges)
	case ByK:
		return pow2Bin(p.Patterns)
	case ByN:
		return pow2Bin(p.Synapses)
	case ByStatus:
		switch s := r.Analytic.Status; s {
		case compare.StatusOK:
			return s, 0
		case compare.StatusInfinite:
			return s, 1
		case compare.StatusNotPositiveDefinite:
			return s, 2
		default:
			return s, 3
		}
	}
	return "", 0
}

// binOf returns the label and index of the bin of edges holding x.
func binOf(x float64, edges []float64) (string, int) {
	i := 0
	for i < len(edges) && x >= edges[i] {
		i++
	}
	g := func(v float64) string { return strconv.FormatFloat(v, 'g', -1, 64) }
	switch {
	case i == 0:
		return "< " + g(edges[0]), 0
	case i == len(edges):
		return "≥ " + g(edges[i-1]), i
	}
	return "[" + g(edges[i-1]) + ", " + g(edges[i]) + ")", i
}

// pow2Bin returns the power-of-two bin of a count v ≥ 1: "1", "2", "3–4",
// "5–8", …, and its index (0 for v < 1, labelled with v itself).
func pow2Bin(v int) (string, int) {
	if v <= 2 {
		return strconv.Itoa(v), max(v, 0)
	}
	hi, i := 4, 3
	for hi < v {
		hi *= 2
		i++
	}
	return strconv.Itoa(hi/2+1) + "–" + strconv.Itoa(hi), i
}

// summarize computes the counts and statistics of one regime.
func summarize(recs []*Record) Regime {
	g := Regime{Count: len(recs)}
	var abs, absAbs, rel []float64
	for _, r := range recs {
		switch r.Analytic.Status {
		case compare.StatusOK:
			g.OK++
		case compare.StatusInfinite:
			g.Infinite++
		case compare.StatusNotPositiveDefinite:
			g.NotPositiveDefinite++
		default:
			g.Other++
		}
		if r.Truth.Infinite && r.Analytic.MINats.Valid() {
			g.InfiniteWithValue++
		}
		e := r.Error
		if e == nil || !e.Abs.Valid() {
			continue
		}
		abs = append(abs, float64(e.Signed))
		absAbs = append(absAbs, float64(e.Abs))
		if e.Rel.Valid() {
			rel = append(rel, math.Abs(float64(e.Rel)))
		}
		g.ZErrors++
		if e.Real {
			g.Significant++
		}
	}
	if g.Count > 0 {
		g.RateInfinite = float64(g.Infinite) / float64(g.Count)
		g.RateNotPositiveDefinite = float64(g.NotPositiveDefinite) / float64(g.Count)
	}
	g.Errors, g.RelErrors = len(abs), len(rel)
	g.Bias, g.MeanAbs = Mean(abs), Mean(absAbs)
	slices.Sort(absAbs)
	slices.Sort(rel)
	g.MedianAbs, g.P90Abs = Quantile7(absAbs, 0.5), Quantile7(absAbs, 0.9)
	g.MedianRel, g.P90Rel = Quantile7(rel, 0.5), Quantile7(rel, 0.9)
	g.FracSignificant = math.NaN()
	if g.ZErrors > 0 {
		g.FracSignificant = float64(g.Significant) / float64(g.ZErrors)
	}
	return g
}

// Mean is the sample mean of x (NaN when x is empty).
func Mean(x []float64) float64 {
	if len(x) == 0 {
		return math.NaN()
	}
	return stat.Mean(x, nil)
}

// Quantile7 returns the p-quantile (0 ≤ p ≤ 1) of the sorted sample x by
// Hyndman and Fan's type 7: with h = (len(x)−1)·p, x[⌊h⌋] + (h−⌊h⌋)·
// (x[⌊h⌋+1] − x[⌊h⌋]). It is NaN for an empty sample.
func Quantile7(sorted []float64, p float64) float64 {
	n := len(sorted)
	if n == 0 || math.IsNaN(p) {
		return math.NaN()
	}
	h := float64(n-1) * math.Min(math.Max(p, 0), 1)
	lo := int(math.Floor(h))
	if lo >= n-1 {
		return sorted[n-1]
	}
	return sorted[lo] + (h-float64(lo))*(sorted[lo+1]-sorted[lo])
}
