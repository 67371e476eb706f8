package analytic

import (
	"bufio"
	"bytes"
	"encoding/json"
	"flag"
	"math"
	"os"
	"path/filepath"
	"testing"

	"github.com/syninfo/syninfo/internal/rng"
	"github.com/syninfo/syninfo/model"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// goldenCases draws the ~50 varied cases of the golden file: singletons and
// ensembles, shared and per-pattern Sigma, exchangeable Sigmas over ρ, all
// three statuses, tiny and large log-variances. They are written to
// testdata/golden_cases.jsonl once (with -update) and read from there after,
// so that the golden file does not depend on this generator.
func goldenCases() []*model.Case {
	r := rng.New(20261122)
	var cases []*model.Case
	add := func(c *model.Case) { cases = append(cases, c) }
	for i := 0; i < 12; i++ { // singletons
		add(randomCase(r, 4, 1+r.IntN(30), 1, i%2 == 0, math.Pow(10, -2+2.5*r.Float64())))
	}
	for i := 0; i < 16; i++ { // ensembles
		N := 4 + r.IntN(6)
		add(randomCase(r, N, 2+r.IntN(20), 1+r.IntN(min(12, N*(N-1)/2)), i%2 == 0, 0.05+2*r.Float64()))
	}
	for _, rho := range []float64{-1.0 / 19, 0, 0.3, 0.6, 0.9, 1} { // exchangeable, set-1 like
		for _, s2 := range []float64{0.5, 2} {
			sig := exchangeable(20, s2, rho)
			c := &model.Case{Synapses: []model.Synapse{{1, 2}, {3, 4}, {1, 5}}, Pattern: 0}
			for k := 0; k < 4; k++ {
				mu := make([]float64, 20)
				for i := range mu {
					mu[i] = 2*r.Float64() - 1
				}
				c.Patterns = append(c.Patterns, model.Pattern{Mu: mu, Sigma: sig})
			}
			add(c)
		}
	}
	add(fullNetwork(5, 12, 8))  // infinite
	add(fullNetwork(5, 12, 9))  // not positive definite
	add(fullNetwork(5, 12, 12)) // ok
	add(fullNetwork(6, 7, 2))   // infinite by rank
	for _, v := range []float64{1e-6, 30, 900} {
		c := randomCase(r, 3, 3, 2, true, 1)
		for k := range c.Patterns {
			c.Patterns[k].Sigma = exchangeable(3, v/4, 0.5)
		}
		add(c)
	}
	for i, c := range cases {
		c.ID = "g" + string(rune('a'+i/26)) + string(rune('a'+i%26))
	}
	return cases
}

type goldenLine struct {
	ID                string   `json:"id"`
	Status            Status   `json:"status"`
	MINats            *float64 `json:"mi_nats"`
	LogDet            *float64 `json:"log_det"`
	LogDetRest        *float64 `json:"log_det_rest"`
	MinEigenvalue     *float64 `json:"min_eigenvalue"`
	MinEigenvalueRest *float64 `json:"min_eigenvalue_rest"`
	Dim               int      `json:"dim"`
	DimRest           int      `json:"dim_rest"`
}

func ptr(x float64) *float64 {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return nil
	}
	return &x
}

func TestGolden(t *testing.T) {
	casesPath := filepath.Join("testdata", "golden_cases.jsonl")
	goldenPath := filepath.Join("testdata", "golden.jsonl")
	if *update {
		if _, err := os.Stat(casesPath); os.IsNotExist(err) {
			var buf bytes.Buffer
			for _, c := range goldenCases() {
				b, _ := json.Marshal(c)
				buf.Write(append(b, '\n'))
			}
			if err := os.WriteFile(casesPath, buf.Bytes(), 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	f, err := os.Open(casesPath)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	cases, err := model.ReadAll(f)
	if err != nil {
		t.Fatal(err)
	}
	var got []goldenLine
	for _, c := range cases {
		r, err := Compute(c, Options{Eigenvalues: EigenAlways})
		if err != nil {
			t.Fatalf("%s: %v", c.ID, err)
		}
		got = append(got, goldenLine{c.ID, r.Status, ptr(r.MINats), ptr(r.LogDet), ptr(r.LogDetRest),
			ptr(r.MinEigenvalue), ptr(r.MinEigenvalueRest), r.Support.Dim, r.Support.DimRest})
	}
	if *update {
		var buf bytes.Buffer
		for _, g := range got {
			b, _ := json.Marshal(g)
			buf.Write(append(b, '\n'))
		}
		if err := os.WriteFile(goldenPath, buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	gf, err := os.Open(goldenPath)
	if err != nil {
		t.Fatal(err)
	}
	defer gf.Close()
	sc := bufio.NewScanner(gf)
	statuses := map[Status]int{}
	for i := 0; sc.Scan(); i++ {
		var want goldenLine
		if err := json.Unmarshal(sc.Bytes(), &want); err != nil {
			t.Fatal(err)
		}
		if i >= len(got) {
			t.Fatalf("golden file has more lines than cases")
		}
		g := got[i]
		statuses[want.Status]++
		if g.ID != want.ID || g.Status != want.Status || g.Dim != want.Dim || g.DimRest != want.DimRest {
			t.Errorf("%s: got %s %d/%d, want %s %s %d/%d", want.ID, g.Status, g.Dim, g.DimRest, want.ID, want.Status, want.Dim, want.DimRest)
		}
		for _, f := range []struct {
			name      string
			got, want *float64
		}{{"mi_nats", g.MINats, want.MINats}, {"log_det", g.LogDet, want.LogDet}, {"log_det_rest", g.LogDetRest, want.LogDetRest},
			{"min_eigenvalue", g.MinEigenvalue, want.MinEigenvalue}, {"min_eigenvalue_rest", g.MinEigenvalueRest, want.MinEigenvalueRest}} {
			switch {
			case (f.got == nil) != (f.want == nil):
				t.Errorf("%s %s: got %v, want %v", want.ID, f.name, f.got, f.want)
			case f.got != nil && math.Abs(*f.got-*f.want) > 1e-12*math.Max(math.Abs(*f.want), 1e-3):
				t.Errorf("%s %s: got %.17g, want %.17g", want.ID, f.name, *f.got, *f.want)
			}
		}
	}
	if len(statuses) != 3 {
		t.Errorf("golden cases cover statuses %v, want all three", statuses)
	}
}
