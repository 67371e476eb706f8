// Package table owns reading and writing the numeric tables the k-NN
// subcommands take and "syninfo sample" writes.
//
// Text tables: rows of numbers separated by whitespace and/or commas (CSV),
// blank lines and comment lines (first non-blank character % or #) skipped,
// and an optional header line of column names before the first row. Lines
// are at most MaxLine bytes; a line without an end (binary data, /dev/zero)
// is refused when it passes that bound. NumPy .npy files (recognised by
// their magic string) are read by the same Read: 1-D or 2-D arrays of any
// real numeric type in C or Fortran order, and 1-D structured arrays of
// numeric fields (the field names become column names). WriteNPY and
// NPYWriter write 2-D float64 arrays that numpy.load reads.
//
// Every table is held row-major as []float64; non-finite values and ragged
// rows are refused with a message naming the line (or row) and column.
// Column lists ("0,2-4", "w_0_1,x_0") are resolved by Select against the
// table's own column count and names, so no list expands past the table.
package table

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"math"
	"runtime"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Table is a numeric table held row-major: Data[i*Cols+c] is row i, column c.
type Table struct {
	Rows, Cols int
	Data       []float64
	// Names are the column names of a header line or of a structured .npy
	// array; nil when the input had none.
	Names []string
}

// MaxLine is the longest text line Read accepts, in bytes (4 MiB: some
// 200,000 columns of full-precision numbers).
const MaxLine = 4 << 20

// blockSize is the size of the blocks of whole lines the input is cut into
// for parsing in parallel.
const blockSize = 1 << 20

// job is a block of whole lines of the input and where its parse goes.
type job struct {
	data      []byte
	firstLine int // 1-based number of the block's first line
	res       chan parsed
}

// parsed is the content of a block.
type parsed struct {
	vals     []float64
	rows     int
	cols     int // columns of the block's rows (all equal), if rows > 0
	colsLine int // line of the block's first data row
	err      error
	// a row with a column count other than cols, at line raggedLine
	raggedLine, raggedCols int
}

// Read parses a table from r; name labels error messages (a file name).
// Input that starts with the .npy magic string is read as a NumPy array
// (see ReadNPY); anything else as a text table. In a text table the first
// line that is neither blank nor a comment is a header when none of its
// fields is a number (then every field is a column name: unique, printable,
// surrounding double quotes dropped); a line that mixes names and numbers
// is an error. A leading UTF-8 byte-order mark is skipped. Blocks of whole lines are parsed on GOMAXPROCS goroutines
// and joined in input order; the first error in input order is returned.
func Read(r io.Reader, name string) (*Table, error) {
	br := bufio.NewReaderSize(r, 1<<16)
	if magic, _ := br.Peek(len(npyMagic)); string(magic) == npyMagic {
		return ReadNPY(br, name)
	}
	if bom, _ := br.Peek(3); string(bom) == "\ufeff" { // a UTF-8 byte-order mark (spreadsheet CSV)
		br.Discard(3)
	}
	names, first, line, hline, err := readHead(br)
	if err != nil {
		return nil, fmt.Errorf("%s %v", name, err)
	}
	t, err := readText(io.MultiReader(bytes.NewReader(first), br), name, line)
	if err != nil {
		return nil, err
	}
	if names != nil && len(names) != t.Cols {
		return nil, fmt.Errorf("%s line %d: %d columns, but the header (line %d) names %d", name, t.firstLine, t.Cols, hline, len(names))
	}
	t.Names = names
	return &t.Table, nil
}

// readLine returns the next line of br without its end, refusing lines
// longer than MaxLine and NUL bytes (binary data). It returns io.EOF only
// when no byte is left.
func readLine(br *bufio.Reader, line int) ([]byte, error) {
	var l []byte
	for {
		chunk, err := br.ReadSlice('\n')
		if bytes.IndexByte(chunk, 0) >= 0 {
			return nil, fmt.Errorf("line %d: a NUL byte: binary data, not a text table (a .npy file starts with \\x93NUMPY)", line)
		}
		if len(l)+len(chunk) > MaxLine {
			return nil, fmt.Errorf("line %d: longer than %d bytes (%d MiB) without a line end: not a text table", line, MaxLine, MaxLine>>20)
		}
		l = append(l, chunk...)
		switch {
		case err == nil:
			return l[:len(l)-1], nil
		case errors.Is(err, bufio.ErrBufferFull):
			continue
		case err == io.EOF && len(l) > 0:
			return l, nil
		default:
			return nil, err
		}
	}
}

// readHead reads up to the first data line: it returns the header's names
// (nil without a header), the bytes of the first data line to parse again
// (with its line end), its line number and the header's line number.
func readHead(br *bufio.Reader) (names []string, first []byte, line, hline int, err error) {
	for line = 1; ; line++ {
		l, err := readLine(br, line)
		if err == io.EOF {
			return names, nil, line, hline, nil
		}
		if err != nil {
			return nil, nil, 0, 0, err
		}
		s := bytes.TrimLeft(l, " \t\r\v\f")
		if len(s) == 0 || s[0] == '%' || s[0] == '#' {
			continue
		}
		fields, err := splitFields(s)
		if err != nil {
			return nil, nil, 0, 0, fmt.Errorf("line %d: %v", line, err)
		}
		firstNum, firstName := -1, -1
		for i, f := range fields {
			if _, err := strconv.ParseFloat(string(f), 64); err == nil {
				if firstNum < 0 {
					firstNum = i
				}
			} else if firstName < 0 {
				firstName = i
			}
		}
		if firstName < 0 || names != nil { // a data row (or the row after a header)
			return names, append(l, '\n'), line, hline, nil
		}
		if firstNum >= 0 {
			return nil, nil, 0, 0, fmt.Errorf("line %d: column %d: %s is not a number (a header line holds names only, a data line numbers only)", line, firstName, quote(fields[firstName]))
		}
		hline = line
		names = make([]string, len(fields))
		seen := make(map[string]int, len(fields))
		for i, f := range fields {
			n := string(f)
			if len(n) >= 2 && n[0] == '"' && n[len(n)-1] == '"' {
				n = n[1 : len(n)-1]
			}
			if err := checkName(n); err != nil {
				return nil, nil, 0, 0, fmt.Errorf("line %d (header): column %d: %v", line, i, err)
			}
			if j, dup := seen[n]; dup {
				return nil, nil, 0, 0, fmt.Errorf("line %d (header): column name %q appears twice (columns %d and %d)", line, n, j, i)
			}
			seen[n] = i
			names[i] = n
		}
	}
}

// checkName accepts a column name: non-empty printable UTF-8 without
// spaces, commas or quotes, at most 256 bytes.
func checkName(n string) error {
	if n == "" {
		return errors.New("empty column name")
	}
	if len(n) > 256 {
		return fmt.Errorf("column name of %d bytes (at most 256)", len(n))
	}
	if !utf8.ValidString(n) {
		return fmt.Errorf("%s is not valid UTF-8 (binary data?)", quote([]byte(n)))
	}
	for _, r := range n {
		if !unicode.IsPrint(r) || unicode.IsSpace(r) || r == ',' || r == '"' {
			return fmt.Errorf("%s: a column name is printable, without spaces, commas or quotes", quote([]byte(n)))
		}
	}
	return nil
}

// splitFields splits a line into its fields (whitespace and/or commas).
func splitFields(b []byte) ([][]byte, error) {
	var out [][]byte
	i := 0
	for {
		for i < len(b) && isSpace(b[i]) {
			i++
		}
		if i == len(b) {
			if len(out) > 0 && b[len(b)-1] == ',' {
				return nil, fmt.Errorf("column %d: empty field", len(out))
			}
			return out, nil
		}
		j := i
		for j < len(b) && !isSpace(b[j]) && b[j] != ',' {
			j++
		}
		if j == i {
			return nil, fmt.Errorf("column %d: empty field", len(out))
		}
		out = append(out, b[i:j])
		for j < len(b) && isSpace(b[j]) {
			j++
		}
		if j < len(b) && b[j] == ',' {
			j++
		}
		i = j
	}
}

// quote quotes a field for an error message, cut to 40 bytes.
func quote(f []byte) string {
	if len(f) > 40 {
		return strconv.Quote(string(f[:40])) + "..."
	}
	return strconv.Quote(string(f))
}

// textTable is a table with the lines of its header and first row.
type textTable struct {
	Table
	firstLine int
}

// readText parses the data lines of r, the first of which is line
// firstLine of the input.
func readText(r io.Reader, name string, firstLine int) (*textTable, error) {
	workers := max(1, runtime.GOMAXPROCS(0))
	jobs := make(chan job, workers)
	order := make(chan chan parsed, 2*workers)
	done := make(chan struct{})
	defer close(done)
	go cutBlocks(r, firstLine, jobs, order, done)
	for w := 0; w < workers; w++ {
		go func() {
			for j := range jobs {
				j.res <- parseBlock(j.data, j.firstLine)
			}
		}()
	}
	t := &textTable{}
	for res := range order {
		p := <-res
		if p.rows > 0 {
			if t.Rows == 0 {
				t.Cols, t.firstLine = p.cols, p.colsLine
			} else if p.cols != t.Cols {
				return nil, fmt.Errorf("%s line %d: %d columns, but line %d has %d (ragged rows)", name, p.colsLine, p.cols, t.firstLine, t.Cols)
			}
		}
		if p.raggedLine > 0 {
			return nil, fmt.Errorf("%s line %d: %d columns, but line %d has %d (ragged rows)", name, p.raggedLine, p.raggedCols, t.firstLine, t.Cols)
		}
		if p.err != nil {
			return nil, fmt.Errorf("%s %v", name, p.err)
		}
		t.Rows += p.rows
		if t.Data == nil {
			t.Data = p.vals
		} else {
			t.Data = append(t.Data, p.vals...)
		}
	}
	if t.Rows == 0 {
		return nil, fmt.Errorf("%s: no data rows", name)
	}
	return t, nil
}

// cutBlocks reads r into blocks of whole lines, sending each to jobs and
// its result channel to order, in input order; a read error or a line
// longer than MaxLine is sent as a result of its own.
func cutBlocks(r io.Reader, line int, jobs chan<- job, order chan<- chan parsed, done <-chan struct{}) {
	defer close(jobs)
	defer close(order)
	fail := func(err error) {
		res := make(chan parsed, 1)
		res <- parsed{err: err}
		select {
		case order <- res:
		case <-done:
		}
	}
	var carry []byte
	for {
		buf := make([]byte, len(carry), len(carry)+blockSize)
		copy(buf, carry)
		n, err := io.ReadFull(r, buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+n]
		last := err == io.EOF || err == io.ErrUnexpectedEOF
		if err != nil && !last {
			fail(fmt.Errorf("line %d: %v", line, err))
			return
		}
		cut := len(buf)
		if !last {
			cut = bytes.LastIndexByte(buf, '\n') + 1
			if cut == 0 { // no line end yet: a long line, read on
				if len(buf) > MaxLine {
					fail(fmt.Errorf("line %d: longer than %d bytes (%d MiB) without a line end: not a text table", line, MaxLine, MaxLine>>20))
					return
				}
				carry = buf
				continue
			}
		}
		carry = append(carry[:0:0], buf[cut:]...)
		res := make(chan parsed, 1)
		select {
		case order <- res:
		case <-done:
			return
		}
		select {
		case jobs <- job{data: buf[:cut], firstLine: line, res: res}:
		case <-done:
			return
		}
		line += bytes.Count(buf[:cut], []byte{'\n'})
		if last {
			return
		}
	}
}

// parseBlock parses the lines of one block.
func parseBlock(b []byte, line int) parsed {
	p := parsed{vals: make([]float64, 0, len(b)/8)}
	for len(b) > 0 {
		e := bytes.IndexByte(b, '\n')
		var l []byte
		if e < 0 {
			l, b = b, nil
		} else {
			l, b = b[:e], b[e+1:]
		}
		i := 0
		for i < len(l) && isSpace(l[i]) {
			i++
		}
		if i < len(l) && l[i] != '%' && l[i] != '#' {
			n, vals, err := parseLine(l[i:], p.vals)
			p.vals = vals
			if err != nil {
				p.err = fmt.Errorf("line %d: %v", line, err)
				return p
			}
			if p.rows == 0 {
				p.cols, p.colsLine = n, line
			} else if n != p.cols {
				p.raggedLine, p.raggedCols = line, n
				return p
			}
			p.rows++
		}
		line++
	}
	return p
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f' }

// parseLine appends the numbers of one data line to vals and returns their
// count.
func parseLine(b []byte, vals []float64) (int, []float64, error) {
	n := 0
	i := 0
	for {
		for i < len(b) && isSpace(b[i]) {
			i++
		}
		if i == len(b) {
			if n > 0 && b[len(b)-1] == ',' {
				return n, vals, fmt.Errorf("column %d: empty field", n)
			}
			return n, vals, nil
		}
		j := i
		for j < len(b) && !isSpace(b[j]) && b[j] != ',' {
			j++
		}
		if j == i { // a comma with no number before it
			return n, vals, fmt.Errorf("column %d: empty field", n)
		}
		v, err := strconv.ParseFloat(string(b[i:j]), 64)
		if err != nil {
			return n, vals, fmt.Errorf("column %d: %s is not a number", n, quote(b[i:j]))
		}
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return n, vals, fmt.Errorf("column %d: %s is not a finite number", n, quote(b[i:j]))
		}
		vals = append(vals, v)
		n++
		for j < len(b) && isSpace(b[j]) {
			j++
		}
		if j < len(b) && b[j] == ',' {
			j++
		}
		i = j
	}
}

// Columns returns the selected columns of the selected rows (all rows when
// rows is nil) as a flat len(rows) x len(cols) matrix.
func (t *Table) Columns(cols, rows []int) ([]float64, error) {
	for _, c := range cols {
		if c < 0 || c >= t.Cols {
			return nil, fmt.Errorf("column %d out of range: the table has %d columns (0..%d)", c, t.Cols, t.Cols-1)
		}
	}
	for _, r := range rows {
		if r < 0 || r >= t.Rows {
			return nil, fmt.Errorf("row %d out of range: the table has %d rows", r, t.Rows)
		}
	}
	d := len(cols)
	m := t.Rows
	if rows != nil {
		m = len(rows)
	}
	out := make([]float64, m*d)
	for i := 0; i < m; i++ {
		r := i
		if rows != nil {
			r = rows[i]
		}
		src := t.Data[r*t.Cols : (r+1)*t.Cols]
		dst := out[i*d : (i+1)*d]
		for k, c := range cols {
			dst[k] = src[c]
		}
	}
	return out, nil
}

// Index returns the index of the column called name, or -1.
func (t *Table) Index(name string) int {
	for i, n := range t.Names {
		if n == name {
			return i
		}
	}
	return -1
}

// Select resolves a column list against the table: comma-separated items,
// each a column name (from the header), a 0-based index, or an inclusive
// range of indices "2-4". An item that is a column's name is that column
// even if it also reads as a range. Indices past the table, reversed
// ranges, unknown names and columns listed twice are errors; nothing is
// expanded beyond the table's width, however large the numbers.
func (t *Table) Select(spec string) ([]int, error) {
	if strings.TrimSpace(spec) == "" {
		return nil, errors.New("empty column list")
	}
	var out []int
	seen := make([]bool, t.Cols)
	add := func(c int) error {
		if seen[c] {
			return fmt.Errorf("column %d listed twice", c)
		}
		seen[c] = true
		out = append(out, c)
		return nil
	}
	for _, item := range strings.Split(spec, ",") {
		item = strings.TrimSpace(item)
		if item == "" {
			return nil, fmt.Errorf("empty item in the column list %q", spec)
		}
		if c := t.Index(item); c >= 0 {
			if err := add(c); err != nil {
				return nil, err
			}
			continue
		}
		lo, hi, isRange := strings.Cut(item, "-")
		if !isRange {
			hi = lo
		}
		l, okL := index(lo)
		h, okH := index(hi)
		if !okL || !okH {
			return nil, t.unknown(item)
		}
		if l >= t.Cols || h >= t.Cols {
			return nil, fmt.Errorf("column %s out of range: the table has %d columns (0..%d)", item, t.Cols, t.Cols-1)
		}
		if h < l {
			return nil, fmt.Errorf("column range %s is reversed", item)
		}
		for c := l; c <= h; c++ {
			if err := add(c); err != nil {
				return nil, err
			}
		}
	}
	return out, nil
}

// index parses a 0-based column index; values past MaxInt32 saturate (and
// are then out of range of any table).
func index(s string) (int, bool) {
	if s == "" {
		return 0, false
	}
	v := 0
	for _, c := range []byte(s) {
		if c < '0' || c > '9' {
			return 0, false
		}
		if v < math.MaxInt32 {
			v = v*10 + int(c-'0')
		}
	}
	return min(v, math.MaxInt32), true
}

// unknown is the error for a column list item that is neither a name nor
// an index.
func (t *Table) unknown(item string) error {
	if t.Names == nil {
		return fmt.Errorf("bad column %q: the table has no header, so columns are 0-based indices or ranges like 2-4", item)
	}
	names := t.Names
	more := ""
	if len(names) > 12 {
		names, more = names[:12], ", ..."
	}
	return fmt.Errorf("no column named %q: the columns are %s%s (or 0-based indices)", item, strings.Join(names, ", "), more)
}
