package analytic

import (
	"math"
	"math/rand/v2"

	"github.com/syninfo/syninfo/model"
)

// randomSigma returns a random N×N covariance B B^T·s/N (rank r) plus diag.
func randomSigma(r *rand.Rand, N, rank int, s, diag float64) [][]float64 {
	b := make([][]float64, N)
	for i := range b {
		b[i] = make([]float64, rank)
		for j := range b[i] {
			b[i][j] = r.NormFloat64()
		}
	}
	sig := make([][]float64, N)
	for i := range sig {
		sig[i] = make([]float64, N)
		for j := range sig[i] {
			var v float64
			for l := 0; l < rank; l++ {
				v += b[i][l] * b[j][l]
			}
			sig[i][j] = v * s / float64(rank)
			if i == j {
				sig[i][j] += diag
			}
		}
	}
	return sig
}

// randomSynapses returns n distinct synapses among N neurons, in random
// order and orientation.
func randomSynapses(r *rand.Rand, N, n int) []model.Synapse {
	var all []model.Synapse
	for i := 0; i < N; i++ {
		for j := i + 1; j < N; j++ {
			all = append(all, model.Synapse{i, j})
		}
	}
	r.Shuffle(len(all), func(a, b int) { all[a], all[b] = all[b], all[a] })
	out := all[:n]
	for _, s := range out {
		if r.IntN(2) == 0 {
			s[0], s[1] = s[1], s[0]
		}
	}
	return out
}

// randomCase draws a case with N neurons, K patterns and n synapses; shared
// selects one Sigma for all patterns; s scales the log-variances.
func randomCase(r *rand.Rand, N, K, n int, shared bool, s float64) *model.Case {
	c := &model.Case{Synapses: randomSynapses(r, N, n), Pattern: r.IntN(K)}
	var sig [][]float64
	for k := 0; k < K; k++ {
		if k == 0 || !shared {
			sig = randomSigma(r, N, N, s, 0.05*s)
		}
		mu := make([]float64, N)
		for i := range mu {
			mu[i] = 2*r.Float64() - 1
		}
		c.Patterns = append(c.Patterns, model.Pattern{Mu: mu, Sigma: sig})
	}
	return c
}

// exchangeable returns s²[(1−ρ)I + ρ11ᵀ].
func exchangeable(N int, s2, rho float64) [][]float64 {
	sig := make([][]float64, N)
	for i := range sig {
		sig[i] = make([]float64, N)
		for j := range sig[i] {
			sig[i][j] = s2 * rho
			if i == j {
				sig[i][j] = s2
			}
		}
	}
	return sig
}

func relErr(got, want float64) float64 {
	if got == want {
		return 0
	}
	return math.Abs(got-want) / math.Max(math.Abs(want), 1e-300)
}
