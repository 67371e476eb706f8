package sweep

import (
	"fmt"
	"strconv"
	"strings"
	"testing"
)

func envOf(kv ...string) func(string) string {
	m := map[string]string{}
	for i := 0; i < len(kv); i += 2 {
		m[kv[i]] = kv[i+1]
	}
	return func(k string) string { return m[k] }
}

// slurmArray returns the environment Slurm gives task id of a submission
// with --array=lo-hi:step (sbatch sets MIN, MAX, STEP and COUNT of the
// submission, not of the sweep).
func slurmArray(lo, hi, step, id int, extra ...string) func(string) string {
	count := (hi-lo)/step + 1
	return envOf(append([]string{
		"SLURM_ARRAY_TASK_ID", strconv.Itoa(id),
		"SLURM_ARRAY_TASK_MIN", strconv.Itoa(lo),
		"SLURM_ARRAY_TASK_MAX", strconv.Itoa(hi),
		"SLURM_ARRAY_TASK_STEP", strconv.Itoa(step),
		"SLURM_ARRAY_TASK_COUNT", strconv.Itoa(count),
	}, extra...)...)
}

func TestShardFromEnv(t *testing.T) {
	tests := []struct {
		name   string
		getenv func(string) string
		shards int // --shards
		want   Shard
		ok     bool
		err    string // a substring of the error; "" for none
	}{
		{"none", envOf(), 0, Shard{}, false, ""},
		// Slurm with the shard count set once (SYNINFO_SHARDS or --shards): the id is the shard.
		{"one-task resubmission", slurmArray(2, 2, 1, 2, "SYNINFO_SHARDS", "16"), 0, Shard{2, 16}, true, ""},
		{"one-task resubmission --shards", slurmArray(2, 2, 1, 2), 16, Shard{2, 16}, true, ""},
		{"--shards overrides SYNINFO_SHARDS", slurmArray(0, 7, 1, 5, "SYNINFO_SHARDS", "4"), 8, Shard{5, 8}, true, ""},
		{"stepped, count set", slurmArray(0, 6, 2, 6, "SYNINFO_SHARDS", "8"), 0, Shard{6, 8}, true, ""},
		{"id beyond count", slurmArray(0, 6, 2, 6, "SYNINFO_SHARDS", "4"), 0, Shard{}, false, "want 0 ≤ id < 4"},
		{"bad SYNINFO_SHARDS", slurmArray(0, 3, 1, 1, "SYNINFO_SHARDS", "x"), 0, Shard{}, false, "SYNINFO_SHARDS"},
		{"zero SYNINFO_SHARDS", slurmArray(0, 3, 1, 1, "SYNINFO_SHARDS", "0"), 0, Shard{}, false, "want N ≥ 1"},
		{"negative --shards", slurmArray(0, 3, 1, 1), -2, Shard{}, false, "--shards"},
		// Slurm without a count: the submission is the sweep.
		{"whole array", slurmArray(0, 2, 1, 2), 0, Shard{2, 3}, true, ""},
		{"array from 1", slurmArray(1, 3, 1, 3), 0, Shard{2, 3}, true, ""},
		{"stepped array", slurmArray(0, 6, 2, 4), 0, Shard{2, 4}, true, ""},
		{"stepped array from 1", slurmArray(1, 7, 2, 7), 0, Shard{3, 4}, true, ""},
		{"older Slurm: no MIN/STEP", envOf("SLURM_ARRAY_TASK_ID", "2", "SLURM_ARRAY_TASK_COUNT", "3"), 0, Shard{2, 3}, true, ""},
		{"one-task array without count", slurmArray(2, 2, 1, 2), 0, Shard{}, false, "one-task array"},
		{"irregular list", envOf("SLURM_ARRAY_TASK_ID", "7", "SLURM_ARRAY_TASK_MIN", "1", "SLURM_ARRAY_TASK_STEP", "1", "SLURM_ARRAY_TASK_COUNT", "3"), 0, Shard{}, false, "regular array"},
		{"no count at all", envOf("SLURM_ARRAY_TASK_ID", "2"), 0, Shard{}, false, "SLURM_ARRAY_TASK_COUNT"},
		{"id not a number", envOf("SLURM_ARRAY_TASK_ID", "2a", "SLURM_ARRAY_TASK_COUNT", "3"), 0, Shard{}, false, "SLURM_ARRAY_TASK_ID"},
		{"zero step", slurmArray(0, 2, 1, 1, "SLURM_ARRAY_TASK_STEP", "0"), 0, Shard{}, false, "SLURM_ARRAY_TASK_STEP"},
		// Kubernetes Indexed Jobs.
		{"indexed job", envOf("JOB_COMPLETION_INDEX", "1", "JOB_COMPLETIONS", "4"), 0, Shard{1, 4}, true, ""},
		{"indexed job, --shards", envOf("JOB_COMPLETION_INDEX", "3"), 4, Shard{3, 4}, true, ""},
		{"indexed job, SYNINFO_SHARDS", envOf("JOB_COMPLETION_INDEX", "3", "SYNINFO_SHARDS", "4"), 0, Shard{3, 4}, true, ""},
		{"indexed job, counts agree", envOf("JOB_COMPLETION_INDEX", "3", "JOB_COMPLETIONS", "4"), 4, Shard{3, 4}, true, ""},
		{"indexed job, counts disagree", envOf("JOB_COMPLETION_INDEX", "3", "JOB_COMPLETIONS", "4"), 5, Shard{}, false, "one shard count"},
		{"indexed job no count", envOf("JOB_COMPLETION_INDEX", "1"), 0, Shard{}, false, "JOB_COMPLETIONS"},
		{"indexed job out of range", envOf("JOB_COMPLETION_INDEX", "4", "JOB_COMPLETIONS", "4"), 0, Shard{}, false, "want 0 ≤ index < N"},
		{"indexed job, placeholder count", envOf("JOB_COMPLETION_INDEX", "1", "JOB_COMPLETIONS", "copied from spec.completions"), 0, Shard{}, false, "JOB_COMPLETIONS"},
		// A count without an index would run every case.
		{"count, no index", envOf(), 8, Shard{}, false, "no task index"},
		{"SYNINFO_SHARDS, no index", envOf("SYNINFO_SHARDS", "8"), 0, Shard{}, false, "no task index"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, src, ok, err := ShardFromEnv(tt.getenv, tt.shards)
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("err = %v, want one containing %q", err, tt.err)
				}
				if strings.Contains(err.Error(), "\n") {
					t.Errorf("error is not one line: %q", err)
				}
			} else if err != nil {
				t.Fatalf("unexpected error %v", err)
			}
			if ok != tt.ok || s != tt.want {
				t.Errorf("got %v ok=%v, want %v ok=%v", s, ok, tt.want, tt.ok)
			}
			if ok {
				if src == "" {
					t.Error("no source named")
				}
				if flag, _ := ParseShard(s.String()); flag != s {
					t.Errorf("--shard %s selects %v", s, flag)
				}
			}
		})
	}
}

// covered counts, for each seq < n, the tasks whose shard runs it.
func covered(t *testing.T, n int, shards []Shard) []int {
	t.Helper()
	c := make([]int, n)
	for _, s := range shards {
		for seq := range n {
			if s.Has(seq) {
				c[seq]++
			}
		}
	}
	return c
}

// TestSlurmArraysCoverEachCaseOnce: for every array lo-hi:step, the tasks
// of one whole submission (no shard count), or of several submissions
// with a shard count that together hold each id 0..N−1 once, run each case
// exactly once.
func TestSlurmArraysCoverEachCaseOnce(t *testing.T) {
	const cases = 53
	for lo := 0; lo <= 2; lo++ {
		for step := 1; step <= 3; step++ {
			for hi := lo; hi <= lo+12; hi += step {
				var shards []Shard
				for id := lo; id <= hi; id += step {
					s, _, ok, err := ShardFromEnv(slurmArray(lo, hi, step, id), 0)
					if hi == lo { // one task: refused without a count
						if err == nil {
							t.Fatalf("--array=%d: accepted without a shard count", lo)
						}
						continue
					}
					if err != nil || !ok {
						t.Fatalf("--array=%d-%d:%d id %d: %v", lo, hi, step, id, err)
					}
					shards = append(shards, s)
				}
				if hi == lo {
					continue
				}
				for seq, c := range covered(t, cases, shards) {
					if c != 1 {
						t.Fatalf("--array=%d-%d:%d: case %d run by %d tasks", lo, hi, step, seq, c)
					}
				}
			}
		}
	}
	// With a count: stepped submissions plus one-task resubmissions.
	for _, n := range []int{1, 2, 5, 8, 16} {
		var shards []Shard
		submit := func(lo, hi, step int) {
			for id := lo; id <= hi; id += step {
				s, _, _, err := ShardFromEnv(slurmArray(lo, hi, step, id, "SYNINFO_SHARDS", fmt.Sprint(n)), 0)
				if err != nil {
					t.Fatalf("N=%d --array=%d-%d:%d id %d: %v", n, lo, hi, step, id, err)
				}
				shards = append(shards, s)
			}
		}
		submit(0, n-1, 2) // even ids
		for id := 1; id < n; id += 2 {
			submit(id, id, 1) // each odd id on its own
		}
		for seq, c := range covered(t, cases, shards) {
			if c != 1 {
				t.Fatalf("N=%d: case %d run by %d tasks", n, seq, c)
			}
		}
	}
}

func TestWorkersFromEnv(t *testing.T) {
	tests := []struct {
		env  func(string) string
		want int
		err  bool
	}{
		{envOf(), 0, false},
		{envOf("SLURM_CPUS_PER_TASK", "2"), 2, false},
		{envOf("SLURM_CPUS_PER_TASK", "16"), 16, false},
		{envOf("SLURM_CPUS_PER_TASK", "0"), 0, true},
		{envOf("SLURM_CPUS_PER_TASK", "two"), 0, true},
	}
	for i, tt := range tests {
		got, err := WorkersFromEnv(tt.env)
		if got != tt.want || (err != nil) != tt.err {
			t.Errorf("%d: got %d, %v; want %d, err=%v", i, got, err, tt.want, tt.err)
		}
	}
}
