package sweep

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"
)

// TestDeprecatedNames reads one configuration under the old and the new
// names, and lists the old ones it used.
func TestDeprecatedNames(t *testing.T) {
	old := `{"seed": 1, "samples": 0, "k": 3, "groups": [
	  {"name": "g", "grid": {"neurons": 6, "patterns": [2], "s2": [1], "rho": [0], "synapses": [1, 2], "pattern": 0}},
	  {"name": "s", "set": {"set": 2, "draws": 2, "k_max": 5, "len_max": 3}}]}`
	cur := `{"seed": 1, "samples": 0, "k": 3, "groups": [
	  // the same, in today's names
	  {"name": "g", "grid": {"neurons": 6, "patterns": [2], "s2": [1], "rho": [0], "n": [1, 2], "pattern": 0}},
	  {"name": "s", "set": {"set": 2, "draws": 2, "patterns_max": 5, "n_max": 3}}]}`
	a, err := ParseConfig([]byte(old))
	if err != nil {
		t.Fatal(err)
	}
	b, err := ParseConfig([]byte(cur))
	if err != nil {
		t.Fatal(err)
	}
	if !a.Equal(b) {
		t.Error("old and new names give different configurations")
	}
	ta, tb := a.Tasks(), b.Tasks()
	if len(ta) != 4 || len(ta) != len(tb) {
		t.Fatalf("%d and %d tasks, want 4", len(ta), len(tb))
	}
	for i := range ta {
		if ta[i].ID != tb[i].ID || ta[i].Params != tb[i].Params {
			t.Errorf("task %d: %+v, %+v", i, ta[i].Params, tb[i].Params)
		}
	}
	want := []string{
		"groups[0].grid.synapses is deprecated: use n",
		"groups[1].set.k_max is deprecated: use patterns_max",
		"groups[1].set.len_max is deprecated: use n_max",
	}
	if got := Deprecations([]byte(old)); !reflect.DeepEqual(got, want) {
		t.Errorf("Deprecations = %q, want %q", got, want)
	}
	if got := Deprecations([]byte(cur)); got != nil {
		t.Errorf("Deprecations of current names = %q", got)
	}
	if got := Deprecations(DefaultConfigJSON()); got != nil {
		t.Errorf("the default configuration uses deprecated names: %q", got)
	}
	both := strings.Replace(cur, `"n": [1, 2]`, `"n": [1, 2], "synapses": [1]`, 1)
	if _, err := ParseConfig([]byte(both)); err == nil || !strings.Contains(err.Error(), `"n" and its deprecated name "synapses" both given`) {
		t.Errorf("both names: %v", err)
	}
}

// TestRecordParamsOldName reads a record written before "synapses" (the
// number n) became "n".
func TestRecordParamsOldName(t *testing.T) {
	var a, b Params
	if err := json.Unmarshal([]byte(`{"set":1,"neurons":6,"patterns":2,"synapses":3,"pattern":0,"s2":1}`), &a); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal([]byte(`{"set":1,"neurons":6,"patterns":2,"n":3,"pattern":0,"s2":1}`), &b); err != nil {
		t.Fatal(err)
	}
	if a != b || a.Synapses != 3 {
		t.Errorf("old %+v, new %+v", a, b)
	}
	out, _ := json.Marshal(b)
	if !strings.Contains(string(out), `"n":3`) || strings.Contains(string(out), "synapses") {
		t.Errorf("written as %s", out)
	}
}
