package main

import (
	"bufio"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"strings"

	"github.com/syninfo/syninfo/model"
	jsonnum "github.com/syninfo/syninfo/num"
)

// exitError carries an exit status: 2 for bad input or usage, 1 for a failed verdict.
type exitError struct {
	code int
	err  error
}

func (e *exitError) Error() string { return e.err.Error() }
func (e *exitError) Unwrap() error { return e.err }

// progress is where a long command reports its progress: stderr on a
// terminal, nowhere when stderr is redirected (a log file gets no progress
// lines; results and errors still go to their streams).
func progress(e *env) io.Writer {
	if e.isTerminal {
		return e.stderr
	}
	return nil
}

// usageErrorf reports bad input or usage: exit status 2.
func usageErrorf(format string, args ...any) error {
	return &exitError{code: 2, err: fmt.Errorf(format, args...)}
}

// badInput wraps an input error (a case that fails validation, a malformed
// table) so that it exits with status 2.
func badInput(err error) error {
	if err == nil {
		return nil
	}
	var ee *exitError
	if errors.As(err, &ee) {
		return err
	}
	return &exitError{code: 2, err: err}
}

// outputError reports that an output named by flag could not be written
// (permissions, a missing directory, a full disk): the operation failed,
// exit status 1, whatever the command.
func outputError(flag string, err error) error {
	if err == nil {
		return nil
	}
	return &exitError{code: 1, err: fmt.Errorf("%s: %v", flag, err)}
}

// errHelpShown ends a command after --help printed its usage (exit 0).
var errHelpShown = errors.New("help shown")

// flags is a subcommand's FlagSet with its --help text.
type flags struct {
	*flag.FlagSet
	usage func()
}

// newFlags returns the flags of a subcommand whose --help prints usage (a
// one-line synopsis, then the flags) to stdout. A bad flag prints nothing
// but the one-line error that parseFlags returns.
func newFlags(e *env, name, synopsis string) *flags {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.Usage = func() {} // flag calls it on every parse error
	return &flags{FlagSet: fs, usage: func() {
		fmt.Fprintf(e.stdout, "Usage: syninfo %s\n\n", synopsis)
		fs.SetOutput(e.stdout)
		fs.PrintDefaults()
		fs.SetOutput(io.Discard)
	}}
}

// set reports whether a flag was given on the command line.
func (f *flags) set(name string) bool {
	found := false
	f.Visit(func(fl *flag.Flag) {
		if fl.Name == name {
			found = true
		}
	})
	return found
}

// parseFlags parses args allowing flags and positional arguments in any
// order (syninfo sample FILE --samples M). It returns the positional ones.
func parseFlags(fs *flags, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				fs.usage()
				return nil, errHelpShown
			}
			return nil, usageErrorf("%v (run 'syninfo %s --help')", err, fs.Name())
		}
		args = fs.Args()
		if len(args) == 0 {
			return pos, nil
		}
		// Parse stops at a non-flag argument, or after "--": a leftover that
		// still looks like a flag came after "--", so all the rest is positional.
		if args[0] != "-" && strings.HasPrefix(args[0], "-") {
			pos = append(pos, args...)
			return pos, nil
		}
		pos = append(pos, args[0])
		args = args[1:]
	}
}

// openInput opens the positional input: a file name, or "-" / nothing for stdin.
func openInput(e *env, pos []string) (io.ReadCloser, string, error) {
	switch len(pos) {
	case 0:
		return io.NopCloser(e.stdin), "stdin", nil
	case 1:
		if pos[0] == "-" {
			return io.NopCloser(e.stdin), "stdin", nil
		}
		f, err := os.Open(pos[0])
		if err != nil {
			return nil, "", usageErrorf("input: %v", err)
		}
		return f, pos[0], nil
	}
	return nil, "", usageErrorf("want at most one input file, got %d: %s", len(pos), strings.Join(pos, " "))
}

// forEachCase decodes the cases of the positional input one by one, calling fn
// on each. A malformed or invalid case stops with exit status 2.
func forEachCase(e *env, pos []string, fn func(i int, c *model.Case) error) error {
	in, name, err := openInput(e, pos)
	if err != nil {
		return err
	}
	defer in.Close()
	dec := model.NewDecoder(bufio.NewReaderSize(in, 1<<16))
	for i := 0; ; i++ {
		c, err := dec.Next()
		if err == io.EOF {
			if i == 0 {
				return usageErrorf("%s: no case found", name)
			}
			return nil
		}
		if err != nil {
			return badInput(fmt.Errorf("%s: %w", name, err))
		}
		if err := fn(i, c); err != nil {
			return err
		}
	}
}

// jsonLine writes v as one line of JSON.
func jsonLine(w io.Writer, v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	b = append(b, '\n')
	_, err = w.Write(b)
	return err
}

// stderrIsTerminal reports whether standard error is a character device.
func stderrIsTerminal() bool {
	fi, err := os.Stderr.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}

// num is a float64 that encodes as JSON null when it is NaN or infinite
// (num.Float, shared by every JSON output).
type num = jsonnum.Float

// lowGCHeadroom lowers the garbage collector's target to 25% for commands
// whose heap is a few large arrays (the k-NN estimators), unless the user
// set GOGC: peak memory at M = 1e6 drops from ~7× to ~5× the data at no
// measurable CPU cost (docs/benchmarks/knn.md).
func lowGCHeadroom(e *env) {
	if e.getenv("GOGC") == "" {
		debug.SetGCPercent(25)
	}
}
