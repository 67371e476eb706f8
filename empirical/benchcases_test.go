package empirical

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/syninfo/syninfo/model"
	"github.com/syninfo/syninfo/simsets"
)

var update = flag.Bool("update", false, "rewrite the benchmark cases in testdata/")

// benchCaseFiles are the inputs of the command-line benchmarks in
// docs/benchmarks/empirical.md, drawn by simsets: the singleton of Fig 2A at
// K = 50 (s = 1, r = 0), and a set 3 case with K = 50 and n = 20 (one Sigma
// per pattern).
func benchCaseFiles(t testing.TB) map[string]*model.Case {
	t.Helper()
	n1, err := simsets.Set1(0, 50, 1, 0, []model.Synapse{{1, 2}}, 0)
	if err != nil {
		t.Fatal(err)
	}
	n20, err := simsets.Set3(1, 0, simsets.Ranges{KMin: 50, KMax: 50, LenMin: 20, LenMax: 20})
	if err != nil {
		t.Fatal(err)
	}
	return map[string]*model.Case{"bench_n1_k50.json": n1, "bench_n20_k50_set3.json": n20.Case}
}

// TestBenchCases keeps testdata/ equal to what simsets draws
// (go test ./empirical -run BenchCases -update rewrites it).
func TestBenchCases(t *testing.T) {
	for name, c := range benchCaseFiles(t) {
		want, err := json.Marshal(c)
		if err != nil {
			t.Fatal(err)
		}
		want = append(want, '\n')
		path := filepath.Join("testdata", name)
		if *update {
			if err := os.WriteFile(path, want, 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		got, err := os.ReadFile(path)
		if err != nil {
			t.Fatalf("%v (run go test ./empirical -run BenchCases -update)", err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s differs from the simsets draw (run with -update)", path)
		}
		if _, err := model.Parse(got); err != nil {
			t.Errorf("%s: %v", path, err)
		}
	}
}
