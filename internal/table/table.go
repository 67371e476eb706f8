// Package table owns reading the numeric tables the k-NN subcommands take:
// rows of numbers separated by whitespace and/or commas, with blank lines
// and comment lines (first non-blank character % or #) skipped, into a flat
// row-major []float64, rejecting ragged rows and non-finite values with a
// message naming the line and column.
package table

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"math"
	"runtime"
	"strconv"
	"strings"
)

// Table is a numeric table held row-major: Data[i*Cols+c] is row i, column c.
type Table struct {
	Rows, Cols int
	Data       []float64
}

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
// Blocks of whole lines are parsed on GOMAXPROCS goroutines and joined in
// input order; the first error in input order is returned.
func Read(r io.Reader, name string) (*Table, error) {
	workers := max(1, runtime.GOMAXPROCS(0))
	jobs := make(chan job, workers)
	order := make(chan chan parsed, 2*workers)
	done := make(chan struct{})
	defer close(done)
	go cutBlocks(r, jobs, order, done)
	for w := 0; w < workers; w++ {
		go func() {
			for j := range jobs {
				j.res <- parseBlock(j.data, j.firstLine)
			}
		}()
	}
	t := &Table{}
	firstLine := 0
	for res := range order {
		p := <-res
		if p.rows > 0 {
			if t.Rows == 0 {
				t.Cols, firstLine = p.cols, p.colsLine
			} else if p.cols != t.Cols {
				return nil, fmt.Errorf("%s line %d: %d columns, but line %d has %d (ragged rows)", name, p.colsLine, p.cols, firstLine, t.Cols)
			}
		}
		if p.raggedLine > 0 {
			return nil, fmt.Errorf("%s line %d: %d columns, but line %d has %d (ragged rows)", name, p.raggedLine, p.raggedCols, firstLine, t.Cols)
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
// its result channel to order, in input order; a read error is sent as a
// result of its own.
func cutBlocks(r io.Reader, jobs chan<- job, order chan<- chan parsed, done <-chan struct{}) {
	defer close(jobs)
	defer close(order)
	var carry []byte
	line := 1
	for {
		buf := make([]byte, len(carry), len(carry)+blockSize)
		copy(buf, carry)
		n, err := io.ReadFull(r, buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+n]
		last := err == io.EOF || err == io.ErrUnexpectedEOF
		if err != nil && !last {
			res := make(chan parsed, 1)
			res <- parsed{err: fmt.Errorf("line %d: %v", line, err)}
			select {
			case order <- res:
			case <-done:
			}
			return
		}
		cut := len(buf)
		if !last {
			cut = bytes.LastIndexByte(buf, '\n') + 1
			if cut == 0 { // no line end yet: a long line, read on
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
			return n, vals, fmt.Errorf("column %d: %q is not a number", n, b[i:j])
		}
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return n, vals, fmt.Errorf("column %d: %q is not a finite number", n, b[i:j])
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

// Columns returns the selected columns as a flat Rows x len(cols) matrix.
func (t *Table) Columns(cols []int) ([]float64, error) {
	for _, c := range cols {
		if c < 0 || c >= t.Cols {
			return nil, fmt.Errorf("column %d out of range: the table has %d columns (0..%d)", c, t.Cols, t.Cols-1)
		}
	}
	d := len(cols)
	out := make([]float64, t.Rows*d)
	for i := 0; i < t.Rows; i++ {
		src := t.Data[i*t.Cols : (i+1)*t.Cols]
		dst := out[i*d : (i+1)*d]
		for k, c := range cols {
			dst[k] = src[c]
		}
	}
	return out, nil
}

// ParseColumns parses a column list such as "0,1,3" or "2-4" (0-based,
// ranges inclusive) into indices; duplicates are an error.
func ParseColumns(s string) ([]int, error) {
	if strings.TrimSpace(s) == "" {
		return nil, errors.New("empty column list")
	}
	var out []int
	seen := map[int]bool{}
	for _, part := range strings.Split(s, ",") {
		part = strings.TrimSpace(part)
		lo, hi := part, part
		if a, b, ok := strings.Cut(part, "-"); ok && a != "" {
			lo, hi = a, b
		}
		l, err1 := strconv.Atoi(lo)
		h, err2 := strconv.Atoi(hi)
		if err1 != nil || err2 != nil || l < 0 || h < l {
			return nil, fmt.Errorf("bad column %q: want a 0-based index or a range like 2-4", part)
		}
		for c := l; c <= h; c++ {
			if seen[c] {
				return nil, fmt.Errorf("column %d listed twice", c)
			}
			seen[c] = true
			out = append(out, c)
		}
	}
	return out, nil
}
