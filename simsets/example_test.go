package simsets_test

import (
	"fmt"

	"github.com/syninfo/syninfo/model"
	"github.com/syninfo/syninfo/simsets"
)

// Case 12 of the paper's Fig 2C/3C simulation set: K, n and m are drawn, and
// the same (seed, index) always gives the same case.
func ExampleParams_Case() {
	p := simsets.Fig2C3C()
	n, _ := p.Count()
	a, err := p.Case(1, 12)
	if err != nil {
		panic(err)
	}
	b, _ := p.Case(1, 12)
	fmt.Println("cases:", n)
	fmt.Println("id:", a.Case.ID, "neurons:", a.Case.N())
	fmt.Println("K in 2..50:", a.K >= 2 && a.K <= 50, "n in 1..20:", a.Len >= 1 && a.Len <= 20)
	fmt.Println("reproducible:", a.K == b.K && a.Len == b.Len && a.R == b.R)
	// Output:
	// cases: 1000
	// id: set2-12 neurons: 20
	// K in 2..50: true n in 1..20: true
	// reproducible: true
}

// The case of Fig 2A at K = 4, s = 1, r = 0: synapse (1, 2), pattern 0, the
// fixed means and the shared exchangeable Sigma.
func ExampleSet1() {
	c, err := simsets.Set1(0, 4, 1, 0, []model.Synapse{{1, 2}}, 0)
	if err != nil {
		panic(err)
	}
	fmt.Println("K:", c.K(), "N:", c.N(), "shared Sigma:", c.SharedSigma())
	fmt.Println("Sigma[1][1], Sigma[1][2]:", c.Patterns[0].Sigma[1][1], c.Patterns[0].Sigma[1][2])
	// Output:
	// K: 4 N: 20 shared Sigma: true
	// Sigma[1][1], Sigma[1][2]: 1 0
}
