// Package num holds Float, the number type of every JSON output: a float64
// that reads and writes NaN and ±Inf as null. It imports only the standard
// library so that any package may use it.
package num

import (
	"encoding/json"
	"math"
)

// Float is a float64 that travels through JSON as null when it is NaN or
// infinite (JSON has no such numbers) and at full precision otherwise. A
// null reads back as NaN.
type Float float64

// MarshalJSON implements json.Marshaler.
func (x Float) MarshalJSON() ([]byte, error) {
	f := float64(x)
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return []byte("null"), nil
	}
	return json.Marshal(f)
}

// UnmarshalJSON implements json.Unmarshaler.
func (x *Float) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		*x = Float(math.NaN())
		return nil
	}
	var f float64
	if err := json.Unmarshal(b, &f); err != nil {
		return err
	}
	*x = Float(f)
	return nil
}

// Valid reports whether x is a finite number.
func (x Float) Valid() bool { return !math.IsNaN(float64(x)) && !math.IsInf(float64(x), 0) }
