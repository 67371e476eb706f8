package model

import (
	"encoding/json"
	"slices"

	"gonum.org/v1/gonum/mat"
)

// Pattern is the law of one stored pattern X^(k): ln X^(k) ~ Normal(Mu, Sigma).
type Pattern struct {
	// Mu is the log-mean, one entry per neuron.
	Mu []float64 `json:"mu"`
	// Sigma is the N x N log-covariance, symmetric positive semi-definite.
	// In JSON it may be left out when the case has a top-level sigma.
	Sigma [][]float64 `json:"sigma"`
}

// Synapse is an unordered pair of distinct neurons (i, j); (j, i) names the
// same synapse. It is a slice so that malformed input (not a pair) can be
// reported rather than silently truncated.
type Synapse []int

// Case is one question for syninfo: how much do the Hebbian weights W_S of the
// synapse ensemble Synapses tell about pattern number Pattern?
type Case struct {
	// ID optionally names the case (sweeps set it); it does not enter any result.
	ID string `json:"id,omitempty"`
	// Sigma, when set, is the log-covariance of every pattern that has none
	// of its own (Validate fills them in, sharing this matrix).
	Sigma [][]float64 `json:"sigma,omitempty"`
	// Patterns are the K stored patterns.
	Patterns []Pattern `json:"patterns"`
	// Synapses is the ensemble S, in the order results refer to.
	Synapses []Synapse `json:"synapses"`
	// Pattern is m, the 0-based index of the pattern the information is
	// about. It is required in JSON input (no default).
	Pattern int `json:"pattern"`
}

// N returns the number of neurons (the length of the first pattern's Mu).
func (c *Case) N() int {
	if len(c.Patterns) == 0 {
		return 0
	}
	return len(c.Patterns[0].Mu)
}

// K returns the number of stored patterns.
func (c *Case) K() int { return len(c.Patterns) }

// Len returns n, the number of synapses in the ensemble.
func (c *Case) Len() int { return len(c.Synapses) }

// Touched returns idx(S): the neurons the ensemble touches, ascending.
func (c *Case) Touched() []int {
	var idx []int
	for _, s := range c.Synapses {
		idx = append(idx, s[0], s[1])
	}
	slices.Sort(idx)
	return slices.Compact(idx)
}

// SharedSigma reports whether every pattern has the same Sigma (entry for
// entry), in which case the closed form can use one matrix product.
func (c *Case) SharedSigma() bool {
	if len(c.Patterns) == 0 {
		return true
	}
	s0 := c.Patterns[0].Sigma
	for _, p := range c.Patterns[1:] {
		if len(p.Sigma) != len(s0) {
			return false
		}
		if len(s0) > 0 && &p.Sigma[0] == &s0[0] {
			continue // the same matrix (a shared top-level sigma)
		}
		for i := range s0 {
			if !slices.Equal(p.Sigma[i], s0[i]) {
				return false
			}
		}
	}
	return true
}

// sigma returns Sigma_k[i][j] read from the upper triangle, so that a Sigma
// that is symmetric only up to rounding is used as an exactly symmetric one.
func (c *Case) sigma(k, i, j int) float64 {
	if i > j {
		i, j = j, i
	}
	return c.Patterns[k].Sigma[i][j]
}

// LogMean returns m_k, the log-mean of the Hebbian term T_S^(k):
// m_k[a] = mu_k[i_a] + mu_k[j_a].
func (c *Case) LogMean(k int) []float64 {
	mu := c.Patterns[k].Mu
	m := make([]float64, len(c.Synapses))
	for a, s := range c.Synapses {
		m[a] = mu[s[0]] + mu[s[1]]
	}
	return m
}

// LogCovAt returns V_k[a,b], the log-covariance of synapses a and b in the
// Hebbian term T_S^(k): the sum of the four Sigma_k entries the two pairs meet.
func (c *Case) LogCovAt(k, a, b int) float64 {
	sa, sb := c.Synapses[a], c.Synapses[b]
	return c.sigma(k, sa[0], sb[0]) + c.sigma(k, sa[0], sb[1]) +
		c.sigma(k, sa[1], sb[0]) + c.sigma(k, sa[1], sb[1])
}

// LogCov returns V_k = A Sigma_k A^T, the n x n log-covariance of T_S^(k).
func (c *Case) LogCov(k int) *mat.SymDense {
	n := len(c.Synapses)
	v := mat.NewSymDense(n, nil)
	for a := 0; a < n; a++ {
		for b := a; b < n; b++ {
			v.SetSym(a, b, c.LogCovAt(k, a, b))
		}
	}
	return v
}

// SigmaSym returns Sigma_k as a symmetric matrix built from its upper triangle.
func (c *Case) SigmaSym(k int) *mat.SymDense {
	n := c.N()
	s := mat.NewSymDense(n, nil)
	for i := 0; i < n; i++ {
		for j := i; j < n; j++ {
			s.SetSym(i, j, c.Patterns[k].Sigma[i][j])
		}
	}
	return s
}

// MarshalJSON writes the case in the format Decoder reads. When every
// pattern has the same Sigma (SharedSigma) and there are two or more, the
// matrix is written once, as the top-level "sigma", and the patterns carry
// only their "mu": K times smaller, and read back as the same case.
func (c Case) MarshalJSON() ([]byte, error) {
	type pattern struct {
		Mu    []float64   `json:"mu"`
		Sigma [][]float64 `json:"sigma,omitempty"`
	}
	out := struct {
		ID       string      `json:"id,omitempty"`
		Sigma    [][]float64 `json:"sigma,omitempty"`
		Patterns []pattern   `json:"patterns"`
		Synapses []Synapse   `json:"synapses"`
		Pattern  int         `json:"pattern"`
	}{ID: c.ID, Synapses: c.Synapses, Pattern: c.Pattern, Patterns: make([]pattern, len(c.Patterns))}
	shared := len(c.Patterns) > 1 && c.Patterns[0].Sigma != nil && c.SharedSigma()
	if shared {
		out.Sigma = c.Patterns[0].Sigma
	}
	for k, p := range c.Patterns {
		out.Patterns[k].Mu = p.Mu
		if !shared {
			out.Patterns[k].Sigma = p.Sigma
			if p.Sigma == nil {
				out.Sigma = c.Sigma // patterns that inherit it
			}
		}
	}
	return json.Marshal(out)
}
