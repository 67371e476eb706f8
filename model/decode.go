package model

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
)

// Decoder reads cases from a stream holding one JSON object or many (JSON
// Lines, or any whitespace-separated sequence of objects).
type Decoder struct {
	dec   *json.Decoder
	count int
}

// NewDecoder returns a Decoder reading from r.
func NewDecoder(r io.Reader) *Decoder {
	d := json.NewDecoder(r)
	d.DisallowUnknownFields()
	return &Decoder{dec: d}
}

// Next decodes and validates the next case. It returns io.EOF after the last
// one. Any other error is one line naming the case (1-based) and the field.
func (d *Decoder) Next() (*Case, error) {
	var c Case
	err := d.dec.Decode(&c)
	if err == io.EOF {
		return nil, io.EOF
	}
	d.count++
	if err != nil {
		return nil, fmt.Errorf("case %d: %s", d.count, describeJSONError(err))
	}
	if err := c.Validate(); err != nil {
		return nil, fmt.Errorf("case %d: %w", d.count, err)
	}
	return &c, nil
}

// ReadAll decodes every case of r.
func ReadAll(r io.Reader) ([]*Case, error) {
	d := NewDecoder(r)
	var cases []*Case
	for {
		c, err := d.Next()
		if err == io.EOF {
			if len(cases) == 0 {
				return nil, errors.New("input: no case found")
			}
			return cases, nil
		}
		if err != nil {
			return nil, err
		}
		cases = append(cases, c)
	}
}

// Parse decodes and validates exactly one case from data.
func Parse(data []byte) (*Case, error) {
	d := NewDecoder(bytes.NewReader(data))
	c, err := d.Next()
	if err == io.EOF {
		return nil, errors.New("input: no case found")
	}
	if err != nil {
		return nil, err
	}
	if d.dec.More() {
		return nil, errors.New("input: more than one case")
	}
	return c, nil
}

// describeJSONError turns encoding/json errors into one line that names the field.
func describeJSONError(err error) string {
	var te *json.UnmarshalTypeError
	var se *json.SyntaxError
	switch {
	case errors.As(err, &te):
		field := te.Field
		if field == "" {
			field = "case"
		}
		return fmt.Sprintf("%s: got JSON %s, want %s", field, te.Value, te.Type)
	case errors.As(err, &se):
		return fmt.Sprintf("invalid JSON at byte %d: %v", se.Offset, se)
	case errors.Is(err, io.ErrUnexpectedEOF):
		return "invalid JSON: input ends inside a case"
	}
	return err.Error()
}
