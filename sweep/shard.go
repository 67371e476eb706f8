package sweep

import (
	"fmt"
	"strconv"
	"strings"
)

// ParseShard reads "I/N" (0 ≤ I < N).
func ParseShard(s string) (Shard, error) {
	i, n, ok := strings.Cut(s, "/")
	if !ok {
		return Shard{}, fmt.Errorf("%q is not I/N", s)
	}
	return newShard(i, n)
}

func newShard(i, n string) (Shard, error) {
	idx, err1 := strconv.Atoi(strings.TrimSpace(i))
	cnt, err2 := strconv.Atoi(strings.TrimSpace(n))
	if err1 != nil || err2 != nil {
		return Shard{}, fmt.Errorf("%q/%q: not whole numbers", i, n)
	}
	if cnt < 1 || idx < 0 || idx >= cnt {
		return Shard{}, fmt.Errorf("%d/%d: want 0 ≤ I < N", idx, cnt)
	}
	return Shard{Index: idx, Count: cnt}, nil
}

// Environment variables read by ShardFromEnv and WorkersFromEnv.
const (
	// EnvShards holds the sweep's shard count, set once in a job script
	// (the --shards flag overrides it).
	EnvShards = "SYNINFO_SHARDS"
	// Slurm job arrays: the task's id and the submission's lowest id, step
	// and number of tasks.
	EnvSlurmTaskID    = "SLURM_ARRAY_TASK_ID"
	EnvSlurmTaskMin   = "SLURM_ARRAY_TASK_MIN"
	EnvSlurmTaskStep  = "SLURM_ARRAY_TASK_STEP"
	EnvSlurmTaskCount = "SLURM_ARRAY_TASK_COUNT"
	// EnvSlurmCPUs is the task's --cpus-per-task (-c), set only when given.
	EnvSlurmCPUs = "SLURM_CPUS_PER_TASK"
	// Kubernetes Indexed Jobs: the pod's completion index (set by the Job
	// controller) and the Job's completions (set in the manifest).
	EnvJobIndex       = "JOB_COMPLETION_INDEX"
	EnvJobCompletions = "JOB_COMPLETIONS"
)

// ShardFromEnv finds the shard of a job-array task in the environment.
// shards is the sweep's shard count N from --shards (0: none given, then
// SYNINFO_SHARDS is read). It returns ok = false when no task index is set.
//
// Slurm, with a shard count N: the task id is the shard index, 0 ≤ ID < N,
// so any subset of ids can be submitted or resubmitted (`--array=5` reruns
// shard 5, `--array=0-14:2` runs the even shards). Without N the count is
// that of the submission, SLURM_ARRAY_TASK_COUNT, and the index is
// (ID − SLURM_ARRAY_TASK_MIN)/SLURM_ARRAY_TASK_STEP, which is right only
// when the submission holds the whole sweep; a one-task array is refused
// then, since it would run every case.
//
// Kubernetes: the index is JOB_COMPLETION_INDEX and the count N, else
// JOB_COMPLETIONS (both given: they must agree).
//
// A shard count without a task index is an error: it would run every case.
func ShardFromEnv(getenv func(string) string, shards int) (s Shard, source string, ok bool, err error) {
	n, nsrc := shards, "--shards"
	if n < 0 {
		return Shard{}, "", false, fmt.Errorf("--shards: %d: want N ≥ 1", n)
	}
	if n == 0 {
		if v := getenv(EnvShards); v != "" {
			if n, err = envInt(getenv, EnvShards); err != nil {
				return Shard{}, "", false, err
			}
			if n < 1 {
				return Shard{}, "", false, fmt.Errorf("%s: %d: want N ≥ 1", EnvShards, n)
			}
			nsrc = EnvShards
		}
	}
	if getenv(EnvSlurmTaskID) != "" {
		s, source, err = slurmShard(getenv, n, nsrc)
		return s, source, err == nil, err
	}
	if getenv(EnvJobIndex) != "" {
		s, source, err = indexedJobShard(getenv, n, nsrc)
		return s, source, err == nil, err
	}
	if n > 0 {
		return Shard{}, "", false, fmt.Errorf("%s: no task index (%s or %s) is set; use --shard I/N outside a job array", countLabel(nsrc, n), EnvSlurmTaskID, EnvJobIndex)
	}
	return Shard{}, "", false, nil
}

func slurmShard(getenv func(string) string, n int, nsrc string) (Shard, string, error) {
	id, err := envInt(getenv, EnvSlurmTaskID)
	if err != nil {
		return Shard{}, "", err
	}
	if n > 0 {
		if id < 0 || id >= n {
			return Shard{}, "", fmt.Errorf("%s=%d: the task id is the shard index, want 0 ≤ id < %d (%s)", EnvSlurmTaskID, id, n, countLabel(nsrc, n))
		}
		return Shard{Index: id, Count: n}, fmt.Sprintf("%s=%d, %s", EnvSlurmTaskID, id, countLabel(nsrc, n)), nil
	}
	if getenv(EnvSlurmTaskCount) == "" {
		return Shard{}, "", fmt.Errorf("%s is set but neither %s nor --shards gives the shard count", EnvSlurmTaskID, EnvSlurmTaskCount)
	}
	count, err := envInt(getenv, EnvSlurmTaskCount)
	if err != nil {
		return Shard{}, "", err
	}
	lo, step := 0, 1
	if getenv(EnvSlurmTaskMin) != "" {
		if lo, err = envInt(getenv, EnvSlurmTaskMin); err != nil {
			return Shard{}, "", err
		}
	}
	if getenv(EnvSlurmTaskStep) != "" {
		if step, err = envInt(getenv, EnvSlurmTaskStep); err != nil {
			return Shard{}, "", err
		}
		if step < 1 {
			return Shard{}, "", fmt.Errorf("%s: %d: want ≥ 1", EnvSlurmTaskStep, step)
		}
	}
	if count < 1 {
		return Shard{}, "", fmt.Errorf("%s: %d: want ≥ 1", EnvSlurmTaskCount, count)
	}
	if count == 1 {
		return Shard{}, "", fmt.Errorf("a one-task array (%s=%d, %s=1) and no shard count: set --shards N or %s=N (the sweep's shard count) so that the task runs shard %d of N, not the whole sweep", EnvSlurmTaskID, id, EnvSlurmTaskCount, EnvShards, id)
	}
	idx := (id - lo) / step
	if id < lo || (id-lo)%step != 0 || idx >= count {
		return Shard{}, "", fmt.Errorf("%s=%d is not task (id − %d)/%d < %d of a regular array (min %d, step %d, count %d): set --shards N or %s=N and use the shard index as the task id", EnvSlurmTaskID, id, lo, step, count, lo, step, count, EnvShards)
	}
	return Shard{Index: idx, Count: count}, fmt.Sprintf("%s=%d of an array of %d (min %d, step %d)", EnvSlurmTaskID, id, count, lo, step), nil
}

func indexedJobShard(getenv func(string) string, n int, nsrc string) (Shard, string, error) {
	idx, err := envInt(getenv, EnvJobIndex)
	if err != nil {
		return Shard{}, "", err
	}
	if getenv(EnvJobCompletions) != "" {
		c, err := envInt(getenv, EnvJobCompletions)
		if err != nil {
			return Shard{}, "", fmt.Errorf("%w (set it to the Job's completions)", err)
		}
		if n > 0 && c != n {
			return Shard{}, "", fmt.Errorf("%s=%d but %s: set one shard count", EnvJobCompletions, c, countLabel(nsrc, n))
		}
		n, nsrc = c, EnvJobCompletions
	}
	if n == 0 {
		return Shard{}, "", fmt.Errorf("%s is set but %s (the Job's completions) is not", EnvJobIndex, EnvJobCompletions)
	}
	if n < 1 || idx < 0 || idx >= n {
		return Shard{}, "", fmt.Errorf("%s=%d, %s: want 0 ≤ index < N", EnvJobIndex, idx, countLabel(nsrc, n))
	}
	return Shard{Index: idx, Count: n}, fmt.Sprintf("%s=%d, %s", EnvJobIndex, idx, countLabel(nsrc, n)), nil
}

// countLabel names where the shard count n came from: "--shards 16" or
// "SYNINFO_SHARDS=16".
func countLabel(src string, n int) string {
	if strings.HasPrefix(src, "--") {
		return fmt.Sprintf("%s %d", src, n)
	}
	return fmt.Sprintf("%s=%d", src, n)
}

// WorkersFromEnv returns the worker count a scheduler allots to the task:
// Slurm's SLURM_CPUS_PER_TASK (the job's -c) when set, else 0 (then Run
// uses GOMAXPROCS, which Go derives from the CPU affinity and the
// container's CPU limit).
func WorkersFromEnv(getenv func(string) string) (int, error) {
	if getenv(EnvSlurmCPUs) == "" {
		return 0, nil
	}
	n, err := envInt(getenv, EnvSlurmCPUs)
	if err != nil {
		return 0, err
	}
	if n < 1 {
		return 0, fmt.Errorf("%s: %d: want ≥ 1", EnvSlurmCPUs, n)
	}
	return n, nil
}

// envInt reads the whole number in environment variable name.
func envInt(getenv func(string) string, name string) (int, error) {
	v := getenv(name)
	n, err := strconv.Atoi(strings.TrimSpace(v))
	if err != nil {
		return 0, fmt.Errorf("%s: %q is not a whole number", name, v)
	}
	return n, nil
}
