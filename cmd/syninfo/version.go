package main

import (
	"fmt"

	"github.com/syninfo/syninfo/internal/buildinfo"
)

func init() {
	register(&command{
		name:    "version",
		summary: "the version, commit and build of this binary (also: syninfo --version)",
		order:   100,
		run:     runVersion,
	})
}

func runVersion(e *env, args []string) error {
	fs := newFlags(e, "version", "version [--json]\n\n"+
		"Prints the module version, the git commit (revision, time, and whether the work tree had\n"+
		"uncommitted changes) the binary was built from, and the Go version. A binary built with\n"+
		"'go install ./cmd/syninfo' or 'go build' in a clone records the commit; 'go run' does not.")
	asJSON := fs.Bool("json", false, "print one JSON line: version, revision, time, modified, go")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usageErrorf("no arguments expected, got %q", pos[0])
	}
	in := buildinfo.Get()
	if *asJSON {
		return jsonLine(e.stdout, in)
	}
	_, err = fmt.Fprintln(e.stdout, in)
	return err
}
