package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/syninfo/syninfo/compare"
	"github.com/syninfo/syninfo/reports"
	"github.com/syninfo/syninfo/sweep"
)

// reportRecords is the committed sweep file of the reports package tests.
const reportRecords = "../../reports/testdata/records.jsonl"

func reportRun(t *testing.T, stdin string, args ...string) (int, string, string) {
	t.Helper()
	var out, errOut bytes.Buffer
	e := &env{stdin: strings.NewReader(stdin), stdout: &out, stderr: &errOut, getenv: func(string) string { return "" }}
	code := run(e, args)
	return code, out.String(), errOut.String()
}

func TestReportCommand(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "out")
	code, out, errOut := reportRun(t, "", "report", reportRecords, "--out", dir)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if lines[0] != filepath.Join(dir, "index.html") {
		t.Errorf("first line %q, want the path of index.html", lines[0])
	}
	if n := len(lines) - 1; n < 5 || n > 10 {
		t.Errorf("summary of %d lines, want 5-10:\n%s", n, out)
	}
	for _, f := range []string{"index.html", "report.md", "results.csv", "sweep-config.json", "fig-closed-vs-truth.svg", "fig-failure-rates.png"} {
		if _, err := os.Stat(filepath.Join(dir, f)); err != nil {
			t.Error(err)
		}
	}
}

// splitCommand turns "syninfo cases ... | syninfo compare ..." into the two
// argument lists (the command's arguments hold no quotes here).
func splitCommand(t *testing.T, cmd string) (cases, cmp []string) {
	t.Helper()
	parts := strings.Split(cmd, " | ")
	if len(parts) != 2 {
		t.Fatalf("command %q is not a two-stage pipe", cmd)
	}
	a, b := strings.Fields(parts[0]), strings.Fields(parts[1])
	if a[0] != "syninfo" || b[0] != "syninfo" || strings.ContainsAny(cmd, `'"`) {
		t.Fatalf("unexpected command %q", cmd)
	}
	return a[1:], b[1:]
}

// The reproduction commands of the report, run in-process through the
// config the report wrote, give back the records' results exactly (as the
// current code computes them).
func TestReportReproduces(t *testing.T) {
	cfg, recs, err := sweep.ReadSweepFile(reportRecords)
	if err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(t.TempDir(), "rep")
	if code, _, errOut := reportRun(t, "", "report", reportRecords, "--out", dir); code != 0 {
		t.Fatalf("report: %s", errOut)
	}
	// One of each kind: an exact truth, an entropy-difference truth, a
	// failed closed form, an infinite truth with a finite closed form.
	want := map[string]*sweep.Record{}
	for _, r := range recs {
		var kind string
		switch {
		case r.Analytic.Status == "not_positive_definite":
			kind = "npd"
		case r.Truth.Infinite && r.Analytic.MINats.Valid():
			kind = "inf"
		case r.Truth.Method == "exact":
			kind = "exact"
		case r.EntropyDiff != nil && r.Truth.Method == r.EntropyDiff.Method:
			kind = "entropy_diff"
		default:
			continue
		}
		if want[kind] == nil || (kind == "entropy_diff" && r.Params.Synapses < want[kind].Params.Synapses) {
			want[kind] = r
		}
	}
	if len(want) != 4 {
		t.Fatalf("test records cover %d of the 4 kinds", len(want))
	}
	for kind, r := range want {
		t.Run(kind, func(t *testing.T) {
			cmd := reports.Command(r, cfg, filepath.Join(dir, reports.ConfigFile))
			md, _ := os.ReadFile(filepath.Join(dir, reports.MarkdownFile))
			if (kind == "npd" || kind == "inf") && !bytes.Contains(md, []byte(cmd)) {
				t.Errorf("report.md does not list %q", cmd)
			}
			casesArgs, cmpArgs := splitCommand(t, cmd)
			code, caseJSON, errOut := reportRun(t, "", casesArgs...)
			if code != 0 {
				t.Fatalf("%v: exit %d: %s", casesArgs, code, errOut)
			}
			code, got, errOut := reportRun(t, caseJSON, cmpArgs...)
			if code != 0 {
				t.Fatalf("%v: exit %d: %s", cmpArgs, code, errOut)
			}
			var line struct {
				ID string `json:"id"`
				*compare.Result
			}
			if err := json.Unmarshal([]byte(got), &line); err != nil {
				t.Fatal(err)
			}
			if line.ID != r.ID {
				t.Errorf("id %q, want %q", line.ID, r.ID)
			}
			// The stored records come from an older build; compare with the
			// same case recomputed by this one (regress covers drift).
			fresh, err := sweep.Recompute(context.Background(), cfg, []*sweep.Record{r}, 1)
			if err != nil {
				t.Fatal(err)
			}
			a, _ := json.Marshal(line.Result)
			b, _ := json.Marshal(fresh[0].Result)
			if !bytes.Equal(a, b) {
				t.Errorf("reproduced result differs:\n got %s\nwant %s", a, b)
			}
		})
	}
}

func TestReportBadInput(t *testing.T) {
	tmp := t.TempDir()
	write := func(name, content string) string {
		p := filepath.Join(tmp, name)
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	raw, err := os.ReadFile(reportRecords)
	if err != nil {
		t.Fatal(err)
	}
	records := string(raw)
	lines := strings.Split(strings.TrimSpace(records), "\n")
	// The last record again with another closed form; all records again
	// under another seed and other ids.
	last := lines[len(lines)-1]
	conflict := strings.Replace(last, `"samples":`, `"samples":1`, 1) + "\n"
	if conflict == last+"\n" {
		t.Fatal("test record not of the expected form")
	}
	otherSeed := ""
	for _, l := range lines[1:] {
		otherSeed += strings.Replace(strings.Replace(l, `"seed":7`, `"seed":8`, 1), `"id":"`, `"id":"x`, 1) + "\n"
	}
	header := `{"syninfo_sweep":{"seed":1,"samples":0,"k":3,"groups":[{"name":"g","grid":{"neurons":4,"patterns":[2],"s2":[1],"rho":[0],"n":[1],"pattern":0}}]}}` + "\n"
	out := filepath.Join(tmp, "out")
	tests := []struct {
		name string
		args []string
	}{
		{"no file", []string{"report", "--out", out}},
		{"no out", []string{"report", reportRecords}},
		{"two files", []string{"report", reportRecords, reportRecords, "--out", out}},
		{"missing file", []string{"report", filepath.Join(tmp, "nope.jsonl"), "--out", out}},
		{"directory", []string{"report", tmp, "--out", out}},
		{"empty file", []string{"report", write("empty.jsonl", ""), "--out", out}},
		{"header only", []string{"report", write("header.jsonl", header), "--out", out}},
		{"not json", []string{"report", write("text.jsonl", "hello world\n"), "--out", out}},
		{"a case, not a record", []string{"report", write("case.jsonl", `{"patterns":[{"mu":[0,0],"sigma":[[1,0],[0,1]]}],"synapses":[[0,1]],"pattern":0}`+"\n"), "--out", out}},
		{"record without result", []string{"report", write("bare.jsonl", header+`{"id":"g/0000","seq":0,"group":"g"}`+"\n"), "--out", out}},
		{"bad flag", []string{"report", reportRecords, "--out", out, "--worst", "0"}},
		{"conflicting duplicate", []string{"report", write("dup.jsonl", records+conflict), "--out", out}},
		{"two seeds", []string{"report", write("mix.jsonl", records+otherSeed), "--out", out}},
		{"two sweep files joined", []string{"report", write("cat.jsonl", records+records), "--out", out}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			code, _, errOut := reportRun(t, "", tc.args...)
			if code != 2 {
				t.Errorf("exit %d, want 2 (stderr %q)", code, errOut)
			}
			if strings.Count(errOut, "\n") != 1 || !strings.HasPrefix(errOut, "syninfo report: ") || strings.Contains(errOut, "panic") {
				t.Errorf("stderr %q, want one line", errOut)
			}
		})
	}
}
