package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/syninfo/syninfo/paper"
)

// tinyPaperSizes make an in-process reproduction of a few seconds.
func tinyPaperSizes() *paper.Sizes {
	return &paper.Sizes{
		Set2Draws: 12, Set3Draws: 12, Fig4Draws: 40, Set1Grid: 3,
		TruthSamples: 200, Fig4TruthDraws: 8, Fig4TruthSamples: 200,
		Set1TruthK: []int{2}, Set1TruthStride: 2, Set1TruthLen: []int{1, 2}, Set1TruthSamples: 200,
		ApproxDraws: 2,
		Synergy: paper.SynergySizes{Neurons: []int{6}, K: []int{2, 3}, MaxK: 10, Points: 4,
			TruthMaxLen: 2, TruthSamples: 200, TruthNeurons: []int{6}},
	}
}

func withTinyPaper(t *testing.T) {
	t.Helper()
	old := paperSizes
	paperSizes = tinyPaperSizes()
	t.Cleanup(func() { paperSizes = old })
}

func TestPaperBadFlags(t *testing.T) {
	file := filepath.Join(t.TempDir(), "f")
	if err := os.WriteFile(file, []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{
		{"paper"},
		{"paper", "--quick"},
		{"paper", "--out", t.TempDir(), "--bogus"},
		{"paper", "--out", t.TempDir(), "extra"},
		{"paper", "--out", t.TempDir(), "--workers", "-1"},
		{"paper", "--out", t.TempDir(), "--seed", "minus"},
		{"paper", "--out", t.TempDir(), "--approximations", "corrected3"},
		{"paper", "--out", t.TempDir(), "--approximations", "corrected1,"},
		{"paper", "--out", t.TempDir(), "--approximations", "fw"},
	} {
		code, out, errOut := knnCLI(t, "", args...)
		if code != 2 {
			t.Errorf("%v: exit %d, want 2 (stderr %q)", args, code, errOut)
		}
		if strings.Count(errOut, "\n") != 1 || strings.Contains(errOut, "panic") || strings.Contains(errOut, "goroutine") {
			t.Errorf("%v: want a one-line error, got %q", args, errOut)
		}
		_ = out // the flag package prints the usage on a parse error
	}
	// An output that cannot be written is a failed operation: exit 1.
	if code, _, errOut := knnCLI(t, "", "paper", "--out", file); code != 1 || !strings.Contains(errOut, "--out") {
		t.Errorf("--out a file: exit %d, %q; want 1 naming --out", code, errOut)
	}
}

// truthLines returns the records of a truth sweep file keyed by id.
func truthLines(t *testing.T, path string) (string, map[string]string) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(string(data), "\n"), "\n")
	recs := map[string]string{}
	for _, l := range lines[1:] {
		var r struct {
			ID string `json:"id"`
		}
		if err := json.Unmarshal([]byte(l), &r); err != nil {
			t.Fatalf("%s: %v", l, err)
		}
		var v any
		json.Unmarshal([]byte(l), &v)
		m := v.(map[string]any)
		delete(m, "seq") // the same in both; kept for clarity
		b, _ := json.Marshal(m)
		recs[r.ID] = string(b)
	}
	return lines[0], recs
}

func TestPaperQuickSchemaAndResume(t *testing.T) {
	if testing.Short() {
		t.Skip("runs a small reproduction twice")
	}
	withTinyPaper(t)
	dir := t.TempDir()
	code, out, errOut := knnCLI(t, "", "paper", "--quick", "--out", dir)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if !strings.Contains(out, "fig2c") || !strings.Contains(out, "wrote") {
		t.Errorf("stdout: %q", out)
	}
	// paper.json: every key the issue names.
	data, err := os.ReadFile(filepath.Join(dir, "paper.json"))
	if err != nil {
		t.Fatal(err)
	}
	var doc map[string]any
	if err := json.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	statKeys := []string{"slope", "slope_ci", "r", "p", "draws_used", "draws_failed", "failed_by_kind"}
	for _, fig := range []string{"fig2c", "fig2d", "fig3c", "fig3d"} {
		f, ok := doc[fig].(map[string]any)
		if !ok {
			t.Fatalf("paper.json: no object %s", fig)
		}
		truthOnKept := f["truth_on_kept"].(map[string]any)
		for name, part := range map[string]map[string]any{"closed form": f, "truth": f["truth"].(map[string]any),
			"truth_on_kept": truthOnKept, "filled": f["closed_form_filled"].(map[string]any)} {
			for _, k := range statKeys {
				if _, ok := part[k]; !ok {
					t.Errorf("%s %s: key %s missing", fig, name, k)
				}
			}
			if ci, ok := part["slope_ci"].([]any); !ok || len(ci) != 2 {
				t.Errorf("%s %s: slope_ci %v, want [lo, hi]", fig, name, part["slope_ci"])
			}
			used, failed := part["draws_used"].(float64), part["draws_failed"].(float64)
			var byKind float64
			for _, v := range part["failed_by_kind"].(map[string]any) {
				byKind += v.(float64)
			}
			if byKind != failed {
				t.Errorf("%s %s: failed_by_kind sums to %v, draws_failed %v", fig, name, byKind, failed)
			}
			want := 12.0 // every draw of the set
			if name == "truth_on_kept" {
				want = f["draws_used"].(float64) // the draws the closed form kept
			}
			if used+failed != want {
				t.Errorf("%s %s: used %v + failed %v, want %v draws", fig, name, used, failed, want)
			}
		}
		if f["paper"] == nil {
			t.Errorf("%s: no paper numbers", fig)
		}
	}
	f4 := doc["fig4"].(map[string]any)
	for _, part := range []string{"closed_form", "closed_form_subsample", "truth"} {
		p, ok := f4[part].(map[string]any)
		if !ok {
			t.Fatalf("fig4.%s missing", part)
		}
		for _, k := range []string{"per_n", "mean_vs_n", "sd_vs_n", "student_1_vs_4", "student_4_vs_20", "welch_1_vs_4", "welch_4_vs_20", "draws_used", "draws_failed"} {
			if _, ok := p[k]; !ok {
				t.Errorf("fig4.%s.%s missing", part, k)
			}
		}
	}
	if c, ok := doc["claims"].([]any); !ok || len(c) < 7 {
		t.Errorf("claims: %v", doc["claims"])
	}
	if s, ok := doc["synergy"].(map[string]any); !ok || len(s["points"].([]any)) == 0 {
		t.Errorf("synergy: %v", doc["synergy"])
	}
	// The claims with each approximation, on 2 draws of each random set.
	if a, ok := doc["approximations"].(map[string]any); !ok || a["set2_draws"] != 2.0 || a["set3_draws"] != 2.0 || a["fig4_draws"] != 2.0 ||
		len(a["claims"].([]any)) != 7 || a["errors"].(map[string]any)["corrected1"] == nil {
		t.Errorf("approximations: %v", doc["approximations"])
	}
	// Pages: self-contained HTML with the figures inline.
	page, err := os.ReadFile(filepath.Join(dir, "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Count(page, []byte("<svg")) < 10 || bytes.Contains(page, []byte("<script")) || bytes.Contains(page, []byte(`src="http`)) || bytes.Contains(page, []byte("<img")) {
		t.Errorf("index.html is not self-contained with inline figures")
	}
	for _, name := range []string{"report.md", "fig2c.svg", "fig2c.png", "fig4_mean.svg", "synergy_set3_n6.svg", "synergy_map_set3_n6.png"} {
		if _, err := os.Stat(filepath.Join(dir, name)); err != nil {
			t.Error(err)
		}
	}

	// Resume: cut the truth file after a third of its records plus a torn
	// line, rerun: the records equal the uninterrupted run's.
	truth := filepath.Join(dir, "truth.jsonl")
	head, want := truthLines(t, truth)
	raw, _ := os.ReadFile(truth)
	lines := strings.SplitAfter(string(raw), "\n")
	keep := 1 + (len(lines)-1)/3
	cut := strings.Join(lines[:keep], "") + lines[keep][:len(lines[keep])/2]
	dir2 := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir2, "truth.jsonl"), []byte(cut), 0o644); err != nil {
		t.Fatal(err)
	}
	code, _, errOut = knnCLI(t, "", "paper", "--quick", "--out", dir2, "--workers", "1")
	if code != 0 {
		t.Fatalf("resume: exit %d: %s", code, errOut)
	}
	head2, got := truthLines(t, filepath.Join(dir2, "truth.jsonl"))
	if head2 != head {
		t.Error("resumed truth file has another header")
	}
	if len(got) != len(want) {
		t.Fatalf("resumed: %d records, want %d", len(got), len(want))
	}
	var ids []string
	for id := range want {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	for _, id := range ids {
		if got[id] != want[id] {
			t.Errorf("record %s differs after resume:\n%s\n%s", id, got[id], want[id])
		}
	}
	// The statistics from the resumed run equal the uninterrupted run's.
	a, _ := os.ReadFile(filepath.Join(dir, "paper.json"))
	b, _ := os.ReadFile(filepath.Join(dir2, "paper.json"))
	if stripTiming(t, a) != stripTiming(t, b) {
		t.Error("paper.json differs between the resumed and the uninterrupted run")
	}
	// Figures are deterministic bytes (the second run used one worker).
	for _, name := range []string{"fig2c.svg", "fig2c.png", "fig3a.svg", "fig4_mean.png", "synergy_map_set3_n6.svg"} {
		x, _ := os.ReadFile(filepath.Join(dir, name))
		y, _ := os.ReadFile(filepath.Join(dir2, name))
		if len(x) == 0 || !bytes.Equal(x, y) {
			t.Errorf("%s differs between two runs", name)
		}
	}
}

func stripTiming(t *testing.T, data []byte) string {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(data, &m); err != nil {
		t.Fatal(err)
	}
	delete(m, "timing")
	delete(m, "provenance")
	if s, ok := m["synergy"].(map[string]any); ok {
		delete(s, "seconds")
	}
	b, _ := json.Marshal(m)
	return string(b)
}
