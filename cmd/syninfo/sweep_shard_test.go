package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// cliEnv runs syninfo with the environment kv (name, value, ...).
func cliEnv(t *testing.T, kv []string, args ...string) (int, string) {
	t.Helper()
	m := map[string]string{}
	for i := 0; i < len(kv); i += 2 {
		m[kv[i]] = kv[i+1]
	}
	var out, errb bytes.Buffer
	e := &env{stdin: strings.NewReader(""), stdout: &out, stderr: &errb, getenv: func(k string) string { return m[k] }}
	return run(e, args), errb.String()
}

// TestSweepJobArrays: the shard and worker count come from the scheduler's
// variables; the shard count is the sweep's, not the submission's.
func TestSweepJobArrays(t *testing.T) {
	dir := t.TempDir()
	cfg := filepath.Join(dir, "sweep.json")
	if err := os.WriteFile(cfg, []byte(smallSweep), 0o644); err != nil {
		t.Fatal(err)
	}
	byFlag := filepath.Join(dir, "flag.jsonl")
	if code, _, errs := cli(t, "", "sweep", cfg, "--out", byFlag, "--shard", "2/3"); code != 0 {
		t.Fatalf("exit %d %s", code, errs)
	}
	want := readSorted(t, byFlag)
	ok := []struct {
		name   string
		env    []string
		extra  []string
		stderr []string
	}{
		{"sbatch --array=2 (one task), SYNINFO_SHARDS=3, -c 1",
			[]string{"SLURM_ARRAY_TASK_ID", "2", "SLURM_ARRAY_TASK_MIN", "2", "SLURM_ARRAY_TASK_STEP", "1", "SLURM_ARRAY_TASK_COUNT", "1", "SYNINFO_SHARDS", "3", "SLURM_CPUS_PER_TASK", "1"},
			nil, []string{"shard 2/3 from SLURM_ARRAY_TASK_ID=2", "workers = 1 from SLURM_CPUS_PER_TASK"}},
		{"sbatch --array=0-4:2, whole sweep, no count",
			[]string{"SLURM_ARRAY_TASK_ID", "4", "SLURM_ARRAY_TASK_MIN", "0", "SLURM_ARRAY_TASK_STEP", "2", "SLURM_ARRAY_TASK_COUNT", "3"},
			nil, []string{"shard 2/3 from SLURM_ARRAY_TASK_ID=4"}},
		{"--shards 3 with a one-task array",
			[]string{"SLURM_ARRAY_TASK_ID", "2", "SLURM_ARRAY_TASK_COUNT", "1"},
			[]string{"--shards", "3"}, []string{"shard 2/3"}},
		{"Indexed Job",
			[]string{"JOB_COMPLETION_INDEX", "2", "JOB_COMPLETIONS", "3"},
			[]string{"--workers", "2"}, []string{"shard 2/3 from JOB_COMPLETION_INDEX=2"}},
	}
	for i, tt := range ok {
		t.Run(tt.name, func(t *testing.T) {
			out := filepath.Join(dir, "ok"+string(rune('0'+i))+".jsonl")
			code, errs := cliEnv(t, tt.env, append([]string{"sweep", cfg, "--out", out}, tt.extra...)...)
			if code != 0 {
				t.Fatalf("exit %d: %s", code, errs)
			}
			for _, s := range tt.stderr {
				if !strings.Contains(errs, s) {
					t.Errorf("stderr lacks %q:\n%s", s, errs)
				}
			}
			if got := readSorted(t, out); got != want {
				t.Error("ran other cases than --shard 2/3")
			}
		})
	}
	bad := []struct {
		name  string
		env   []string
		extra []string
		msg   string
	}{
		{"one-task array, no count", []string{"SLURM_ARRAY_TASK_ID", "2", "SLURM_ARRAY_TASK_MIN", "2", "SLURM_ARRAY_TASK_COUNT", "1"}, nil, "SYNINFO_SHARDS"},
		{"task id ≥ count", []string{"SLURM_ARRAY_TASK_ID", "6", "SYNINFO_SHARDS", "4"}, nil, "want 0 ≤ id < 4"},
		{"--shard and --shards", nil, []string{"--shard", "1/3", "--shards", "3"}, "give one"},
		{"count without index", []string{"SYNINFO_SHARDS", "3"}, nil, "no task index"},
		{"bad SLURM_CPUS_PER_TASK", []string{"SLURM_CPUS_PER_TASK", "x"}, nil, "SLURM_CPUS_PER_TASK"},
		{"negative workers", nil, []string{"--workers", "-1"}, "--workers"},
	}
	for _, tt := range bad {
		t.Run(tt.name, func(t *testing.T) {
			out := filepath.Join(dir, "bad.jsonl")
			code, errs := cliEnv(t, tt.env, append([]string{"sweep", cfg, "--out", out}, tt.extra...)...)
			if code != 2 || !strings.Contains(errs, tt.msg) || strings.Count(strings.TrimSpace(errs), "\n") != 0 {
				t.Errorf("exit %d, stderr %q; want exit 2 and one line naming %q", code, errs, tt.msg)
			}
			if _, err := os.Stat(out); err == nil {
				t.Errorf("a refused run wrote %s", out)
			}
		})
	}
}
