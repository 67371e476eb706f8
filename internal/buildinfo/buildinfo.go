// Package buildinfo owns what a syninfo binary knows of its own build: the
// module version, the version-control revision and time it was built from,
// whether the work tree had uncommitted changes, and the Go version, read
// from the build information the Go toolchain embeds (runtime/debug).
// Provenance adds the command line and the date: sweep file headers,
// reports and paper.json record it so that a number can be traced to the
// code and the command that computed it.
package buildinfo

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"
	"time"
)

// Info describes a build. Fields the toolchain did not record are empty
// (Revision and Time need a build from a git checkout with -buildvcs not
// false; "go run" and tests record none).
type Info struct {
	// Version is the main module's version: a tag such as v1.2.0, a
	// pseudo-version v0.0.0-YYYYMMDDhhmmss-abcdefabcdef(+dirty) for a build
	// from a checkout, or "(devel)".
	Version string `json:"version"`
	// Revision is the commit hash the binary was built from.
	Revision string `json:"revision,omitempty"`
	// Time is the commit time (RFC 3339).
	Time string `json:"time,omitempty"`
	// Modified reports uncommitted changes in the work tree at build time.
	Modified bool `json:"modified,omitempty"`
	// Go is the toolchain version.
	Go string `json:"go"`
}

// Get returns the running binary's build information.
func Get() Info {
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return Info{Version: "(unknown)"}
	}
	return fromBuildInfo(bi)
}

func fromBuildInfo(bi *debug.BuildInfo) Info {
	in := Info{Version: bi.Main.Version, Go: bi.GoVersion}
	if in.Version == "" {
		in.Version = "(devel)"
	}
	for _, s := range bi.Settings {
		switch s.Key {
		case "vcs.revision":
			in.Revision = s.Value
		case "vcs.time":
			in.Time = s.Value
		case "vcs.modified":
			in.Modified = s.Value == "true"
		}
	}
	return in
}

// String is a one-line description: "syninfo VERSION (revision REV, TIME,
// modified) GO".
func (in Info) String() string {
	var parts []string
	if in.Revision != "" {
		rev := in.Revision
		if len(rev) > 12 {
			rev = rev[:12]
		}
		parts = append(parts, "revision "+rev)
	}
	if in.Time != "" {
		parts = append(parts, in.Time)
	}
	if in.Modified {
		parts = append(parts, "modified")
	}
	s := "syninfo " + in.Version
	if len(parts) > 0 {
		s += " (" + strings.Join(parts, ", ") + ")"
	}
	return fmt.Sprintf("%s %s", s, in.Go)
}

// Provenance is what a result file or report records of the run that made
// it: the build, the command line and the time (UTC, RFC 3339).
type Provenance struct {
	Build   Info     `json:"build"`
	Command []string `json:"command"`
	Date    string   `json:"date"`
}

// Now returns the provenance of the running process.
func Now() *Provenance {
	return &Provenance{Build: Get(), Command: append([]string(nil), os.Args...), Date: time.Now().UTC().Format(time.RFC3339)}
}

// String is one line: the build, the date and the command (the program
// named by its base name).
func (p *Provenance) String() string {
	cmd := append([]string(nil), p.Command...)
	if len(cmd) > 0 {
		cmd[0] = filepath.Base(cmd[0])
	}
	return fmt.Sprintf("%s; run %s as: %s", p.Build, p.Date, strings.Join(cmd, " "))
}
