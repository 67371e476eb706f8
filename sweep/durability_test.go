package sweep

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/syninfo/syninfo/model"
)

const tinyConfig = `{"seed": 7, "samples": 0, "k": 3, "groups": [
 {"name": "g", "grid": {"neurons": 6, "patterns": [2, 3], "s2": [0.5, 1], "rho": [0], "synapses": [1], "pattern": 0}}]}`

func tiny(t *testing.T) *Config {
	t.Helper()
	cfg, err := ParseConfig([]byte(tinyConfig))
	if err != nil {
		t.Fatal(err)
	}
	return cfg
}

// TestHelperHoldLock is not a test: run as a child process by
// TestConcurrentSweepsRefuse, it opens the sweep file named in
// SYNINFO_LOCK_FILE, says "locked" and holds it until its stdin closes.
func TestHelperHoldLock(t *testing.T) {
	path := os.Getenv("SYNINFO_LOCK_FILE")
	if path == "" {
		t.Skip("helper process only")
	}
	f, err := OpenSweepFile(path, tiny(t))
	if err != nil {
		fmt.Println("error:", err)
		os.Exit(3)
	}
	fmt.Println("locked")
	bufio.NewReader(os.Stdin).ReadString('\n')
	f.Close()
	os.Exit(0)
}

// Two sweeps on one file, in two real processes: the second refuses with
// ErrLocked naming the holder, and the file is byte for byte what the first
// left.
func TestConcurrentSweepsRefuse(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Log("holder's pid is read from /proc/locks on Linux only; checking the refusal alone")
	}
	cfg := tiny(t)
	path := filepath.Join(t.TempDir(), "out.jsonl")
	runTo(t, cfg, path, RunOptions{Workers: 1}) // a finished sweep file
	before, _ := os.ReadFile(path)

	cmd := exec.Command(os.Args[0], "-test.run=^TestHelperHoldLock$")
	cmd.Env = append(os.Environ(), "SYNINFO_LOCK_FILE="+path)
	stdin, _ := cmd.StdinPipe()
	stdout, _ := cmd.StdoutPipe()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() { stdin.Close(); cmd.Wait() }()
	line, _ := bufio.NewReader(stdout).ReadString('\n')
	if strings.TrimSpace(line) != "locked" {
		t.Fatalf("helper: %q", line)
	}

	_, err := OpenSweepFile(path, cfg)
	if !errors.Is(err, ErrLocked) {
		t.Fatalf("second open: %v, want ErrLocked", err)
	}
	if runtime.GOOS == "linux" && !strings.Contains(err.Error(), fmt.Sprintf("pid %d", cmd.Process.Pid)) {
		t.Errorf("refusal does not name the holder (pid %d): %v", cmd.Process.Pid, err)
	}
	after, _ := os.ReadFile(path)
	if string(after) != string(before) {
		t.Error("the refused open changed the file")
	}

	stdin.Close() // the holder lets go: the file opens again
	cmd.Wait()
	f, err := OpenSweepFile(path, cfg)
	if err != nil {
		t.Fatalf("after the holder exits: %v", err)
	}
	f.Close()
}

// A file that is not a sweep file of this configuration and shard is
// refused and left untouched, whatever its content; only a torn last line
// after a valid header is cut.
func TestOpenNeverCutsForeignFiles(t *testing.T) {
	cfg := tiny(t)
	dir := t.TempDir()
	good := filepath.Join(dir, "good.jsonl")
	runTo(t, cfg, good, RunOptions{Workers: 1})
	data, _ := os.ReadFile(good)
	other := strings.Replace(tinyConfig, `"seed": 7`, `"seed": 8`, 1)
	ocfg, _ := ParseConfig([]byte(other))
	odir := filepath.Join(dir, "other.jsonl")
	runTo(t, ocfg, odir, RunOptions{Workers: 1})
	odata, _ := os.ReadFile(odir)
	shard := filepath.Join(dir, "shard.jsonl")
	runTo(t, cfg, shard, RunOptions{Workers: 1, Shard: Shard{1, 2}})
	sdata, _ := os.ReadFile(shard)
	lines := strings.SplitAfter(string(data), "\n")

	for _, tc := range []struct{ name, content string }{
		{"no newline at all", "abc"},
		{"a torn header", lines[0][:len(lines[0])/2]},
		{"text", "hello\nworld\n"},
		{"JSON not a header", `{"id": "g/0000"}` + "\n"},
		{"another configuration", string(odata)},
		{"another configuration, torn", string(odata[:len(odata)-5])},
		{"a shard file", string(sdata)},
		{"a bad line in the middle", lines[0] + "garbage\n" + lines[1]},
		{"a record of another sweep", lines[0] + strings.Replace(lines[1], `"g/0000"`, `"zz/0000"`, 1)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := filepath.Join(dir, "x.jsonl")
			os.WriteFile(p, []byte(tc.content), 0o644)
			f, err := OpenSweepFile(p, cfg)
			if err == nil {
				err = f.CheckTasks(cfg.Tasks(), Shard{})
				f.Close()
			}
			var fe *FileError
			if !errors.As(err, &fe) {
				t.Fatalf("err = %v, want a *FileError", err)
			}
			if got, _ := os.ReadFile(p); string(got) != tc.content {
				t.Errorf("file changed: %q -> %q", tc.content, got)
			}
		})
	}
	t.Run("our torn last line is cut", func(t *testing.T) {
		p := filepath.Join(dir, "torn.jsonl")
		os.WriteFile(p, data[:len(data)-7], 0o644)
		f, err := OpenSweepFile(p, cfg)
		if err != nil {
			t.Fatal(err)
		}
		f.Close()
		if f.Repaired == 0 || len(f.Done) != len(lines)-3 {
			t.Errorf("repaired %d bytes, %d done", f.Repaired, len(f.Done))
		}
	})
}

// A case that fails becomes a failed record; the sweep goes on; resume
// does not retry it; Retry does, and the new record supersedes it.
func TestFailedCaseIsRecorded(t *testing.T) {
	cfg := tiny(t)
	tasks := cfg.Tasks()
	calls := 0
	orig := tasks[1].Case
	tasks[1].Case = func() (*model.Case, error) {
		calls++
		if calls <= 2 {
			return nil, errors.New("boom")
		}
		return orig()
	}
	tasks[2].Case = func() (*model.Case, error) { panic("kaboom") }
	path := filepath.Join(t.TempDir(), "f.jsonl")
	run := func(retry bool) *SweepFile {
		f, err := OpenSweepFile(path, cfg)
		if err != nil {
			t.Fatal(err)
		}
		if retry {
			f.Retry()
		}
		if err := Run(context.Background(), cfg, tasks, f, RunOptions{Workers: 2}); err != nil {
			t.Fatal(err)
		}
		f.Close()
		return f
	}
	f := run(false)
	if len(f.Done) != len(tasks) || len(f.Failed) != 2 || f.Failed[tasks[1].ID] != "boom" ||
		!strings.Contains(f.Failed[tasks[2].ID], "kaboom") {
		t.Fatalf("done %d, failed %v", len(f.Done), f.Failed)
	}
	f = run(false)
	if calls != 1 {
		t.Errorf("resume retried the failed case (%d calls)", calls)
	}
	f = run(true) // calls 2: fails again; the record is appended again
	f = run(true) // calls 3: succeeds
	if _, still := f.Failed[tasks[1].ID]; still || len(f.Failed) != 1 {
		t.Errorf("after a successful retry: failed %v", f.Failed)
	}
	_, recs, err := ReadSweepFile(path)
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]int{}
	for _, r := range recs {
		seen[r.ID]++
		if r.ID == tasks[1].ID && r.Result == nil {
			t.Error("the superseded failure is still read")
		}
	}
	for id, n := range seen {
		if n != 1 {
			t.Errorf("%s read %d times", id, n)
		}
	}
}

// Merge checks headers, ids, seeds and completeness.
func TestMergeChecks(t *testing.T) {
	cfg := tiny(t)
	dir := t.TempDir()
	var shards []string
	for i := 0; i < 2; i++ {
		p := filepath.Join(dir, fmt.Sprintf("s%d.jsonl", i))
		runTo(t, cfg, p, RunOptions{Workers: 1, Shard: Shard{i, 2}})
		shards = append(shards, p)
	}
	m, err := Merge(shards, MergeOptions{})
	if err != nil || len(m.Records) != len(cfg.Tasks()) {
		t.Fatalf("complete merge: %v", err)
	}
	_, err = Merge(shards[:1], MergeOptions{})
	var me *MissingError
	if !errors.As(err, &me) || len(me.Missing) != 2 || me.Missing[0] != "g/0001" {
		t.Fatalf("one shard of two: %v, want the 2 missing ids", err)
	}
	if m, err := Merge(shards[:1], MergeOptions{AllowPartial: true}); err != nil || len(m.Missing) != 2 {
		t.Fatalf("--allow-partial: %v", err)
	}
	write := func(name, content string) string {
		p := filepath.Join(dir, name)
		os.WriteFile(p, []byte(content), 0o644)
		return p
	}
	data, _ := os.ReadFile(shards[1])
	lines := strings.SplitAfter(string(data), "\n")
	for _, tc := range []struct{ name, content, want string }{
		{"headerless", strings.Join(lines[1:], ""), "no sweep header"},
		{"another seed", lines[0] + strings.Replace(lines[1], `"seed":7`, `"seed":2`, 1), "seed"},
		{"an id not in the config", lines[0] + strings.Replace(lines[1], `"g/0001"`, `"g/0099"`, 1), "not a case"},
		{"a header that is no config", strings.Replace(lines[0], `"k":3`, `"k":0`, 1) + lines[1], "k"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Merge([]string{shards[0], write(tc.name+".jsonl", tc.content)}, MergeOptions{AllowPartial: true})
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("err = %v, want one naming %q", err, tc.want)
			}
		})
	}
	t.Run("a torn last line is reported", func(t *testing.T) {
		p := write("torn.jsonl", string(data[:len(data)-4]))
		m, err := Merge([]string{shards[0], p}, MergeOptions{AllowPartial: true})
		if err != nil || len(m.Torn) != 1 || len(m.Missing) != 1 {
			t.Fatalf("err %v, torn %v, missing %v", err, m.Torn, m.Missing)
		}
	})
}

// Resuming a file with another shard refuses.
func TestShardMismatchRefuses(t *testing.T) {
	cfg := tiny(t)
	p := filepath.Join(t.TempDir(), "s.jsonl")
	runTo(t, cfg, p, RunOptions{Workers: 1, Shard: Shard{0, 2}})
	for _, s := range []Shard{{1, 2}, {0, 3}, {}} {
		if _, err := OpenShardFile(p, cfg, s); err == nil || !strings.Contains(err.Error(), "mix shards") {
			t.Errorf("shard %v: %v", s, err)
		}
	}
}

// Sweep files and configurations bound their lines.
func TestLongLineRefused(t *testing.T) {
	p := filepath.Join(t.TempDir(), "z.jsonl")
	os.WriteFile(p, make([]byte, MaxLineBytes+10), 0o644)
	if _, _, err := ReadSweepFile(p); err == nil || !strings.Contains(err.Error(), "longer than") {
		t.Errorf("ReadSweepFile: %v", err)
	}
	if _, err := OpenSweepFile(p, tiny(t)); err == nil || !strings.Contains(err.Error(), "longer than") {
		t.Errorf("OpenSweepFile: %v", err)
	}
}
