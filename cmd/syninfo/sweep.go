package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"syscall"

	"github.com/syninfo/syninfo/sweep"
)

func init() {
	register(&command{name: "sweep", summary: "run a sweep of cases (JSON config; default: the validation suite), resumable and shardable", order: 50, run: runSweep, cancellable: true})
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
		"is I mod N; without it, SLURM_ARRAY_TASK_ID/SLURM_ARRAY_TASK_COUNT or JOB_COMPLETION_INDEX/\n"+
		"JOB_COMPLETIONS select the shard.")
	out := fs.String("out", "", "output JSON Lines file (required)")
	shardFlag := fs.String("shard", "", "run shard I of N (I/N, 0-based)")
	cases := fs.Int("cases", 0, "at most this many cases per group, spread evenly (quick runs)")
	samples := fs.Int("samples", 0, "draws per case, overriding the config")
	workers := fs.Int("workers", 0, "cases computed at once (default: the number of CPUs)")
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
		if shard, err = sweep.ParseShard(*shardFlag); err != nil {
			return usageErrorf("--shard: %v", err)
		}
	} else {
		s, src, ok, err := sweep.ShardFromEnv(e.getenv)
		if err != nil {
			return usageErrorf("%v", err)
		}
		if ok {
			shard = s
			fmt.Fprintf(e.stderr, "sweep: shard %s from %s\n", shard, src)
		}
	}
	f, err := sweep.OpenSweepFile(*out, cfg)
	if err != nil {
		return usageErrorf("--out: %v", err)
	}
	defer f.Close()
	if f.Repaired > 0 {
		fmt.Fprintf(e.stderr, "sweep: %s: cut a torn last line (%d bytes)\n", *out, f.Repaired)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	tasks := cfg.Tasks()
	err = sweep.Run(ctx, cfg, tasks, f, sweep.RunOptions{Shard: shard, Workers: *workers, Progress: e.stderr, Terminal: e.isTerminal})
	if errors.Is(err, context.Canceled) {
		return interrupted("interrupted; the finished cases are in %s: rerun the same command to resume", *out)
	}
	return err
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
