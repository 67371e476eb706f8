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
		return fmt.Errorf("interrupted; %s", resume)
	}
	return err
}

// runSweepFile opens (or resumes) the sweep output at path for cfg, says on
// stderr what it resumed or repaired, and runs the tasks of cfg that the
// file lacks into it, interruptibly (the command name prefixes messages).
func runSweepFile(e *env, name, path string, cfg *sweep.Config, o sweep.RunOptions) error {
	f, err := sweep.OpenSweepFile(path, cfg)
	if err != nil {
		return usageErrorf("--out: %v (remove it or choose another --out)", err)
	}
	defer f.Close()
	if f.Repaired > 0 {
		fmt.Fprintf(e.stderr, "%s: %s: cut a torn last line (%d bytes)\n", name, path, f.Repaired)
	}
	tasks := cfg.Tasks()
	if len(f.Done) > 0 {
		fmt.Fprintf(e.stderr, "%s: resuming %s: %d of %d cases already done\n", name, path, len(f.Done), len(tasks))
	}
	o.Progress, o.Terminal = e.stderr, e.isTerminal
	return interruptible(fmt.Sprintf("the finished cases are in %s: rerun the same command to resume", path),
		func(ctx context.Context) error { return sweep.Run(ctx, cfg, tasks, f, o) })
}
