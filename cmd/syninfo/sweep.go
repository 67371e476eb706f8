package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"sort"

	"github.com/syninfo/syninfo/sweep"
)

func init() {
	register(&command{name: "sweep", summary: "run a sweep of cases (JSON config; default: the validation suite), resumable and shardable", order: 50, run: runSweep, cancellable: true})
	register(&command{name: "merge", summary: "join sweep shards into one file, ordered by id", order: 51, run: runMerge})
	register(&command{name: "cases", summary: "print the cases of a sweep as JSON Lines (to reproduce one with compare)", order: 52, run: runCases})
}

// loadConfig reads the sweep configuration named by pos (none: the default)
// and applies the --cases and --samples overrides.
func loadConfig(e *env, pos []string, cases, samples int) (*sweep.Config, error) {
	var cfg *sweep.Config
	switch len(pos) {
	case 0:
		cfg = sweep.DefaultConfig()
	case 1:
		data, err := readConfigFile(pos[0])
		if err != nil {
			return nil, err
		}
		if cfg, err = sweep.ParseConfig(data); err != nil {
			return nil, badInput(fmt.Errorf("%s: %w", pos[0], err))
		}
		for _, d := range sweep.Deprecations(data) {
			fmt.Fprintf(e.stderr, "syninfo: %s: %s (docs/vocabulary.md)\n", pos[0], d)
		}
	default:
		return nil, usageErrorf("want at most one config file, got %d", len(pos))
	}
	if cases < 0 || samples < 0 {
		return nil, usageErrorf("--cases and --samples must not be negative")
	}
	cfg = cfg.WithOverrides(cases, samples)
	if err := cfg.Check(); err != nil {
		return nil, usageErrorf("%v (after --cases/--samples)", err)
	}
	return cfg, nil
}

// maxConfigBytes bounds a sweep configuration file (real ones are a few kB).
const maxConfigBytes = 16 << 20

// readConfigFile reads a configuration file of at most maxConfigBytes, so
// that /dev/zero or a wrong file is refused rather than read without end.
func readConfigFile(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, usageErrorf("config: %v", err)
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, maxConfigBytes+1))
	if err != nil {
		return nil, usageErrorf("config: %s: %v", path, err)
	}
	if len(data) > maxConfigBytes {
		return nil, usageErrorf("config: %s: longer than %d MiB, not a sweep configuration", path, maxConfigBytes>>20)
	}
	return data, nil
}

// prepareSweep refuses a sweep that cannot fit in memory (sweep.Memory with
// workers cases at a time), then lists its tasks and checks every case, so
// that a bad configuration fails before the run, not hours into it.
func prepareSweep(e *env, cfg *sweep.Config, workers int) ([]sweep.Task, error) {
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	est, err := cfg.Memory(workers)
	if err != nil {
		return nil, badInput(err)
	}
	if err := checkMemory(e, est.Total, "the sweep", "use fewer or smaller cases (neurons, synapses, draws, repeats), fewer samples, or fewer --workers"); err != nil {
		return nil, usageErrorf("%v [estimate: %s]", err, est)
	}
	tasks := cfg.Tasks()
	if err := sweep.CheckCases(tasks); err != nil {
		return nil, badInput(fmt.Errorf("config: %w", err))
	}
	return tasks, nil
}

// openSweepOutput opens and locks a sweep output: a file that is not a
// sweep file of this configuration and shard, or that another process
// holds, is bad usage (exit 2, the file untouched); an error of the system
// (permissions, a missing directory) is a failed operation (exit 1).
func openSweepOutput(path string, cfg *sweep.Config, shard sweep.Shard, tasks []sweep.Task) (*sweep.SweepFile, error) {
	f, err := sweep.OpenShardFile(path, cfg, shard)
	var fe *sweep.FileError
	switch {
	case errors.As(err, &fe), errors.Is(err, sweep.ErrLocked):
		return nil, usageErrorf("--out: %v", err)
	case err != nil:
		return nil, outputError("--out", err)
	}
	if err := f.CheckTasks(tasks, shard); err != nil {
		f.Close()
		return nil, usageErrorf("--out: %v", err)
	}
	return f, nil
}

// reportFailures says which cases failed (their records hold the error)
// and makes the run exit 1; nil when none did.
func reportFailures(e *env, cmd, path string, failed map[string]string) error {
	if len(failed) == 0 {
		return nil
	}
	ids := make([]string, 0, len(failed))
	for id := range failed {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	for i, id := range ids {
		if i == 5 {
			fmt.Fprintf(e.stderr, "%s: ... and %d more failed cases\n", cmd, len(ids)-5)
			break
		}
		fmt.Fprintf(e.stderr, "%s: case %s failed: %s\n", cmd, id, failed[id])
	}
	return fmt.Errorf("%d cases failed (recorded in %s with their error; they are not retried on resume: rerun with --retry-failed after a fix)", len(ids), path)
}

func runSweep(e *env, args []string) error {
	fs := newFlags(e, "sweep", "sweep [CONFIG] --out FILE.jsonl [--shard I/N] [--cases C] [--samples M] [--seed N] [--workers W]\n"+
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
		"when set, else the number of CPUs. A shard file resumes only with the same shard.\n\n"+
		"The output is locked while the sweep runs: a second sweep on the same FILE refuses. A case\n"+
		"that fails is recorded with its error (\"failure\") and the sweep goes on; the run then exits\n"+
		"1. Failed cases are not retried on resume (they would fail again); --retry-failed does.\n"+
		"Before it starts, the sweep checks every case and refuses one that cannot fit in memory.")
	out := fs.String("out", "", "output JSON Lines file (required)")
	shardFlag := fs.String("shard", "", "run shard I of N (I/N, 0-based)")
	shards := fs.Int("shards", 0, "the sweep's shard count in a job array; the task index is the shard (default: SYNINFO_SHARDS)")
	cases := fs.Int("cases", 0, "at most this many cases per group, spread evenly (quick runs)")
	samples := fs.Int("samples", 0, "draws per case, overriding the config")
	workers := fs.Int("workers", 0, "cases computed at once (default: SLURM_CPUS_PER_TASK, else the number of CPUs)")
	printDefault := fs.Bool("print-default", false, "print the embedded default config and exit")
	retry := fs.Bool("retry-failed", false, "compute the failed cases of a resumed FILE again (after a fix)")
	seed := fs.Uint64("seed", 0, "random seed, overriding the config's (default: the config's seed, 1 in the default config)")
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
	cfg, err := loadConfig(e, pos, *cases, *samples)
	if err != nil {
		return err
	}
	if fs.set("seed") {
		cfg.Seed = *seed
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
	failed, err := runSweepFile(e, "sweep", *out, cfg, sweep.RunOptions{Shard: shard, Workers: *workers}, *retry)
	if err != nil {
		return err
	}
	return reportFailures(e, "sweep", *out, failed)
}

func runMerge(e *env, args []string) error {
	fs := newFlags(e, "merge", "merge FILES... --out FILE.jsonl\n\n"+
		"Joins sweep files (shards, resumed runs) of one configuration into one, ordered by\n"+
		"sequence number and id; a case present in several files must be identical in each. Every\n"+
		"file needs its sweep header; every record must be a case of that configuration (id, seed,\n"+
		"samples). When cases of the configuration are in no file (a shard missing or unfinished)\n"+
		"merge lists them and exits 1, unless --allow-partial.")
	out := fs.String("out", "", "output JSON Lines file (required)")
	partial := fs.Bool("allow-partial", false, "merge even when some cases of the configuration are in no file")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if *out == "" || len(pos) == 0 {
		return usageErrorf("want FILES... and --out FILE")
	}
	for _, p := range pos {
		if err := checkReadable(p); err != nil {
			return err
		}
	}
	m, err := sweep.Merge(pos, sweep.MergeOptions{AllowPartial: *partial})
	if m != nil {
		for _, p := range m.Torn {
			fmt.Fprintf(e.stderr, "merge: %s: left out a torn last line (an unfinished case)\n", p)
		}
	}
	var me *sweep.MissingError
	if errors.As(err, &me) {
		return &exitError{code: 1, err: err}
	}
	if err != nil {
		return badInput(err)
	}
	tmps := filepath.Join(filepath.Dir(*out), sweep.TempPattern())
	defer atInterrupt(func() { // a signal while writing leaves no temporary file
		names, _ := filepath.Glob(tmps)
		for _, n := range names {
			os.Remove(n)
		}
	})()
	if err := sweep.WriteSweepFile(*out, m.Config, m.Records); err != nil {
		return outputError("--out", err)
	}
	fmt.Fprintf(e.stderr, "merge: %d cases from %d files into %s", len(m.Records), len(pos), *out)
	if len(m.Missing) > 0 {
		fmt.Fprintf(e.stderr, "; %d cases missing", len(m.Missing))
	}
	if m.Failed > 0 {
		fmt.Fprintf(e.stderr, "; %d failed", m.Failed)
	}
	fmt.Fprintln(e.stderr)
	return nil
}

// checkReadable refuses (exit 2) an input that does not exist or is a
// directory. (Lines longer than sweep.MaxLineBytes are refused as read.)
func checkReadable(path string) error {
	fi, err := os.Stat(path)
	switch {
	case err != nil:
		return usageErrorf("input: %v", err)
	case fi.IsDir():
		return usageErrorf("input: %s is a directory, want a sweep file", path)
	}
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
	cfg, err := loadConfig(e, pos, *cases, 0)
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
