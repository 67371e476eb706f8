package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/syninfo/syninfo/internal/rng"
	"github.com/syninfo/syninfo/knn"
)

// knnCLI runs the CLI in-process and returns the exit status and outputs.
func knnCLI(t *testing.T, stdin string, args ...string) (int, string, string) {
	t.Helper()
	var out, errOut bytes.Buffer
	e := &env{stdin: strings.NewReader(stdin), stdout: &out, stderr: &errOut, getenv: func(string) string { return "" }}
	code := run(e, args)
	return code, out.String(), errOut.String()
}

// knnTable writes m rows of 3 correlated columns, comma-separated with
// comment lines, and returns the file name and the columns.
func knnTable(t *testing.T, m int) (string, [3][]float64) {
	t.Helper()
	g := rng.New(5)
	var cols [3][]float64
	var sb strings.Builder
	sb.WriteString("# a, b, c\n% generated\n")
	for i := 0; i < m; i++ {
		a, b, c := g.NormFloat64(), g.NormFloat64(), g.NormFloat64()
		row := [3]float64{a, 0.6*a + b, c + 0.3*b}
		for k := range row {
			cols[k] = append(cols[k], row[k])
		}
		fmt.Fprintf(&sb, "%.17g, %.17g,%.17g\n", row[0], row[1], row[2])
	}
	p := filepath.Join(t.TempDir(), "t.csv")
	if err := os.WriteFile(p, []byte(sb.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	return p, cols
}

func decodeLine(t *testing.T, s string) map[string]any {
	t.Helper()
	if strings.Count(s, "\n") != 1 {
		t.Fatalf("want one JSON line, got %q", s)
	}
	var v map[string]any
	if err := json.Unmarshal([]byte(s), &v); err != nil {
		t.Fatalf("%v: %q", err, s)
	}
	return v
}

func interleave(cols ...[]float64) []float64 {
	var out []float64
	for i := range cols[0] {
		for _, c := range cols {
			out = append(out, c[i])
		}
	}
	return out
}

func TestKNNCommand(t *testing.T) {
	p, cols := knnTable(t, 3000)
	for _, c := range []struct {
		args []string
		o    knn.Options
	}{
		{[]string{"--x", "0", "--y", "1,2"}, knn.Options{K: 3, Algorithm: 1, Blocks: 25}},
		{[]string{"--x", "0,2", "--y", "1", "--k", "5", "--algorithm", "2", "--normalize"}, knn.Options{K: 5, Algorithm: 2, Normalize: true, Blocks: min(25, 3000/knn.MinBlockRows(5))}},
		{[]string{"--x", "1", "--y", "0", "--noise", "1e-6", "--seed", "9", "--blocks", "4"}, knn.Options{K: 3, Algorithm: 1, Noise: 1e-6, Seed: 9, Blocks: 4}},
	} {
		code, out, errOut := knnCLI(t, "", append([]string{"knn", p}, c.args...)...)
		if code != 0 {
			t.Fatalf("%v: exit %d: %s", c.args, code, errOut)
		}
		v := decodeLine(t, out)
		// The same estimate through the API, on columns picked here.
		var x, y []float64
		var dx, dy int
		switch c.args[1] {
		case "0":
			x, dx, y, dy = cols[0], 1, interleave(cols[1], cols[2]), 2
		case "0,2":
			x, dx, y, dy = interleave(cols[0], cols[2]), 2, cols[1], 1
		default:
			x, dx, y, dy = cols[1], 1, cols[0], 1
		}
		want, err := knn.MI(x, dx, y, dy, c.o)
		if err != nil {
			t.Fatal(err)
		}
		if v["mi_nats"] != want.Value || v["se"] != want.SE || v["samples"] != 3000.0 || v["k"] != float64(want.K) {
			t.Errorf("%v: got %v, want mi %v se %v k %d", c.args, v, want.Value, want.SE, want.K)
		}
		if b := v["mi_bits"].(float64); math.Abs(b-want.Value/math.Ln2) > 1e-15 {
			t.Errorf("%v: mi_bits %v", c.args, b)
		}
	}
	// stdin, and the permutation test.
	data, _ := os.ReadFile(p)
	code, out, errOut := knnCLI(t, string(data), "knn", "--x", "0", "--y", "1", "--shuffles", "9", "-")
	if code != 0 {
		t.Fatalf("stdin: exit %d: %s", code, errOut)
	}
	if v := decodeLine(t, out); v["p_value"] != 0.1 || v["shuffles"] != 9.0 {
		t.Errorf("permutation test: %v", v)
	}
}

func TestEntropyCommand(t *testing.T) {
	p, cols := knnTable(t, 2000)
	code, out, errOut := knnCLI(t, "", "entropy", "--cols", "0,2", "--k", "4", p)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	v := decodeLine(t, out)
	want, _ := knn.Entropy(interleave(cols[0], cols[2]), 2, knn.Options{K: 4, Blocks: min(25, 2000/knn.MinBlockRows(4))})
	if v["h_nats"] != want.Value || v["se"] != want.SE || v["samples"] != 2000.0 || v["k"] != 4.0 {
		t.Errorf("got %v, want h %v se %v", v, want.Value, want.SE)
	}
}

// TestKNNMILCA runs the MILCA reference check (docs/method.md §5) through the command line.
func TestKNNMILCA(t *testing.T) {
	p := ""
	for _, dir := range []string{"/work/shared/testdata/milca", "../../../shared/testdata/milca"} {
		if _, err := os.Stat(filepath.Join(dir, "4ColsPairedDirectDependence-1.txt")); err == nil {
			p = filepath.Join(dir, "4ColsPairedDirectDependence-1.txt")
			break
		}
	}
	if p == "" {
		t.Skip("SKIPPED: MILCA data 4ColsPairedDirectDependence-1.txt not found in /work/shared/testdata/milca or ../../../shared/testdata/milca (GPL data kept outside the repository)")
	}
	code, out, errOut := knnCLI(t, "", "knn", "--x", "0,1", "--y", "2,3", "--algorithm", "2", "--normalize", "--noise", "0", "--k", "6", p)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if got := decodeLine(t, out)["mi_nats"].(float64); math.Abs(got-3.39865354) > 1e-7 {
		t.Errorf("k=6: %.9f, MILCA 3.39865354", got)
	}
}

func TestKNNBadInput(t *testing.T) {
	dir := t.TempDir()
	file := func(name, s string) string {
		p := filepath.Join(dir, name)
		os.WriteFile(p, []byte(s), 0o644)
		return p
	}
	good, _ := knnTable(t, 50)
	nan := file("nan.txt", "1 2\n3 NaN\n4 5\n6 7\n8 9\n")
	inf := file("inf.txt", "1 2\n3 4\n+Inf 5\n6 7\n8 9\n")
	ragged := file("ragged.txt", "1 2\n3 4 5\n")
	short := file("short.txt", "1 2\n3 4\n5 6\n")
	empty := file("empty.txt", "# nothing\n")
	for _, c := range []struct {
		args []string
		msg  string
	}{
		{[]string{"knn", "--x", "0", "--y", "1", nan}, `line 2: column 1: "NaN" is not a finite number`},
		{[]string{"knn", "--x", "0", "--y", "1", inf}, `line 3: column 0: "+Inf" is not a finite number`},
		{[]string{"knn", "--x", "0", "--y", "1", ragged}, "line 2: 3 columns, but line 1 has 2 (ragged rows)"},
		{[]string{"knn", "--x", "0", "--y", "3", good}, "--y: column 3 out of range"},
		{[]string{"knn", "--x", "0", "--y", "1", short}, "3 samples, need at least k+1 = 4"},
		{[]string{"knn", "--x", "0", "--y", "1", "--k", "0", good}, "--k = 0, want >= 1"},
		{[]string{"knn", "--x", "0", "--y", "1", "--algorithm", "3", good}, "--algorithm = 3, want 1 or 2"},
		{[]string{"knn", "--y", "1", good}, "--x and --y are required"},
		{[]string{"knn", "--x", "0,a", "--y", "1", good}, `--x: bad column "a": the table has no header`},
		{[]string{"knn", "--x", "0", "--y", "1", "--noise", "-1", good}, "--noise = -1"},
		{[]string{"knn", "--x", "0", "--y", "1", filepath.Join(dir, "missing.txt")}, "no such file"},
		{[]string{"knn", "--x", "0", "--y", "1", empty}, "no data rows"},
		{[]string{"knn", "--x", "0", "--y", "1", "--blocks", "40", good}, "40 blocks of 1 samples"},
		{[]string{"entropy", "--cols", "0", "--k", "-2", good}, "--k = -2, want >= 1"},
		{[]string{"knn", "--x", "0", "--y", "9223372036854775807", good}, "--y: column 9223372036854775807 out of range"},
		{[]string{"knn", "--x", "0", "--y", "1-2000000000", good}, "--y: column 1-2000000000 out of range"},
		{[]string{"knn", "--x", "0", "--y", "1", "--units", "bytes", good}, `--units: "bytes" is not nats or bits`},
		{[]string{"knn", "--x", "0", "--y", "1", "--by", "7", good}, "--by: column 7 out of range"},
		{[]string{"knn", "--x", "0", "--y", "1", "--by", "1", good}, "--by: column 1 (1) is also an estimate's column"},
		{[]string{"knn", "--x", "0", "--y", "1", "/dev/zero"}, "/dev/zero line 1: a NUL byte"},
		{[]string{"entropy", good}, "--cols is required"},
		{[]string{"entropy", "--cols", "7", good}, "--cols: column 7 out of range"},
		{[]string{"entropy", "--cols", "0", short, "--k", "3"}, "3 samples, need at least k+1 = 4"},
	} {
		code, out, errOut := knnCLI(t, "", c.args...)
		if code != 2 || out != "" {
			t.Errorf("%v: exit %d, stdout %q; want 2 and nothing", c.args, code, out)
		}
		if strings.Count(errOut, "\n") != 1 || !strings.Contains(errOut, c.msg) || strings.Contains(errOut, "goroutine") {
			t.Errorf("%v: stderr %q, want one line with %q", c.args, errOut, c.msg)
		}
	}
}
