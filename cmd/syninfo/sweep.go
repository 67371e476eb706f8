package main

import (
	"fmt"
	"os"

	"github.com/syninfo/syninfo/sweep"
)

func init() {
	register(&command{name: "sweep", summary: "run a sweep of cases (JSON config; default: the validation suite), resumable and shardable", order: 50, run: runSweep})
	register(&command{name: "merge", summary: "join sweep shards into one file, ordered by id", order: 51, run: runMerge})
	register(&command{name: "cases", summary: "print the cases of a sweep as JSON Lines (to reproduce one with compare)", order: 52, run: runCases})
}

// loadConfig reads the sweep configuration named by pos (none: the default)
// and applies the --cases and --samples overrides.
func loadConfig(pos []string, cases, samples int) (*sweep.Config, error) {
	var cfg *sweep.Config
	switch len(pos) {
	case 0:
		cfg = sweep.DefaultConfig()
	case 1:
		data, err := os.ReadFile(pos[0])
		if err != nil {
			return nil, usageErrorf("config: %v", err)
		}
		if cfg, err = sweep.ParseConfig(data); err != nil {
			return nil, badInput(fmt.Errorf("%s: %w", pos[0], err))
		}
	default:
		return nil, usageErrorf("want at most one config file, got %d", len(pos))
	}
	if cases < 0 || samples < 0 {
		return nil, usageErrorf("--cases and --samples must not be negative")
	}
	return cfg.WithOverrides(cases, samples), nil
}

func runSweep(e *env, args []string) error {
	fs := newFlags(e, "sweep", "sweep [CONFIG] --out FILE.jsonl [--shard I/N] [--cases C] [--samples M] [--workers W]\n"+
		"       syninfo sweep --print-default\n\n"+
		"Runs every case of the sweep CONFIG (JSON; without one, the embedded default validation\n"+
		"suite) through compare and appends one JSON line per finished case to FILE, after a header\n"+
		"line naming the configuration. An existing FILE is resumed: finished ids are skipped and a\n"+
		"torn last line is repaired. Each case's draws depend only on (seed, id), so results do not\n"+
		"depend on workers, shards or interruptions. --shard I/N runs the ids whose sequence number\n"+
		"is I mod N. In a job array, --shards N (or SYNINFO_SHARDS=N) sets the shard count once and\n"+
		"the task index selects the shard: Slurm's SLURM_ARRAY_TASK_ID (the shard index itself, so a\n"+
		"resubmitted task runs its own shard) or a Kubernetes Indexed Job's JOB_COMPLETION_INDEX\n"+
		"(N from JOB_COMPLETIONS when --shards is not given). Workers default to SLURM_CPUS_PER_TASK\n"+
		"when set, else the number of CPUs.")
	out := fs.String("out", "", "output JSON Lines file (required)")
	shardFlag := fs.String("shard", "", "run shard I of N (I/N, 0-based)")
	shards := fs.Int("shards", 0, "the sweep's shard count in a job array; the task index is the shard (default: SYNINFO_SHARDS)")
	cases := fs.Int("cases", 0, "at most this many cases per group, spread evenly (quick runs)")
	samples := fs.Int("samples", 0, "draws per case, overriding the config")
	workers := fs.Int("workers", 0, "cases computed at once (default: SLURM_CPUS_PER_TASK, else the number of CPUs)")
	printDefault := fs.Bool("print-default", false, "print the embedded default config and exit")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if *printDefault {
		_, err := e.stdout.Write(sweep.DefaultConfigJSON())
		return err
	}
	if *out == "" {
		return usageErrorf("--out: required (the JSON Lines file to write or resume)")
	}
	cfg, err := loadConfig(pos, *cases, *samples)
	if err != nil {
		return err
	}
	var shard sweep.Shard
	if *shardFlag != "" {
		if *shards != 0 {
			return usageErrorf("--shard I/N and --shards N: give one")
		}
		if shard, err = sweep.ParseShard(*shardFlag); err != nil {
			return usageErrorf("--shard: %v", err)
		}
	} else {
		s, src, ok, err := sweep.ShardFromEnv(e.getenv, *shards)
		if err != nil {
			return usageErrorf("%v", err)
		}
		if ok {
			shard = s
			fmt.Fprintf(e.stderr, "sweep: shard %s from %s\n", shard, src)
		}
	}
	if *workers < 0 {
		return usageErrorf("--workers: %d: want ≥ 1 (0: default)", *workers)
	}
	if *workers == 0 {
		if *workers, err = sweep.WorkersFromEnv(e.getenv); err != nil {
			return usageErrorf("%v", err)
		}
		if *workers > 0 {
			fmt.Fprintf(e.stderr, "sweep: workers = %d from %s\n", *workers, sweep.EnvSlurmCPUs)
		}
	}
	return runSweepFile(e, "sweep", *out, cfg, sweep.RunOptions{Shard: shard, Workers: *workers})
}

func runMerge(e *env, args []string) error {
	fs := newFlags(e, "merge", "merge FILES... --out FILE.jsonl\n\n"+
		"Joins sweep files (shards, resumed runs) of one configuration into one, ordered by\n"+
		"sequence number and id; a case present in several files must be identical in each.")
	out := fs.String("out", "", "output JSON Lines file (required)")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if *out == "" || len(pos) == 0 {
		return usageErrorf("want FILES... and --out FILE")
	}
	cfg, recs, err := sweep.Merge(pos)
	if err != nil {
		return badInput(err)
	}
	if err := sweep.WriteSweepFile(*out, cfg, recs); err != nil {
		return err
	}
	fmt.Fprintf(e.stderr, "merge: %d cases from %d files into %s\n", len(recs), len(pos), *out)
	return nil
}

func runCases(e *env, args []string) error {
	fs := newFlags(e, "cases", "cases [CONFIG] [--id ID] [--cases C]\n\n"+
		"Prints the cases of a sweep (default: the validation suite) as JSON Lines, each with its\n"+
		"id. Piped into 'syninfo compare --seed S --samples M' it reproduces the sweep's results.")
	id := fs.String("id", "", "print only the case with this id")
	cases := fs.Int("cases", 0, "at most this many cases per group, as sweep --cases")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	cfg, err := loadConfig(pos, *cases, 0)
	if err != nil {
		return err
	}
	found := false
	for _, t := range cfg.Tasks() {
		if *id != "" && t.ID != *id {
			continue
		}
		found = true
		c, err := t.Case()
		if err != nil {
			return fmt.Errorf("case %s: %w", t.ID, err)
		}
		c.ID = t.ID
		if err := jsonLine(e.stdout, c); err != nil {
			return err
		}
	}
	if !found {
		return usageErrorf("--id: no case %q in the sweep", *id)
	}
	return nil
}
