package main

import (
	"encoding/json"
	"os"
	"os/exec"
	"path"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// TestContributingPackageGraph checks the package table of CONTRIBUTING.md
// against `go list`: one row per package of the module, and each row's
// imports column names exactly the module packages the package imports
// (by their last path element), so that the documented graph cannot drift.
func TestContributingPackageGraph(t *testing.T) {
	if testing.Short() {
		t.Skip("runs go list over the module")
	}
	doc, err := os.ReadFile("../../CONTRIBUTING.md")
	if err != nil {
		t.Fatal(err)
	}
	const module = "github.com/syninfo/syninfo"
	row := regexp.MustCompile("(?m)^\\| `([a-z/]+?)/?` \\| .* \\| (.*) \\|$")
	documented := map[string][]string{}
	for _, m := range row.FindAllStringSubmatch(string(doc), -1) {
		var imps []string
		cell := regexp.MustCompile(`\(.*?\)`).ReplaceAllString(m[2], "")
		for _, f := range strings.Split(cell, ",") {
			if f = strings.TrimSpace(f); f != "" && f != "–" {
				imps = append(imps, f)
			}
		}
		slices.Sort(imps)
		documented[m[1]] = imps
	}
	cmd := exec.Command("go", "list", "-json", module+"/...")
	cmd.Dir = "../.."
	out, err := cmd.Output()
	if err != nil {
		t.Skipf("SKIPPED: go list failed (%v): no toolchain to check the graph with", err)
	}
	dec := json.NewDecoder(strings.NewReader(string(out)))
	seen := 0
	for dec.More() {
		var p struct {
			ImportPath string
			Imports    []string
		}
		if err := dec.Decode(&p); err != nil {
			t.Fatal(err)
		}
		rel := strings.TrimPrefix(strings.TrimPrefix(p.ImportPath, module), "/")
		want, ok := documented[rel]
		if !ok {
			t.Errorf("CONTRIBUTING.md has no row for package %s", rel)
			continue
		}
		seen++
		var got []string
		for _, imp := range p.Imports {
			if strings.HasPrefix(imp, module+"/") {
				got = append(got, path.Base(imp))
			}
		}
		slices.Sort(got)
		if !slices.Equal(got, want) {
			t.Errorf("CONTRIBUTING.md: %s imports %v, the table says %v", rel, got, want)
		}
		if rel == "compare" && slices.Contains(got, "simsets") {
			t.Error("compare imports simsets")
		}
	}
	if seen != len(documented) {
		t.Errorf("CONTRIBUTING.md documents %d packages, go list has %d of them", len(documented), seen)
	}
}
