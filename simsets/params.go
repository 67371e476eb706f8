package simsets

import (
	"fmt"

	"github.com/syninfo/syninfo/model"
)

// Params names a simulation set and its ranges, as a sweep configuration
// gives them (JSON). Zero fields take the paper's values.
//
// Set 1 is a grid: one case for each combination of K, S, R and Len (in that
// nesting, Len varying fastest), with the first Len synapses of Synapses (so
// the ensembles are nested). Sets 2 and 3 are Draws random cases within
// Ranges. Case(seed, i) returns case i of the set; set 1 ignores the seed.
//
// Example: {"set": 2, "draws": 1000, "patterns_max": 32, "scale": 1}.
// The JSON names follow docs/vocabulary.md; the older names (k, r, len,
// k_min, k_max, len_min, len_max) are still read: DeprecatedNames lists them.
type Params struct {
	// Set is 1, 2 or 3.
	Set int `json:"set"`

	// K lists set 1's numbers of patterns (default 2..32).
	K []int `json:"patterns,omitempty"`
	// S lists set 1's standard deviations s (default 100 values 0.001..5).
	S []float64 `json:"s,omitempty"`
	// R lists set 1's correlations r (default 0).
	R []float64 `json:"rho,omitempty"`
	// Len lists set 1's ensemble sizes n (default 1).
	Len []int `json:"n,omitempty"`
	// Synapses is set 1's synapse list, 0-based pairs (default Fig3Synapses).
	Synapses [][2]int `json:"synapses,omitempty"`
	// Pattern is set 1's m (default 0).
	Pattern int `json:"pattern,omitempty"`

	// Draws is the number of random cases of set 2 or 3 (default 1000).
	Draws int `json:"draws,omitempty"`
	// Ranges bound the random draws of sets 2 and 3; Ranges.Neurons is also
	// set 1's N.
	Ranges
}

// Fig3Synapses is the nested synapse list of the paper's Figs 2A and 3 (the
// authors' list, 0-based): Fig 2A uses its first synapse, Fig 3 its first n.
var Fig3Synapses = [][2]int{{1, 2}, {3, 4}, {1, 3}, {1, 4}, {5, 6}, {7, 8}, {2, 3}, {2, 4},
	{9, 10}, {11, 12}, {13, 14}, {1, 5}, {3, 6}, {15, 16}, {17, 18}, {2, 9}}

// Linspace returns count evenly spaced values from lo to hi inclusive.
func Linspace(lo, hi float64, count int) []float64 {
	v := make([]float64, count)
	for i := range v {
		if count == 1 {
			v[i] = lo
			continue
		}
		v[i] = lo + (hi-lo)*float64(i)/float64(count-1)
	}
	return v
}

func intRange(lo, hi int) []int {
	var v []int
	for i := lo; i <= hi; i++ {
		v = append(v, i)
	}
	return v
}

// Fig2A: synapse (1, 2), pattern 0, K = 2..32, s = 0.001..5 (100 values), r = 0.
func Fig2A() Params {
	return Params{Set: 1, K: intRange(2, 32), S: Linspace(0.001, 5, 100), R: []float64{0}, Len: []int{1}}
}

// Fig2B: as Fig2A with s = 1 and r = -1/19 + 0.001 .. 1 (100 values).
func Fig2B() Params {
	return Params{Set: 1, K: intRange(2, 32), S: []float64{1}, R: Linspace(-1.0/19+0.001, 1, 100), Len: []int{1}}
}

// Fig3A: K = 10, n = 1..16 nested synapses, s = 0.001..5 (100 values), r = 0.
func Fig3A() Params {
	return Params{Set: 1, K: []int{10}, S: Linspace(0.001, 5, 100), R: []float64{0}, Len: intRange(1, 16)}
}

// Fig3B: K = 10, n = 1..16, s = 1, r = -1/19 + 0.001 .. 0.6 (100 values); the
// paper cuts each curve at its first failure.
func Fig3B() Params {
	return Params{Set: 1, K: []int{10}, S: []float64{1}, R: Linspace(-1.0/19+0.001, 0.6, 100), Len: intRange(1, 16)}
}

// Fig2C3C: set 2, 1000 draws.
func Fig2C3C() Params { return Params{Set: 2, Draws: 1000} }

// Fig2D3D: set 3, 1000 draws.
func Fig2D3D() Params { return Params{Set: 3, Draws: 1000} }

// Fig4: set 3, 20,000 draws.
func Fig4() Params { return Params{Set: 3, Draws: 20000} }

// withDefaults fills the zero fields and checks p.
func (p Params) withDefaults() (Params, error) {
	switch p.Set {
	case 1:
		if p.Neurons == 0 {
			p.Neurons = DefaultNeurons
		}
		if len(p.K) == 0 {
			p.K = intRange(2, 32)
		}
		if len(p.S) == 0 {
			p.S = Linspace(0.001, 5, 100)
		}
		if len(p.R) == 0 {
			p.R = []float64{0}
		}
		if len(p.Len) == 0 {
			p.Len = []int{1}
		}
		if len(p.Synapses) == 0 {
			p.Synapses = Fig3Synapses
		}
		for _, n := range p.Len {
			if n < 1 || n > len(p.Synapses) {
				return p, fmt.Errorf("set 1: len: %d, want 1..%d (the synapse list)", n, len(p.Synapses))
			}
		}
		return p, nil
	case 2, 3:
		if p.Draws == 0 {
			p.Draws = 1000
		}
		if p.Draws < 0 {
			return p, fmt.Errorf("set %d: draws: %d, want at least 1", p.Set, p.Draws)
		}
		g, err := p.Ranges.withDefaults(p.Set)
		if err != nil {
			return p, fmt.Errorf("set %d: %w", p.Set, err)
		}
		p.Ranges = g
		return p, nil
	}
	return p, fmt.Errorf("set: %d, want 1, 2 or 3", p.Set)
}

// Validate checks p (with defaults filled) and the first case of set 1's grid
// corners, so that a sweep configuration fails before it runs.
func (p Params) Validate() error {
	q, err := p.withDefaults()
	if err != nil {
		return err
	}
	if q.Set == 1 {
		for _, k := range q.K {
			for _, s := range q.S {
				for _, r := range q.R {
					if _, err := Set1(q.Neurons, k, s, r, synapsesOf(q.Synapses[:1]), q.Pattern); err != nil {
						return err
					}
				}
			}
		}
		if _, err := Set1(q.Neurons, q.K[0], q.S[0], q.R[0], synapsesOf(q.Synapses), q.Pattern); err != nil {
			return err
		}
	}
	return nil
}

// Count returns the number of cases p describes.
func (p Params) Count() (int, error) {
	q, err := p.withDefaults()
	if err != nil {
		return 0, err
	}
	if q.Set == 1 {
		return len(q.K) * len(q.S) * len(q.R) * len(q.Len), nil
	}
	return q.Draws, nil
}

func synapsesOf(pairs [][2]int) []model.Synapse {
	out := make([]model.Synapse, len(pairs))
	for a, s := range pairs {
		out[a] = model.Synapse{s[0], s[1]}
	}
	return out
}

// Point is one case of a Params with the parameters that produced it.
type Point struct {
	// Set is 1, 2 or 3; Index the case's number within the Params.
	Set, Index int
	// Case is the case; its ID is "set<Set>-<Index>".
	Case *model.Case
	// K, Len (n) and Pattern (m).
	K, Len, Pattern int
	// S and R: set 1's grid values, set 2's drawn ones (zero for set 3).
	S, R float64
	// Ones: set 3's coefficients of 1 1^T, one per pattern.
	Ones []float64
}

// Case returns case number index (0-based, below Count) of p. Random sets
// draw it from the stream (seed, index); set 1 ignores seed.
func (p Params) Case(seed uint64, index int) (*Point, error) {
	q, err := p.withDefaults()
	if err != nil {
		return nil, err
	}
	count, _ := q.Count()
	if index < 0 || index >= count {
		return nil, fmt.Errorf("set %d: case %d out of range [0, %d)", q.Set, index, count)
	}
	if q.Set == 1 {
		i := index
		n := q.Len[i%len(q.Len)]
		i /= len(q.Len)
		r := q.R[i%len(q.R)]
		i /= len(q.R)
		s := q.S[i%len(q.S)]
		i /= len(q.S)
		k := q.K[i]
		c, err := Set1(q.Neurons, k, s, r, synapsesOf(q.Synapses[:n]), q.Pattern)
		if err != nil {
			return nil, err
		}
		c.ID = fmt.Sprintf("set1-%d", index)
		return &Point{Set: 1, Index: index, Case: c, K: k, Len: n, Pattern: q.Pattern, S: s, R: r}, nil
	}
	draw := Set2
	if q.Set == 3 {
		draw = Set3
	}
	return draw(seed, index, q.Ranges)
}
