package paper

import (
	"fmt"
)

// Sizes are the counts and sample budgets of a reproduction. FullSizes is
// the paper's size; QuickSizes a run of a few minutes.
type Sizes struct {
	// Set2Draws and Set3Draws are the draws of simulation sets 2 and 3
	// behind Figs 2C/3C and 2D/3D (the paper: 1000 each).
	Set2Draws int `json:"set2_draws"`
	Set3Draws int `json:"set3_draws"`
	// Fig4Draws are the set-3 draws of Fig 4 (the paper: 20,000). They are
	// draws Set3Draws .. Set3Draws+Fig4Draws−1 of set 3's stream, so they
	// are independent of Figs 2D/3D's, as in the paper.
	Fig4Draws int `json:"fig4_draws"`
	// Set1Grid is the number of s (Figs 2A, 3A) or r (Figs 2B, 3B) values
	// of set 1's grids (the paper: 100).
	Set1Grid int `json:"set1_grid"`

	// TruthSamples is M, the draws of the network behind each
	// entropy-difference estimate of sets 2 and 3 (n > 1; n = 1 uses the
	// exact reference).
	TruthSamples int `json:"truth_samples"`
	// Fig4TruthDraws is the size of Fig 4's truth subsample: its first
	// Fig4TruthDraws draws (i.i.d., so a uniform random subsample).
	Fig4TruthDraws int `json:"fig4_truth_draws"`
	// Fig4TruthLens: every Fig 4 draw with one of these n gets a truth
	// too (the paper's t-tests compare n = 1, 4 and 20), so the truth's
	// t-tests have the closed form's power.
	Fig4TruthLens []int `json:"fig4_truth_lens"`
	// Fig4TruthSamples is M for Fig 4's truth subsample.
	Fig4TruthSamples int `json:"fig4_truth_samples"`
	// Set1TruthK are the K of Figs 2A and 2B given the exact truth.
	Set1TruthK []int `json:"set1_truth_k"`
	// Set1TruthStride: every Set1TruthStride-th grid value of Figs 3A and
	// 3B gets a truth (Figs 2A and 2B: every grid value, exact is cheap).
	Set1TruthStride int `json:"set1_truth_stride"`
	// Set1TruthLen are the n of Figs 3A and 3B given a truth.
	Set1TruthLen []int `json:"set1_truth_len"`
	// Set1TruthSamples is M for Figs 3A and 3B (n > 1).
	Set1TruthSamples int `json:"set1_truth_samples"`

	// ApproxDraws sizes the approximation subsample: the first
	// ApproxDraws draws of set 2, of set 3 and of Fig 4's truth subsample
	// get the approximations beyond the closed form (Options.Approximations)
	// and the claims are judged with each on them (0: none).
	ApproxDraws int `json:"approx_draws"`

	// Synergy sizes the synergy study.
	Synergy SynergySizes `json:"synergy"`
}

// SynergySizes size the synergy study: I_FW/n from n = 1 up to the whole
// network of N neurons.
type SynergySizes struct {
	// Families are the pattern families (FamilySet3, FamilySet1; default
	// set 3 only).
	Families []string `json:"families"`
	// Neurons are the network sizes N.
	Neurons []int `json:"neurons"`
	// K are the numbers of patterns; for each N the threshold K* (and
	// K* − 1) of docs/method.md §3 are added when below MaxK.
	K []int `json:"k"`
	// MaxK caps the added threshold K values.
	MaxK int `json:"max_k"`
	// Points is the number of n values of the roughly logarithmic grid
	// 1 .. N(N−1)/2 (both ends included).
	Points int `json:"points"`
	// LargeN is the N from which only LargePoints values of n are used,
	// and only K ≤ LargeMaxK (0: no cap): beyond it the status of the whole
	// network needs the dense rank test of an n × (K−1)N Jacobian, minutes
	// per case at N = 100.
	LargeN      int `json:"large_n"`
	LargePoints int `json:"large_points"`
	LargeMaxK   int `json:"large_max_k"`
	// TruthMaxLen is the largest n given an entropy-difference truth, with
	// TruthSamples draws, for TruthNeurons only.
	TruthMaxLen  int   `json:"truth_max_len"`
	TruthSamples int   `json:"truth_samples"`
	TruthNeurons []int `json:"truth_neurons"`
}

// FullSizes returns the paper's sizes and the documented truth budget.
func FullSizes() Sizes {
	return Sizes{
		Set2Draws: 1000, Set3Draws: 1000, Fig4Draws: 20000, Set1Grid: 100,
		TruthSamples: 4000, Fig4TruthDraws: 3000, Fig4TruthLens: []int{1, 4, 20}, Fig4TruthSamples: 2000,
		Set1TruthK: []int{2, 3, 4, 6, 8, 12, 16, 24, 32}, Set1TruthStride: 5,
		Set1TruthLen: []int{1, 2, 4, 8, 16}, Set1TruthSamples: 4000,
		ApproxDraws: 1000,
		Synergy: SynergySizes{
			Families: []string{FamilySet3, FamilySet1},
			Neurons:  []int{12, 20, 50, 100}, K: []int{2, 5, 10, 20, 50}, MaxK: 100,
			Points: 14, LargeN: 100, LargePoints: 8, LargeMaxK: 50,
			TruthMaxLen: 16, TruthSamples: 2000, TruthNeurons: []int{12, 20},
		},
	}
}

// QuickSizes returns a reproduction of a few minutes: fewer draws, smaller
// samples, coarser grids, a smaller synergy study.
func QuickSizes() Sizes {
	return Sizes{
		Set2Draws: 300, Set3Draws: 300, Fig4Draws: 3000, Set1Grid: 25,
		TruthSamples: 800, Fig4TruthDraws: 300, Fig4TruthLens: []int{1, 4, 20}, Fig4TruthSamples: 600,
		Set1TruthK: []int{2, 8, 32}, Set1TruthStride: 4,
		Set1TruthLen: []int{1, 4, 16}, Set1TruthSamples: 800,
		ApproxDraws: 100,
		Synergy: SynergySizes{
			Families: []string{FamilySet3, FamilySet1},
			Neurons:  []int{12, 20}, K: []int{2, 5, 10, 20}, MaxK: 30,
			Points: 8, LargeN: 100, LargePoints: 6,
			TruthMaxLen: 4, TruthSamples: 500, TruthNeurons: []int{12},
		},
	}
}

// check validates s.
func (s Sizes) check() error {
	switch {
	case s.Set2Draws < 3 || s.Set3Draws < 3:
		return fmt.Errorf("sizes: set 2 and set 3 need at least 3 draws each")
	case s.Fig4Draws < 3 || s.Fig4TruthDraws < 0 || s.Fig4TruthDraws > s.Fig4Draws:
		return fmt.Errorf("sizes: fig4_truth_draws %d must lie in [0, fig4_draws = %d]", s.Fig4TruthDraws, s.Fig4Draws)
	case s.Set1Grid < 2:
		return fmt.Errorf("sizes: set1_grid: %d, want at least 2", s.Set1Grid)
	case s.TruthSamples < 0 || s.Fig4TruthSamples < 0 || s.Set1TruthSamples < 0:
		return fmt.Errorf("sizes: samples must not be negative")
	case s.ApproxDraws < 0:
		return fmt.Errorf("sizes: approx_draws: %d, want at least 0", s.ApproxDraws)
	case s.Set1TruthStride < 1:
		return fmt.Errorf("sizes: set1_truth_stride: %d, want at least 1", s.Set1TruthStride)
	}
	for _, k := range s.Set1TruthK {
		if k < 2 || k > 32 {
			return fmt.Errorf("sizes: set1_truth_k: %d, want 2..32 (the K of Figs 2A, 2B)", k)
		}
	}
	for _, n := range s.Set1TruthLen {
		if n < 1 || n > 16 {
			return fmt.Errorf("sizes: set1_truth_len: %d, want 1..16 (the n of Figs 3A, 3B)", n)
		}
	}
	for _, n := range s.Synergy.Neurons {
		if n < 3 {
			return fmt.Errorf("sizes: synergy neurons: %d, want at least 3", n)
		}
	}
	for _, f := range s.Synergy.Families {
		if f != FamilySet3 && f != FamilySet1 {
			return fmt.Errorf("sizes: synergy family %q, want %q or %q", f, FamilySet3, FamilySet1)
		}
	}
	for _, k := range s.Synergy.K {
		if k < 2 {
			return fmt.Errorf("sizes: synergy k: %d, want at least 2", k)
		}
	}
	if len(s.Synergy.Neurons) > 0 && s.Synergy.Points < 2 {
		return fmt.Errorf("sizes: synergy points: %d, want at least 2", s.Synergy.Points)
	}
	return nil
}
