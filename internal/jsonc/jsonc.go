// Package jsonc owns the JSON-with-comments syntax of configuration files:
// // line comments and /* block */ comments outside strings, removed by
// Strip without moving any other byte (so offsets, lines and columns of
// errors stay those of the file), and Decode, which reports a decoding
// error with its line and column.
package jsonc

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
)

// Strip returns data with every comment outside strings replaced by spaces
// (newlines kept). An unterminated block comment is an error with its
// line and column.
func Strip(data []byte) ([]byte, error) {
	out := bytes.Clone(data)
	inString := false
	for i := 0; i < len(out); i++ {
		c := out[i]
		switch {
		case inString:
			if c == '\\' {
				i++
			} else if c == '"' {
				inString = false
			}
		case c == '"':
			inString = true
		case c == '/' && i+1 < len(out) && out[i+1] == '/':
			for i < len(out) && out[i] != '\n' {
				out[i] = ' '
				i++
			}
		case c == '/' && i+1 < len(out) && out[i+1] == '*':
			end := bytes.Index(out[i+2:], []byte("*/"))
			if end < 0 {
				l, col := Position(data, i)
				return nil, fmt.Errorf("line %d, column %d: unterminated /* comment", l, col)
			}
			for j := i; j < i+2+end+2; j++ {
				if out[j] != '\n' {
					out[j] = ' '
				}
			}
			i += 2 + end + 1
		}
	}
	return out, nil
}

// Position returns the 1-based line and column (in bytes) of offset.
func Position(data []byte, offset int) (line, col int) {
	offset = max(0, min(offset, len(data)))
	before := data[:offset]
	line = 1 + bytes.Count(before, []byte{'\n'})
	col = offset - bytes.LastIndexByte(before, '\n')
	return line, col
}

// Decode strips comments from data and decodes it into v, refusing unknown
// fields and trailing data; an error names the line and column.
func Decode(data []byte, v any) error {
	clean, err := Strip(data)
	if err != nil {
		return err
	}
	dec := json.NewDecoder(bytes.NewReader(clean))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		off := int(dec.InputOffset())
		var se *json.SyntaxError
		var te *json.UnmarshalTypeError
		switch {
		case errors.As(err, &se):
			off = int(se.Offset) - 1 // the offending byte
		case errors.As(err, &te):
			off = int(te.Offset)
		case errors.Is(err, io.ErrUnexpectedEOF):
			off = len(data)
		default:
			// "json: unknown field \"x\"": point at the key.
			if name, ok := strings.CutPrefix(err.Error(), "json: unknown field "); ok {
				if i := bytes.Index(clean, []byte(name)); i >= 0 {
					off = i
				}
			}
		}
		l, c := Position(data, off)
		return fmt.Errorf("line %d, column %d: %v", l, c, err)
	}
	if _, err := dec.Token(); err != io.EOF {
		l, c := Position(data, int(dec.InputOffset())-1)
		return fmt.Errorf("line %d, column %d: data after the end of the configuration", l, c)
	}
	return nil
}

// Rename rewrites the keys of a JSON object from deprecated names to
// current ones (names maps old to new); what labels the error when both
// names of one field are given. The result is the object re-encoded.
func Rename(b []byte, names map[string]string, what string) ([]byte, error) {
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(b, &raw); err != nil {
		return nil, err
	}
	for old, cur := range names {
		if v, ok := raw[old]; ok {
			if _, both := raw[cur]; both {
				return nil, fmt.Errorf("%s: %q and its deprecated name %q both given", what, cur, old)
			}
			raw[cur] = v
			delete(raw, old)
		}
	}
	return json.Marshal(raw)
}

// Strict decodes one JSON value (no comments) into v, refusing unknown
// fields; errors carry no position (for values re-encoded by Rename, whose
// positions are not the file's: the caller's Decode adds the file's).
func Strict(b []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	return dec.Decode(v)
}
