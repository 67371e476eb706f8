package buildinfo

import (
	"runtime/debug"
	"testing"
	"time"
)

func TestFromBuildInfo(t *testing.T) {
	for _, c := range []struct {
		bi   debug.BuildInfo
		want Info
		str  string
	}{
		{debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Version: "v0.0.0-20261129194200-0123456789ab+dirty"},
			Settings: []debug.BuildSetting{{Key: "vcs", Value: "git"}, {Key: "vcs.revision", Value: "0123456789abcdef0123456789abcdef01234567"},
				{Key: "vcs.time", Value: "2026-11-29T19:42:00Z"}, {Key: "vcs.modified", Value: "true"}}},
			Info{Version: "v0.0.0-20261129194200-0123456789ab+dirty", Revision: "0123456789abcdef0123456789abcdef01234567", Time: "2026-11-29T19:42:00Z", Modified: true, Go: "go1.26.8"},
			"syninfo v0.0.0-20261129194200-0123456789ab+dirty (revision 0123456789ab, 2026-11-29T19:42:00Z, modified) go1.26.8"},
		{debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Version: "(devel)"}},
			Info{Version: "(devel)", Go: "go1.26.8"}, "syninfo (devel) go1.26.8"},
		{debug.BuildInfo{GoVersion: "go1.26.8", Settings: []debug.BuildSetting{{Key: "vcs.modified", Value: "false"}}},
			Info{Version: "(devel)", Go: "go1.26.8"}, "syninfo (devel) go1.26.8"},
	} {
		got := fromBuildInfo(&c.bi)
		if got != c.want || got.String() != c.str {
			t.Errorf("got %+v %q, want %+v %q", got, got.String(), c.want, c.str)
		}
	}
	if Get().Go == "" {
		t.Error("Get: no Go version")
	}
}

func TestProvenance(t *testing.T) {
	p := &Provenance{Build: Info{Version: "(devel)", Go: "go1.26.8"}, Command: []string{"/home/u/go/bin/syninfo", "validate", "--cases", "1"}, Date: "2026-11-29T20:00:00Z"}
	if got, want := p.String(), "syninfo (devel) go1.26.8; run 2026-11-29T20:00:00Z as: syninfo validate --cases 1"; got != want {
		t.Errorf("%q, want %q", got, want)
	}
	now := Now()
	if len(now.Command) == 0 || now.Build.Go == "" {
		t.Errorf("Now() = %+v", now)
	}
	if _, err := time.Parse(time.RFC3339, now.Date); err != nil {
		t.Errorf("date %q: %v", now.Date, err)
	}
}
