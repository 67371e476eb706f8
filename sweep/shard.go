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

// ShardFromEnv finds the shard of a job-array task in the environment:
// Slurm's SLURM_ARRAY_TASK_ID and SLURM_ARRAY_TASK_COUNT (less
// SLURM_ARRAY_TASK_MIN, so arrays may start at 1), or a Kubernetes Indexed
// Job's JOB_COMPLETION_INDEX with the completions count in JOB_COMPLETIONS
// (set it in the Job spec). It returns ok = false when neither is set.
func ShardFromEnv(getenv func(string) string) (s Shard, source string, ok bool, err error) {
	if id := getenv("SLURM_ARRAY_TASK_ID"); id != "" {
		count := getenv("SLURM_ARRAY_TASK_COUNT")
		if count == "" {
			return Shard{}, "", false, fmt.Errorf("SLURM_ARRAY_TASK_ID is set but SLURM_ARRAY_TASK_COUNT is not")
		}
		idx, err := strconv.Atoi(id)
		if err != nil {
			return Shard{}, "", false, fmt.Errorf("SLURM_ARRAY_TASK_ID: %q is not a number", id)
		}
		if m := getenv("SLURM_ARRAY_TASK_MIN"); m != "" {
			lo, err := strconv.Atoi(m)
			if err != nil {
				return Shard{}, "", false, fmt.Errorf("SLURM_ARRAY_TASK_MIN: %q is not a number", m)
			}
			idx -= lo
		}
		s, err := newShard(strconv.Itoa(idx), count)
		if err != nil {
			return Shard{}, "", false, fmt.Errorf("SLURM_ARRAY_TASK_ID/COUNT: %v", err)
		}
		return s, "SLURM_ARRAY_TASK_ID", true, nil
	}
	if id := getenv("JOB_COMPLETION_INDEX"); id != "" {
		count := getenv("JOB_COMPLETIONS")
		if count == "" {
			return Shard{}, "", false, fmt.Errorf("JOB_COMPLETION_INDEX is set but JOB_COMPLETIONS (the Job's completions) is not")
		}
		s, err := newShard(id, count)
		if err != nil {
			return Shard{}, "", false, fmt.Errorf("JOB_COMPLETION_INDEX/JOB_COMPLETIONS: %v", err)
		}
		return s, "JOB_COMPLETION_INDEX", true, nil
	}
	return Shard{}, "", false, nil
}
