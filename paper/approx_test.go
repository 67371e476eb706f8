package paper

import (
	"encoding/json"
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/syninfo/syninfo/num"
	"github.com/syninfo/syninfo/reports"
	"github.com/syninfo/syninfo/simsets"
	"github.com/syninfo/syninfo/sweep"
)

// TestApproxTasksSubsample: the approximation subsample is the first
// ApproxDraws draws of set 2, set 3 and Fig 4's truth subsample, with the
// truth sweep's ids, and its config round-trips (or a rerun cannot resume).
func TestApproxTasksSubsample(t *testing.T) {
	s := QuickSizes()
	s.Set2Draws, s.Set3Draws, s.Fig4Draws, s.Fig4TruthDraws, s.Fig4TruthLens = 5, 6, 60, 2, []int{1, 20}
	s.ApproxDraws = 4
	cfg := ApproxConfig(1, s, []string{"corrected1"})
	b, err := json.Marshal(cfg)
	if err != nil {
		t.Fatal(err)
	}
	back, err := sweep.ParseConfig(b)
	if err != nil || !back.Equal(cfg) {
		t.Fatalf("approximation config does not round-trip: %v", err)
	}
	if cfg.Samples != 0 || len(cfg.Groups) != 3 {
		t.Fatalf("config samples %d, groups %d: want 0 samples and the 3 random sets", cfg.Samples, len(cfg.Groups))
	}
	var got []string
	for _, tk := range ApproxTasks(cfg, s) {
		got = append(got, tk.ID)
	}
	// Independently: Fig 4's truth subsample is its first 2 draws (all
	// taken), then every draw with n = 1 or 20: the first 4 of each.
	want := []string{"set2/0000", "set2/0001", "set2/0002", "set2/0003", "set3/0000", "set3/0001", "set3/0002", "set3/0003"}
	ones, twenties := 0, 0
	for j := 0; j < s.Fig4Draws; j++ {
		pt, err := simsets.Fig4().Case(1, s.Set3Draws+j)
		if err != nil {
			t.Fatal(err)
		}
		switch {
		case j < 2:
		case pt.Len == 1 && ones < 4:
			ones++
		case pt.Len == 20 && twenties < 4:
			twenties++
		default:
			continue
		}
		want = append(want, fmt.Sprintf("%s/%04d", groupFig4, s.Set3Draws+j))
	}
	if ones == 0 || twenties == 0 {
		t.Fatalf("the test's draws hold no n = 1 (%d) or n = 20 (%d) beyond the first 2", ones, twenties)
	}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("tasks\n got %v\nwant %v", got, want)
	}
}

// TestApproxStudyVerdicts: on hand-made draws where the truth and corrected1
// follow the paper's slopes exactly (corrected1 1% high) and the closed form
// is constant, the claims hold by the truth and corrected1 and do not by
// the closed form, and the errors are those put in.
func TestApproxStudyVerdicts(t *testing.T) {
	var set2, set3 []Draw
	// A balanced design (every K with every n, twice): ln K and ln n are
	// uncorrelated, so each one-variable slope is the slope put in.
	for i := 0; i < 50; i++ {
		k, n := []int{2, 5, 10, 20, 50}[i%5], []int{1, 2, 5, 10, 20}[(i/5)%5]
		// Set 2: ln I = 2 − 1.18 ln K + 1.07 ln n, inside the paper's CIs
		// of Figs 2C (−1.266, −1.100) and 3C (0.990, 1.160); set 3: slopes
		// −0.97 and 1.05, inside 2D's (−1.069, −0.869) and 3D's (0.965, 1.143).
		t2 := math.Exp(2 - 1.18*math.Log(float64(k)) + 1.07*math.Log(float64(n)))
		t3 := math.Exp(2 - 0.97*math.Log(float64(k)) + 1.05*math.Log(float64(n)))
		mk := func(truth float64) Draw {
			return Draw{K: k, Len: n, Status: "ok", MINats: 1, Truth: num.Float(truth), TruthSE: 0.01,
				Approx: map[string]ApproxValue{"corrected1": {MINats: num.Float(1.01 * truth), Status: "ok"}}}
		}
		set2, set3 = append(set2, mk(t2)), append(set3, mk(t3))
	}
	// A draw without approximations is not in the subsample.
	set2 = append(set2, Draw{K: 3, Len: 3, Status: "ok", MINats: 50, Truth: 1e-9})
	st := approxStudy([]string{"corrected1"}, set2, set3, nil)
	if st.Set2Draws != 50 || st.Set3Draws != 50 || st.Fig4Draws != 0 {
		t.Fatalf("subsample sizes %d %d %d", st.Set2Draws, st.Set3Draws, st.Fig4Draws)
	}
	for _, c := range st.Claims[:4] {
		if v := c.Verdicts["truth"].Holds; v != Holds {
			t.Errorf("%s truth: %s (%s)", c.ID, v, c.Verdicts["truth"].Detail)
		}
		if v := c.Verdicts["corrected1"].Holds; v != Holds {
			t.Errorf("%s corrected1: %s (%s)", c.ID, v, c.Verdicts["corrected1"].Detail)
		}
		if v := c.Verdicts["fw"].Holds; v != DoesNotHold {
			t.Errorf("%s fw: %s (%s)", c.ID, v, c.Verdicts["fw"].Detail)
		}
	}
	for _, c := range st.Claims[4:] {
		if v := c.Verdicts["truth"].Holds; v != Undetermined {
			t.Errorf("%s truth without Fig 4 draws: %s", c.ID, v)
		}
	}
	e := st.Errors["corrected1"]
	if e.Draws != 100 || math.Abs(float64(e.MedianRel)-0.01) > 1e-12 {
		t.Errorf("corrected1 errors %+v, want 100 draws, median relative 0.01", e)
	}
	res := &Result{Sizes: QuickSizes(), Approx: st}
	page, err := reports.RenderMarkdown(&reports.Page{Title: "t", Blocks: approxBlocks(res)})
	if err != nil {
		t.Fatal(err)
	}
	md := string(page)
	for _, s := range []string{"corrected1 (subsample, failures dropped) gives the truth's verdict (holds or not) on 4 of the 4 claims",
		"where the closed form disagrees with the truth (fig2c, fig2d, fig3c, fig3d), it agrees with the truth on 4 of 4 (fig2c, fig2d, fig3c, fig3d)"} {
		if !strings.Contains(md, s) {
			t.Errorf("pages lack %q:\n%s", s, md)
		}
	}
}
