// Command syninfo checks the Fenton–Wilkinson closed form of the information
// Hebbian weights hold about stored log-normal patterns against the real
// network: closed form, sampling, k-NN estimators, exact references, sweeps
// and reports. Run "syninfo help" for the subcommands.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"sort"
	"strings"
	"sync"
	"syscall"
)

// command is one subcommand. Each lives in its own file and registers itself
// in init, so that main stays parsing and wiring only.
type command struct {
	name    string
	summary string // one line for "syninfo help"
	order   int    // position in "syninfo help"
	run     func(env *env, args []string) error
	// cancellable commands handle SIGINT/SIGTERM themselves (a context that
	// stops the run and keeps what is finished); any other command is ended
	// by the first signal, after the cleanups registered with atInterrupt.
	cancellable bool
}

var commands = map[string]*command{}

func register(c *command) {
	if _, dup := commands[c.name]; dup {
		panic("syninfo: command registered twice: " + c.name)
	}
	commands[c.name] = c
}

// env is what a command may touch of the outside world, so tests can run
// commands in-process.
type env struct {
	stdin  io.Reader
	stdout io.Writer
	stderr io.Writer
	// isTerminal reports whether stderr is an interactive terminal (progress bars).
	isTerminal bool
	// getenv reads the environment (SLURM variables and the like).
	getenv func(string) string
}

func main() {
	e := &env{stdin: os.Stdin, stdout: os.Stdout, stderr: os.Stderr,
		isTerminal: stderrIsTerminal(), getenv: os.Getenv}
	watchSignals(os.Args[1:])
	os.Exit(run(e, os.Args[1:]))
}

// exitInterrupted is the exit status of a run stopped by SIGINT or SIGTERM
// (128 + SIGINT, as shells report a Ctrl-C).
const exitInterrupted = 130

var (
	cleanupMu sync.Mutex
	cleanups  = map[int]func(){}
	cleanupID int
)

// atInterrupt registers fn to run when a signal ends the process (removing
// a temporary file, say); the returned function unregisters it.
func atInterrupt(fn func()) (unregister func()) {
	cleanupMu.Lock()
	defer cleanupMu.Unlock()
	cleanupID++
	id := cleanupID
	cleanups[id] = fn
	return func() {
		cleanupMu.Lock()
		defer cleanupMu.Unlock()
		delete(cleanups, id)
	}
}

func runCleanups() {
	cleanupMu.Lock()
	defer cleanupMu.Unlock()
	for id, fn := range cleanups {
		fn()
		delete(cleanups, id)
	}
}

// watchSignals ends the process with status 130 on SIGINT or SIGTERM, after
// the registered cleanups. A cancellable command gets the first signal to
// itself (its context stops the run cleanly); a second one ends it here.
func watchSignals(args []string) {
	cancellable := false
	if len(args) > 0 {
		if c, ok := commands[args[0]]; ok {
			cancellable = c.cancellable
		}
	}
	ch := make(chan os.Signal, 2)
	signal.Notify(ch, os.Interrupt, syscall.SIGTERM)
	go func() {
		if cancellable {
			<-ch
		}
		<-ch
		runCleanups()
		os.Exit(exitInterrupted)
	}()
}

// interrupted wraps the message of a run stopped by a signal.
func interrupted(format string, args ...any) error {
	return &exitError{code: exitInterrupted, err: fmt.Errorf(format, args...)}
}

// run executes the command line and returns the exit status: 0 success,
// 1 a verdict failed or an operation failed, 2 bad input or usage, 130
// interrupted (SIGINT or SIGTERM).
func run(e *env, args []string) int {
	if len(args) == 0 || args[0] == "help" || args[0] == "-h" || args[0] == "--help" || args[0] == "-help" {
		if len(args) > 1 {
			if c, ok := commands[args[1]]; ok {
				return run(e, []string{c.name, "--help"})
			}
		}
		printHelp(e.stdout)
		if len(args) == 0 {
			return 2
		}
		return 0
	}
	if args[0] == "--version" || args[0] == "-version" {
		args = []string{"version"}
	}
	c, ok := commands[args[0]]
	if !ok {
		fmt.Fprintf(e.stderr, "syninfo: unknown command %q; run 'syninfo help' for the list\n", args[0])
		return 2
	}
	err := c.run(e, args[1:])
	if err == nil || errors.Is(err, errHelpShown) {
		return 0
	}
	msg := strings.ReplaceAll(err.Error(), "\n", " ")
	fmt.Fprintf(e.stderr, "syninfo %s: %s\n", c.name, msg)
	var ee *exitError
	if errors.As(err, &ee) {
		return ee.code
	}
	if errors.Is(err, context.Canceled) {
		return exitInterrupted
	}
	return 1
}

func printHelp(w io.Writer) {
	fmt.Fprintln(w, "syninfo: how much do Hebbian weights know about stored log-normal patterns?")
	fmt.Fprintln(w, "\nUsage: syninfo COMMAND [flags] [args]\n\nCommands:")
	list := make([]*command, 0, len(commands))
	for _, c := range commands {
		list = append(list, c)
	}
	sort.Slice(list, func(i, j int) bool {
		if list[i].order != list[j].order {
			return list[i].order < list[j].order
		}
		return list[i].name < list[j].name
	})
	for _, c := range list {
		fmt.Fprintf(w, "  %-10s %s\n", c.name, c.summary)
	}
	fmt.Fprintln(w, "\nRun 'syninfo COMMAND --help' for a command's flags.")
}
