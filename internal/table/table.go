// Package table owns reading the numeric tables the k-NN subcommands take:
// rows of numbers separated by whitespace and/or commas, with blank lines
// and comment lines (first non-blank character % or #) skipped, into a flat
// row-major []float64, rejecting ragged rows and non-finite values with a
// message naming the line and column.
package table

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
)

// Table is a numeric table held row-major: Data[i*Cols+c] is row i, column c.
type Table struct {
	Rows, Cols int
	Data       []float64
}

// maxLine is the longest line Read accepts.
const maxLine = 64 << 20

// Read parses a table from r; name labels error messages (a file name).
func Read(r io.Reader, name string) (*Table, error) {
	t := &Table{}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<20), maxLine)
	line := 0
	for sc.Scan() {
		line++
		b := sc.Bytes()
		i := 0
		for i < len(b) && isSpace(b[i]) {
			i++
		}
		if i == len(b) || b[i] == '%' || b[i] == '#' {
			continue
		}
		n, err := t.parseLine(b[i:])
		if err != nil {
			return nil, fmt.Errorf("%s line %d: %v", name, line, err)
		}
		if t.Rows == 0 {
			t.Cols = n
		} else if n != t.Cols {
			return nil, fmt.Errorf("%s line %d: %d columns, but the first data row has %d (ragged rows)", name, line, n, t.Cols)
		}
		t.Rows++
	}
	if err := sc.Err(); err != nil {
		if errors.Is(err, bufio.ErrTooLong) {
			return nil, fmt.Errorf("%s line %d: longer than %d bytes", name, line+1, maxLine)
		}
		return nil, fmt.Errorf("%s: %v", name, err)
	}
	if t.Rows == 0 {
		return nil, fmt.Errorf("%s: no data rows", name)
	}
	return t, nil
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f' }

// parseLine appends the numbers of one data line and returns their count.
func (t *Table) parseLine(b []byte) (int, error) {
	n := 0
	i := 0
	for {
		for i < len(b) && isSpace(b[i]) {
			i++
		}
		if i == len(b) {
			if n > 0 && b[len(b)-1] == ',' {
				return n, fmt.Errorf("column %d: empty field", n)
			}
			return n, nil
		}
		j := i
		for j < len(b) && !isSpace(b[j]) && b[j] != ',' {
			j++
		}
		if j == i { // a comma with no number before it
			return n, fmt.Errorf("column %d: empty field", n)
		}
		v, err := strconv.ParseFloat(string(b[i:j]), 64)
		if err != nil {
			return n, fmt.Errorf("column %d: %q is not a number", n, b[i:j])
		}
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return n, fmt.Errorf("column %d: %q is not a finite number", n, b[i:j])
		}
		t.Data = append(t.Data, v)
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
