package paper

import (
	"strings"
	"testing"

	"github.com/syninfo/syninfo/reports"
)

// pageOf renders a result's page as Markdown and HTML.
func pageOf(t *testing.T, res *Result) (md, html string) {
	t.Helper()
	p := buildPage(res, nil, nil)
	m, err := reports.RenderMarkdown(p)
	if err != nil {
		t.Fatal(err)
	}
	h, err := reports.RenderHTML(p)
	if err != nil {
		t.Fatal(err)
	}
	return string(m), string(h)
}

func claimsFixture() []Claim {
	return []Claim{
		{ID: "fig2c", Text: "ln I falls with ln K", Paper: "slope -1.183", Verdicts: map[string]Verdict{
			"closed_form_dropped": {Holds, "slope -1.2"}, "closed_form_authors": {Holds, "x"}, "closed_form_filled": {HoldsDifferent, "x"},
			"truth": {DoesNotHold, "slope 0.1"}, "truth_on_kept": {Undetermined, "x"}}},
		{ID: "fig4_mean", Text: "the mean rises", Paper: "r = 0.70", Verdicts: map[string]Verdict{
			"closed_form_dropped": {DoesNotHold, "r = -0.1"}, "truth": {DoesNotHold, "r = 0.1"}}},
	}
}

// A quick run says so in the title and beside every verdict, with the
// draws behind it; a full-size run says nothing of the kind.
func TestPageQuickRunLabels(t *testing.T) {
	res := &Result{Seed: 1, Sizes: QuickSizes(), Truth: true, Claims: claimsFixture()}
	res.Fig4.SubsampleDraws = 716
	md, html := pageOf(t, res)
	if !strings.HasPrefix(md, "# Reproduction of Fan & Mysore (arXiv:2411.17692) with syninfo — quick run\n") {
		t.Errorf("title: %q", strings.SplitN(md, "\n", 2)[0])
	}
	for _, v := range []string{Holds, HoldsDifferent, DoesNotHold, Undetermined} {
		for _, line := range strings.Split(md, "\n") {
			for _, cell := range strings.Split(line, " | ") {
				c := strings.Trim(cell, "| *")
				if strings.HasPrefix(c, v+" ") || strings.HasPrefix(c, v+":") || c == v {
					if !strings.Contains(cell, "(quick run: ") {
						t.Errorf("verdict without the quick-run label: %q", cell)
					}
				}
			}
		}
	}
	for _, want := range []string{"(quick run: 300 set-2 draws)", "(quick run: 3000 draws)", "(quick run: 716-draw subsample, M = 600)"} {
		if !strings.Contains(md, want) {
			t.Errorf("report.md lacks %q", want)
		}
	}
	if strings.Contains(md, "closed_form_dropped") {
		t.Error("report.md names a verdict source by its JSON key")
	}
	for _, class := range []string{`class="good"`, `class="bad"`, `class="warn"`} {
		if !strings.Contains(html, class) {
			t.Errorf("index.html has no verdict cell coloured %s", class)
		}
	}
	full := &Result{Seed: 1, Sizes: FullSizes(), Truth: true, Claims: claimsFixture()}
	md, _ = pageOf(t, full)
	if strings.Contains(md, "quick run") || strings.Contains(md, "reduced run") {
		t.Error("a full-size run is labelled quick or reduced")
	}
	tiny := QuickSizes()
	tiny.Set2Draws = 12
	if RunKind(tiny) != "reduced run" || RunKind(QuickSizes()) != "quick run" || RunKind(FullSizes()) != "" {
		t.Error("RunKind")
	}
}
