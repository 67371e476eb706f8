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

// interruptible runs f with a context that SIGINT or SIGTERM cancels. When
// f stops because of that, it returns the error "interrupted; " + resume,
// resume telling the user how to continue.
func interruptible(resume string, f func(ctx context.Context) error) error {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	err := f(ctx)
	if errors.Is(err, context.Canceled) {
		return interrupted("interrupted; %s", resume)
	}
	return err
}

// runSweepFile checks every case of cfg (and that the run fits in memory),
// opens and locks (or resumes) the sweep output at path for cfg and o.Shard,
// says on stderr what it resumed or repaired, and runs the tasks that the
// file lacks into it, interruptibly (the command name prefixes messages).
// retry computes failed records of a resumed file again. It returns the
// failed cases (id → error) for reportFailures.
func runSweepFile(e *env, name, path string, cfg *sweep.Config, o sweep.RunOptions, retry bool) (failed map[string]string, err error) {
	if o.Workers < 0 {
		return nil, usageErrorf("--workers: %d is negative", o.Workers)
	}
	tasks, err := prepareSweep(e, cfg, o.Workers)
	if err != nil {
		return nil, err
	}
	f, err := openSweepOutput(path, cfg, o.Shard, tasks)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	if f.Repaired > 0 {
		fmt.Fprintf(e.stderr, "%s: %s: cut a torn last line (%d bytes)\n", name, path, f.Repaired)
	}
	if len(f.Done) > 0 {
		fmt.Fprintf(e.stderr, "%s: resuming %s: %d of %d cases already done\n", name, path, len(f.Done), len(tasks))
	}
	if retry {
		f.Retry()
	}
	o.Progress, o.Terminal = progress(e), e.isTerminal
	err = interruptible(fmt.Sprintf("the finished cases are in %s: rerun the same command to resume", path),
		func(ctx context.Context) error { return sweep.Run(ctx, cfg, tasks, f, o) })
	var ee *exitError
	if errors.As(err, &ee) {
		return nil, err
	}
	if err != nil {
		return nil, outputError("--out", err)
	}
	return f.Failed, nil
}
