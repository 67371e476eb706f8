package reports

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/syninfo/syninfo/num"
	"github.com/syninfo/syninfo/sweep"
)

// cloneRecord deep-copies a record through its JSON.
func cloneRecord(t *testing.T, r *sweep.Record) *sweep.Record {
	t.Helper()
	b, err := json.Marshal(r)
	if err != nil {
		t.Fatal(err)
	}
	c := new(sweep.Record)
	if err := json.Unmarshal(b, c); err != nil {
		t.Fatal(err)
	}
	return c
}

// firstCompared returns the first record with both values finite.
func firstCompared(t *testing.T, recs []*sweep.Record) int {
	t.Helper()
	for i, r := range recs {
		if r.Error != nil && r.Error.Abs.Valid() {
			return i
		}
	}
	t.Fatal("no compared record")
	return -1
}

// unescapedPipes counts the pipes of a Markdown table row that are not
// escaped with a backslash.
func unescapedPipes(line string) int {
	n := 0
	for i := 0; i < len(line); i++ {
		switch line[i] {
		case '\\':
			i++
		case '|':
			n++
		}
	}
	return n
}

// Group names and ids are input: whatever they hold, report.md's tables
// keep their columns and neither page carries the name as markup.
func TestEscaping(t *testing.T) {
	cfg, recs := readRecords(t)
	for _, name := range []string{"<script>alert(1)</script>", "a|b|c", "*bold* _em_ `code` [link](x)", "line\nbreak", "# heading", "&amp; &lt;", `back\slash|`} {
		t.Run(name, func(t *testing.T) {
			var rs []*sweep.Record
			for _, r := range recs {
				c := cloneRecord(t, r)
				if c.Group == "ensembles" {
					c.Group = name
				}
				rs = append(rs, c)
			}
			dir := t.TempDir()
			// Without the header: the name is not the config's group name.
			if err := Write(dir, rs, Options{}); err != nil {
				t.Fatal(err)
			}
			md, _ := os.ReadFile(filepath.Join(dir, MarkdownFile))
			html, _ := os.ReadFile(filepath.Join(dir, HTMLFile))
			if strings.Contains(string(html), "<script") || strings.Contains(string(md), "<script") {
				t.Error("a <script> element reached the page")
			}
			if strings.Contains(string(html), name) && strings.ContainsAny(name, "<>&") {
				t.Errorf("index.html holds the raw name %q", name)
			}
			// Every row of a table has as many cells as its header.
			lines := strings.Split(string(md), "\n")
			for i := 0; i+1 < len(lines); i++ {
				if !strings.HasPrefix(lines[i], "| ") || !strings.HasPrefix(lines[i+1], "|-") {
					continue
				}
				want := unescapedPipes(lines[i])
				for j := i + 2; j < len(lines) && strings.HasPrefix(lines[j], "|"); j++ {
					if got := unescapedPipes(lines[j]); got != want {
						t.Errorf("line %d has %d cell separators, its header %d: %s", j+1, got, want, lines[j])
					}
				}
			}
			_ = cfg
		})
	}
}

func TestMarkdownEscapeTable(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"I_FW − I", "I_FW − I"},
		{"_em_", `\_em\_`},
		{"a*b", `a\*b`},
		{"<b>", "&lt;b&gt;"},
		{"x | y", "x | y"},
		{"[x](y)", `\[x\](y)`},
		{"[0.15, 0.35)", "[0.15, 0.35)"},
		{"a\nb", "a b"},
		{"&lt;", "&amp;lt;"},
		{"Fan & Mysore", "Fan & Mysore"},
		{"&#60;", `&amp;\#60;`},
	} {
		if got := mdEscape(tc.in); got != tc.want {
			t.Errorf("mdEscape(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
	if got := mdCell(Cell{Text: "a|b"}); got != `a\|b` {
		t.Errorf("mdCell pipe: %q", got)
	}
	if got := mdCode("a `b` | c"); got != "``a `b` \\| c``" {
		t.Errorf("mdCode: %q", got)
	}
}

// An id repeated with the same contents is counted once (and said); with
// different contents the report refuses, naming the id.
func TestDuplicates(t *testing.T) {
	cfg, recs := readRecords(t)
	i := firstCompared(t, recs)
	same := append(append([]*sweep.Record{}, recs...), cloneRecord(t, recs[i]))
	dir := t.TempDir()
	if err := Write(dir, same, Options{Config: cfg}); err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := Summary(&buf, recs); err != nil {
		t.Fatal(err)
	}
	md, _ := os.ReadFile(filepath.Join(dir, MarkdownFile))
	if !bytes.Contains(md, []byte("repeats 1 records identically")) {
		t.Error("report.md does not say that a record was repeated")
	}
	csvB, _ := os.ReadFile(filepath.Join(dir, CSVFile))
	if n := bytes.Count(csvB, []byte("\n")); n != len(recs)+1 {
		t.Errorf("results.csv has %d lines, want %d (the duplicate once)", n, len(recs)+1)
	}
	c := cloneRecord(t, recs[i])
	c.Analytic.MINats += 1
	conflict := append(append([]*sweep.Record{}, recs...), c)
	err := Write(t.TempDir(), conflict, Options{Config: cfg})
	if err == nil || !strings.Contains(err.Error(), recs[i].ID) || !strings.Contains(err.Error(), "different contents") {
		t.Errorf("conflicting duplicate: error %v, want one naming %s", err, recs[i].ID)
	}
}

// Records of two configurations are refused with a message naming both.
func TestTwoConfigurations(t *testing.T) {
	cfg, recs := readRecords(t)
	var other []*sweep.Record
	for _, r := range recs {
		c := cloneRecord(t, r)
		c.Seed = cfg.Seed + 1
		c.ID = "other-" + c.ID
		other = append(other, c)
	}
	mixed := append(append([]*sweep.Record{}, recs...), other...)
	err := Write(t.TempDir(), mixed, Options{})
	if err == nil || !strings.Contains(err.Error(), "seed 7") || !strings.Contains(err.Error(), "seed 8") {
		t.Errorf("two seeds: error %v, want one naming seeds 7 and 8", err)
	}
	// With the header: a record of another seed, and a record whose id the
	// header's configuration does not have.
	err = Write(t.TempDir(), other, Options{Config: cfg})
	if err == nil || !strings.Contains(err.Error(), "seed 7") || !strings.Contains(err.Error(), "seed 8") {
		t.Errorf("header seed 7, records seed 8: error %v", err)
	}
	stranger := cloneRecord(t, recs[0])
	stranger.ID = "nosuchgroup/0000"
	err = Write(t.TempDir(), append(append([]*sweep.Record{}, recs...), stranger), Options{Config: cfg})
	if err == nil || !strings.Contains(err.Error(), "nosuchgroup/0000") {
		t.Errorf("id outside the header's configuration: error %v", err)
	}
	moved := cloneRecord(t, recs[0])
	moved.Params.Neurons++
	rs := append([]*sweep.Record{moved}, recs[1:]...)
	err = Write(t.TempDir(), rs, Options{Config: cfg})
	if err == nil || !strings.Contains(err.Error(), moved.ID) {
		t.Errorf("parameters differing from the header's: error %v", err)
	}
}

// Values of any magnitude (1e300, the largest float) give a report: the
// figures leave them out with a note; the tables keep them.
func TestHugeValues(t *testing.T) {
	cfg, recs := readRecords(t)
	i := firstCompared(t, recs)
	for _, x := range []float64{1e300, -1e300, math.MaxFloat64, 1e7} {
		rs := append([]*sweep.Record{}, recs...)
		c := cloneRecord(t, recs[i])
		c.Analytic.MINats = num.Float(x)
		c.Error.Abs = num.Float(x - float64(c.Truth.MINats))
		rs[i] = c
		dir := t.TempDir()
		if err := Write(dir, rs, Options{Config: cfg}); err != nil {
			t.Fatalf("closed form %g: %v", x, err)
		}
		md, _ := os.ReadFile(filepath.Join(dir, MarkdownFile))
		if !bytes.Contains(md, []byte("the figures leave them out")) || !bytes.Contains(md, []byte(c.ID)) {
			t.Errorf("closed form %g: report.md does not name the case left out of the figures", x)
		}
	}
}

// A case that could not be computed (a failure, no result) is listed, not
// counted among the compared cases, and does not stop the report.
func TestFailedRecords(t *testing.T) {
	cfg, recs := readRecords(t)
	rs := append([]*sweep.Record{}, recs...)
	f := cloneRecord(t, recs[3])
	f.Result, f.Failure = nil, "exact reference: grid too large"
	rs[3] = f
	dir := t.TempDir()
	if err := Write(dir, rs, Options{Config: cfg}); err != nil {
		t.Fatal(err)
	}
	md, _ := os.ReadFile(filepath.Join(dir, MarkdownFile))
	for _, want := range []string{"Cases that could not be computed", "exact reference: grid too large", "1 case could not be computed", "Cases: " + fmt.Sprint(len(recs)-1)} {
		if !bytes.Contains(md, []byte(want)) {
			t.Errorf("report.md lacks %q", want)
		}
	}
	var buf bytes.Buffer
	if err := Summary(&buf, rs); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(buf.String(), "1 that could not be computed") {
		t.Errorf("summary does not count the failed case:\n%s", buf.String())
	}
}
