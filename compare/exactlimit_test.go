package compare

import (
	"testing"

	"github.com/syninfo/syninfo/exact"
	"github.com/syninfo/syninfo/model"
)

// TestExactBeyondLimits: a valid singleton the exact reference cannot
// compute within its limits does not fail the case; the result has no
// exact part and no exact truth.
func TestExactBeyondLimits(t *testing.T) {
	c := &model.Case{Synapses: []model.Synapse{{0, 1}}}
	for k := range 10 {
		c.Patterns = append(c.Patterns, model.Pattern{Mu: []float64{0.1 * float64(k), 0},
			Sigma: [][]float64{{2, 0}, {0, 2}}})
	}
	if err := c.Validate(); err != nil {
		t.Fatal(err)
	}
	res, err := Case(c, Options{Exact: exact.Options{MaxWork: 1e4}})
	if err != nil {
		t.Fatalf("case failed: %v", err)
	}
	if res.Exact != nil || res.Truth.Method == "exact" {
		t.Errorf("exact %+v, truth %+v; want no exact value", res.Exact, res.Truth)
	}
}
