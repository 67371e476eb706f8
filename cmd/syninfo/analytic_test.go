package main

import (
	"encoding/json"
	"math"
	"strings"
	"testing"
)

// TestAnalyticApproximation: --approximation corrected1 on a singleton is the
// exact reference (to its 1e-4 tolerance); unknown names are usage errors.
func TestAnalyticApproximation(t *testing.T) {
	code, out, errs := cli(t, twoPatterns, "analytic", "--approximation", "corrected1", "-")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	var got struct {
		Approximation string  `json:"approximation"`
		Status        string  `json:"status"`
		MINats        float64 `json:"mi_nats"`
	}
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatal(err)
	}
	code, out, errs = cli(t, twoPatterns, "exact", "-")
	if code != 0 {
		t.Fatalf("exact: exit %d: %s", code, errs)
	}
	var ex struct {
		MINats float64 `json:"mi_nats"`
	}
	if err := json.Unmarshal([]byte(out), &ex); err != nil {
		t.Fatal(err)
	}
	if got.Approximation != "corrected1" || got.Status != "ok" || math.Abs(got.MINats-ex.MINats) > 2e-4 {
		t.Errorf("corrected1 %+v, exact %v", got, ex.MINats)
	}
	for _, name := range []string{"corrected3", "bogus"} {
		code, _, errs := cli(t, twoPatterns, "analytic", "--approximation", name, "-")
		if code != 2 || !strings.Contains(errs, "--approximation") || strings.Count(strings.TrimSpace(errs), "\n") > 0 {
			t.Errorf("%s: exit %d, %q", name, code, errs)
		}
	}
}

// TestAnalyticTopLevelSigma: a case whose patterns inherit the top-level
// sigma gives the same line as the case with the sigma repeated.
func TestAnalyticTopLevelSigma(t *testing.T) {
	_, a, _ := cli(t, twoPatterns, "analytic", "-")
	_, b, errs := cli(t, `{"sigma":[[1,0],[0,1]],"patterns":[{"mu":[0,0]},{"mu":[0,0]}],"synapses":[[0,1]],"pattern":0}`, "analytic", "-")
	if a != b || a == "" {
		t.Errorf("repeated sigma %q, top-level sigma %q (%s)", a, b, errs)
	}
}
