package main

import (
	"errors"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/syninfo/syninfo/knn"
)

// TestPipeSampleKNN checks that sample's output feeds knn and entropy as it
// is: columns by index and by name give the same estimate, several cases
// give one line per case, and each case's estimate equals the one on that
// case's rows alone.
func TestPipeSampleKNN(t *testing.T) {
	code, draws, errOut := sampleRun(t, sampleCaseJSON, "sample", "--samples", "2000", "--seed", "3")
	if code != 0 {
		t.Fatal(errOut)
	}
	code, byIndex, errOut := sampleRun(t, draws, "knn", "--x", "0", "--y", "3,4")
	if code != 0 {
		t.Fatalf("knn by index: %s", errOut)
	}
	code, byName, errOut := sampleRun(t, draws, "knn", "--x", "w_1_2", "--y", "x_0,x_1")
	if code != 0 {
		t.Fatalf("knn by name: %s", errOut)
	}
	if byIndex != byName {
		t.Errorf("by index %s by name %s", byIndex, byName)
	}
	v := decodeLine(t, byIndex)
	if v["case"] != 0.0 || v["samples"] != 2000.0 || v["units"] != nil {
		t.Errorf("one case: %v", v)
	}

	// Two cases: one table, one line per case, each the estimate of its rows.
	code, two, errOut := sampleRun(t, sampleCaseJSON+sampleCaseJSON, "sample", "--samples", "2000", "--seed", "3")
	if code != 0 {
		t.Fatal(errOut)
	}
	code, out, errOut := sampleRun(t, two, "knn", "--x", "w_0_1", "--y", "x_0,x_1")
	if code != 0 {
		t.Fatal(errOut)
	}
	lines := strings.SplitAfter(out, "\n")
	lines = lines[:len(lines)-1]
	if len(lines) != 2 {
		t.Fatalf("want 2 lines, got %q", out)
	}
	rows := strings.SplitAfter(two, "\n")
	header := rows[0]
	for c, line := range lines {
		part := header + strings.Join(rows[1+2000*c:1+2000*(c+1)], "")
		_, alone, _ := sampleRun(t, part, "knn", "--x", "w_0_1", "--y", "x_0,x_1")
		got, want := decodeLine(t, line), decodeLine(t, alone)
		if got["case"] != float64(c) || got["mi_nats"] != want["mi_nats"] || got["se"] != want["se"] {
			t.Errorf("case %d: %v, alone %v", c, got, want)
		}
	}
	// --by none mixes the cases into one estimate of 4000 rows.
	_, mixed, _ := sampleRun(t, two, "knn", "--x", "w_0_1", "--y", "x_0,x_1", "--by", "none")
	if v := decodeLine(t, mixed); v["samples"] != 4000.0 || v["case"] != nil {
		t.Errorf("--by none: %v", v)
	}
	// entropy groups the same way.
	_, ent, _ := sampleRun(t, two, "entropy", "--cols", "x_0,x_1")
	if strings.Count(ent, "\n") != 2 || !strings.Contains(ent, `"case":1`) {
		t.Errorf("entropy per case: %q", ent)
	}
}

// TestNPYRoundTrip checks sample --format npy against the CSV output: the
// same values (bit for bit), and knn and entropy give the same results from
// either file, from a file or from stdin.
func TestNPYRoundTrip(t *testing.T) {
	dir := t.TempDir()
	csvName, npyName := filepath.Join(dir, "d.csv"), filepath.Join(dir, "d.npy")
	for _, name := range []string{csvName, npyName} { // the format follows the extension
		if code, _, errOut := sampleRun(t, sampleCaseJSON+sampleCaseJSON, "sample", "--samples", "1500", "--seed", "5", "--out", name); code != 0 {
			t.Fatal(errOut)
		}
	}
	code, npyOut, _ := sampleRun(t, sampleCaseJSON+sampleCaseJSON, "sample", "--samples", "1500", "--seed", "5", "--format", "npy")
	raw, _ := os.ReadFile(npyName)
	if code != 0 || npyOut != string(raw) || !strings.HasPrefix(npyOut, "\x93NUMPY") {
		t.Fatal("--format npy on stdout differs from --out d.npy")
	}
	csvTab, err := readTable(&env{getenv: func(string) string { return "" }}, "knn", []string{csvName})
	if err != nil {
		t.Fatal(err)
	}
	npyTab, err := readTable(&env{getenv: func(string) string { return "" }}, "knn", []string{npyName})
	if err != nil {
		t.Fatal(err)
	}
	if csvTab.Rows != 3000 || npyTab.Rows != 3000 || csvTab.Cols != 8 || npyTab.Cols != 8 {
		t.Fatalf("shapes %dx%d, %dx%d", csvTab.Rows, csvTab.Cols, npyTab.Rows, npyTab.Cols)
	}
	for i := range csvTab.Data {
		if math.Float64bits(csvTab.Data[i]) != math.Float64bits(npyTab.Data[i]) {
			t.Fatalf("value %d: csv %v npy %v", i, csvTab.Data[i], npyTab.Data[i])
		}
	}
	// .npy has no names: columns by index, the case column by index too.
	_, fromCSV, _ := sampleRun(t, "", "knn", "--x", "0", "--y", "3,4", csvName)
	code, fromNPY, errOut := sampleRun(t, "", "knn", "--x", "0", "--y", "3,4", "--by", "7", npyName)
	if code != 0 || fromCSV != fromNPY || strings.Count(fromNPY, "\n") != 2 {
		t.Errorf("knn: csv %q npy %q (%s)", fromCSV, fromNPY, errOut)
	}
	code, fromStdin, _ := sampleRun(t, string(raw), "knn", "--x", "0", "--y", "3,4", "--by", "7")
	if code != 0 || fromStdin != fromNPY {
		t.Errorf("knn from stdin: %q", fromStdin)
	}
	_, e1, _ := sampleRun(t, "", "entropy", "--cols", "3-6", csvName)
	_, e2, _ := sampleRun(t, "", "entropy", "--cols", "3-6", "--by", "7", npyName)
	if e1 != e2 || e1 == "" {
		t.Errorf("entropy: csv %q npy %q", e1, e2)
	}
	// Without --by, a .npy table whose last column looks like sample's case
	// column gets a note on stderr (and pools the rows).
	code, pooled, errOut := sampleRun(t, "", "knn", "--x", "0", "--y", "3,4", npyName)
	if code != 0 || strings.Count(pooled, "\n") != 1 || !strings.Contains(errOut, "--by 7 makes one estimate per case") {
		t.Errorf("no --by on .npy: %q, stderr %q", pooled, errOut)
	}
	if _, _, errOut := sampleRun(t, "", "knn", "--x", "0", "--y", "3,4", "--by", "none", npyName); errOut != "" {
		t.Errorf("--by none: stderr %q", errOut)
	}
	// A column name on a .npy table says why it cannot work.
	_, _, errOut = sampleRun(t, "", "knn", "--x", "w_1_2", "--y", "3", npyName)
	if !strings.Contains(errOut, `--x: bad column "w_1_2": the table has no header`) {
		t.Errorf("name on .npy: %q", errOut)
	}
}

// TestUnits checks --units bits against the nats output: every information
// field divided by ln 2, the rest unchanged, on each command that prints
// information; and that every number compare prints is classified.
func TestUnits(t *testing.T) {
	draws := func() string {
		_, d, _ := sampleRun(t, sampleCaseJSON, "sample", "--samples", "1000")
		return d
	}()
	single := `{"patterns": [{"mu": [0, 0.5], "sigma": [[1, 0.5], [0.5, 1]]}, {"mu": [0.2, 0], "sigma": [[1, 0.5], [0.5, 1]]}], "synapses": [[0, 1]], "pattern": 0}`
	for _, c := range []struct {
		stdin string
		args  []string
	}{
		{draws, []string{"knn", "--x", "0", "--y", "3,4"}},
		{draws, []string{"entropy", "--cols", "3,4"}},
		{single, []string{"analytic"}},
		{single, []string{"analytic", "--approximation", "corrected2"}},
		{"", []string{"grid", "--json", "--patterns", "2", "--s2", "1", "--rho", "0"}},
		{single, []string{"exact"}},
		{single, []string{"compare", "--samples", "2000"}},
	} {
		code, nats, errOut := sampleRun(t, c.stdin, append(c.args, "--units", "nats")...)
		if code != 0 {
			t.Fatalf("%v: %s", c.args, errOut)
		}
		code, bits, errOut := sampleRun(t, c.stdin, append(c.args, "--units", "bits")...)
		if code != 0 {
			t.Fatalf("%v bits: %s", c.args, errOut)
		}
		_, def, _ := sampleRun(t, c.stdin, c.args...)
		if def != nats {
			t.Errorf("%v: the default is not nats", c.args)
		}
		n, b := decodeLine(t, nats), decodeLine(t, bits)
		if n["units"] != nil || b["units"] != "bits" {
			t.Errorf("%v: units %v / %v", c.args, n["units"], b["units"])
		}
		checkBits(t, c.args[0], n, b)
	}
}

// checkBits compares one JSON object in nats with its bits version.
func checkBits(t *testing.T, path string, n, b map[string]any) {
	t.Helper()
	unitFree := map[string]bool{"samples": true, "k": true, "n": true, "algorithm": true, "blocks": true,
		"noise": true, "case": true, "min_eigenvalue": true, "min_eigenvalue_rest": true, "log_det": true,
		"log_det_rest": true, "dim": true, "dim_rest": true, "rel": true, "z": true, "p_value": true, "shuffles": true,
		"condition": true, "condition_rest": true, "patterns": true, "s2": true, "rho": true, "rel_error": true}
	for k, nv := range n {
		if k == "units" {
			continue
		}
		if base, ok := strings.CutSuffix(k, "_nats"); ok {
			bv, ok := b[base+"_bits"]
			if _, dup := b[k]; dup || !ok {
				t.Errorf("%s.%s: bits output has %s = %v, %s_bits = %v", path, k, k, b[k], base, bv)
				continue
			}
			if nv == nil && bv == nil {
				continue
			}
			if x, y := nv.(float64), bv.(float64); math.Abs(x/math.Ln2-y) > 1e-15*math.Abs(y) {
				t.Errorf("%s.%s: %v nats, %v bits", path, k, x, y)
			}
			continue
		}
		bv := b[k]
		switch x := nv.(type) {
		case map[string]any:
			checkBits(t, path+"."+k, x, bv.(map[string]any))
		case float64:
			y := bv.(float64)
			switch {
			case infoFields[k]:
				if math.Abs(x/math.Ln2-y) > 1e-15*math.Abs(y) {
					t.Errorf("%s.%s: %v nats, %v bits", path, k, x, y)
				}
			case strings.HasSuffix(k, "_bits") || unitFree[k]:
				if x != y {
					t.Errorf("%s.%s changed: %v, %v", path, k, x, y)
				}
			default:
				t.Errorf("%s.%s: a number that is neither information (infoFields, _nats) nor listed unit-free: classify it", path, k)
			}
		}
	}
}

// The knn package's own MinBlockRows is the floor of the default blocks.
var _ = knn.MinBlockRows

func TestVersionCommand(t *testing.T) {
	code, out, errOut := sampleRun(t, "", "version")
	_, alias, _ := sampleRun(t, "", "--version")
	if code != 0 || !strings.HasPrefix(out, "syninfo ") || !strings.Contains(out, "go1.") || alias != out {
		t.Errorf("version: exit %d %q %q (%s)", code, out, alias, errOut)
	}
	code, out, _ = sampleRun(t, "", "version", "--json")
	if v := decodeLine(t, out); code != 0 || v["version"] == nil || v["go"] == nil {
		t.Errorf("version --json: %q", out)
	}
	if code, _, _ := sampleRun(t, "", "version", "extra"); code != 2 {
		t.Errorf("version extra: exit %d", code)
	}
}

// TestSampleInterrupted sends SIGINT to a sample run writing --out: exit
// status 130, no file and no temporary file left.
func TestSampleInterrupted(t *testing.T) {
	bin := buildBinary(t)
	dir := t.TempDir()
	in := filepath.Join(dir, "case.json")
	os.WriteFile(in, []byte(sampleCaseJSON), 0o644)
	cmd := exec.Command(bin, "sample", in, "--samples", "1000000000", "--out", filepath.Join(dir, "draws.csv"))
	var errOut strings.Builder
	cmd.Stderr = &errOut
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	// Wait for the temporary file, then interrupt.
	deadline := time.Now().Add(20 * time.Second)
	for {
		entries, _ := os.ReadDir(dir)
		if len(entries) > 1 || time.Now().After(deadline) {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	cmd.Process.Signal(os.Interrupt)
	err := cmd.Wait()
	var ee *exec.ExitError
	if !errors.As(err, &ee) || ee.ExitCode() != 130 {
		t.Errorf("exit %v, want 130 (stderr %q)", err, errOut.String())
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("left behind: %v", entries)
	}
}

// TestQuietWhenRedirected checks that validate and sweep write no progress
// lines when stderr is not a terminal, and that a resumed sweep says how
// many cases were already done.
func TestQuietWhenRedirected(t *testing.T) {
	dir := t.TempDir()
	code, _, errOut := sampleRun(t, "", "validate", "--cases", "1", "--samples", "400", "--out", filepath.Join(dir, "v"))
	if code != 0 || errOut != "" {
		t.Errorf("validate: exit %d, stderr %q (want nothing)", code, errOut)
	}
	out := filepath.Join(dir, "s.jsonl")
	args := []string{"sweep", "--cases", "1", "--samples", "400", "--out", out}
	if code, _, errOut := sampleRun(t, "", args...); code != 0 || errOut != "" {
		t.Fatalf("sweep: exit %d, stderr %q", code, errOut)
	}
	code, _, errOut = sampleRun(t, "", args...)
	if code != 0 || !strings.Contains(errOut, "cases already done") || strings.Count(errOut, "\n") != 1 {
		t.Errorf("resumed sweep: exit %d, stderr %q", code, errOut)
	}
	// The header and the report record what made them.
	data, _ := os.ReadFile(out)
	head, _, _ := strings.Cut(string(data), "\n")
	if !strings.Contains(head, `"provenance":{"build":{"version":`) || !strings.Contains(head, `"date":"`) || !strings.Contains(head, `"command":[`) {
		t.Errorf("sweep header without provenance: %s", head)
	}
	md, _ := os.ReadFile(filepath.Join(dir, "v", "report.md"))
	if !strings.Contains(string(md), "Made by `syninfo ") {
		t.Error("validate's report.md does not say what made it")
	}
}

// TestHelpTexts checks every command's --help: it exits 0, and points to
// the repository's docs, never to a specification the user does not have.
func TestHelpTexts(t *testing.T) {
	for name := range commands {
		code, out, _ := sampleRun(t, "", name, "--help")
		if code != 0 || out == "" {
			t.Errorf("%s --help: exit %d", name, code)
		}
		if strings.Contains(out, "SPEC") || strings.Contains(out, "§") {
			t.Errorf("%s --help mentions SPEC or a section sign", name)
		}
	}
	for _, name := range []string{"analytic", "exact", "knn", "entropy", "compare", "grid"} {
		if _, out, _ := sampleRun(t, "", name, "--help"); !strings.Contains(out, "-units") {
			t.Errorf("%s --help has no --units", name)
		}
	}
	for _, name := range []string{"analytic", "exact", "knn", "entropy", "compare", "grid", "sample", "sweep", "validate", "paper", "regress"} {
		if _, out, _ := sampleRun(t, "", name, "--help"); !strings.Contains(out, "-workers") {
			t.Errorf("%s --help has no --workers", name)
		}
	}
}
