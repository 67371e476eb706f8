package main

import (
	"bytes"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"
)

// sampleRun runs the CLI in-process and returns the exit status and outputs.
func sampleRun(t *testing.T, stdin string, args ...string) (int, string, string) {
	t.Helper()
	var out, errOut bytes.Buffer
	e := &env{stdin: strings.NewReader(stdin), stdout: &out, stderr: &errOut, getenv: func(string) string { return "" }}
	code := run(e, args)
	return code, out.String(), errOut.String()
}

const sampleCaseJSON = `{"patterns": [
  {"mu": [0, 0.5, -0.5, 0.2], "sigma": [[0.3, 0.1, 0, 0], [0.1, 0.3, 0.1, 0], [0, 0.1, 0.3, 0], [0, 0, 0, 0.2]]},
  {"mu": [0.2, 0, 0.1, -0.3], "sigma": [[0.2, 0, 0, 0], [0, 0.2, 0, 0], [0, 0, 0.2, 0], [0, 0, 0, 0.2]]},
  {"mu": [-0.3, 0.4, 0, 0.1], "sigma": [[0.3, 0.1, 0, 0], [0.1, 0.3, 0.1, 0], [0, 0.1, 0.3, 0], [0, 0, 0, 0.2]]}],
 "synapses": [[2, 1], [0, 1], [3, 2]],
 "pattern": 1}`

// parseCSV splits a table into its header and rows of numbers.
func parseCSV(t *testing.T, s string) ([]string, [][]float64) {
	t.Helper()
	lines := strings.Split(strings.TrimSuffix(s, "\n"), "\n")
	header := strings.Split(lines[0], ",")
	var rows [][]float64
	for _, l := range lines[1:] {
		f := strings.Split(l, ",")
		if len(f) != len(header) {
			t.Fatalf("row %q has %d fields, header %d", l, len(f), len(header))
		}
		row := make([]float64, len(f))
		for i, x := range f {
			v, err := strconv.ParseFloat(x, 64)
			if err != nil {
				t.Fatal(err)
			}
			row[i] = v
		}
		rows = append(rows, row)
	}
	return header, rows
}

func TestSampleCSV(t *testing.T) {
	code, out, errOut := sampleRun(t, sampleCaseJSON, "sample", "--samples", "2500", "--seed", "4")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	header, rows := parseCSV(t, out)
	want := []string{"w_1_2", "w_0_1", "w_2_3", "x_0", "x_1", "x_2", "x_3", "case"}
	if strings.Join(header, ",") != strings.Join(want, ",") {
		t.Fatalf("header %v, want %v", header, want)
	}
	if len(rows) != 2500 {
		t.Fatalf("%d rows, want 2500", len(rows))
	}
	// W_IJ = X_I^(m) X_J^(m) + (the other patterns' terms, positive).
	for r, row := range rows {
		x := row[3:7]
		if row[7] != 0 {
			t.Fatalf("row %d: case %v, want 0", r, row[7])
		}
		for a, pair := range [][2]int{{1, 2}, {0, 1}, {2, 3}} {
			if !(row[a] > x[pair[0]]*x[pair[1]]) {
				t.Fatalf("row %d: w_%d_%d = %v <= x_%d x_%d = %v", r, pair[0], pair[1], row[a], pair[0], pair[1], x[pair[0]]*x[pair[1]])
			}
		}
	}
	// ln X^(m) has mean mu_m: pattern 1's mu = (0.2, 0, 0.1, -0.3), variance 0.2.
	for i, mu := range []float64{0.2, 0, 0.1, -0.3} {
		s := 0.0
		for _, row := range rows {
			s += math.Log(row[3+i])
		}
		if z := (s/2500 - mu) / math.Sqrt(0.2/2500); math.Abs(z) > 5 {
			t.Errorf("mean of ln x_%d: %.4f, want %.4f (z = %.1f)", i, s/2500, mu, z)
		}
	}
	// --log writes the logarithms of the same draws.
	code, logOut, _ := sampleRun(t, sampleCaseJSON, "sample", "--samples", "2500", "--seed", "4", "--log")
	if code != 0 {
		t.Fatal("--log failed")
	}
	_, logRows := parseCSV(t, logOut)
	for r := range rows {
		for c := range rows[r][:7] { // the case column is not a logarithm
			if got := math.Exp(logRows[r][c]); math.Abs(got-rows[r][c]) > 4e-16*rows[r][c] {
				t.Fatalf("row %d col %d: exp(%v) = %v, plain %v", r, c, logRows[r][c], got, rows[r][c])
			}
		}
	}
}

func TestSampleDeterministic(t *testing.T) {
	args := []string{"sample", "--samples", "3000", "--seed", "7"}
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(0))
	var ref string
	for _, p := range []int{1, 2, 8} {
		runtime.GOMAXPROCS(p)
		code, out, errOut := sampleRun(t, sampleCaseJSON, args...)
		if code != 0 {
			t.Fatalf("GOMAXPROCS %d: exit %d: %s", p, code, errOut)
		}
		if ref == "" {
			ref = out
		} else if out != ref {
			t.Fatalf("GOMAXPROCS %d: output differs from GOMAXPROCS 1", p)
		}
	}
	_, other, _ := sampleRun(t, sampleCaseJSON, "sample", "--samples", "3000", "--seed", "8")
	_, a := parseCSV(t, ref)
	_, b := parseCSV(t, other)
	same := 0
	for r := range a {
		for c := range a[r][:len(a[r])-1] { // all but the case column
			if a[r][c] == b[r][c] {
				same++
			}
		}
	}
	if same > 0 {
		t.Errorf("seeds 7 and 8: %d equal values", same)
	}
	// The default seed is 1.
	_, def, _ := sampleRun(t, sampleCaseJSON, "sample", "--samples", "10")
	_, one, _ := sampleRun(t, sampleCaseJSON, "sample", "--samples", "10", "--seed", "1")
	if def != one {
		t.Error("default seed is not 1")
	}
}

// Several cases: one table with a case column (the 0-based position); the
// case key is the position, so the same case twice gives different draws,
// and the first case's rows are the single-case table's.
func TestSampleSeveralCases(t *testing.T) {
	code, out, errOut := sampleRun(t, sampleCaseJSON+"\n"+sampleCaseJSON, "sample", "--samples", "20", "-")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if strings.Contains(out, "\n\n") || strings.Count(out, "case") != 1 {
		t.Fatalf("want one table with one header:\n%s", out)
	}
	h, rows := parseCSV(t, out)
	if len(rows) != 40 || h[len(h)-1] != "case" {
		t.Fatalf("%d rows, header %v", len(rows), h)
	}
	_, single, _ := sampleRun(t, sampleCaseJSON, "sample", "--samples", "20")
	lines := strings.SplitAfter(out, "\n")
	if strings.Join(lines[:21], "") != single {
		t.Error("first case's rows differ from the case alone")
	}
	for r, row := range rows {
		if want := float64(r / 20); row[len(row)-1] != want {
			t.Fatalf("row %d: case %v, want %v", r, row[len(row)-1], want)
		}
	}
	if rows[0][0] == rows[20][0] {
		t.Error("second case: other draws expected")
	}
	// Cases with other synapses cannot share the table.
	other := strings.Replace(sampleCaseJSON, `[[2, 1], [0, 1], [3, 2]]`, `[[0, 1]]`, 1)
	code, _, errOut = sampleRun(t, sampleCaseJSON+other, "sample", "--samples", "5")
	if code != 2 || !strings.Contains(errOut, "case 1: columns w_0_1,x_0,x_1,case differ from case 0's") {
		t.Errorf("mixed cases: exit %d, %q", code, errOut)
	}
}

func TestSampleOutFile(t *testing.T) {
	dir := t.TempDir()
	name := filepath.Join(dir, "draws.csv")
	code, out, errOut := sampleRun(t, sampleCaseJSON, "sample", "--samples", "50", "--out", name)
	if code != 0 || out != "" {
		t.Fatalf("exit %d, stdout %q: %s", code, out, errOut)
	}
	got, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	_, want, _ := sampleRun(t, sampleCaseJSON, "sample", "--samples", "50")
	if string(got) != want {
		t.Error("--out file differs from stdout output")
	}
	// A failed run leaves neither the file nor a temporary one.
	bad := filepath.Join(dir, "bad.csv")
	if code, _, _ := sampleRun(t, sampleCaseJSON+` {"patterns": []}`, "sample", "--samples", "5", "--out", bad); code != 2 {
		t.Fatalf("bad second case: exit %d", code)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("directory holds %d entries after a failed run, want only draws.csv", len(entries))
	}
}

func TestSampleBadInput(t *testing.T) {
	ok := sampleCaseJSON
	sig2 := `"sigma": [[1, 0], [0, 1]]`
	for _, tc := range []struct {
		name  string
		stdin string
		args  []string
		want  string // part of the message
	}{
		{"no --samples", ok, nil, "--samples"},
		{"--samples 0", ok, []string{"--samples", "0"}, "--samples"},
		{"--samples negative", ok, []string{"--samples", "-4"}, "--samples"},
		{"--samples huge", ok, []string{"--samples", "9223372036854775807"}, "--samples"},
		{"--format", ok, []string{"--samples", "5", "--format", "xls"}, "--format"},
		{"--workers negative", ok, []string{"--samples", "5", "--workers", "-1"}, "--workers"},
		{"--samples not a number", ok, []string{"--samples", "many"}, "samples"},
		{"--seed negative", ok, []string{"--samples", "5", "--seed", "-1"}, "seed"},
		{"unknown flag", ok, []string{"--samples", "5", "--bogus"}, "bogus"},
		{"two inputs", ok, []string{"--samples", "5", "a.json", "b.json"}, "at most one input"},
		{"missing file", ok, []string{"--samples", "5", "/nonexistent/case.json"}, "input"},
		{"empty input", "", []string{"--samples", "5"}, "no case"},
		{"invalid JSON", `{"patterns": [`, []string{"--samples", "5"}, "JSON"},
		{"ragged sigma", `{"patterns": [{"mu": [0, 0], "sigma": [[1, 0], [0]]}], "synapses": [[0, 1]], "pattern": 0}`, []string{"--samples", "5"}, "sigma[1]"},
		{"asymmetric sigma", `{"patterns": [{"mu": [0, 0], "sigma": [[1, 0.5], [0, 1]]}], "synapses": [[0, 1]], "pattern": 0}`, []string{"--samples", "5"}, "symmetric"},
		{"sigma not PSD", `{"patterns": [{"mu": [0, 0], "sigma": [[1, 2], [2, 1]]}], "synapses": [[0, 1]], "pattern": 0}`, []string{"--samples", "5"}, "semi-definite"},
		{"i == j", `{"patterns": [{"mu": [0, 0], ` + sig2 + `}], "synapses": [[1, 1]], "pattern": 0}`, []string{"--samples", "5"}, "synapses[0]"},
		{"index out of range", `{"patterns": [{"mu": [0, 0], ` + sig2 + `}], "synapses": [[0, 2]], "pattern": 0}`, []string{"--samples", "5"}, "out of range"},
		{"duplicate synapse", `{"patterns": [{"mu": [0, 0], ` + sig2 + `}], "synapses": [[0, 1], [1, 0]], "pattern": 0}`, []string{"--samples", "5"}, "same synapse"},
		{"pattern out of range", `{"patterns": [{"mu": [0, 0], ` + sig2 + `}], "synapses": [[0, 1]], "pattern": 1}`, []string{"--samples", "5"}, "pattern"},
		{"no synapses", `{"patterns": [{"mu": [0, 0], ` + sig2 + `}], "synapses": [], "pattern": 0}`, []string{"--samples", "5"}, "synapses"},
		{"infinite mu", `{"patterns": [{"mu": [0, 1e999], ` + sig2 + `}], "synapses": [[0, 1]], "pattern": 0}`, []string{"--samples", "5"}, "mu"},
		{"no patterns", `{"patterns": [], "synapses": [[0, 1]], "pattern": 0}`, []string{"--samples", "5"}, "patterns"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, _, errOut := sampleRun(t, tc.stdin, append([]string{"sample"}, tc.args...)...)
			if code != 2 {
				t.Fatalf("exit %d, want 2 (stderr %q)", code, errOut)
			}
			if strings.Count(errOut, "\n") != 1 || !strings.HasPrefix(errOut, "syninfo sample: ") ||
				strings.Contains(errOut, "panic") || strings.Contains(errOut, "goroutine") {
				t.Fatalf("stderr is not one clear line: %q", errOut)
			}
			if !strings.Contains(errOut, tc.want) {
				t.Errorf("stderr %q does not mention %q", errOut, tc.want)
			}
		})
	}
}

func TestSampleHelp(t *testing.T) {
	code, out, _ := sampleRun(t, "", "sample", "--help")
	if code != 0 || !strings.Contains(out, "--samples") || !strings.Contains(out, "case key") {
		t.Errorf("help: exit %d, %q", code, out)
	}
}
