package analytic_test

import (
	"fmt"
	"log"

	"github.com/syninfo/syninfo/analytic"
	"github.com/syninfo/syninfo/model"
)

// The closed form for one synapse of two neurons, storing two standard
// log-normal patterns.
func ExampleCompute() {
	c, err := model.Parse([]byte(`{"patterns": [
		{"mu": [0, 0], "sigma": [[1, 0], [0, 1]]},
		{"mu": [0, 0], "sigma": [[1, 0], [0, 1]]}],
		"synapses": [[0, 1]], "pattern": 0}`))
	if err != nil {
		log.Fatal(err)
	}
	r, err := analytic.Compute(c, analytic.Options{})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("%s: %.6f nats = %.6f bits\n", r.Status, r.MINats, r.MIBits())
	// Output: ok: 0.809841 nats = 1.168353 bits
}

// Two patterns cannot fill the six weights of a four-neuron network: the
// remaining pattern's weights live on a 4-dimensional set, so the truth is
// infinite while the closed form, when it exists, is finite.
func ExampleCompute_infinite() {
	sigma := `[[1,0.2,0.2,0.2],[0.2,1,0.2,0.2],[0.2,0.2,1,0.2],[0.2,0.2,0.2,1]]`
	c, err := model.Parse([]byte(`{"patterns": [
		{"mu": [0, 0, 0, 0], "sigma": ` + sigma + `},
		{"mu": [0.1, 0, 0, 0], "sigma": ` + sigma + `}],
		"synapses": [[0,1],[0,2],[0,3],[1,2],[1,3],[2,3]], "pattern": 0}`))
	if err != nil {
		log.Fatal(err)
	}
	r, _ := analytic.Compute(c, analytic.Options{})
	fmt.Println(r.Status, r.Support.Dim, r.Support.DimRest, r.Support.Method)
	// Output: infinite 6 4 full-network
}
