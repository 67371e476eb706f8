package reports

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"encoding/xml"
	"errors"
	"flag"
	"fmt"
	"image/png"
	"io"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"cmp"

	"github.com/syninfo/syninfo/compare"
	"github.com/syninfo/syninfo/num"
	"github.com/syninfo/syninfo/sweep"
)

var update = flag.Bool("update", false, "rewrite the golden reports testdata/*.md.golden")

// testdata/records.jsonl is the sweep testdata/sweep.json (seed 7, 2000
// samples), run once with syninfo sweep and merged; it holds all three
// statuses, exact and entropy-difference truths, and an infinite truth with
// a finite closed form.
const recordsFile = "testdata/records.jsonl"

func readRecords(t *testing.T) (*sweep.Config, []*sweep.Record) {
	t.Helper()
	cfg, recs, err := sweep.ReadSweepFile(recordsFile)
	if err != nil {
		t.Fatal(err)
	}
	return cfg, recs
}

// writeReport writes the report of the test records to dir "report" under a
// fresh working directory and returns that directory's absolute path.
func writeReport(t *testing.T, recs []*sweep.Record, cfg *sweep.Config) string {
	t.Helper()
	wd := t.TempDir()
	t.Chdir(wd)
	if err := Write("report", recs, Options{Config: cfg, Source: recordsFile}); err != nil {
		t.Fatal(err)
	}
	return filepath.Join(wd, "report")
}

func TestRecordsCoverStatuses(t *testing.T) {
	_, recs := readRecords(t)
	// The header must still parse strictly as a current sweep config (a
	// stale one would make the reproduction commands build other cases).
	raw, err := os.ReadFile(recordsFile)
	if err != nil {
		t.Fatal(err)
	}
	var h struct {
		Sweep json.RawMessage `json:"syninfo_sweep"`
	}
	if err := json.Unmarshal(raw[:bytes.IndexByte(raw, '\n')], &h); err != nil {
		t.Fatal(err)
	}
	if _, err := sweep.ParseConfig(h.Sweep); err != nil {
		t.Fatalf("testdata header is not a current sweep config (regenerate testdata/records.jsonl from testdata/sweep.json): %v", err)
	}
	seen := map[string]bool{}
	infWithValue := false
	for _, r := range recs {
		seen[r.Analytic.Status] = true
		kind := r.Truth.Method
		if r.EntropyDiff != nil && kind == r.EntropyDiff.Method {
			kind = "entropy_diff"
		}
		seen["truth:"+kind] = true
		infWithValue = infWithValue || (r.Truth.Infinite && r.Analytic.MINats.Valid())
	}
	for _, s := range []string{"ok", "infinite", "not_positive_definite", "truth:exact", "truth:entropy_diff", "truth:model"} {
		if !seen[s] {
			t.Errorf("test records lack %s", s)
		}
	}
	if !infWithValue {
		t.Error("test records lack an infinite truth with a finite closed form")
	}
}

// approxRecordsFile is the sweep testdata/approx-sweep.json (seed 3, 2000
// samples, approximations fw, corrected1 and corrected2 on set-1 grids and
// set-2 and set-3 draws with n ≤ 6), run once with syninfo sweep: the
// records behind the ranking of the approximations.
const approxRecordsFile = "testdata/approx-records.jsonl"

// goldenCases pair each test sweep file with its golden report.md.
var goldenCases = []struct{ records, golden string }{
	{recordsFile, "testdata/report.md.golden"},
	{approxRecordsFile, "testdata/approx-report.md.golden"},
}

func TestGoldenMarkdown(t *testing.T) {
	for _, gc := range goldenCases {
		t.Run(filepath.Base(gc.records), func(t *testing.T) {
			cfg, recs, err := sweep.ReadSweepFile(gc.records)
			if err != nil {
				t.Fatal(err)
			}
			golden, err := filepath.Abs(gc.golden)
			if err != nil {
				t.Fatal(err)
			}
			dir := writeReport(t, recs, cfg)
			got, err := os.ReadFile(filepath.Join(dir, MarkdownFile))
			if err != nil {
				t.Fatal(err)
			}
			if *update {
				if err := os.WriteFile(golden, got, 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test -update once)", err)
			}
			if !bytes.Equal(got, want) {
				gl, wl := strings.Split(string(got), "\n"), strings.Split(string(want), "\n")
				for i := range min(len(gl), len(wl)) {
					if gl[i] != wl[i] {
						t.Fatalf("report.md differs from the golden file at line %d:\n got: %s\nwant: %s", i+1, gl[i], wl[i])
					}
				}
				t.Fatalf("report.md differs from the golden file in length: %d lines, want %d", len(gl), len(wl))
			}
		})
	}
}

func TestFiles(t *testing.T) {
	cfg, recs := readRecords(t)
	dir := writeReport(t, recs, cfg)
	for _, name := range FigureNames {
		svgB, err := os.ReadFile(filepath.Join(dir, "fig-"+name+".svg"))
		if err != nil {
			t.Fatal(err)
		}
		// The SVG is well-formed XML with an <svg> root.
		dec := xml.NewDecoder(bytes.NewReader(svgB))
		root := ""
		for {
			tok, err := dec.Token()
			if errors.Is(err, io.EOF) {
				break
			}
			if err != nil {
				t.Fatalf("fig-%s.svg: %v", name, err)
			}
			if se, ok := tok.(xml.StartElement); ok && root == "" {
				root = se.Name.Local
			}
		}
		if root != "svg" {
			t.Errorf("fig-%s.svg: root element %q", name, root)
		}
		f, err := os.Open(filepath.Join(dir, "fig-"+name+".png"))
		if err != nil {
			t.Fatal(err)
		}
		img, err := png.Decode(f)
		f.Close()
		if err != nil {
			t.Fatalf("fig-%s.png: %v", name, err)
		}
		if b := img.Bounds(); b.Dx() < 500 || b.Dy() < 300 {
			t.Errorf("fig-%s.png is %dx%d pixels, too small to read", name, b.Dx(), b.Dy())
		}
	}
	// The config the reproduction commands read is the sweep's own.
	b, err := os.ReadFile(filepath.Join(dir, ConfigFile))
	if err != nil {
		t.Fatal(err)
	}
	back, err := sweep.ParseConfig(b)
	if err != nil {
		t.Fatal(err)
	}
	if !back.Equal(cfg) {
		t.Errorf("%s does not read back as the sweep's config", ConfigFile)
	}
}

func TestHTMLSelfContained(t *testing.T) {
	cfg, recs := readRecords(t)
	dir := writeReport(t, recs, cfg)
	b, err := os.ReadFile(filepath.Join(dir, HTMLFile))
	if err != nil {
		t.Fatal(err)
	}
	html := string(b)
	for _, bad := range []string{"http://", "https://", "//cdn", "<script", "<link", "src=\"http", "url("} {
		if strings.Contains(strings.ToLower(html), bad) {
			t.Errorf("index.html contains %q", bad)
		}
	}
	if n := strings.Count(html, "<svg"); n != len(FigureNames) {
		t.Errorf("index.html holds %d inline figures, want %d", n, len(FigureNames))
	}
	if strings.Count(html, "<svg") != strings.Count(html, "</svg>") {
		t.Error("index.html: unbalanced <svg> elements")
	}
	for _, want := range []string{"nats", "syninfo cases report/sweep-config.json --id", "<style>"} {
		if !strings.Contains(html, want) {
			t.Errorf("index.html lacks %q", want)
		}
	}
}

func TestDeterministic(t *testing.T) {
	for _, gc := range goldenCases {
		t.Run(filepath.Base(gc.records), func(t *testing.T) {
			cfg, recs, err := sweep.ReadSweepFile(gc.records)
			if err != nil {
				t.Fatal(err)
			}
			a := writeReport(t, recs, cfg)
			rev := slices.Clone(recs)
			slices.Reverse(rev)
			b := writeReport(t, rev, cfg)
			entries, err := os.ReadDir(a)
			if err != nil {
				t.Fatal(err)
			}
			figs := len(FigureNames)
			if gc.records == approxRecordsFile {
				figs++ // the ranking figure
			}
			if len(entries) != 4+2*figs {
				t.Errorf("%d files written, want %d", len(entries), 4+2*figs)
			}
			for _, e := range entries {
				x, _ := os.ReadFile(filepath.Join(a, e.Name()))
				y, err := os.ReadFile(filepath.Join(b, e.Name()))
				if err != nil {
					t.Fatal(err)
				}
				if !bytes.Equal(x, y) {
					t.Errorf("%s differs between two runs on the same records", e.Name())
				}
			}
		})
	}
}

func TestCSV(t *testing.T) {
	cfg, recs := readRecords(t)
	dir := writeReport(t, recs, cfg)
	f, err := os.Open(filepath.Join(dir, CSVFile))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != len(recs)+1 {
		t.Fatalf("%d rows, want %d records + header", len(rows), len(recs))
	}
	col := map[string]int{}
	for i, h := range rows[0] {
		col[h] = i
	}
	byID := map[string]*sweep.Record{}
	for _, r := range recs {
		byID[r.ID] = r
	}
	parse := func(s string) float64 {
		if s == "" {
			return math.NaN()
		}
		v, err := strconv.ParseFloat(s, 64)
		if err != nil {
			t.Fatalf("cell %q: %v", s, err)
		}
		return v
	}
	same := func(a float64, b num.Float) bool {
		return a == float64(b) || math.IsNaN(a) && !b.Valid()
	}
	prevSeq := -1
	for _, row := range rows[1:] {
		r := byID[row[col["id"]]]
		if r == nil {
			t.Fatalf("unknown id %q", row[col["id"]])
		}
		seq, _ := strconv.Atoi(row[col["seq"]])
		if seq != r.Seq || seq < prevSeq {
			t.Errorf("%s: seq %d out of order or wrong (record %d)", r.ID, seq, r.Seq)
		}
		prevSeq = seq
		if row[col["status"]] != r.Analytic.Status || row[col["truth_method"]] != r.Truth.Method {
			t.Errorf("%s: status/method %q/%q", r.ID, row[col["status"]], row[col["truth_method"]])
		}
		if !same(parse(row[col["closed_form_nats"]]), r.Analytic.MINats) {
			t.Errorf("%s: closed form %q, want %v", r.ID, row[col["closed_form_nats"]], r.Analytic.MINats)
		}
		if r.Truth.Infinite {
			if row[col["truth_nats"]] != "+Inf" {
				t.Errorf("%s: infinite truth written %q", r.ID, row[col["truth_nats"]])
			}
		} else if !same(parse(row[col["truth_nats"]]), r.Truth.MINats) {
			t.Errorf("%s: truth %q, want %v", r.ID, row[col["truth_nats"]], r.Truth.MINats)
		}
		if r.Error != nil && !same(parse(row[col["error_signed_nats"]]), r.Error.Signed) {
			t.Errorf("%s: error %q, want %v", r.ID, row[col["error_signed_nats"]], r.Error.Signed)
		}
		if r.Error != nil && !same(parse(row[col["error_abs_nats"]]), r.Error.Abs) {
			t.Errorf("%s: |error| %q, want |%v|", r.ID, row[col["error_abs_nats"]], r.Error.Abs)
		}
		if k, _ := strconv.Atoi(row[col["patterns_K"]]); k != r.Params.Patterns {
			t.Errorf("%s: K %d, want %d", r.ID, k, r.Params.Patterns)
		}
	}
}

// The largest-errors table ranks by |I_FW − I| (brute force here), not by
// the error in standard errors of the truth.
func TestWorstCases(t *testing.T) {
	cfg, recs := readRecords(t)
	var byAbs []*sweep.Record
	for _, r := range recs {
		if r.Error != nil && r.Error.Abs.Valid() {
			byAbs = append(byAbs, r)
		}
	}
	slices.SortStableFunc(byAbs, func(a, b *sweep.Record) int {
		return cmp.Compare(math.Abs(float64(b.Error.Abs)), math.Abs(float64(a.Error.Abs)))
	})
	vs, err := views(sortRecords(recs))
	if err != nil {
		t.Fatal(err)
	}
	bl := worstBlocks(vs, Options{Config: cfg, Worst: 10}, "R/sweep-config.json")
	var html *Table
	for _, b := range bl {
		if b.Only == "html" {
			html = b.Table
		}
	}
	if html == nil || len(html.Rows) != 10 {
		t.Fatalf("largest-errors table missing or not of 10 rows: %+v", bl)
	}
	for i, row := range html.Rows {
		if row[0].Text != byAbs[i].ID {
			t.Errorf("row %d: %s, want %s (|error| %v)", i, row[0].Text, byAbs[i].ID, byAbs[i].Error.Abs)
		}
	}
	top := byAbs[0]
	want := fmt.Sprintf("syninfo cases R/sweep-config.json --id %s | syninfo compare --seed %d --samples %d", top.ID, top.Seed, top.Samples)
	if got := html.Rows[0][len(html.Rows[0])-1].Text; got != want {
		t.Errorf("command %q, want %q", got, want)
	}
}

func TestCommandFlags(t *testing.T) {
	r := &sweep.Record{ID: "g/0001", Seed: 3, Samples: 500}
	tests := []struct {
		cfg    *sweep.Config
		config string
		want   string
	}{
		{nil, "", "syninfo cases CONFIG --id g/0001 | syninfo compare --seed 3 --samples 500"},
		{&sweep.Config{K: 3}, "out/sweep-config.json", "syninfo cases out/sweep-config.json --id g/0001 | syninfo compare --seed 3 --samples 500"},
		{&sweep.Config{K: 5, NoKSG: true}, "my dir/c.json", "syninfo cases 'my dir/c.json' --id g/0001 | syninfo compare --seed 3 --samples 500 --k 5 --no-ksg"},
	}
	for _, tc := range tests {
		if got := Command(r, tc.cfg, tc.config); got != tc.want {
			t.Errorf("Command = %q, want %q", got, tc.want)
		}
	}
	if got := shellQuote("it's"); got != `'it'\''s'` {
		t.Errorf("shellQuote = %s", got)
	}
}

func TestSummaryCounts(t *testing.T) {
	_, recs := readRecords(t)
	var buf bytes.Buffer
	if err := Summary(&buf, recs); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(buf.String()), "\n")
	groups := map[string]int{}
	st := map[string]int{}
	for _, r := range recs {
		groups[r.Group]++
		st[r.Analytic.Status]++
	}
	if len(lines) != 2+len(groups)+1 {
		t.Errorf("summary has %d lines, want %d:\n%s", len(lines), 3+len(groups), buf.String())
	}
	head := fmt.Sprintf("%d cases: %d ok, %d infinite", len(recs), st["ok"], st["infinite"])
	if !strings.HasPrefix(lines[0], head) || !strings.Contains(lines[0], fmt.Sprintf("%d not_positive_definite", st["not_positive_definite"])) {
		t.Errorf("summary head %q, want it to start %q", lines[0], head)
	}
	for g, n := range groups {
		found := false
		for _, l := range lines[2:] {
			f := strings.Fields(l)
			if len(f) > 1 && f[0] == g && f[1] == strconv.Itoa(n) {
				found = true
			}
		}
		if !found {
			t.Errorf("summary lacks group %s with %d cases:\n%s", g, n, buf.String())
		}
	}
}

func TestWriteErrors(t *testing.T) {
	dir := t.TempDir()
	if err := Write(dir, nil, Options{}); err == nil {
		t.Error("no records accepted")
	}
	if err := Write(dir, []*sweep.Record{{ID: "x"}}, Options{}); err == nil {
		t.Error("record without result accepted")
	}
}

// A report of records whose closed form always failed still draws every
// figure (as "no data") rather than failing or panicking.
func TestFailuresOnly(t *testing.T) {
	recs := []*sweep.Record{
		{ID: "a/0", Group: "a", Params: sweep.Params{Set: 1, Neurons: 4, Patterns: 1, Synapses: 1}, Result: &compare.Result{
			Analytic: compare.Analytic{Status: "infinite", MINats: num.Float(math.NaN())}, Truth: compare.Truth{Method: "model", Infinite: true}}},
		{ID: "a/1", Seq: 1, Group: "a", Params: sweep.Params{Set: 3, Neurons: 4, Patterns: 2, Synapses: 6}, Result: &compare.Result{
			Analytic: compare.Analytic{Status: "not_positive_definite", MINats: num.Float(math.NaN())}, Truth: compare.Truth{Method: "none", MINats: num.Float(math.NaN())}}},
	}
	dir := t.TempDir()
	if err := Write(dir, recs, Options{}); err != nil {
		t.Fatal(err)
	}
	md, _ := os.ReadFile(filepath.Join(dir, MarkdownFile))
	for _, want := range []string{"No case has both a finite closed form and a finite truth.", "syninfo cases CONFIG --id a/1", "Cases: 2 (closed form infinite: 1, not positive definite: 1)"} {
		if !bytes.Contains(md, []byte(want)) {
			t.Errorf("report.md lacks %q", want)
		}
	}
}
