package main

import (
	"bytes"
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/syninfo/syninfo/exact"
)

// runExactCLI runs "syninfo exact" in-process.
func runExactCLI(stdin string, args ...string) (int, string, string) {
	var out, errb bytes.Buffer
	e := &env{stdin: strings.NewReader(stdin), stdout: &out, stderr: &errb, getenv: func(string) string { return "" }}
	code := run(e, append([]string{"exact"}, args...))
	return code, out.String(), errb.String()
}

// singletonCase is a case with one synapse (0, 1) and K patterns whose
// Sigma is s2 times the identity, so that every term has log-variance 2 s2.
func singletonCase(mus [][2]float64, s2 float64, m int) string {
	var b strings.Builder
	b.WriteString(`{"patterns":[`)
	for k, mu := range mus {
		if k > 0 {
			b.WriteString(",")
		}
		p, _ := json.Marshal(map[string]any{"mu": mu[:], "sigma": [][]float64{{s2, 0}, {0, s2}}})
		b.Write(p)
	}
	b.WriteString(`],"synapses":[[0,1]],"pattern":`)
	b.WriteString(string(rune('0' + m)))
	b.WriteString("}")
	return b.String()
}

func TestExactCommand(t *testing.T) {
	two := singletonCase([][2]float64{{0.1, 0.2}, {-0.3, 0}}, 1, 0)
	one := singletonCase([][2]float64{{0.1, 0.2}}, 1, 0)
	dir := t.TempDir()
	file := filepath.Join(dir, "cases.jsonl")
	if err := os.WriteFile(file, []byte(two+"\n"+one+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, errs := runExactCLI("", file)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 2 {
		t.Fatalf("%d lines, want 2: %s", len(lines), out)
	}
	var got []map[string]any
	for _, l := range lines {
		var m map[string]any
		if err := json.Unmarshal([]byte(l), &m); err != nil {
			t.Fatalf("%s: %v", l, err)
		}
		for _, k := range []string{"mi_nats", "mi_bits", "error_estimate", "status", "h_w", "h_w_rest"} {
			if _, ok := m[k]; !ok {
				t.Errorf("no %s in %s", k, l)
			}
		}
		got = append(got, m)
	}
	// The first line is the library's value for m = (0.3, -0.3), v = (2, 2).
	want, err := exact.SingletonTerms([]float64{0.1 + 0.2, -0.3 + 0}, []float64{2, 2}, 0, exact.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if got[0]["status"] != "ok" || math.Abs(got[0]["mi_nats"].(float64)-want.MINats) > 1e-12 ||
		math.Abs(got[0]["mi_bits"].(float64)-want.MINats/math.Ln2) > 1e-12 {
		t.Errorf("line 1 %v, want MI %v", got[0], want.MINats)
	}
	// K = 1: infinite, with nulls where JSON has no number.
	if got[1]["status"] != "infinite" || got[1]["mi_nats"] != nil || got[1]["mi_bits"] != nil || got[1]["h_w_rest"] != nil {
		t.Errorf("line 2 %v, want infinite with null mi_nats, mi_bits, h_w_rest", got[1])
	}
	// The same case from stdin gives the same line.
	code, out2, _ := runExactCLI(two, "-")
	if code != 0 || out2 != lines[0]+"\n" {
		t.Errorf("stdin: exit %d, %q, want %q", code, out2, lines[0])
	}
}

func TestExactCommandErrors(t *testing.T) {
	chain := `{"patterns":[{"mu":[0,0,0,0],"sigma":[[1,0,0,0],[0,1,0,0],[0,0,1,0],[0,0,0,1]]},{"mu":[0,0,0,0],"sigma":[[1,0,0,0],[0,1,0,0],[0,0,1,0],[0,0,0,1]]}],"synapses":[[0,1],[1,2],[2,3]],"pattern":0}`
	two := singletonCase([][2]float64{{0, 0}, {0, 0}}, 1, 0)
	for _, c := range []struct {
		name, stdin string
		args        []string
		want        string
	}{
		{"dependent block of 3", chain, nil, "blocks of 1 or 2"},
		{"bad json", `{"patterns": [`, nil, "invalid JSON"},
		{"no case", "", []string{"-"}, "no case"},
		{"invalid case", `{"patterns":[{"mu":[0,0],"sigma":[[1,0],[0,1]]}],"synapses":[[0,0]],"pattern":0}`, nil, "synapses[0]"},
		{"bad tol", two, []string{"--tol", "-1"}, "--tol"},
		{"bad flag", two, []string{"--nope"}, "nope"},
		{"missing file", "", []string{"/nonexistent/cases.json"}, "input"},
	} {
		code, out, errs := runExactCLI(c.stdin, c.args...)
		// (cli.go's flag parsing prints the usage to stdout on an unknown flag.)
		if code != 2 || (out != "" && c.name != "bad flag") || !strings.Contains(errs, c.want) ||
			strings.Count(strings.TrimSpace(errs), "\n") != 0 || strings.Contains(errs, "goroutine") {
			t.Errorf("%s: exit %d, stdout %q, stderr %q; want exit 2 and one line with %q", c.name, code, out, errs, c.want)
		}
	}
}

// TestExactCommandPair: n = 2 (sharing a neuron) and independent blocks are
// accepted and give the library's values, with the blocks listed.
func TestExactCommandPair(t *testing.T) {
	pair := `{"patterns":[{"mu":[0.1,0,0.2],"sigma":[[0.5,0,0],[0,0.5,0],[0,0,0.5]]},` +
		`{"mu":[0,-0.2,0],"sigma":[[0.4,0,0],[0,0.4,0],[0,0,0.4]]}],"synapses":[[0,1],[0,2]],"pattern":0}`
	code, out, errs := runExactCLI(pair, "--tol", "1e-4")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	var got struct {
		MINats float64 `json:"mi_nats"`
		Status string  `json:"status"`
		Blocks [][]int `json:"blocks"`
	}
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("%s: %v", out, err)
	}
	// V = A Sigma A^T: Var = 0.5 + 0.5 = 1 per synapse, Cov = Sigma_00 = 0.5 (pattern 0); 0.8, 0.4 (pattern 1).
	want, err := exact.PairTerms([][2]float64{{0.1, 0.3}, {-0.2, 0}}, [][3]float64{{1, 0.5, 1}, {0.8, 0.4, 0.8}}, 0, exact.Options{Tol: 1e-4})
	if err != nil {
		t.Fatal(err)
	}
	if got.Status != "ok" || math.Abs(got.MINats-want.MINats) > 1e-12 || len(got.Blocks) != 1 || len(got.Blocks[0]) != 2 {
		t.Errorf("got %s, want MI %v in one block of 2", out, want.MINats)
	}
}

// TestExactCommandLimits: a valid case beyond the limits exits 1 (not 2, as
// bad input would) with one line naming the limits.
func TestExactCommandLimits(t *testing.T) {
	var mus [][2]float64
	for k := range 10 {
		mus = append(mus, [2]float64{0.1 * float64(k), 0})
	}
	code, out, errs := runExactCLI(singletonCase(mus, 2, 0), "--max-work", "1e4")
	if code != 1 || out != "" || !strings.Contains(errs, "Options.MaxWork") || strings.Count(strings.TrimSpace(errs), "\n") != 0 {
		t.Errorf("exit %d, stdout %q, stderr %q; want exit 1 and one line naming Options.MaxWork", code, out, errs)
	}
}
