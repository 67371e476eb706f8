package model

import (
	"io"
	"math"
)

// NewDecoderAt returns a Decoder reading r, a part of a larger input that
// starts at byte offset off, after cases cases: its error messages then
// name the byte and the case as a Decoder over the whole input would.
func NewDecoderAt(r io.Reader, off int64, cases int) *Decoder {
	d := NewDecoder(r)
	d.base, d.count = off, cases
	return d
}

// DecodeLine decodes line (typically one line of JSON Lines input) when it
// holds exactly one valid case and otherwise only whitespace. It parses
// the bytes in place, without copying them, by the same code as Decoder.
//
// ok is false (and c nil) in every other event: a blank line, an
// incomplete case (a case spread over several lines), several cases, a
// syntax error, an invalid case. DecodeLine reports no error: a caller that
// splits its input into lines decodes from a line that is not ok onwards
// with NewDecoderAt, which gives the error exactly as one Decoder over the
// whole input would (or decodes the cases that span lines).
func DecodeLine(line []byte) (c *Case, ok bool) {
	return decodeLine(line, nil)
}

// LineDecoder is DecodeLine for a caller that is done with each case
// before it decodes the next line: it decodes into the memory of the case
// it returned last (the numbers and the rows of the matrices), so that a
// stream of cases allocates little. A LineDecoder is not safe for use by
// several goroutines at once.
type LineDecoder struct {
	arena arena
}

// Decode is DecodeLine. The case it returns is valid until the next call
// of Decode (which overwrites its numbers).
func (l *LineDecoder) Decode(line []byte) (*Case, bool) {
	a := &l.arena
	if a.usedFloats > len(a.floats) {
		a.floats = make([]float64, a.usedFloats)
	}
	if a.usedRows > len(a.rows) {
		a.rows = make([][]float64, a.usedRows)
	}
	a.usedFloats, a.usedRows = 0, 0
	return decodeLine(line, a)
}

func decodeLine(line []byte, a *arena) (c *Case, ok bool) {
	d := &Decoder{buf: line, end: len(line), eof: true, stable: len(line) < math.MaxInt32, arena: a}
	d.skipSpace()
	if d.pos >= d.end || d.buf[d.pos] != '{' {
		return nil, false
	}
	defer func() {
		if r := recover(); r != nil {
			if _, isDecode := r.(*decodeError); !isDecode {
				panic(r)
			}
			c, ok = nil, false
		}
	}()
	c = d.parseCase()
	d.skipSpace()
	if d.pos < d.end {
		return nil, false
	}
	if c.Validate() != nil {
		return nil, false
	}
	return c, true
}
