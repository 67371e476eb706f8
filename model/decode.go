package model

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"unicode/utf8"
	"unsafe"
)

// MaxNumbers bounds the numbers one case may hold (2^27, 1 GiB of
// float64): a larger case is refused before it exhausts memory.
const MaxNumbers = 1 << 27

// Decoder reads cases from a stream holding one JSON object or many (JSON
// Lines, or any whitespace-separated sequence of objects).
//
// It is a streaming parser written for the case format: it reads the input
// in blocks, never holds more than the case being decoded, parses numbers
// with strconv, and refuses with a one-line error naming the field anything
// that is not a case: unknown fields, null or a string where a number
// belongs, a fraction where an index belongs, a missing "pattern", numbers
// that overflow.
//
// The format: {"id": string (optional), "sigma": matrix (optional),
// "patterns": [{"mu": [..], "sigma": matrix (optional)}, ..],
// "synapses": [[i, j], ..], "pattern": m}. A pattern without its own
// "sigma" takes the top-level one (so patterns that share a Sigma need not
// repeat it); then the patterns share one matrix.
type Decoder struct {
	r     io.Reader
	buf   []byte
	pos   int   // next unread byte in buf
	end   int   // end of the valid bytes in buf
	base  int64 // input offset of buf[0]
	eof   bool  // r is exhausted (or failed: rerr)
	rerr  error
	count int // cases started
	nums  int // numbers in the current case
	// stable: buf is the whole input and never moves (DecodeLine), so
	// matrices may use mirror.
	stable bool
	mirror mirror
	width  int // of the last matrix: the likely length of the next rows and mu
	arena  *arena
}

// arena is memory a LineDecoder hands out again for every line: the
// numbers and row slices of the last case it returned.
type arena struct {
	floats []float64
	rows   [][]float64
	// Used by the current line, and asked for beyond the arena (then the
	// next line gets an arena that large).
	usedFloats, usedRows int
}

// floatSpace returns n float64s for the case being decoded (from the
// arena, if any).
func (d *Decoder) floatSpace(n int) []float64 {
	a := d.arena
	if a == nil {
		return make([]float64, n)
	}
	i := a.usedFloats
	a.usedFloats += n
	if a.usedFloats > len(a.floats) {
		return make([]float64, n)
	}
	return a.floats[i:a.usedFloats:a.usedFloats]
}

// rowSpace returns an empty slice of rows with room for n.
func (d *Decoder) rowSpace(n int) [][]float64 {
	a := d.arena
	if a == nil {
		return make([][]float64, 0, n)
	}
	i := a.usedRows
	a.usedRows += n
	if a.usedRows > len(a.rows) {
		return make([][]float64, 0, n)
	}
	return a.rows[i:i:a.usedRows]
}

// NewDecoder returns a Decoder reading from r.
func NewDecoder(r io.Reader) *Decoder {
	return &Decoder{r: r, buf: make([]byte, 64<<10)}
}

// decodeError is a parse failure: field names the JSON path, msg says what.
type decodeError struct{ field, msg string }

func (e *decodeError) Error() string {
	if e.field == "" {
		return e.msg
	}
	return e.field + ": " + e.msg
}

// fail aborts the current case (recovered in Next).
func fail(field, format string, args ...any) {
	panic(&decodeError{field, fmt.Sprintf(format, args...)})
}

// Next decodes and validates the next case. It returns io.EOF after the last
// one. Any other error is one line naming the case (1-based) and the field.
func (d *Decoder) Next() (c *Case, err error) {
	d.skipSpace()
	if d.pos >= d.end {
		if d.rerr != nil {
			return nil, fmt.Errorf("input: %v", d.rerr)
		}
		return nil, io.EOF
	}
	d.count++
	d.nums = 0
	defer func() {
		if r := recover(); r != nil {
			de, ok := r.(*decodeError)
			if !ok {
				panic(r)
			}
			c, err = nil, fmt.Errorf("case %d: %w", d.count, de)
		}
	}()
	c = d.parseCase()
	if err := c.Validate(); err != nil {
		return nil, fmt.Errorf("case %d: %w", d.count, err)
	}
	return c, nil
}

// fill reads more input after compacting the buffer (and growing it when
// the unread part fills it). It returns false at the end of the input.
func (d *Decoder) fill() bool {
	if d.eof {
		return false
	}
	if d.pos > 0 {
		n := copy(d.buf, d.buf[d.pos:d.end])
		d.base += int64(d.pos)
		d.pos, d.end = 0, n
	}
	if d.end == len(d.buf) {
		d.buf = append(d.buf, make([]byte, len(d.buf))...)
	}
	for {
		n, err := d.r.Read(d.buf[d.end:])
		d.end += n
		if err != nil {
			d.eof = true
			if err != io.EOF {
				d.rerr = err
			}
			return n > 0
		}
		if n > 0 {
			return true
		}
	}
}

// peek returns the next byte (0 at the end of the input) without consuming it.
func (d *Decoder) peek() byte {
	if d.pos >= d.end && !d.fill() {
		return 0
	}
	return d.buf[d.pos]
}

func (d *Decoder) skipSpace() {
	for {
		for d.pos < d.end {
			switch d.buf[d.pos] {
			case ' ', '\t', '\n', '\r':
				d.pos++
			default:
				return
			}
		}
		if !d.fill() {
			return
		}
	}
}

// offset is the input offset of the next byte.
func (d *Decoder) offset() int64 { return d.base + int64(d.pos) }

// syntax fails with an invalid-JSON error at the current offset.
func (d *Decoder) syntax(want string) {
	b := d.peek()
	got := "end of input"
	if d.pos < d.end {
		got = strconv.QuoteRune(rune(b))
		if b >= utf8.RuneSelf {
			got = fmt.Sprintf("byte 0x%02x", b)
		}
	}
	if d.rerr != nil && d.pos >= d.end {
		fail("", "input: %v", d.rerr)
	}
	if got == "end of input" {
		fail("", "invalid JSON: input ends inside a case (at byte %d)", d.offset())
	}
	fail("", "invalid JSON at byte %d: %s, want %s", d.offset(), got, want)
}

// expect consumes b (after whitespace) or fails.
func (d *Decoder) expect(b byte) {
	d.skipSpace()
	if d.peek() != b {
		d.syntax(strconv.QuoteRune(rune(b)))
	}
	d.pos++
}

// kind names the JSON value starting with b, for "got X, want Y" messages.
func kind(b byte) string {
	switch {
	case b == 'n':
		return "null"
	case b == 't' || b == 'f':
		return "a boolean"
	case b == '"':
		return "a string"
	case b == '[':
		return "an array"
	case b == '{':
		return "an object"
	case b == '-' || b >= '0' && b <= '9':
		return "a number"
	}
	return "no JSON value"
}

// wrongType fails at field with "got <kind>, want <want>", or with the
// bare word itself when it is not a JSON literal (nan, nul, Infinity); any
// other byte that starts no JSON value is a syntax error.
func (d *Decoder) wrongType(field func() string, want string) {
	b := d.peek()
	if b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' {
		// A bare word: kind judges by the first byte only, and nan, nul,
		// fals or Infinity are not the literals they start like.
		if w := string(d.token()); w != "null" && w != "true" && w != "false" {
			fail(field(), "invalid JSON: got %q, want %s", w, want)
		}
	}
	k := kind(b)
	if k == "no JSON value" {
		d.syntax(want)
	}
	fail(field(), "got %s, want %s", k, want)
}

// open consumes the opening bracket of an object or array (open is '{' or
// '[', close its pair) at field, and reports whether the container is empty
// (then its closing bracket is consumed too).
func (d *Decoder) open(field func() string, want string, open, close byte) (empty bool) {
	d.skipSpace()
	if d.peek() != open {
		d.wrongType(field, want)
	}
	d.pos++
	d.skipSpace()
	if d.peek() == close {
		d.pos++
		return true
	}
	return false
}

// objectMembers calls fn with each key of the object that starts here.
func (d *Decoder) objectMembers(field func() string, fn func(key string)) {
	if d.open(field, "an object", '{', '}') {
		return
	}
	for {
		d.skipSpace()
		if d.peek() != '"' {
			d.syntax("a field name in quotes")
		}
		key := string(d.str()) // a copy: the buffer moves on the next read
		d.expect(':')
		d.skipSpace()
		fn(key)
		if d.next('}') {
			return
		}
	}
}

// next consumes the ',' or the closing bracket close after a member or
// element, and reports whether it was the closing bracket.
func (d *Decoder) next(close byte) bool {
	d.skipSpace()
	switch d.peek() {
	case ',':
		d.pos++
		return false
	case close:
		d.pos++
		return true
	}
	d.syntax(fmt.Sprintf("',' or '%c'", close))
	return false
}

// arrayElements calls fn(i) for each element of the array that starts here.
func (d *Decoder) arrayElements(field func() string, want string, fn func(i int)) {
	if d.open(field, want, '[', ']') {
		return
	}
	for i := 0; ; i++ {
		d.skipSpace()
		fn(i)
		if d.next(']') {
			return
		}
	}
}

// str consumes a JSON string and returns its decoded bytes (valid until the
// next read).
func (d *Decoder) str() []byte {
	d.pos++ // the opening quote
	start := d.pos
	plain, esc := true, false
	for i := start; ; i++ {
		if i >= d.end {
			off, startOff := i-d.pos, start-d.pos
			if !d.fill() {
				d.pos = d.end
				d.syntax("the end of a string")
			}
			i, start = d.pos+off, d.pos+startOff
		}
		b := d.buf[i]
		switch {
		case esc:
			esc = false
		case b == '"':
			raw := d.buf[start:i]
			d.pos = i + 1
			if plain && utf8.Valid(raw) {
				return raw
			}
			// Escapes or invalid UTF-8: let encoding/json decode it.
			q := make([]byte, 0, len(raw)+2)
			q = append(append(append(q, '"'), raw...), '"')
			var s string
			if err := json.Unmarshal(q, &s); err != nil {
				fail("", "invalid JSON string at byte %d: %v", d.offset(), err)
			}
			return []byte(s)
		case b == '\\':
			plain, esc = false, true
		case b < 0x20:
			d.pos = i
			d.syntax("no control character inside a string")
		}
	}
}

// token returns the bytes of the number literal (or bare word) that starts
// here, consumed; valid until the next read.
func (d *Decoder) token() []byte {
	i := d.pos
	for {
		for i < d.end {
			switch b := d.buf[i]; {
			case b >= '0' && b <= '9', b == '-', b == '+', b == '.', b == 'e', b == 'E',
				b >= 'a' && b <= 'z', b >= 'A' && b <= 'Z':
				i++
				continue
			}
			tok := d.buf[d.pos:i]
			d.pos = i
			return tok
		}
		off := i - d.pos
		if !d.fill() {
			tok := d.buf[d.pos:d.end]
			d.pos = d.end
			return tok
		}
		i = d.pos + off
	}
}

// validNumber reports whether tok is a JSON number, and whether it is an
// integer (no fraction, no exponent).
func validNumber(tok []byte) (ok, integer bool) {
	i := 0
	if i < len(tok) && tok[i] == '-' {
		i++
	}
	switch {
	case i < len(tok) && tok[i] == '0':
		i++
	case i < len(tok) && tok[i] >= '1' && tok[i] <= '9':
		for i < len(tok) && tok[i] >= '0' && tok[i] <= '9' {
			i++
		}
	default:
		return false, false
	}
	// digits skips at least one digit, or reports false.
	digits := func() bool {
		j := i
		for i < len(tok) && tok[i] >= '0' && tok[i] <= '9' {
			i++
		}
		return i > j
	}
	integer = true
	if i < len(tok) && tok[i] == '.' {
		integer = false
		i++
		if !digits() {
			return false, false
		}
	}
	if i < len(tok) && (tok[i] == 'e' || tok[i] == 'E') {
		integer = false
		i++
		if i < len(tok) && (tok[i] == '+' || tok[i] == '-') {
			i++
		}
		if !digits() {
			return false, false
		}
	}
	return i == len(tok), integer
}

// tooMany fails when a case exceeds MaxNumbers.
func tooMany() {
	fail("", "more than %d numbers in one case (%d MiB of float64): too large", MaxNumbers, MaxNumbers*8>>20)
}

// number parses the float at field (a func, so that the name is only
// formatted on failure). It does not count the number (the caller does).
func (d *Decoder) number(field func() string) float64 {
	// Fast path: the whole number and its delimiter are in the buffer.
	if d.end-d.pos < 64 {
		d.fill()
	}
	if v, n, ok := scanFloat(d.buf[d.pos:d.end]); ok {
		d.pos += n
		return v
	}
	b := d.peek()
	if b != '-' && (b < '0' || b > '9') {
		d.wrongType(field, "a number")
	}
	start := d.offset()
	tok := d.token()
	if ok, _ := validNumber(tok); !ok {
		fail("", "invalid JSON at byte %d: %q is not a number", start, tok)
	}
	v, err := strconv.ParseFloat(unsafe.String(unsafe.SliceData(tok), len(tok)), 64)
	if err != nil && !(errors.Is(err, strconv.ErrRange) && !math.IsInf(v, 0)) {
		fail(field(), "%s is not a finite float64", tok)
	}
	return v
}

// integer parses the integer at field.
func (d *Decoder) integer(field func() string) int {
	b := d.peek()
	if b != '-' && (b < '0' || b > '9') {
		d.wrongType(field, "an integer")
	}
	start := d.offset()
	tok := d.token()
	ok, isInt := validNumber(tok)
	if !ok {
		fail("", "invalid JSON at byte %d: %q is not a number", start, tok)
	}
	if !isInt {
		fail(field(), "%s is not an integer", tok)
	}
	v, err := strconv.ParseInt(string(tok), 10, 64)
	if err != nil || v != int64(int(v)) {
		fail(field(), "%s is out of range", tok)
	}
	d.nums++
	if d.nums > MaxNumbers {
		tooMany()
	}
	return int(v)
}

// mirror lets floats take an entry below the diagonal of a matrix from
// its mirror image above it when the two are the same text: the value is
// then the same, and the number is not parsed twice. It needs a stable
// buffer (the text of the earlier rows must still be there: DecodeLine's).
type mirror struct {
	rows  [][]float64 // the rows parsed so far
	spans []int32     // [start, end) of each entry's text in buf, row after row
	first []int       // the index of each row's first entry in spans/2
}

// sameText reports whether x and y (of the same length) hold the same
// bytes, eight at a time: number texts are mostly 8 to 24 bytes long.
func sameText(x, y []byte) bool {
	n := len(x)
	if n < 8 || len(y) != n {
		return string(x) == string(y)
	}
	for i := 0; i+8 < n; i += 8 {
		if binary.LittleEndian.Uint64(x[i:]) != binary.LittleEndian.Uint64(y[i:]) {
			return false
		}
	}
	return binary.LittleEndian.Uint64(x[n-8:]) == binary.LittleEndian.Uint64(y[n-8:]) // the last eight (overlapping)
}

// floats parses an array of numbers into dst[:0]. With m (not nil) it is
// row len(m.rows) of a matrix (see mirror).
func (d *Decoder) floats(field func() string, dst []float64, m *mirror) []float64 {
	out := dst[:0]
	row := 0
	if m != nil {
		row = len(m.rows)
		m.first = append(m.first, len(m.spans)/2)
	}
	if d.open(field, "an array of numbers", '[', ']') {
		if out == nil {
			out = []float64{}
		}
		return out
	}
	room := MaxNumbers - d.nums // numbers this case may still hold
	for {
		// The common case without calls: a number the buffer holds whole
		// (or the same text as its mirror image), then ',' or ']'.
		if d.end-d.pos >= 64 || d.eof {
			got := false
			if j := len(out); m != nil && j < row && row < len(m.rows[j]) {
				p := 2 * (m.first[j] + row)
				a, b := int(m.spans[p]), int(m.spans[p+1])
				if e := d.pos + b - a; e < d.end && sameText(d.buf[d.pos:e], d.buf[a:b]) && !numberBytes[d.buf[e]] {
					m.spans = append(m.spans, int32(d.pos), int32(e))
					out = append(out, m.rows[j][row])
					d.pos = e
					got = true
				}
			}
			if !got {
				if v, n, ok := scanFloat(d.buf[d.pos:d.end]); ok {
					if m != nil {
						m.spans = append(m.spans, int32(d.pos), int32(d.pos+n))
					}
					d.pos += n
					out = append(out, v)
					got = true
				}
			}
			if got {
				if len(out) > room {
					tooMany()
				}
				switch d.buf[d.pos] { // a delimiter followed the number: d.pos < d.end
				case ',':
					d.pos++
					continue
				case ']':
					d.pos++
					d.nums += len(out)
					return out
				}
				if d.next(']') {
					d.nums += len(out)
					return out
				}
				continue
			}
		}
		d.skipSpace()
		i, start := len(out), d.pos
		out = append(out, d.number(func() string { return fmt.Sprintf("%s[%d]", field(), i) }))
		if m != nil {
			m.spans = append(m.spans, int32(start), int32(d.pos))
		}
		if len(out) > room {
			tooMany()
		}
		if d.next(']') {
			d.nums += len(out)
			return out
		}
	}
}

// matrix parses an array of arrays of numbers.
func (d *Decoder) matrix(field func() string) [][]float64 {
	var rows [][]float64
	if d.width > 0 {
		rows = d.rowSpace(d.width)
	}
	var slab []float64 // room for the rows after the first, as wide as it
	var m *mirror
	if d.stable {
		m = &d.mirror
		m.rows, m.spans, m.first = nil, m.spans[:0], m.first[:0]
	}
	if w := d.width; w > 0 {
		slab = d.floatSpace(w * w) // as wide as the last matrix, probably
	}
	d.arrayElements(field, "an array of rows", func(i int) {
		name := func() string { return fmt.Sprintf("%s[%d]", field(), i) }
		var hint []float64
		w := d.width
		if i > 0 {
			w = len(rows[0])
		}
		if w > 0 {
			if len(slab) < w {
				slab = d.floatSpace(w * max(w-1, 1))
			}
			hint = slab[:0:w]
			slab = slab[w:]
		}
		rows = append(rows, d.floats(name, hint, m))
		if m != nil {
			m.rows = rows
		}
	})
	if m != nil {
		m.rows = nil
	}
	if rows == nil {
		rows = [][]float64{}
	}
	d.width = 0
	if len(rows) > 0 {
		d.width = len(rows[0])
	}
	return rows
}

func fixed(s string) func() string { return func() string { return s } }

// parseCase parses one case object.
func (d *Decoder) parseCase() *Case {
	c := &Case{}
	var seenID, seenPatterns, seenSynapses, seenPattern, seenSigma bool
	once := func(seen *bool, name string) {
		if *seen {
			fail(name, "given twice")
		}
		*seen = true
	}
	d.objectMembers(fixed("case"), func(key string) {
		switch key {
		case "id":
			once(&seenID, "id")
			if d.peek() != '"' {
				d.wrongType(fixed("id"), "a string")
			}
			c.ID = string(d.str())
		case "sigma":
			once(&seenSigma, "sigma")
			c.Sigma = d.matrix(fixed("sigma"))
		case "patterns":
			once(&seenPatterns, "patterns")
			d.arrayElements(fixed("patterns"), "an array of patterns", func(k int) {
				c.Patterns = append(c.Patterns, d.parsePattern(k))
			})
			if c.Patterns == nil {
				c.Patterns = []Pattern{}
			}
		case "synapses":
			once(&seenSynapses, "synapses")
			d.arrayElements(fixed("synapses"), "an array of pairs [i, j]", func(a int) {
				var s Synapse
				name := func() string { return fmt.Sprintf("synapses[%d]", a) }
				d.arrayElements(name, "a pair [i, j]", func(e int) {
					s = append(s, d.integer(func() string { return fmt.Sprintf("synapses[%d][%d]", a, e) }))
				})
				c.Synapses = append(c.Synapses, s)
			})
			if c.Synapses == nil {
				c.Synapses = []Synapse{}
			}
		case "pattern":
			once(&seenPattern, "pattern")
			c.Pattern = d.integer(fixed("pattern"))
		default:
			fail("", "unknown field %q (a case has id, sigma, patterns, synapses, pattern)", key)
		}
	})
	switch {
	case !seenPatterns:
		fail("patterns", "missing")
	case !seenSynapses:
		fail("synapses", "missing")
	case !seenPattern:
		fail("pattern", "missing: the index m (0-based) of the pattern the information is about")
	}
	return c
}

// parsePattern parses patterns[k].
func (d *Decoder) parsePattern(k int) Pattern {
	var p Pattern
	var seenMu, seenSigma bool
	name := func(f string) func() string { return func() string { return fmt.Sprintf("patterns[%d].%s", k, f) } }
	d.objectMembers(func() string { return fmt.Sprintf("patterns[%d]", k) }, func(key string) {
		switch key {
		case "mu":
			if seenMu {
				fail(name("mu")(), "given twice")
			}
			seenMu = true
			var hint []float64
			if d.width > 0 {
				hint = d.floatSpace(d.width)[:0] // as long as the last matrix is wide, probably
			}
			p.Mu = d.floats(name("mu"), hint, nil)
		case "sigma":
			if seenSigma {
				fail(name("sigma")(), "given twice")
			}
			seenSigma = true
			p.Sigma = d.matrix(name("sigma"))
		default:
			fail("", "unknown field %q in patterns[%d] (a pattern has mu and sigma)", key, k)
		}
	})
	if !seenMu {
		fail(name("mu")(), "missing")
	}
	return p
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
	d.skipSpace()
	if d.pos < d.end {
		return nil, errors.New("input: more than one case")
	}
	return c, nil
}
