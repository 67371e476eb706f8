package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"strings"
)

// Units of information. Every command that prints information takes
// --units nats|bits. The default, nats, prints the JSON as it is (the unit
// of sweep records and reports: field names end in _nats). In bits each
// line ends with "units":"bits", a field named X_nats becomes X_bits (its value
// divided by ln 2; dropped when an X_bits field is already there), and the
// fields below, which carry information without a unit in their name, are
// divided by ln 2. Every other number (counts, eigenvalues, relative errors,
// z-scores, p-values) is unit-free and unchanged.
var infoFields = map[string]bool{
	"se":                   true, // standard error of an estimate
	"error_estimate":       true, // exact reference's error estimate
	"exact_error_estimate": true,
	"error_bound":          true, // closed form's rounding-error bound
	"abs":                  true, // |closed form minus truth|
	"signed":               true, // closed form minus truth
	"bias":                 true, // truth's estimated remaining bias
	"uncertainty":          true, // truth's combined one-sigma uncertainty
	"tolerance":            true, // error below which no error is real
	"nested":               true, // entropy differences on nested prefixes
	"h_w":                  true, // differential entropies of W and W^(-m)
	"h_w_rest":             true,
}

const unitsHelp = "unit of information in the output: nats or bits (bits = nats / ln 2)"

// unitsFlag adds --units to a command's flags.
func unitsFlag(fs *flags) *string {
	return fs.String("units", "nats", unitsHelp)
}

// checkUnits validates a --units value.
func checkUnits(u string) error {
	if u != "nats" && u != "bits" {
		return usageErrorf("--units: %q is not nats or bits", u)
	}
	return nil
}

// jsonLineUnits writes v as one JSON line in the given units (in bits with
// a "units" field at the end).
func jsonLineUnits(w io.Writer, v any, units string) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	if units == "bits" {
		if b, err = inUnits(b, units); err != nil {
			return err
		}
	}
	_, err = w.Write(append(b, '\n'))
	return err
}

// inUnits rewrites a JSON object (in nats) into units, keeping the order of
// its fields, and appends "units".
func inUnits(b []byte, units string) ([]byte, error) {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	var out bytes.Buffer
	if err := convertValue(dec, &out, units == "bits", true); err != nil {
		return nil, fmt.Errorf("units: %v", err)
	}
	return out.Bytes(), nil
}

// convertValue copies one JSON value from dec to out; top marks the
// outermost object, which receives the "units" field.
func convertValue(dec *json.Decoder, out *bytes.Buffer, bits, top bool) error {
	tok, err := dec.Token()
	if err != nil {
		return err
	}
	switch t := tok.(type) {
	case json.Delim:
		switch t {
		case '{':
			return convertObject(dec, out, bits, top)
		case '[':
			out.WriteByte('[')
			for i := 0; dec.More(); i++ {
				if i > 0 {
					out.WriteByte(',')
				}
				if err := convertValue(dec, out, bits, false); err != nil {
					return err
				}
			}
			_, err := dec.Token() // ]
			out.WriteByte(']')
			return err
		}
		return fmt.Errorf("unexpected %v", t)
	default:
		v, _ := json.Marshal(t)
		out.Write(v)
		return nil
	}
}

// convertObject copies the rest of an object whose '{' was read.
func convertObject(dec *json.Decoder, out *bytes.Buffer, bits, top bool) error {
	type field struct {
		key string
		val json.RawMessage
	}
	var fields []field
	have := map[string]bool{}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return err
		}
		key := tok.(string)
		var val bytes.Buffer
		if err := convertValue(dec, &val, bits, false); err != nil {
			return err
		}
		fields = append(fields, field{key, val.Bytes()})
		have[key] = true
	}
	if _, err := dec.Token(); err != nil { // }
		return err
	}
	out.WriteByte('{')
	n := 0
	put := func(k string, v []byte) {
		if n > 0 {
			out.WriteByte(',')
		}
		n++
		kb, _ := json.Marshal(k)
		out.Write(kb)
		out.WriteByte(':')
		out.Write(v)
	}
	for _, f := range fields {
		if top && f.key == "units" {
			continue
		}
		if !bits {
			put(f.key, f.val)
			continue
		}
		if base, ok := strings.CutSuffix(f.key, "_nats"); ok {
			if have[base+"_bits"] {
				continue
			}
			put(base+"_bits", toBits(f.val))
			continue
		}
		if infoFields[f.key] {
			put(f.key, toBits(f.val))
			continue
		}
		put(f.key, f.val)
	}
	if top {
		unit := "nats"
		if bits {
			unit = "bits"
		}
		put("units", []byte(`"`+unit+`"`))
	}
	out.WriteByte('}')
	return nil
}

// toBits divides a JSON number by ln 2 (null and non-numbers unchanged).
func toBits(v []byte) []byte {
	var xs []*float64 // an array of numbers (nulls kept)
	if json.Unmarshal(v, &xs) == nil {
		for _, x := range xs {
			if x != nil {
				*x /= math.Ln2
			}
		}
		if b, err := json.Marshal(xs); err == nil {
			return b
		}
		return v
	}
	var x float64
	if err := json.Unmarshal(v, &x); err != nil {
		return v
	}
	b, err := json.Marshal(x / math.Ln2)
	if err != nil {
		return v
	}
	return b
}
