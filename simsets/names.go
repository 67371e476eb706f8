package simsets

import (
	"fmt"

	"github.com/syninfo/syninfo/internal/jsonc"
)

// DeprecatedNames maps the older JSON names of Params to the current ones
// (docs/vocabulary.md: K is "patterns", ρ "rho", n "n"; "k" is kept for the
// neighbours of the k-NN estimators).
var DeprecatedNames = map[string]string{
	"k":       "patterns",
	"r":       "rho",
	"len":     "n",
	"k_min":   "patterns_min",
	"k_max":   "patterns_max",
	"len_min": "n_min",
	"len_max": "n_max",
}

// UnmarshalJSON reads Params under the current names or the deprecated
// ones (not both for one field), refusing unknown fields.
func (p *Params) UnmarshalJSON(b []byte) error {
	nb, err := jsonc.Rename(b, DeprecatedNames, "set")
	if err != nil {
		return err
	}
	type plain Params // without this method
	var q plain
	if err := jsonc.Strict(nb, &q); err != nil {
		return fmt.Errorf("set: %v", err)
	}
	*p = Params(q)
	return nil
}
