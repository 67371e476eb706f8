package empirical_test

import (
	"fmt"
	"math"

	"github.com/syninfo/syninfo/empirical"
	"github.com/syninfo/syninfo/model"
)

// Draw the weights of two synapses of a network storing three patterns and
// check the shift identity W - W^(-m) = X_i^(m) X_j^(m) on every draw.
func ExampleSampler_Draw() {
	c, err := model.Parse([]byte(`{
	  "patterns": [
	    {"mu": [0, 0.5, -0.5], "sigma": [[0.3, 0.1, 0], [0.1, 0.3, 0.1], [0, 0.1, 0.3]]},
	    {"mu": [0.2, 0, 0.1],  "sigma": [[0.3, 0.1, 0], [0.1, 0.3, 0.1], [0, 0.1, 0.3]]},
	    {"mu": [-0.3, 0.4, 0], "sigma": [[0.3, 0.1, 0], [0.1, 0.3, 0.1], [0, 0.1, 0.3]]}],
	  "synapses": [[0, 1], [2, 1]],
	  "pattern": 1}`))
	if err != nil {
		panic(err)
	}
	s, err := empirical.New(c)
	if err != nil {
		panic(err)
	}
	d, err := s.Draw(10000, 1, 0, empirical.Options{})
	if err != nil {
		panic(err)
	}
	fmt.Println("draws:", d.M, "synapses:", d.Synapses, "touched neurons:", s.Touched())
	worst := 0.0
	for t := 0; t < d.M; t++ {
		x := d.LogX[t*d.Touched : (t+1)*d.Touched] // ln X_0, ln X_1, ln X_2 of pattern 1
		for a, pair := range [][2]int{{0, 1}, {2, 1}} {
			w := math.Exp(d.LogW[t*d.Synapses+a]) - math.Exp(d.LogWRest[t*d.Synapses+a])
			worst = math.Max(worst, math.Abs(math.Log(w)-(x[pair[0]]+x[pair[1]])))
		}
	}
	fmt.Println("shift identity holds to 1e-9:", worst < 1e-9)
	// Output:
	// draws: 10000 synapses: 2 touched neurons: [0 1 2]
	// shift identity holds to 1e-9: true
}

// Stream a long run chunk by chunk, in bounded memory: here the running mean
// of ln X^(m) at the touched neurons, which tends to mu_m = (0.5, -0.5) at
// neurons 1 and 2.
func ExampleSampler_Stream() {
	c, err := model.Parse([]byte(`{
	  "patterns": [
	    {"mu": [0, 0.5, -0.5], "sigma": [[0.3, 0.1, 0], [0.1, 0.3, 0.1], [0, 0.1, 0.3]]},
	    {"mu": [0.2, 0, 0.1],  "sigma": [[0.3, 0.1, 0], [0.1, 0.3, 0.1], [0, 0.1, 0.3]]}],
	  "synapses": [[1, 2]],
	  "pattern": 0}`))
	if err != nil {
		panic(err)
	}
	s, err := empirical.New(c)
	if err != nil {
		panic(err)
	}
	sum := make([]float64, 2)
	chunks := 0
	err = s.Stream(200_000, 1, 0, empirical.Options{}, func(ch *empirical.Chunk) error {
		for t := 0; t < ch.Rows; t++ {
			for i := range sum {
				sum[i] += ch.LogX[t*ch.Touched+i]
			}
		}
		chunks++
		return nil
	})
	if err != nil {
		panic(err)
	}
	fmt.Printf("chunks: %d, mean ln X_1 = %.2f, ln X_2 = %.2f\n", chunks, sum[0]/200_000, sum[1]/200_000)
	// Output:
	// chunks: 196, mean ln X_1 = 0.50, ln X_2 = -0.50
}
