package main

import (
	"bytes"
	"context"
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/syninfo/syninfo/sweep"
)

// hostileRow is one input kind tried on one subcommand.
type hostileRow struct {
	cmd, kind string
	// owner is "hostile" when this branch fixed the row: its outcome is
	// asserted. Another helper's name marks a row that helper fixes; its
	// outcome today is recorded in the table, not asserted.
	owner string
	args  []string // {dir} is replaced by the row's scratch directory
	stdin string
	env   []string
	setup func(t *testing.T, dir string)
	// code is the expected exit status; field a text the one-line message
	// must contain (the field or flag named), empty for exit 0.
	code  int
	field string
	// fast: the answer must come within 5 s (memory guards).
	fast bool
	// check makes further assertions after the run (a file left intact).
	check func(t *testing.T, dir string) error
	// signal: send SIGTERM after this long instead of waiting.
	signal time.Duration
	// full: stdout is /dev/full (every write fails: no space left).
	full bool
}

const okCase = `{"patterns": [{"mu": [0, 0, 0], "sigma": [[1, 0.5, 0.5], [0.5, 1, 0.5], [0.5, 0.5, 1]]},
 {"mu": [0.3, -0.2, 0], "sigma": [[1, 0.5, 0.5], [0.5, 1, 0.5], [0.5, 0.5, 1]]}], "synapses": [[0, 1]], "pattern": 0}`

const tinySweep = `{"seed": 3, "samples": 0, "k": 3, "groups": [{"name": "g", "grid": {"neurons": 5, "patterns": [2, 3], "s2": [0.5, 1], "rho": [0], "n": [2], "pattern": 0}}]}`

func gridConfig(neurons, synapses, repeats, samples int, s2 string) string {
	return fmt.Sprintf(`{"seed": 1, "samples": %d, "k": 3, "groups": [{"name": "g", "grid": {"neurons": %d, "patterns": [2], "s2": [%s], "rho": [0], "n": [%d], "pattern": 0, "repeats": %d}}]}`,
		samples, neurons, s2, synapses, repeats)
}

func writeFile(t *testing.T, path, content string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

// tableOf writes rows of columns.
func tableOf(t *testing.T, path string, rows int, row func(i int) string) {
	var b strings.Builder
	for i := 0; i < rows; i++ {
		b.WriteString(row(i))
		b.WriteByte('\n')
	}
	writeFile(t, path, b.String())
}

func unchanged(path, want string) func(t *testing.T, dir string) error {
	return func(t *testing.T, dir string) error {
		got, _ := os.ReadFile(filepath.Join(dir, path))
		if string(got) != want {
			return fmt.Errorf("%s changed: %q", path, got)
		}
		return nil
	}
}

// sweepFiles makes dir/full.jsonl (the whole tiny sweep), dir/s0.jsonl
// (shard 0/2) and the config dir/tiny.json with the built binary.
func sweepFiles(bin string) func(t *testing.T, dir string) {
	return func(t *testing.T, dir string) {
		writeFile(t, filepath.Join(dir, "tiny.json"), tinySweep)
		for _, a := range [][]string{{"--out", "full.jsonl"}, {"--out", "s0.jsonl", "--shard", "0/2"}} {
			cmd := exec.Command(bin, append([]string{"sweep", "tiny.json", "--workers", "1"}, a...)...)
			cmd.Dir = dir
			if out, err := cmd.CombinedOutput(); err != nil {
				t.Fatalf("sweep: %v\n%s", err, out)
			}
		}
	}
}

// withHeader rewrites dir/full.jsonl's header with old replaced by new.
func withHeader(bin, name, old, new string) func(t *testing.T, dir string) {
	return func(t *testing.T, dir string) {
		sweepFiles(bin)(t, dir)
		data, _ := os.ReadFile(filepath.Join(dir, "full.jsonl"))
		head, rest, _ := bytes.Cut(data, []byte("\n"))
		h := strings.Replace(string(head), old, new, 1)
		if h == string(head) {
			t.Fatalf("header has no %q", old)
		}
		writeFile(t, filepath.Join(dir, name), h+"\n"+string(rest))
	}
}

// readOnlyDir makes dir/ro a regular file, so that dir/ro/x cannot be
// created by anyone (a mode-0555 directory would not stop root).
func readOnlyDir(t *testing.T, dir string) {
	writeFile(t, filepath.Join(dir, "ro"), "a file, not a directory\n")
}

func hostileRows(bin string) []hostileRow {
	identical := func(t *testing.T, dir string) {
		tableOf(t, filepath.Join(dir, "t.txt"), 500, func(int) string { return "1.5 2.5 3.5" })
	}
	discrete := func(t *testing.T, dir string) {
		tableOf(t, filepath.Join(dir, "t.txt"), 500, func(i int) string { return fmt.Sprintf("%d %d 0.%d", i%4, (i/2)%4, i) })
	}
	continuous := func(t *testing.T, dir string) {
		tableOf(t, filepath.Join(dir, "t.txt"), 500, func(i int) string {
			return fmt.Sprintf("%.17g %.17g %.17g", float64(i*7919%500)/97, float64(i*104729%500)/89, float64(i*1299709%500)/83)
		})
	}
	subnormal := func(t *testing.T, dir string) {
		tableOf(t, filepath.Join(dir, "t.txt"), 500, func(i int) string {
			return fmt.Sprintf("%g %g", float64(i*7919%500+1)*1e-318, float64(i*104729%500+1)*1e-318)
		})
	}
	caseFile := func(content string) func(t *testing.T, dir string) {
		return func(t *testing.T, dir string) { writeFile(t, filepath.Join(dir, "case.json"), content) }
	}
	config := func(content string) func(t *testing.T, dir string) {
		return func(t *testing.T, dir string) { writeFile(t, filepath.Join(dir, "c.json"), content) }
	}
	noNewline := "precious data without a newline"
	nullMu := strings.Replace(okCase, `"mu": [0, 0, 0]`, `"mu": [0, null, 0]`, 1)
	noPattern := strings.Replace(okCase, `, "pattern": 0}`, `}`, 1)
	triple := strings.Replace(okCase, `[[0, 1]]`, `[[0, 1, 2]]`, 1)
	bigV := strings.ReplaceAll(okCase, `"sigma": [[1, 0.5, 0.5]`, `"sigma": [[1000, 0.5, 0.5]`)
	r := []hostileRow{
		{cmd: "(any)", kind: "unknown command", owner: "hostile", args: []string{"frobnicate"}, code: 2, field: "unknown command"},
		{cmd: "analytic", kind: "empty input", owner: "hostile", args: []string{"-"}, code: 2, field: "no case"},
		{cmd: "analytic", kind: "no newline, NUL bytes (/dev/zero)", owner: "hostile", args: []string{"/dev/zero"}, code: 2, field: "invalid JSON"},
		{cmd: "analytic", kind: "a directory as input", owner: "hostile", args: []string{"{dir}"}, code: 2, field: "is a directory"},
		{cmd: "analytic", kind: "missing file", owner: "hostile", args: []string{"{dir}/nope.json"}, code: 2, field: "input"},
		{cmd: "analytic", kind: "JSON null in mu", owner: "analytic", args: []string{"-"}, stdin: nullMu, code: 2, field: "mu"},
		{cmd: "analytic", kind: "missing pattern", owner: "analytic", args: []string{"-"}, stdin: noPattern, code: 2, field: "pattern"},
		{cmd: "analytic", kind: "a synapse of three neurons", owner: "analytic", args: []string{"-"}, stdin: triple, code: 2, field: "synapses[0]"},
		{cmd: "analytic", kind: "s2 = 1e-300 (a set-1 case)", owner: "analytic", args: []string{"-"}, stdin: `{"patterns": [{"mu": [0, 0, 0], "sigma": [[1e-300, 0, 0], [0, 1e-300, 0], [0, 0, 1e-300]]}, {"mu": [1, 0, 0], "sigma": [[1e-300, 0, 0], [0, 1e-300, 0], [0, 0, 1e-300]]}], "synapses": [[0, 1], [1, 2]], "pattern": 0}`, code: 0},
		{cmd: "exact", kind: "log-variance 1000", owner: "exact", args: []string{"-"}, stdin: bigV, code: 0},
		{cmd: "grid", kind: "--s2 1000", owner: "exact", args: []string{"--s2", "1000", "--rho", "0", "--k", "2"}, code: 0},
		{cmd: "sample", kind: "--samples 0", owner: "hostile", args: []string{"-", "--samples", "0"}, stdin: okCase, code: 2, field: "--samples"},
		{cmd: "sample", kind: "--samples 2^63-1", owner: "hostile", args: []string{"-", "--samples", "9223372036854775807"}, stdin: okCase, code: 2, field: "--samples", fast: true},
		{cmd: "sample", kind: "--out in a missing directory", owner: "hostile", args: []string{"-", "--samples", "5", "--out", "{dir}/no/x.csv"}, stdin: okCase, code: 1, field: "--out"},
		{cmd: "sample", kind: "--out unwritable", owner: "hostile", setup: readOnlyDir, args: []string{"-", "--samples", "5", "--out", "{dir}/ro/x.csv"}, stdin: okCase, code: 1, field: "--out"},
		{cmd: "sample", kind: "SIGTERM during --out", owner: "hostile", setup: caseFile(okCase), args: []string{"{dir}/case.json", "--samples", "100000000", "--out", "{dir}/big.csv"},
			code: 130, signal: 1500 * time.Millisecond, check: func(t *testing.T, dir string) error {
				if left, _ := filepath.Glob(filepath.Join(dir, ".big.csv*")); len(left) > 0 {
					return fmt.Errorf("temporary file left: %v", left)
				}
				return nil
			}},
		{cmd: "compare", kind: "--samples 1e8 (memory)", owner: "hostile", env: []string{"SYNINFO_MAX_MEMORY=16G"}, args: []string{"-", "--samples", "100000000"}, stdin: okCase, code: 2, field: "--samples", fast: true},
		{cmd: "compare", kind: "--k 0", owner: "hostile", args: []string{"-", "--k", "0"}, stdin: okCase, code: 2, field: "--k"},
		{cmd: "compare", kind: "--k 2^63-1", owner: "hostile", args: []string{"-", "--k", "9223372036854775807"}, stdin: okCase, code: 2, field: "--k", fast: true},
		{cmd: "knn", kind: "--k 2^63-1", owner: "hostile", setup: continuous, args: []string{"--x", "0", "--y", "1", "--k", "9223372036854775807", "{dir}/t.txt"}, code: 2, field: "--k", fast: true},
		{cmd: "knn", kind: "--shuffles 2^63-1", owner: "hostile", setup: continuous, args: []string{"--x", "0", "--y", "1", "--shuffles", "9223372036854775807", "{dir}/t.txt"}, code: 2, field: "--shuffles", fast: true},
		{cmd: "entropy", kind: "--k 2^63-1", owner: "hostile", setup: continuous, args: []string{"--cols", "0", "--k", "9223372036854775807", "{dir}/t.txt"}, code: 2, field: "--k", fast: true},
		{cmd: "grid", kind: "--patterns 2^63-1 (memory)", owner: "hostile", args: []string{"--patterns", "9223372036854775807"}, code: 2, field: "needs about", fast: true},
		{cmd: "grid", kind: "--neurons 1e9 (memory)", owner: "hostile", args: []string{"--neurons", "1000000000"}, code: 2, field: "needs about", fast: true},
		{cmd: "knn", kind: "identical rows", owner: "hostile", setup: identical, args: []string{"--x", "0", "--y", "1", "{dir}/t.txt"}, code: 2, field: "joint (x, y)"},
		{cmd: "knn", kind: "discrete data, algorithm 1", owner: "hostile", setup: discrete, args: []string{"--x", "0", "--y", "1", "{dir}/t.txt"}, code: 2, field: "joint (x, y)"},
		{cmd: "knn", kind: "discrete data, algorithm 2", owner: "hostile", setup: discrete, args: []string{"--x", "0", "--y", "1", "--algorithm", "2", "{dir}/t.txt"}, code: 2, field: "joint (x, y)"},
		{cmd: "knn", kind: "discrete x beside continuous y (warning)", owner: "hostile", setup: discrete, args: []string{"--x", "0", "--y", "2", "{dir}/t.txt"}, code: 0, field: "warning: x"},
		{cmd: "knn", kind: "subnormal values", owner: "hostile", setup: subnormal, args: []string{"--x", "0", "--y", "1", "{dir}/t.txt"}, code: 2, field: "column 0"},
		{cmd: "knn", kind: "--x 0 --y 0", owner: "hostile", setup: continuous, args: []string{"--x", "0", "--y", "0", "{dir}/t.txt"}, code: 2, field: "--y"},
		{cmd: "knn", kind: "overlapping --x 0,1 --y 1,2", owner: "hostile", setup: continuous, args: []string{"--x", "0,1", "--y", "1,2", "{dir}/t.txt"}, code: 2, field: "--y"},
		{cmd: "knn", kind: "table larger than memory (file)", owner: "hostile", setup: continuous, env: []string{"SYNINFO_MAX_MEMORY=50k"}, args: []string{"--x", "0", "--y", "1", "{dir}/t.txt"}, code: 2, field: "input", fast: true},
		{cmd: "knn", kind: "table larger than memory (stdin)", owner: "hostile", env: []string{"SYNINFO_MAX_MEMORY=50k"}, args: []string{"--x", "0", "--y", "1", "-"}, stdin: strings.Repeat("0.25 0.5 0.75\n", 2000), code: 2, field: "input", fast: true},
		{cmd: "knn", kind: "--y 2^63-1", owner: "cli", setup: continuous, args: []string{"--x", "0", "--y", "9223372036854775807", "{dir}/t.txt"}, code: 2, field: "--y", fast: true},
		{cmd: "knn", kind: "no newline (/dev/zero)", owner: "cli", args: []string{"--x", "0", "--y", "1", "/dev/zero"}, code: 2, field: "line", fast: true},
		{cmd: "entropy", kind: "identical rows", owner: "hostile", setup: identical, args: []string{"--cols", "0,1", "{dir}/t.txt"}, code: 2, field: "cols"},
		{cmd: "entropy", kind: "subnormal values", owner: "hostile", setup: subnormal, args: []string{"--cols", "0", "{dir}/t.txt"}, code: 2, field: "column 0"},
		{cmd: "entropy", kind: "--cols 0-2000000000", owner: "cli", setup: continuous, args: []string{"--cols", "0-2000000000", "{dir}/t.txt"}, code: 2, field: "--cols", fast: true},
		{cmd: "sweep", kind: "config from /dev/zero", owner: "hostile", args: []string{"/dev/zero", "--out", "{dir}/o.jsonl"}, code: 2, field: "config", fast: true},
		{cmd: "sweep", kind: "s2 = 0", owner: "hostile", setup: config(gridConfig(5, 1, 1, 200, "0")), args: []string{"{dir}/c.json", "--out", "{dir}/o.jsonl"}, code: 2, field: "s2"},
		{cmd: "sweep", kind: "full network N = 5000 (memory)", owner: "hostile", setup: config(gridConfig(5000, 5000*4999/2, 1, 0, "1")), args: []string{"{dir}/c.json", "--out", "{dir}/o.jsonl"}, code: 2, field: "needs about", fast: true},
		{cmd: "sweep", kind: "full network N = 200 (memory, 8 GB)", owner: "hostile", env: []string{"SYNINFO_MAX_MEMORY=8G"}, setup: config(gridConfig(200, 19900, 1, 0, "1")), args: []string{"{dir}/c.json", "--out", "{dir}/o.jsonl"}, code: 2, field: "needs about", fast: true},
		{cmd: "sweep", kind: "repeats 1e9 (memory)", owner: "hostile", setup: config(gridConfig(20, 1, 1000000000, 1000, "1")), args: []string{"{dir}/c.json", "--out", "{dir}/o.jsonl"}, code: 2, field: "needs about", fast: true},
		{cmd: "sweep", kind: "grid neurons 2^63-1 (memory)", owner: "hostile", setup: config(gridConfig(math.MaxInt64, 1, 1, 0, "1")), args: []string{"{dir}/c.json", "--out", "{dir}/o.jsonl"}, code: 2, field: "needs about", fast: true},
		{cmd: "sweep", kind: "set 2 neurons 2^63-1", owner: "hostile", setup: config(`{"seed": 1, "samples": 0, "k": 3, "groups": [{"name": "g", "set": {"set": 2, "draws": 3, "neurons": 9223372036854775807}}]}`), args: []string{"{dir}/c.json", "--out", "{dir}/o.jsonl"}, code: 2, field: "neurons", fast: true},
		{cmd: "sweep", kind: "set 3 draws 1e9 (memory)", owner: "hostile", setup: config(`{"seed": 1, "samples": 1000, "k": 3, "groups": [{"name": "g", "set": {"set": 3, "draws": 1000000000}}]}`), args: []string{"{dir}/c.json", "--out", "{dir}/o.jsonl"}, code: 2, field: "needs about", fast: true},
		{cmd: "sweep", kind: "--out: a file without newline", owner: "hostile", setup: func(t *testing.T, dir string) {
			writeFile(t, filepath.Join(dir, "c.json"), tinySweep)
			writeFile(t, filepath.Join(dir, "o.jsonl"), noNewline)
		}, args: []string{"{dir}/c.json", "--out", "{dir}/o.jsonl"}, code: 2, field: "--out", check: unchanged("o.jsonl", noNewline)},
		{cmd: "sweep", kind: "--out: another configuration's file", owner: "hostile", setup: func(t *testing.T, dir string) {
			sweepFiles(bin)(t, dir)
			writeFile(t, filepath.Join(dir, "c.json"), strings.Replace(tinySweep, `"seed": 3`, `"seed": 4`, 1))
		}, args: []string{"{dir}/c.json", "--out", "{dir}/full.jsonl"}, code: 2, field: "different sweep configuration"},
		{cmd: "sweep", kind: "--out: resume a shard file with another --shard", owner: "hostile", setup: sweepFiles(bin), args: []string{"{dir}/tiny.json", "--out", "{dir}/s0.jsonl", "--shard", "1/2"}, code: 2, field: "shard"},
		{cmd: "sweep", kind: "--out: held by another process", owner: "hostile", setup: sweepFiles(bin), args: []string{"{dir}/tiny.json", "--out", "{dir}/full.jsonl", "--lock-held-by-test"}, code: 2, field: "in use by another sweep"},
		{cmd: "sweep", kind: "--out unwritable", owner: "hostile", setup: func(t *testing.T, dir string) {
			readOnlyDir(t, dir)
			writeFile(t, filepath.Join(dir, "c.json"), tinySweep)
		}, args: []string{"{dir}/c.json", "--out", "{dir}/ro/o.jsonl"}, code: 1, field: "--out"},
		{cmd: "sweep", kind: "--shard 5/3", owner: "hostile", args: []string{"--out", "{dir}/o.jsonl", "--shard", "5/3"}, code: 2, field: "--shard"},
		{cmd: "sweep", kind: "a case that fails at run time (s2 = 1e-300)", owner: "hostile", setup: config(gridConfig(5, 2, 1, 200, "1e-300, 1")),
			args: []string{"{dir}/c.json", "--out", "{dir}/o.jsonl"}, code: 1, field: "1 cases failed", check: func(t *testing.T, dir string) error {
				d, err := sweep.ReadSweepDataFile(filepath.Join(dir, "o.jsonl"))
				if err != nil {
					return err
				}
				if len(d.Records) != 2 || d.Records[0].Failure == "" && d.Records[1].Failure == "" {
					return fmt.Errorf("want 2 records, one failed: %d", len(d.Records))
				}
				return nil
			}},
		{cmd: "sweep", kind: "SIGTERM during a run", owner: "hostile", setup: config(gridConfig(12, 3, 40, 3000, "0.5, 1")),
			args: []string{"{dir}/c.json", "--out", "{dir}/o.jsonl", "--workers", "1"}, code: 130, field: "rerun", signal: 2 * time.Second,
			check: func(t *testing.T, dir string) error {
				d, err := sweep.ReadSweepDataFile(filepath.Join(dir, "o.jsonl"))
				if err != nil {
					return err
				}
				if d.Torn != 0 || d.Config == nil {
					return fmt.Errorf("torn %d bytes, header %v", d.Torn, d.Config != nil)
				}
				return nil
			}},
		{cmd: "cases", kind: "s2 = 0", owner: "hostile", setup: config(gridConfig(5, 1, 1, 0, "0")), args: []string{"{dir}/c.json"}, code: 2, field: "s2"},
		{cmd: "merge", kind: "no newline (/dev/zero)", owner: "hostile", args: []string{"/dev/zero", "--out", "{dir}/m.jsonl"}, code: 2, field: "longer than", fast: true},
		{cmd: "merge", kind: "a shard missing", owner: "hostile", setup: sweepFiles(bin), args: []string{"{dir}/s0.jsonl", "--out", "{dir}/m.jsonl"}, code: 1, field: "allow-partial"},
		{cmd: "merge", kind: "a shard missing, --allow-partial", owner: "hostile", setup: sweepFiles(bin), args: []string{"{dir}/s0.jsonl", "--out", "{dir}/m.jsonl", "--allow-partial"}, code: 0},
		{cmd: "merge", kind: "a headerless file", owner: "hostile", setup: func(t *testing.T, dir string) {
			sweepFiles(bin)(t, dir)
			data, _ := os.ReadFile(filepath.Join(dir, "s0.jsonl"))
			_, rest, _ := bytes.Cut(data, []byte("\n"))
			writeFile(t, filepath.Join(dir, "h.jsonl"), string(rest))
		}, args: []string{"{dir}/full.jsonl", "{dir}/h.jsonl", "--out", "{dir}/m.jsonl"}, code: 2, field: "no sweep header"},
		{cmd: "merge", kind: "a file of another seed", owner: "hostile", setup: withHeader(bin, "x.jsonl", `"seed":3`, `"seed":4`), args: []string{"{dir}/full.jsonl", "{dir}/x.jsonl", "--out", "{dir}/m.jsonl"}, code: 2, field: "different sweep configuration"},
		{cmd: "merge", kind: "records of another seed under the header", owner: "hostile", setup: func(t *testing.T, dir string) {
			sweepFiles(bin)(t, dir)
			data, _ := os.ReadFile(filepath.Join(dir, "s0.jsonl"))
			head, rest, _ := bytes.Cut(data, []byte("\n"))
			writeFile(t, filepath.Join(dir, "x.jsonl"), string(head)+"\n"+strings.ReplaceAll(string(rest), `"seed":3`, `"seed":4`))
		}, args: []string{"{dir}/x.jsonl", "--out", "{dir}/m.jsonl", "--allow-partial"}, code: 2, field: "has seed 4"},
		{cmd: "merge", kind: "an id not in the configuration", owner: "hostile", setup: func(t *testing.T, dir string) {
			sweepFiles(bin)(t, dir)
			data, _ := os.ReadFile(filepath.Join(dir, "s0.jsonl"))
			writeFile(t, filepath.Join(dir, "x.jsonl"), strings.Replace(string(data), `"id":"g/0000"`, `"id":"g/9999"`, 1))
		}, args: []string{"{dir}/x.jsonl", "--out", "{dir}/m.jsonl", "--allow-partial"}, code: 2, field: "g/9999"},
		{cmd: "merge", kind: "a torn last line", owner: "hostile", setup: func(t *testing.T, dir string) {
			sweepFiles(bin)(t, dir)
			data, _ := os.ReadFile(filepath.Join(dir, "full.jsonl"))
			writeFile(t, filepath.Join(dir, "x.jsonl"), string(data[:len(data)-9]))
		}, args: []string{"{dir}/x.jsonl", "--out", "{dir}/m.jsonl"}, code: 1, field: "torn last line"},
		{cmd: "merge", kind: "--out unwritable", owner: "hostile", setup: func(t *testing.T, dir string) { sweepFiles(bin)(t, dir); readOnlyDir(t, dir) }, args: []string{"{dir}/full.jsonl", "--out", "{dir}/ro/m.jsonl"}, code: 1, field: "--out"},
		{cmd: "report", kind: "no newline (/dev/zero)", owner: "hostile", args: []string{"/dev/zero", "--out", "{dir}/r"}, code: 2, field: "longer than", fast: true},
		{cmd: "report", kind: "empty file", owner: "hostile", setup: func(t *testing.T, dir string) { writeFile(t, filepath.Join(dir, "e.jsonl"), "") }, args: []string{"{dir}/e.jsonl", "--out", "{dir}/r"}, code: 2, field: "no sweep records"},
		{cmd: "report", kind: "a header that is no configuration (k = 0)", owner: "hostile", setup: withHeader(bin, "x.jsonl", `"k":3`, `"k":0`), args: []string{"{dir}/x.jsonl", "--out", "{dir}/r"}, code: 2, field: "k: 0"},
		{cmd: "report", kind: "--out unwritable", owner: "hostile", setup: func(t *testing.T, dir string) { sweepFiles(bin)(t, dir); readOnlyDir(t, dir) }, args: []string{"{dir}/full.jsonl", "--out", "{dir}/ro/r"}, code: 1, field: "--out"},
		{cmd: "report", kind: "a value of 1e300", owner: "reports", setup: func(t *testing.T, dir string) {
			sweepFiles(bin)(t, dir)
			data, _ := os.ReadFile(filepath.Join(dir, "full.jsonl"))
			re := regexp.MustCompile(`"mi_nats":[-0-9.e]+`)
			writeFile(t, filepath.Join(dir, "x.jsonl"), re.ReplaceAllString(string(data), `"mi_nats":1e300`))
		}, args: []string{"{dir}/x.jsonl", "--out", "{dir}/r"}, code: 0},
		{cmd: "regress", kind: "baseline from /dev/zero", owner: "hostile", args: []string{"--baseline", "/dev/zero"}, code: 2, field: "--baseline", fast: true},
		{cmd: "regress", kind: "baseline header neurons = 1", owner: "hostile", setup: withHeader(bin, "x.jsonl", `"neurons":5`, `"neurons":1`), args: []string{"--baseline", "{dir}/x.jsonl"}, code: 2, field: "grid.neurons: 1"},
		{cmd: "regress", kind: "baseline header n = 1000", owner: "hostile", setup: withHeader(bin, "x.jsonl", `"n":[2]`, `"n":[1000]`), args: []string{"--baseline", "{dir}/x.jsonl"}, code: 2, field: "grid.n: 1000"},
		{cmd: "regress", kind: "baseline header k = 0", owner: "hostile", setup: withHeader(bin, "x.jsonl", `"k":3`, `"k":0`), args: []string{"--baseline", "{dir}/x.jsonl"}, code: 2, field: "k: 0"},
		{cmd: "regress", kind: "baseline header repeats 1e9 (memory)", owner: "hostile", setup: withHeader(bin, "x.jsonl", `"pattern":0}`, `"pattern":0,"repeats":1000000000}`), args: []string{"--baseline", "{dir}/x.jsonl"}, code: 2, field: "needs about", fast: true},
		{cmd: "paper", kind: "--out is a file", owner: "hostile", setup: readOnlyDir, args: []string{"--out", "{dir}/ro", "--quick"}, code: 1, field: "--out"},
		{cmd: "analytic", kind: "stdout full (/dev/full)", owner: "hostile", full: true, args: []string{"-"}, stdin: okCase, code: 1, field: "no space left"},
		{cmd: "exact", kind: "stdout full (/dev/full)", owner: "hostile", full: true, args: []string{"-"}, stdin: okCase, code: 1, field: "no space left"},
		{cmd: "compare", kind: "stdout full (/dev/full)", owner: "hostile", full: true, args: []string{"-", "--samples", "0"}, stdin: okCase, code: 1, field: "no space left"},
		{cmd: "sample", kind: "stdout full (/dev/full)", owner: "hostile", full: true, args: []string{"-", "--samples", "100"}, stdin: okCase, code: 1, field: "no space left"},
		{cmd: "knn", kind: "stdout full (/dev/full)", owner: "hostile", full: true, setup: continuous, args: []string{"--x", "0", "--y", "1", "{dir}/t.txt"}, code: 1, field: "no space left"},
		{cmd: "cases", kind: "stdout full (/dev/full)", owner: "hostile", full: true, code: 1, field: "no space left"},
		{cmd: "grid", kind: "stdout full (/dev/full)", owner: "hostile", full: true, args: []string{"--s2", "1", "--rho", "0", "--k", "2"}, code: 1, field: "no space left"},
		{cmd: "validate", kind: "--out unwritable", owner: "hostile", setup: readOnlyDir, args: []string{"--out", "{dir}/ro/report"}, code: 1, field: "--out"},
	}
	return r
}

// TestRobustness runs every input kind of hostileRows through the built
// binary and writes (-update) or checks docs/robustness.md.
func TestRobustness(t *testing.T) {
	bin := buildBinary(t)
	// Its rows run the binary in their own directories; it writes only
	// docs/robustness.md and only under -update (TestREADME, which runs
	// alongside, writes only README.md).
	t.Parallel()
	rows := hostileRows(bin)
	var table strings.Builder
	for _, row := range rows {
		name := row.cmd + "/" + row.kind
		outcome := ""
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			if row.setup != nil {
				row.setup(t, dir)
			}
			args := make([]string, 0, len(row.args)+1)
			if row.cmd != "(any)" {
				args = append(args, row.cmd)
			}
			var unlock func()
			for _, a := range row.args {
				if a == "--lock-held-by-test" {
					unlock = holdLock(t, filepath.Join(dir, "full.jsonl"))
					continue
				}
				args = append(args, strings.ReplaceAll(a, "{dir}", dir))
			}
			if unlock != nil {
				defer unlock()
			}
			limit := 120 * time.Second
			if row.fast {
				limit = 10 * time.Second // the answer is due in 5 s
			}
			var stdout *os.File
			if row.full {
				f, err := os.OpenFile("/dev/full", os.O_WRONLY, 0)
				if err != nil {
					t.Skip("no /dev/full on this system")
				}
				defer f.Close()
				stdout = f
			}
			code, stderr, elapsed := runBinary(t, bin, args, row.stdin, row.env, row.signal, limit, stdout)
			panicked := strings.Contains(stderr, "goroutine ") || strings.Contains(stderr, "panic:")
			var problems []string
			if panicked {
				problems = append(problems, "panic")
			}
			if code != row.code {
				problems = append(problems, fmt.Sprintf("exit %d", code))
			}
			if row.field != "" && !strings.Contains(stderr, row.field) {
				problems = append(problems, "message does not name "+row.field)
			}
			if row.code == 2 && strings.Count(strings.TrimRight(stderr, "\n"), "\n") > 0 && !panicked {
				problems = append(problems, "message not one line")
			}
			if row.fast && elapsed > 5*time.Second {
				problems = append(problems, fmt.Sprintf("took %.1f s", elapsed.Seconds()))
			}
			if row.check != nil {
				if err := row.check(t, dir); err != nil {
					problems = append(problems, err.Error())
				}
			}
			want := fmt.Sprintf("exit %d", row.code)
			if row.field != "" {
				want += fmt.Sprintf(", names `%s`", row.field)
			}
			if row.fast {
				want += ", < 5 s"
			}
			if row.check != nil {
				want += ", files intact"
			}
			switch {
			case len(problems) == 0:
				outcome = "as expected"
			case row.owner == "hostile":
				t.Errorf("%s: %s (stderr %q)", name, strings.Join(problems, "; "), stderr)
				outcome = "FAILS: " + strings.Join(problems, "; ")
			default:
				t.Logf("%s (owner %s, not asserted): %s", name, row.owner, strings.Join(problems, "; "))
				outcome = "pending: " + strings.Join(problems, "; ")
			}
			fmt.Fprintf(&table, "| %s | %s | %s | %s | %s |\n", row.cmd, mdEscape(row.kind), want, outcome, row.owner)
		})
	}
	doc := robustnessIntro + "| command | input | expected | outcome | fixed by |\n|---|---|---|---|---|\n" + table.String() + robustnessOutro
	path := filepath.Join("..", "..", "docs", "robustness.md")
	if *update {
		if err := os.WriteFile(path, []byte(doc), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	old, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./cmd/syninfo -run TestRobustness -update)", err)
	}
	// Rows of other helpers change as their fixes land: compare the rest.
	if a, b := ownRows(string(old)), ownRows(doc); a != b {
		t.Errorf("docs/robustness.md is stale: run go test ./cmd/syninfo -run TestRobustness -update\n--- file\n%s\n--- now\n%s", a, b)
	}
}

var otherRow = regexp.MustCompile(`\| (analytic|exact|cli|reports|truth|layout|cluster) \|$`)

func ownRows(doc string) string {
	var keep []string
	for _, l := range strings.Split(doc, "\n") {
		if !otherRow.MatchString(l) {
			keep = append(keep, l)
		}
	}
	return strings.Join(keep, "\n")
}

func mdEscape(s string) string { return strings.ReplaceAll(s, "|", `\|`) }

// runBinary runs bin with args, stdin and extra environment, and returns
// the exit status, stderr and the time it took. With sig > 0 it sends
// SIGTERM after sig. A run is killed after limit.
func runBinary(t *testing.T, bin string, args []string, stdin string, env []string, sig, limit time.Duration, stdout *os.File) (int, string, time.Duration) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), limit)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, args...)
	cmd.Stdin = strings.NewReader(stdin)
	cmd.Env = append(os.Environ(), env...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if stdout != nil {
		cmd.Stdout = stdout
	}
	start := time.Now()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	if sig > 0 {
		time.Sleep(sig)
		cmd.Process.Signal(syscall.SIGTERM)
	}
	cmd.Wait()
	elapsed := time.Since(start)
	code := cmd.ProcessState.ExitCode()
	if ctx.Err() != nil {
		code = -1
		fmt.Fprintf(&stderr, " (killed after %v)", limit)
	}
	return code, stderr.String(), elapsed
}

// TestTwoSweepsOneFile starts two real sweeps on one output: the second
// refuses (exit 2, "in use"), the first finishes, and the file holds every
// case once, each line whole.
func TestTwoSweepsOneFile(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("flock")
	}
	bin := buildBinary(t)
	dir := t.TempDir()
	// 2000 cases with draws: far more than the test lets it run, at any speed.
	cfg := gridConfig(12, 3, 1000, 3000, "0.5, 1")
	writeFile(t, filepath.Join(dir, "c.json"), cfg)
	out := filepath.Join(dir, "o.jsonl")
	first := exec.Command(bin, "sweep", filepath.Join(dir, "c.json"), "--out", out, "--workers", "1")
	var firstErr bytes.Buffer
	first.Stderr = &firstErr
	if err := first.Start(); err != nil {
		t.Fatal(err)
	}
	// Wait for the first records: the first sweep holds the lock and writes.
	for i := 0; i < 1200; i++ {
		if data, err := os.ReadFile(out); err == nil && bytes.Count(data, []byte("\n")) >= 3 {
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	code, stderr, _ := runBinary(t, bin, []string{"sweep", filepath.Join(dir, "c.json"), "--out", out, "--workers", "1"}, "", nil, 0, 60*time.Second, nil)
	if code != 2 || !strings.Contains(stderr, "in use by another sweep") || !strings.Contains(stderr, fmt.Sprintf("pid %d", first.Process.Pid)) {
		t.Errorf("second sweep: exit %d, %q; want 2 naming the first's pid %d", code, stderr, first.Process.Pid)
	}
	time.Sleep(500 * time.Millisecond) // the first goes on writing
	first.Process.Signal(syscall.SIGTERM)
	first.Wait()
	if c := first.ProcessState.ExitCode(); c != 130 {
		t.Errorf("first sweep, stopped by SIGTERM: exit %d, want 130\n%s", c, firstErr.String())
	}
	c, err := sweep.ParseConfig([]byte(cfg))
	if err != nil {
		t.Fatal(err)
	}
	d, err := sweep.ReadSweepDataFile(out)
	if err != nil {
		t.Fatal(err)
	}
	ids := map[string]bool{}
	for _, task := range c.Tasks() {
		ids[task.ID] = true
	}
	seen := map[string]bool{}
	for _, r := range d.Records {
		if seen[r.ID] || !ids[r.ID] {
			t.Errorf("case %s twice or not of the sweep", r.ID)
		}
		seen[r.ID] = true
	}
	if len(seen) < 3 || d.Torn != 0 || !d.Config.Equal(c) {
		t.Errorf("file holds %d cases, torn %d bytes, header equal %v", len(seen), d.Torn, d.Config.Equal(c))
	}
	t.Logf("the first sweep wrote %d whole records; the second refused", len(seen))
}

const robustnessIntro = `# Robustness: hostile input and durable files

syninfo answers bad input with one line naming the field and exit status 2,
never a panic, a stack trace, a silently wrong number or an allocation
without end; a failed operation (an output that cannot be written, a failed
verdict, an incomplete merge) exits 1; a run stopped by SIGINT or SIGTERM
exits 130 after removing its temporary files (a sweep keeps every finished
case and resumes when rerun).

The table below is generated by ` + "`go test ./cmd/syninfo -run TestRobustness -update`" + `:
the test builds the binary, runs every row through it and asserts no panic
(no "panic:" or "goroutine " on stderr), the exit status, that the message
names the field, and where marked that the answer comes within 5 s or that
files are left intact. Rows marked "fixed by" another area are run and
their outcome recorded but not asserted here: "pending" means the fix had
not landed when the table was written.

## Policies

- **Memory guard.** Before it starts, a run estimates the memory it needs
  and refuses (exit 2) what does not fit in 80% of the memory available —
  ` + "`SYNINFO_MAX_MEMORY`" + ` (bytes, or 8G, 512M) when set, else the smallest of
  GOMEMLIMIT, the cgroup's memory.max less its usage and MemAvailable. The
  message gives the estimate, what it is made of and what to change. A case
  needs about 8·K·N² (its Σ) + 64·n² (the closed form's C, C′ and their
  factors) + 16·n·K·d + 72·M·(2n + d) bytes (M draws of n weights and d
  neurons, then the k-NN estimators); a sweep, 512 bytes a case for its list
  plus one case per worker. knn and entropy estimate 60 bytes a value of the
  table from a file's size (refused before reading) and stop reading a
  stream at the limit. The coefficients come from measured peaks (see
  compare/memory.go, sweep/memory.go, cmd/syninfo/tablemem.go).
- **One writer per sweep file.** A sweep holds an exclusive flock on its
  output; a second sweep refuses, naming the holder's pid (from /proc/locks
  on Linux). The kernel releases the lock when the holder dies, even by
  SIGKILL. Where flock is missing, FILE.lock holds the pid and host.
- **Never cut a file that is not ours.** An existing output is resumed only
  when its first line is a whole header of the same configuration and the
  same shard (` + "`\"shard\": \"I/N\"`" + ` in the header); anything else is refused
  and left byte for byte as it was. Only a torn last line after such a
  header is cut. Ids that are not cases of the sweep's shard are refused.
- **Failed cases.** Every case of a configuration is built and checked
  before the run. A case that still fails while it runs (or panics) becomes
  a record with ` + "`\"failure\": \"the error\"`" + ` and no result, and the sweep goes on;
  the run then exits 1 naming the failed ids. Resume does not retry them:
  the computation is deterministic and would fail again. ` + "`sweep --retry-failed`" + `
  computes them again after a fix; the newer record supersedes the failure
  when the file is read. report and validate leave failed records out and
  say how many; merge keeps them; regress reports a case that fails on one
  side only.
- **Merge checks.** Every file needs its sweep header; every record must be
  a case of that configuration (id, sequence number, group, seed, samples);
  a torn last line is reported; when cases are in no file merge exits 1
  listing them, unless ` + "`--allow-partial`" + `.
- **Bounded lines.** Sweep files, baselines and configurations are read
  with lines of at most 16 MiB; longer lines (or input without newlines,
  such as /dev/zero) are refused.
- **Degenerate samples (knn, entropy).** Both screen their input the same
  way (knn.Screen): a row with k or more exact duplicates in the space whose
  neighbour distances are taken (the joint space for knn), subnormal values
  and spreads that overflow are refused; other ties are reported on stderr
  and in a ` + "`warnings`" + ` field. ` + "`--noise`" + ` turns the duplicate refusal into a
  warning. knn refuses --x and --y groups that share a column.

## Inputs tried

`

const robustnessOutro = `
Two concurrent sweeps on one file are also run by TestTwoSweepsOneFile
(two real processes: the second refuses naming the first's pid; the first
goes on, and stopped by SIGTERM exits 130 leaving whole records of the
sweep, each once) and, in the sweep package, by
TestConcurrentSweepsRefuse (the file is byte-identical after the refusal).
`
