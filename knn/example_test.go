package knn_test

import (
	"fmt"
	"math"

	"github.com/syninfo/syninfo/internal/rng"
	"github.com/syninfo/syninfo/knn"
)

// Mutual information of correlated Gaussians, whose true value is
// -1/2 ln(1 - r^2) = 0.511 nats for r = 0.8.
func ExampleMI() {
	const m, r = 20000, 0.8
	g := rng.New(1)
	x, y := make([]float64, m), make([]float64, m)
	for i := range x {
		a, b := g.NormFloat64(), g.NormFloat64()
		x[i], y[i] = a, r*a+math.Sqrt(1-r*r)*b
	}
	e, err := knn.MI(x, 1, y, 1, knn.Options{K: 3})
	if err != nil {
		panic(err)
	}
	truth := -0.5 * math.Log(1-r*r)
	fmt.Printf("I = %.2f nats (truth %.2f), %d blocks, within 3 SE: %v\n",
		e.Value, truth, len(e.Blocks), math.Abs(e.Value-truth) < 3*e.SE)
	// Output: I = 0.52 nats (truth 0.51), 10 blocks, within 3 SE: true
}

// Entropy of a 2-D standard Gaussian, ln(2 pi e) = 2.838 nats.
func ExampleEntropy() {
	g := rng.New(2)
	z := make([]float64, 2*20000)
	for i := range z {
		z[i] = g.NormFloat64()
	}
	e, err := knn.Entropy(z, 2, knn.Options{})
	if err != nil {
		panic(err)
	}
	truth := math.Log(2 * math.Pi * math.E)
	fmt.Printf("h = %.2f nats (truth %.2f), within 3 SE: %v\n", e.Value, truth, math.Abs(e.Value-truth) < 3*e.SE)
	// Output: h = 2.85 nats (truth 2.84), within 3 SE: true
}

// A permutation test of I > 0 on independent data.
func ExamplePermutationTest() {
	g := rng.New(3)
	x, y := make([]float64, 500), make([]float64, 500)
	for i := range x {
		x[i], y[i] = g.NormFloat64(), g.NormFloat64()
	}
	p, err := knn.PermutationTest(x, 1, y, 1, knn.Options{Seed: 7}, 99)
	if err != nil {
		panic(err)
	}
	fmt.Println("significant at 1%:", p <= 0.01)
	// Output: significant at 1%: false
}
