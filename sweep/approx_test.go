package sweep

import (
	"strings"
	"testing"
)

// TestConfigApproximations: "approximations" reaches every case's compare
// options, and names that cannot be computed are refused with the field.
func TestConfigApproximations(t *testing.T) {
	base := `{"seed": 1, "samples": 0, "k": 3, "approximations": %s,
	  "groups": [{"name": "g", "grid": {"neurons": 6, "patterns": [3], "s2": [0.5], "rho": [0.2], "synapses": [1], "pattern": 0}}]}`
	cfg, err := ParseConfig([]byte(strings.Replace(base, "%s", `["corrected1"]`, 1)))
	if err != nil {
		t.Fatal(err)
	}
	tasks := cfg.Tasks()
	if o := cfg.CaseOptions(tasks[0]); len(o.Approximations) != 1 || o.Approximations[0] != "corrected1" {
		t.Errorf("case options %+v", o)
	}
	for _, bad := range []string{`["corrected3"]`, `["bogus"]`} {
		if _, err := ParseConfig([]byte(strings.Replace(base, "%s", bad, 1))); err == nil || !strings.Contains(err.Error(), "approximations[0]") {
			t.Errorf("%s: %v", bad, err)
		}
	}
}
