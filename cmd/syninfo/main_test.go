package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/syninfo/syninfo/compare"
	"github.com/syninfo/syninfo/sweep"
)

// TestMain lets tests run the real binary: the test executable re-executed
// with SYNINFO_RUN_MAIN=1 behaves as syninfo (used to SIGKILL a sweep).
// Tests that need the binary as a user builds it call buildBinary, which
// builds it once per test process into a directory TestMain removes.
func TestMain(m *testing.M) {
	if os.Getenv("SYNINFO_RUN_MAIN") == "1" {
		main()
		return
	}
	code := m.Run()
	if built.dir != "" {
		os.RemoveAll(built.dir)
	}
	os.Exit(code)
}

// built is the one syninfo binary of this test process (see buildBinary).
var built struct {
	once     sync.Once
	dir, bin string
	err      error
	out      []byte
}

// buildBinary returns the path of syninfo built by go build from this
// package, building it on the first call only: every test that runs the
// real binary shares it (it is only read and executed, never changed).
func buildBinary(t *testing.T) string {
	t.Helper()
	if testing.Short() {
		t.Skip("builds the binary (-short)")
	}
	built.once.Do(func() {
		built.dir, built.err = os.MkdirTemp("", "syninfo-test-bin-")
		if built.err != nil {
			return
		}
		built.bin = filepath.Join(built.dir, "syninfo")
		built.out, built.err = exec.Command("go", "build", "-o", built.bin, ".").CombinedOutput()
	})
	if built.err != nil {
		t.Fatalf("go build: %v\n%s", built.err, built.out)
	}
	return built.bin
}

// cli runs syninfo in-process and returns the exit status, stdout and stderr.
func cli(t *testing.T, stdin string, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	e := &env{stdin: strings.NewReader(stdin), stdout: &out, stderr: &errb, getenv: func(string) string { return "" }}
	code := run(e, args)
	return code, out.String(), errb.String()
}

const twoPatterns = `{"patterns":[{"mu":[0,0],"sigma":[[1,0],[0,1]]},{"mu":[0,0],"sigma":[[1,0],[0,1]]}],"synapses":[[0,1]],"pattern":0}`

func TestAnalyticCommand(t *testing.T) {
	code, out, errs := cli(t, twoPatterns+"\n"+twoPatterns+"\n", "analytic", "-")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 2 {
		t.Fatalf("%d lines, want 2", len(lines))
	}
	var got map[string]any
	if err := json.Unmarshal([]byte(lines[0]), &got); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"status", "mi_nats", "mi_bits", "min_eigenvalue", "min_eigenvalue_rest"} {
		if _, ok := got[k]; !ok {
			t.Errorf("no %s in %s", k, lines[0])
		}
	}
	if got["status"] != "ok" || got["mi_nats"].(float64) < 0.8098 || got["mi_nats"].(float64) > 0.8099 {
		t.Errorf("got %v", got)
	}
}

// TestBadInput: every bad input is one line on stderr, exit 2.
func TestBadInput(t *testing.T) {
	dir := t.TempDir()
	cfg := filepath.Join(dir, "bad.json")
	os.WriteFile(cfg, []byte(`{"seed":1,"samples":10,"k":0,"groups":[]}`), 0o644)
	tests := []struct {
		name, stdin string
		args        []string
		want        string
	}{
		{"asymmetric", `{"patterns":[{"mu":[0,0],"sigma":[[1,0.3],[0,1]]}],"synapses":[[0,1]],"pattern":0}`, []string{"analytic"}, "patterns[0].sigma[0][1]"},
		{"not psd", `{"patterns":[{"mu":[0,0],"sigma":[[1,3],[3,1]]}],"synapses":[[0,1]],"pattern":0}`, []string{"compare", "--samples", "100"}, "positive semi-definite"},
		{"self synapse", `{"patterns":[{"mu":[0,0],"sigma":[[1,0],[0,1]]}],"synapses":[[1,1]],"pattern":0}`, []string{"analytic"}, "synapses[0]"},
		{"duplicate", `{"patterns":[{"mu":[0,0,0],"sigma":[[1,0,0],[0,1,0],[0,0,1]]}],"synapses":[[0,1],[1,0]],"pattern":0}`, []string{"analytic"}, "synapses[1]"},
		{"pattern", `{"patterns":[{"mu":[0,0],"sigma":[[1,0],[0,1]]}],"synapses":[[0,1]],"pattern":3}`, []string{"analytic"}, "pattern:"},
		{"empty input", ``, []string{"analytic"}, "no case"},
		{"garbage", `{"patterns":`, []string{"analytic"}, "invalid JSON"},
		{"no file", ``, []string{"analytic", filepath.Join(dir, "missing.json")}, "missing.json"},
		{"unknown flag", ``, []string{"analytic", "--bogus"}, "bogus"},
		{"unknown command", ``, []string{"frobnicate"}, "unknown command"},
		{"negative samples", twoPatterns, []string{"compare", "--samples", "-5"}, "--samples"},
		{"k zero", twoPatterns, []string{"compare", "--k", "0"}, "--k"},
		{"unknown estimator", twoPatterns, []string{"compare", "--estimator", "ksg"}, "--estimator"},
		{"empty estimator", twoPatterns, []string{"compare", "--estimator", ""}, "--estimator"},
		{"sweep without out", ``, []string{"sweep"}, "--out"},
		{"bad shard", ``, []string{"sweep", "--out", filepath.Join(dir, "x.jsonl"), "--shard", "3/3"}, "--shard"},
		{"bad config", ``, []string{"sweep", cfg, "--out", filepath.Join(dir, "y.jsonl")}, "config: k"},
		{"regress without baseline", ``, []string{"regress"}, "--baseline"},
		{"grid bad list", ``, []string{"grid", "--patterns", "2,x"}, "--patterns"},
		{"cases unknown id", ``, []string{"cases", "--id", "nope/0001"}, "--id"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, _, errs := cli(t, tt.stdin, tt.args...)
			if code != 2 {
				t.Errorf("exit %d, want 2 (stderr %q)", code, errs)
			}
			if strings.Count(errs, "\n") != 1 || !strings.Contains(errs, tt.want) || strings.Contains(errs, "goroutine") {
				t.Errorf("stderr %q: want one line naming %q", errs, tt.want)
			}
		})
	}
}

func TestHelp(t *testing.T) {
	for _, c := range commands {
		code, out, _ := cli(t, "", c.name, "--help")
		if code != 0 || !strings.Contains(out, "Usage: syninfo "+c.name) {
			t.Errorf("%s --help: exit %d, %q", c.name, code, out)
		}
	}
}

// smallSweep is the sweep the kill/resume, shard and reproduction tests run
// (several times each): 16 singletons (exact truth), then two pairs (the
// exact pair truth) and two cases of n = 3 (entropy-difference truth). The
// pairs are small (K = 2, 3; s2 = 0.5: 1.7 CPU-s for both) since an exact
// pair at K = 6, s2 = 1 takes 8 CPU-s and the tests run the sweep about five
// times; every truth kind is still in the file.
const smallSweep = `{"seed": 3, "samples": 1200, "k": 3, "groups": [
  {"name": "single", "grid": {"neurons": 6, "patterns": [2, 3, 5, 8], "s2": [0.5, 1.5], "rho": [0, 0.5], "n": [1], "pattern": 0}},
  {"name": "pairs", "grid": {"neurons": 6, "patterns": [2, 3], "s2": [0.5], "rho": [0.3], "n": [2, 3], "pattern": 0}}]}`

func readSorted(t *testing.T, path string) string {
	t.Helper()
	_, recs, err := sweep.ReadSweepFile(path)
	if err != nil {
		t.Fatal(err)
	}
	sweep.SortRecords(recs)
	var b strings.Builder
	for _, r := range recs {
		j, _ := json.Marshal(r)
		b.Write(append(j, '\n'))
	}
	return b.String()
}

func countLines(path string) int {
	f, err := os.Open(path)
	if err != nil {
		return 0
	}
	defer f.Close()
	n := 0
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<24)
	for sc.Scan() {
		n++
	}
	return n
}

// TestSweepKilledAndResumed: a sweep killed with SIGKILL mid-way and resumed
// equals an uninterrupted run; the Slurm variables select the same shard as
// --shard.
func TestSweepKilledAndResumed(t *testing.T) {
	dir := t.TempDir()
	cfg := filepath.Join(dir, "sweep.json")
	os.WriteFile(cfg, []byte(smallSweep), 0o644)
	full := filepath.Join(dir, "full.jsonl")
	if code, _, errs := cli(t, "", "sweep", cfg, "--out", full, "--workers", "2"); code != 0 {
		t.Fatalf("sweep: exit %d %s", code, errs)
	}
	want := readSorted(t, full)

	killed := filepath.Join(dir, "killed.jsonl")
	cmd := exec.Command(os.Args[0], "sweep", cfg, "--out", killed, "--workers", "1")
	cmd.Env = append(os.Environ(), "SYNINFO_RUN_MAIN=1")
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(60 * time.Second)
	for countLines(killed) < 4 && time.Now().Before(deadline) {
		time.Sleep(5 * time.Millisecond)
	}
	cmd.Process.Signal(syscall.SIGKILL)
	cmd.Wait()
	done := countLines(killed) - 1
	total := strings.Count(want, "\n")
	if done < 3 || done >= total {
		t.Fatalf("killed after %d of %d cases; the test wants a run killed mid-way", done, total)
	}
	if code, _, errs := cli(t, "", "sweep", cfg, "--out", killed, "--workers", "2"); code != 0 {
		t.Fatalf("resume: exit %d %s", code, errs)
	}
	if got := readSorted(t, killed); got != want {
		t.Errorf("killed at %d/%d and resumed: results differ from an uninterrupted run", done, total)
	}

	// Shard 1 of 3 by flag and by Slurm's variables, then merge all three.
	byFlag := filepath.Join(dir, "flag.jsonl")
	if code, _, errs := cli(t, "", "sweep", cfg, "--out", byFlag, "--shard", "1/3"); code != 0 {
		t.Fatalf("exit %d %s", code, errs)
	}
	bySlurm := filepath.Join(dir, "slurm.jsonl")
	var out, errb bytes.Buffer
	slurm := map[string]string{"SLURM_ARRAY_TASK_ID": "1", "SLURM_ARRAY_TASK_COUNT": "3"}
	e := &env{stdin: strings.NewReader(""), stdout: &out, stderr: &errb, getenv: func(k string) string { return slurm[k] }}
	if code := run(e, []string{"sweep", cfg, "--out", bySlurm}); code != 0 {
		t.Fatalf("exit %d %s", code, errb.String())
	}
	if a, b := readSorted(t, byFlag), readSorted(t, bySlurm); a != b || a == "" {
		t.Error("SLURM_ARRAY_TASK_ID=1 of 3 ran other cases than --shard 1/3")
	}
	var shards []string
	for _, s := range []string{"0/3", "2/3"} {
		p := filepath.Join(dir, "shard"+s[:1]+".jsonl")
		if code, _, errs := cli(t, "", "sweep", cfg, "--out", p, "--shard", s); code != 0 {
			t.Fatalf("exit %d %s", code, errs)
		}
		shards = append(shards, p)
	}
	merged := filepath.Join(dir, "merged.jsonl")
	if code, _, errs := cli(t, "", append(append([]string{"merge"}, shards...), byFlag, "--out", merged)...); code != 0 {
		t.Fatalf("merge: exit %d %s", code, errs)
	}
	if got := readSorted(t, merged); got != want {
		t.Error("3 merged shards differ from one run")
	}
	// regress: the baseline against itself passes (exit 0).
	if code, out, errs := cli(t, "", "regress", "--baseline", full); code != 0 || !strings.Contains(out, "no regression") {
		t.Errorf("regress against itself: exit %d %s %s", code, out, errs)
	}
}

// TestCasesReproduceSweep: "syninfo cases --id ID | syninfo compare --seed S
// --samples M" gives the sweep's record for ID.
func TestCasesReproduceSweep(t *testing.T) {
	dir := t.TempDir()
	cfg := filepath.Join(dir, "sweep.json")
	os.WriteFile(cfg, []byte(smallSweep), 0o644)
	out := filepath.Join(dir, "s.jsonl")
	if code, _, errs := cli(t, "", "sweep", cfg, "--out", out, "--cases", "2"); code != 0 {
		t.Fatalf("exit %d %s", code, errs)
	}
	_, recs, _ := sweep.ReadSweepFile(out)
	r := recs[len(recs)-1]
	_, c, _ := cli(t, "", "cases", cfg, "--id", r.ID)
	code, got, errs := cli(t, c, "compare", "--seed", "3", "--samples", "1200")
	if code != 0 {
		t.Fatalf("compare: exit %d %s", code, errs)
	}
	want, _ := json.Marshal(struct {
		ID string `json:"id"`
		*compare.Result
	}{r.ID, r.Result})
	if strings.TrimSpace(got) != string(want) {
		t.Errorf("compare of case %s:\n got %s\nwant %s", r.ID, got, want)
	}
}

// TestCompareEstimator: --estimator selects the truth's entropy estimator
// (the cross-check is then the other bias reduction), for every name.
func TestCompareEstimator(t *testing.T) {
	c := `{"patterns":[{"mu":[0,0.2,0.1],"sigma":[[1,0.3,0],[0.3,1,0.2],[0,0.2,1]]},{"mu":[0.3,0,0.2],"sigma":[[1,0.3,0],[0.3,1,0.2],[0,0.2,1]]},{"mu":[0.1,0.1,0],"sigma":[[1,0.3,0],[0.3,1,0.2],[0,0.2,1]]}],"synapses":[[0,1],[0,2],[1,2]],"pattern":0}`
	for est, cross := range map[string]string{"wkl-white": "kl-white", "kl-white": "wkl-white", "wkl": "kl", "kl": "wkl"} {
		code, out, errs := cli(t, c, "compare", "--samples", "1000", "--no-ksg", "--estimator", est)
		if code != 0 {
			t.Fatalf("%s: exit %d %s", est, code, errs)
		}
		var r struct {
			EntropyDiff struct {
				Method string `json:"method"`
				Cross  struct {
					Method string `json:"method"`
				} `json:"cross_check"`
			} `json:"entropy_diff"`
			Truth struct {
				Method string `json:"method"`
			} `json:"truth"`
		}
		if err := json.Unmarshal([]byte(out), &r); err != nil {
			t.Fatalf("%s: %v in %s", est, err, out)
		}
		if r.EntropyDiff.Method != est || r.Truth.Method != est || r.EntropyDiff.Cross.Method != cross {
			t.Errorf("--estimator %s: entropy_diff %q, truth %q, cross-check %q", est, r.EntropyDiff.Method, r.Truth.Method, r.EntropyDiff.Cross.Method)
		}
	}
}
