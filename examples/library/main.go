// Command library shows syninfo as a Go library on the case of
// examples/singleton.json: the closed form, the exact reference, and a KSG
// estimate from draws of the real network.
package main

import (
	"fmt"
	"log"
	"os"

	"github.com/syninfo/syninfo/analytic"
	"github.com/syninfo/syninfo/empirical"
	"github.com/syninfo/syninfo/exact"
	"github.com/syninfo/syninfo/knn"
	"github.com/syninfo/syninfo/model"
)

func main() {
	data, err := os.ReadFile("examples/singleton.json")
	if err != nil {
		log.Fatal(err)
	}
	c, err := model.Parse(data) // validated: bad input is an error naming the field
	if err != nil {
		log.Fatal(err)
	}
	fw, err := analytic.Compute(c, analytic.Options{})
	if err != nil {
		log.Fatal(err)
	}
	ex, err := exact.Singleton(c, exact.Options{}) // n = 1 only
	if err != nil {
		log.Fatal(err)
	}
	// 20000 draws of ln W_S and ln X^(m) at the touched neurons, seed 1, stream key 0.
	s, err := empirical.New(c)
	if err != nil {
		log.Fatal(err)
	}
	d, err := s.Draw(20000, 1, 0, empirical.Options{})
	if err != nil {
		log.Fatal(err)
	}
	// I(ln W; ln X) = I(W; X): the information is invariant under the logarithm.
	est, err := knn.MI(d.LogW, d.Synapses, d.LogX, d.Touched, knn.Options{K: 3, Blocks: 25})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("closed form %.4f nats (%s)\n", fw.MINats, fw.Status)
	fmt.Printf("exact       %.4f nats\n", ex.MINats)
	fmt.Printf("KSG         %.3f ± %.3f nats from %d draws\n", est.Value, est.SE, est.Samples)
}
