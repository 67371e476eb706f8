package sweep

import (
	"encoding/json"
	"fmt"
	"sort"

	"github.com/syninfo/syninfo/internal/jsonc"
	"github.com/syninfo/syninfo/simsets"
)

// gridDeprecated maps the older JSON names of Grid to the current ones
// (docs/vocabulary.md: n, the number of synapses, is "n"; "synapses" names
// the pairs of an ensemble in the case format).
var gridDeprecated = map[string]string{"synapses": "n"}

// UnmarshalJSON reads a Grid under the current names or the deprecated
// ones (not both for one field), refusing unknown fields.
func (g *Grid) UnmarshalJSON(b []byte) error {
	nb, err := jsonc.Rename(b, gridDeprecated, "grid")
	if err != nil {
		return err
	}
	type plain Grid // without this method
	var q plain
	if err := jsonc.Strict(nb, &q); err != nil {
		return fmt.Errorf("grid: %v", err)
	}
	*g = Grid(q)
	return nil
}

// paramsDeprecated maps the older JSON names of a record's Params.
var paramsDeprecated = map[string]string{"synapses": "n"}

// UnmarshalJSON reads a record's Params under the current names or the
// deprecated ones (result files written before the rename).
func (p *Params) UnmarshalJSON(b []byte) error {
	nb, err := jsonc.Rename(b, paramsDeprecated, "params")
	if err != nil {
		return err
	}
	type plain Params // without this method
	var q plain
	if err := json.Unmarshal(nb, &q); err != nil {
		return fmt.Errorf("params: %v", err)
	}
	*p = Params(q)
	return nil
}

// Deprecations lists the deprecated names a configuration uses, one
// message each ("groups[5].set.k_min is deprecated: use patterns_min"), for
// the command line to print on stderr. Data that does not parse gives none
// (ParseConfig reports the error).
func Deprecations(data []byte) []string {
	clean, err := jsonc.Strip(data)
	if err != nil {
		return nil
	}
	var cfg struct {
		Groups []struct {
			Grid map[string]json.RawMessage `json:"grid"`
			Set  map[string]json.RawMessage `json:"set"`
		} `json:"groups"`
	}
	if json.Unmarshal(clean, &cfg) != nil {
		return nil
	}
	var out []string
	for i, g := range cfg.Groups {
		for _, part := range []struct {
			name  string
			keys  map[string]json.RawMessage
			names map[string]string
		}{{"grid", g.Grid, gridDeprecated}, {"set", g.Set, simsets.DeprecatedNames}} {
			var found []string
			for k := range part.keys {
				if cur, ok := part.names[k]; ok {
					found = append(found, fmt.Sprintf("groups[%d].%s.%s is deprecated: use %s", i, part.name, k, cur))
				}
			}
			sort.Strings(found)
			out = append(out, found...)
		}
	}
	return out
}
