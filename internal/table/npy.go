package table

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
)

// The NumPy .npy format (numpy.lib.format): the magic string, a version
// (major, minor), the header's length (2 bytes little-endian in version 1,
// 4 in versions 2 and 3), the header — a Python dict literal with the keys
// 'descr' (the dtype), 'fortran_order' and 'shape', padded with spaces and
// ending in a newline — then the array's bytes.

const npyMagic = "\x93NUMPY"

// maxNPYHeader bounds the header length read from a file (numpy's own
// default limit is 10,000 bytes).
const maxNPYHeader = 1 << 16

// npyType is a scalar numeric dtype.
type npyType struct {
	kind  byte // 'f', 'i', 'u', 'b'
	size  int
	order binary.ByteOrder
}

// parseDtype parses a scalar dtype string such as "<f8", "|u1", ">i4".
func parseDtype(s string) (npyType, error) {
	if len(s) < 3 {
		return npyType{}, fmt.Errorf("dtype %q is not a real number type", s)
	}
	var t npyType
	switch s[0] {
	case '<', '|':
		t.order = binary.LittleEndian
	case '>':
		t.order = binary.BigEndian
	case '=':
		t.order = binary.NativeEndian
	default:
		return npyType{}, fmt.Errorf("dtype %q: unknown byte order", s)
	}
	t.kind = s[1]
	size, err := strconv.Atoi(s[2:])
	if err != nil {
		return npyType{}, fmt.Errorf("dtype %q is not a real number type", s)
	}
	t.size = size
	ok := false
	switch t.kind {
	case 'f':
		ok = size == 4 || size == 8
	case 'i', 'u':
		ok = size == 1 || size == 2 || size == 4 || size == 8
	case 'b':
		ok = size == 1
	}
	if !ok {
		return npyType{}, fmt.Errorf("dtype %q is not supported (float32/64, (u)int8..64 or bool)", s)
	}
	return t, nil
}

// value decodes one element.
func (t npyType) value(b []byte) float64 {
	switch t.kind {
	case 'f':
		if t.size == 4 {
			return float64(math.Float32frombits(t.order.Uint32(b)))
		}
		return math.Float64frombits(t.order.Uint64(b))
	case 'i':
		switch t.size {
		case 1:
			return float64(int8(b[0]))
		case 2:
			return float64(int16(t.order.Uint16(b)))
		case 4:
			return float64(int32(t.order.Uint32(b)))
		}
		return float64(int64(t.order.Uint64(b)))
	case 'u':
		switch t.size {
		case 1:
			return float64(b[0])
		case 2:
			return float64(t.order.Uint16(b))
		case 4:
			return float64(t.order.Uint32(b))
		}
		return float64(t.order.Uint64(b))
	}
	if b[0] != 0 { // bool
		return 1
	}
	return 0
}

// ReadNPY reads a NumPy .npy file: a 1-D array (one column) or a 2-D array
// (rows x columns) of float32/64, (u)int8..64 or bool, in C or Fortran
// order, or a 1-D structured array whose fields are such scalars (one
// column per field, named after it). Non-finite values, a header that is
// not numpy's, a file shorter than its shape says, and bytes after the
// array are errors. Memory grows with the bytes actually read, never with
// the shape the header claims.
func ReadNPY(r io.Reader, name string) (*Table, error) {
	t, err := readNPY(r)
	if err != nil {
		return nil, fmt.Errorf("%s (.npy): %v", name, err)
	}
	return t, nil
}

func readNPY(r io.Reader) (*Table, error) {
	var pre [8]byte
	if _, err := io.ReadFull(r, pre[:]); err != nil || string(pre[:6]) != npyMagic {
		return nil, errors.New("not a .npy file (no \\x93NUMPY magic string)")
	}
	var hlen int
	switch pre[6] {
	case 1:
		var b [2]byte
		if _, err := io.ReadFull(r, b[:]); err != nil {
			return nil, errors.New("file ends in the header")
		}
		hlen = int(binary.LittleEndian.Uint16(b[:]))
	case 2, 3:
		var b [4]byte
		if _, err := io.ReadFull(r, b[:]); err != nil {
			return nil, errors.New("file ends in the header")
		}
		hlen = int(binary.LittleEndian.Uint32(b[:]))
	default:
		return nil, fmt.Errorf("format version %d.%d is not 1.0, 2.0 or 3.0", pre[6], pre[7])
	}
	if hlen > maxNPYHeader {
		return nil, fmt.Errorf("header of %d bytes (at most %d)", hlen, maxNPYHeader)
	}
	hb := make([]byte, hlen)
	if _, err := io.ReadFull(r, hb); err != nil {
		return nil, errors.New("file ends in the header")
	}
	h, err := parsePyLiteral(string(hb))
	if err != nil {
		return nil, fmt.Errorf("header: %v", err)
	}
	dict, ok := h.(map[string]any)
	if !ok {
		return nil, errors.New("header is not a dict")
	}
	fortran, ok := dict["fortran_order"].(bool)
	if !ok {
		return nil, errors.New("header: 'fortran_order' missing or not True/False")
	}
	shapeV, ok := dict["shape"].([]any)
	if !ok {
		return nil, errors.New("header: 'shape' missing or not a tuple")
	}
	shape := make([]int, len(shapeV))
	for i, v := range shapeV {
		n, ok := v.(int)
		if !ok || n < 0 {
			return nil, fmt.Errorf("header: shape %v is not a tuple of sizes", shapeV)
		}
		shape[i] = n
	}
	// The columns: one scalar dtype, or the fields of a structured dtype.
	var types []npyType
	var names []string
	switch d := dict["descr"].(type) {
	case string:
		tp, err := parseDtype(d)
		if err != nil {
			return nil, err
		}
		switch len(shape) {
		case 1:
			types = []npyType{tp}
		case 2:
			if shape[1] > 1<<20 {
				return nil, fmt.Errorf("shape %v: more than 2^20 columns", shape)
			}
			types = make([]npyType, shape[1])
			for i := range types {
				types[i] = tp
			}
		default:
			return nil, fmt.Errorf("shape %v: want a 1-D or 2-D array", shape)
		}
	case []any:
		if len(shape) != 1 {
			return nil, fmt.Errorf("structured array of shape %v: want 1-D", shape)
		}
		seen := map[string]bool{}
		for _, f := range d {
			ft, ok := f.([]any)
			if !ok || len(ft) != 2 {
				return nil, fmt.Errorf("structured dtype field %v: want (name, scalar dtype)", f)
			}
			n, ok1 := ft[0].(string)
			ds, ok2 := ft[1].(string)
			if !ok1 || !ok2 {
				return nil, fmt.Errorf("structured dtype field %v: want (name, scalar dtype)", f)
			}
			if n == "" { // numpy's padding fields ('', '|V4')
				return nil, fmt.Errorf("structured dtype with padding: unsupported")
			}
			if err := checkName(n); err != nil {
				return nil, fmt.Errorf("field %q: %v", n, err)
			}
			if seen[n] {
				return nil, fmt.Errorf("field %q appears twice", n)
			}
			seen[n] = true
			tp, err := parseDtype(ds)
			if err != nil {
				return nil, fmt.Errorf("field %q: %v", n, err)
			}
			names = append(names, n)
			types = append(types, tp)
		}
		if len(types) == 0 {
			return nil, errors.New("structured dtype without fields")
		}
		fortran = false // irrelevant for 1-D
	default:
		return nil, errors.New("header: 'descr' missing or not a dtype")
	}
	rows, cols := shape[0], len(types)
	rowBytes := 0
	for _, tp := range types {
		rowBytes += tp.size
	}
	if rows > 0 && rowBytes > 0 && rows > math.MaxInt64/8/rowBytes {
		return nil, fmt.Errorf("shape %v is too large", shape)
	}
	if rows == 0 || cols == 0 {
		return nil, fmt.Errorf("shape %v: no data", shape)
	}
	// Read row by row (C order) or column by column (Fortran order): the
	// data slice grows with what the file holds.
	br := bufio.NewReaderSize(r, 1<<16)
	data := make([]float64, 0, min(rows*cols, 1<<20))
	unit, units := rowBytes, rows // C order: a unit is a row
	if fortran && len(shape) == 2 {
		unit, units = types[0].size*rows, cols
	}
	var buf []byte
	if !fortran || len(shape) == 1 {
		buf = make([]byte, unit)
	}
	for u := 0; u < units; u++ {
		if fortran && len(shape) == 2 {
			// a column of rows values, read in pieces
			tp := types[0]
			piece := make([]byte, tp.size)
			for i := 0; i < rows; i++ {
				if _, err := io.ReadFull(br, piece); err != nil {
					return nil, fmt.Errorf("file ends at column %d, row %d of shape %v", u, i, shape)
				}
				v := tp.value(piece)
				if math.IsNaN(v) || math.IsInf(v, 0) {
					return nil, fmt.Errorf("row %d, column %d: %v is not a finite number", i, u, v)
				}
				data = append(data, v)
			}
			continue
		}
		if _, err := io.ReadFull(br, buf); err != nil {
			return nil, fmt.Errorf("file ends at row %d of shape %v", u, shape)
		}
		off := 0
		for c, tp := range types {
			v := tp.value(buf[off : off+tp.size])
			off += tp.size
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return nil, fmt.Errorf("row %d, column %d: %v is not a finite number", u, c, v)
			}
			data = append(data, v)
		}
	}
	if _, err := br.ReadByte(); err != io.EOF {
		return nil, fmt.Errorf("bytes after the array of shape %v", shape)
	}
	if fortran && len(shape) == 2 {
		tr := make([]float64, len(data))
		for c := 0; c < cols; c++ {
			for i := 0; i < rows; i++ {
				tr[i*cols+c] = data[c*rows+i]
			}
		}
		data = tr
	}
	return &Table{Rows: rows, Cols: cols, Data: data, Names: names}, nil
}

// npyHeader returns the header of a C-order 2-D little-endian float64
// array, version 1.0, padded as numpy pads it (the whole prefix a multiple
// of 64 bytes).
func npyHeader(rows, cols int) ([]byte, error) {
	if rows < 0 || cols < 0 {
		return nil, fmt.Errorf("shape (%d, %d)", rows, cols)
	}
	dict := fmt.Sprintf("{'descr': '<f8', 'fortran_order': False, 'shape': (%d, %d), }", rows, cols)
	n := 10 + len(dict) + 1
	pad := (64 - n%64) % 64
	hl := len(dict) + pad + 1
	b := make([]byte, 0, 10+hl)
	b = append(b, npyMagic...)
	b = append(b, 1, 0, byte(hl), byte(hl>>8))
	b = append(b, dict...)
	b = append(b, strings.Repeat(" ", pad)...)
	b = append(b, '\n')
	return b, nil
}

// NPYWriter writes a 2-D float64 .npy array of a shape given up front, row
// by row (a stream: nothing is held in memory).
type NPYWriter struct {
	w          io.Writer
	rows, cols int
	written    int
	buf        []byte
}

// NewNPYWriter writes the header of a rows x cols float64 array to w.
func NewNPYWriter(w io.Writer, rows, cols int) (*NPYWriter, error) {
	h, err := npyHeader(rows, cols)
	if err != nil {
		return nil, err
	}
	if _, err := w.Write(h); err != nil {
		return nil, err
	}
	return &NPYWriter{w: w, rows: rows, cols: cols, buf: make([]byte, 8*cols)}, nil
}

// WriteRow writes one row of cols values.
func (n *NPYWriter) WriteRow(row []float64) error {
	if len(row) != n.cols {
		return fmt.Errorf("npy: row of %d values, want %d", len(row), n.cols)
	}
	if n.written == n.rows {
		return fmt.Errorf("npy: more than the %d rows of the header", n.rows)
	}
	for i, v := range row {
		binary.LittleEndian.PutUint64(n.buf[8*i:], math.Float64bits(v))
	}
	n.written++
	_, err := n.w.Write(n.buf)
	return err
}

// Close reports an error unless exactly the header's rows were written.
func (n *NPYWriter) Close() error {
	if n.written != n.rows {
		return fmt.Errorf("npy: %d rows written, the header says %d", n.written, n.rows)
	}
	return nil
}

// WriteNPY writes t as a 2-D float64 .npy array (column names are not kept:
// a plain array is what numpy.load users index as X[:, j]).
func WriteNPY(w io.Writer, t *Table) error {
	nw, err := NewNPYWriter(w, t.Rows, t.Cols)
	if err != nil {
		return err
	}
	for i := 0; i < t.Rows; i++ {
		if err := nw.WriteRow(t.Data[i*t.Cols : (i+1)*t.Cols]); err != nil {
			return err
		}
	}
	return nw.Close()
}

// parsePyLiteral parses the Python literal subset of .npy headers: dicts,
// tuples, lists, strings, integers, True, False. Tuples and lists become
// []any, integers int, dicts map[string]any.
func parsePyLiteral(s string) (any, error) {
	p := &pyParser{s: s}
	v, err := p.value(0)
	if err != nil {
		return nil, err
	}
	p.space()
	if p.i != len(p.s) {
		return nil, fmt.Errorf("unexpected %q at byte %d", p.s[p.i], p.i)
	}
	return v, nil
}

type pyParser struct {
	s string
	i int
}

func (p *pyParser) space() {
	for p.i < len(p.s) && (p.s[p.i] == ' ' || p.s[p.i] == '\n' || p.s[p.i] == '\t' || p.s[p.i] == '\r') {
		p.i++
	}
}

func (p *pyParser) value(depth int) (any, error) {
	if depth > 8 {
		return nil, errors.New("nested too deep")
	}
	p.space()
	if p.i == len(p.s) {
		return nil, errors.New("ends early")
	}
	switch c := p.s[p.i]; {
	case c == '{':
		p.i++
		m := map[string]any{}
		for {
			p.space()
			if p.i < len(p.s) && p.s[p.i] == '}' {
				p.i++
				return m, nil
			}
			k, err := p.value(depth + 1)
			if err != nil {
				return nil, err
			}
			ks, ok := k.(string)
			if !ok {
				return nil, fmt.Errorf("dict key %v is not a string", k)
			}
			p.space()
			if p.i == len(p.s) || p.s[p.i] != ':' {
				return nil, fmt.Errorf("no ':' after key %q", ks)
			}
			p.i++
			v, err := p.value(depth + 1)
			if err != nil {
				return nil, err
			}
			m[ks] = v
			if err := p.sep('}'); err != nil {
				return nil, err
			}
		}
	case c == '(' || c == '[':
		end := byte(')')
		if c == '[' {
			end = ']'
		}
		p.i++
		l := []any{}
		for {
			p.space()
			if p.i < len(p.s) && p.s[p.i] == end {
				p.i++
				return l, nil
			}
			v, err := p.value(depth + 1)
			if err != nil {
				return nil, err
			}
			l = append(l, v)
			if err := p.sep(end); err != nil {
				return nil, err
			}
		}
	case c == '\'' || c == '"':
		j := strings.IndexByte(p.s[p.i+1:], c)
		if j < 0 {
			return nil, errors.New("unterminated string")
		}
		v := p.s[p.i+1 : p.i+1+j]
		if strings.IndexByte(v, '\\') >= 0 {
			return nil, fmt.Errorf("escaped string %q unsupported", v)
		}
		p.i += j + 2
		return v, nil
	case c >= '0' && c <= '9':
		j := p.i
		for j < len(p.s) && p.s[j] >= '0' && p.s[j] <= '9' {
			j++
		}
		if j < len(p.s) && p.s[j] == 'L' { // Python 2 long
			j++
		}
		n, err := strconv.Atoi(strings.TrimSuffix(p.s[p.i:j], "L"))
		if err != nil || n > math.MaxInt64/16 {
			return nil, fmt.Errorf("integer %q out of range", p.s[p.i:j])
		}
		p.i = j
		return n, nil
	case strings.HasPrefix(p.s[p.i:], "True"):
		p.i += 4
		return true, nil
	case strings.HasPrefix(p.s[p.i:], "False"):
		p.i += 5
		return false, nil
	default:
		return nil, fmt.Errorf("unexpected %q at byte %d", c, p.i)
	}
}

// sep consumes a ',' or sees the closing end (left for the caller).
func (p *pyParser) sep(end byte) error {
	p.space()
	if p.i == len(p.s) {
		return errors.New("ends early")
	}
	switch p.s[p.i] {
	case ',':
		p.i++
		return nil
	case end:
		return nil
	}
	return fmt.Errorf("unexpected %q at byte %d", p.s[p.i], p.i)
}
