package table

import (
	"bytes"
	"fmt"
	"io"
	"math"
	"reflect"
	"strings"
	"testing"
)

func TestRead(t *testing.T) {
	for _, c := range []struct {
		name, in   string
		rows, cols int
		names      []string
		data       []float64
		err        string
	}{
		{"spaces", " 1 2\n3\t4\n", 2, 2, nil, []float64{1, 2, 3, 4}, ""},
		{"commas", "1,2,3\n4, 5 ,6\r\n", 2, 3, nil, []float64{1, 2, 3, 4, 5, 6}, ""},
		{"comments", "% head\n# more\n\n  # indented\n1e-3 -2.5E2\n", 1, 2, nil, []float64{1e-3, -250}, ""},
		{"ragged", "1 2\n3\n", 0, 0, nil, nil, "line 2: 1 columns, but line 1 has 2 (ragged rows)"},
		{"nan", "1 2\n3 NaN\n", 0, 0, nil, nil, "line 2: column 1: \"NaN\" is not a finite number"},
		{"inf", "1 -Inf\n", 0, 0, nil, nil, "line 1: column 1: \"-Inf\" is not a finite number"},
		{"word", "1 x\n", 0, 0, nil, nil, "line 1: column 1: \"x\" is not a number"},
		{"empty field", "1,,2\n", 0, 0, nil, nil, "line 1: column 1: empty field"},
		{"trailing comma", "1,2,\n", 0, 0, nil, nil, "line 1: column 2: empty field"},
		{"no rows", "% only\n\n", 0, 0, nil, nil, "no data rows"},
		{"csv header", "w_0_1,x_0,case\n1,2,0\n3,4,0\n", 2, 3, []string{"w_0_1", "x_0", "case"}, []float64{1, 2, 0, 3, 4, 0}, ""},
		{"spaces and comments", "# made by hand\n  a b\n% note\n\n1 2\n", 1, 2, []string{"a", "b"}, []float64{1, 2}, ""},
		{"quoted", "\"a\",\"b\"\r\n1,2\r\n", 1, 2, []string{"a", "b"}, []float64{1, 2}, ""},
		{"no header", "1,2\n", 1, 2, nil, []float64{1, 2}, ""},
		{"byte-order mark", "\ufeffa,b\r\n1,2\r\n", 1, 2, []string{"a", "b"}, []float64{1, 2}, ""},
		{"byte-order mark, no header", "\ufeff1,2\n", 1, 2, nil, []float64{1, 2}, ""},
		{"mixed", "a,2\n1,2\n", 0, 0, nil, nil, `line 1: column 0: "a" is not a number (a header line holds names only`},
		{"mixed later", "1,x\n", 0, 0, nil, nil, `line 1: column 1: "x" is not a number`},
		{"duplicate", "a,b,a\n1,2,3\n", 0, 0, nil, nil, `column name "a" appears twice (columns 0 and 2)`},
		{"two headers", "a,b\nc,d\n1,2\n", 0, 0, nil, nil, `line 2: column 0: "c" is not a number`},
		{"header width", "a,b,c\n# c\n1,2\n", 0, 0, nil, nil, "line 3: 2 columns, but the header (line 1) names 3"},
		{"header only", "a,b\n", 0, 0, nil, nil, "no data rows"},
		{"bad name", "a,b\x01\n1,2\n", 0, 0, nil, nil, "printable"},
		{"NUL", "1,2\n3,\x004\n", 0, 0, nil, nil, "line 2: column 1"},
		{"NUL first", "\x00\x00\x00", 0, 0, nil, nil, "line 1: a NUL byte: binary data"},
		{"ragged after header", "a,b\n1,2\n3\n", 0, 0, nil, nil, "line 3: 1 columns, but line 2 has 2"},
		{"long field", "1," + strings.Repeat("9", 100) + "x\n", 0, 0, nil, nil, `"` + strings.Repeat("9", 40) + `"...`},
	} {
		tb, err := Read(strings.NewReader(c.in), "f")
		if c.err != "" {
			if err == nil || !strings.Contains(err.Error(), c.err) {
				t.Errorf("%s: error %v, want %q", c.name, err, c.err)
			}
			continue
		}
		if err != nil {
			t.Errorf("%s: %v", c.name, err)
			continue
		}
		if tb.Rows != c.rows || tb.Cols != c.cols || !reflect.DeepEqual(tb.Data, c.data) || !reflect.DeepEqual(tb.Names, c.names) {
			t.Errorf("%s: got %d x %d %q %v, want %d x %d %q %v", c.name, tb.Rows, tb.Cols, tb.Names, tb.Data, c.rows, c.cols, c.names, c.data)
		}
	}
}

// TestReadBlocks checks inputs spanning many parse blocks: the values in
// order, and errors reported with their true line numbers, the first in
// input order winning.
func TestReadBlocks(t *testing.T) {
	var sb strings.Builder
	rows := 3*blockSize/20 + 7
	for i := 0; i < rows; i++ {
		if i%1000 == 0 {
			sb.WriteString("# comment\n")
		}
		fmt.Fprintf(&sb, "%d, %d.5, -%d\n", i, i, i)
	}
	in := sb.String()
	tb, err := Read(strings.NewReader(in), "big")
	if err != nil {
		t.Fatal(err)
	}
	if tb.Rows != rows || tb.Cols != 3 {
		t.Fatalf("got %d x %d, want %d x 3", tb.Rows, tb.Cols, rows)
	}
	for i := 0; i < rows; i++ {
		if tb.Data[3*i] != float64(i) || tb.Data[3*i+1] != float64(i)+0.5 || tb.Data[3*i+2] != -float64(i) {
			t.Fatalf("row %d = %v", i, tb.Data[3*i:3*i+3])
		}
	}
	lines := strings.SplitAfter(in, "\n")
	for _, bad := range []struct {
		at   int
		text string
		want string
	}{
		{len(lines) - 3, "1 2\n", "big line %d: 2 columns, but line 2 has 3 (ragged rows)"},
		{len(lines) / 2, "1 2 nan\n", "big line %d: column 2: \"nan\" is not a finite number"},
	} {
		mod := append(append(append([]string{}, lines[:bad.at]...), bad.text), lines[bad.at+1:]...)
		// A second error later in the input must not win.
		mod[len(mod)-2] = "x\n"
		_, err := Read(strings.NewReader(strings.Join(mod, "")), "big")
		if want := fmt.Sprintf(bad.want, bad.at+1); err == nil || err.Error() != want {
			t.Errorf("error %v, want %q", err, want)
		}
	}
	// A line longer than a block.
	long := strings.Repeat("1 ", blockSize) + "2\n3" + strings.Repeat(" 4", blockSize) + "\n"
	tb, err = Read(strings.NewReader(long), "long")
	if err != nil || tb.Rows != 2 || tb.Cols != blockSize+1 || tb.Data[blockSize] != 2 || tb.Data[blockSize+1] != 3 {
		t.Errorf("long lines: %v", err)
	}
}

func TestColumns(t *testing.T) {
	tb := &Table{Rows: 2, Cols: 3, Data: []float64{1, 2, 3, 4, 5, 6}}
	got, err := tb.Columns([]int{2, 0}, nil)
	if err != nil || !reflect.DeepEqual(got, []float64{3, 1, 6, 4}) {
		t.Errorf("Columns(2,0) = %v, %v", got, err)
	}
	got, err = tb.Columns([]int{1}, []int{1})
	if err != nil || !reflect.DeepEqual(got, []float64{5}) {
		t.Errorf("Columns(1; row 1) = %v, %v", got, err)
	}
	if _, err := tb.Columns([]int{3}, nil); err == nil || !strings.Contains(err.Error(), "column 3 out of range") {
		t.Errorf("Columns(3): error %v", err)
	}
}

func TestSelect(t *testing.T) {
	plain := &Table{Rows: 1, Cols: 5, Data: make([]float64, 5)}
	named := &Table{Rows: 1, Cols: 4, Data: make([]float64, 4), Names: []string{"w_0_1", "x_0", "1-2", "case"}}
	for _, c := range []struct {
		tb   *Table
		in   string
		want []int
		err  string
	}{
		{plain, "0", []int{0}, ""},
		{plain, " 0 , 1 ", []int{0, 1}, ""},
		{plain, "2-4,0", []int{2, 3, 4, 0}, ""},
		{plain, "4-4", []int{4}, ""},
		{plain, "", nil, "empty column list"},
		{plain, "0,,1", nil, "empty item"},
		{plain, "a", nil, "no header"},
		{plain, "-1", nil, "no header"},
		{plain, "1,1", nil, "listed twice"},
		{plain, "0-2,2", nil, "listed twice"},
		{plain, "3-2", nil, "reversed"},
		{plain, "5", nil, "out of range"},
		// Integer overflow and huge ranges answer at once (issue: an endless
		// loop and a 2e9-entry map before).
		{plain, "9223372036854775807", nil, "out of range"},
		{plain, "99999999999999999999999999", nil, "out of range"},
		{plain, "0-2000000000", nil, "out of range"},
		{plain, "0-9223372036854775807", nil, "out of range"},
		{named, "x_0,w_0_1", []int{1, 0}, ""},
		{named, "1-2", []int{2}, ""}, // a name wins over a range
		{named, "0-1,case", []int{0, 1, 3}, ""},
		{named, "x_0,1", nil, "listed twice"},
		{named, "x_9", nil, `no column named "x_9": the columns are w_0_1, x_0, 1-2, case`},
	} {
		got, err := c.tb.Select(c.in)
		if c.err != "" {
			if err == nil || !strings.Contains(err.Error(), c.err) {
				t.Errorf("Select(%q) = %v, %v; want an error containing %q", c.in, got, err, c.err)
			}
			continue
		}
		if err != nil || !reflect.DeepEqual(got, c.want) {
			t.Errorf("Select(%q) = %v, %v; want %v", c.in, got, err, c.want)
		}
	}
}

// zeros is an endless stream of NUL bytes, like /dev/zero.
type zeros struct{ n int }

func (z *zeros) Read(p []byte) (int, error) {
	clear(p)
	z.n += len(p)
	return len(p), nil
}

// spaces is an endless line of blanks and digits: no line end, no NUL.
type endless struct{ n int }

func (z *endless) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = "1 "[(z.n+i)%2]
	}
	z.n += len(p)
	return len(p), nil
}

// TestReadUnbounded checks that an input without line ends is refused
// after at most MaxLine bytes (plus a block) instead of being read forever.
func TestReadUnbounded(t *testing.T) {
	z := &zeros{}
	if _, err := Read(z, "/dev/zero"); err == nil || !strings.Contains(err.Error(), "/dev/zero line 1: a NUL byte") {
		t.Errorf("/dev/zero: %v", err)
	}
	if z.n > 1<<20 {
		t.Errorf("read %d bytes of zeros before refusing", z.n)
	}
	for _, head := range []string{"", "a b\n", "1 2\n"} {
		e := &endless{}
		_, err := Read(io.MultiReader(strings.NewReader(head), e), "endless")
		if err == nil || !strings.Contains(err.Error(), "longer than 4194304 bytes (4 MiB) without a line end") {
			t.Errorf("head %q: %v", head, err)
		}
		if e.n > MaxLine+2*blockSize {
			t.Errorf("head %q: read %d bytes before refusing", head, e.n)
		}
	}
}

func ExampleRead() {
	tb, err := Read(strings.NewReader("w_0_1,x_0,x_1\n1.5,1,2\n2.5,3,4\n"), "example")
	if err != nil {
		panic(err)
	}
	cols, _ := tb.Select("x_1,w_0_1")
	v, _ := tb.Columns(cols, nil)
	fmt.Println(tb.Rows, tb.Cols, tb.Names, cols, v)
	// Output: 2 3 [w_0_1 x_0 x_1] [2 0] [2 1.5 4 2.5]
}

// FuzzRead checks that no input makes Read panic, and that what it accepts
// is a rectangular finite table whose names (if any) match its width.
func FuzzRead(f *testing.F) {
	for _, s := range []string{"1 2\n3 4\n", "a,b\n1,2\n", "# c\n1,,2\n", "a,1\n", "\x93NUMPY\x01\x00\x10\x00{'descr': '<f8'}", "1e309\n", "\"a\"\n1\n"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		tb, err := Read(bytes.NewReader(b), "fuzz")
		if err != nil {
			if strings.Contains(err.Error(), "\n") {
				t.Fatalf("error spans lines: %q", err)
			}
			return
		}
		if tb.Rows < 1 || tb.Cols < 1 || len(tb.Data) != tb.Rows*tb.Cols {
			t.Fatalf("%d x %d table with %d values", tb.Rows, tb.Cols, len(tb.Data))
		}
		if tb.Names != nil && len(tb.Names) != tb.Cols {
			t.Fatalf("%d names for %d columns", len(tb.Names), tb.Cols)
		}
		for _, v := range tb.Data {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				t.Fatalf("non-finite value %v accepted", v)
			}
		}
	})
}

// FuzzSelect checks that a column list never panics and, when accepted,
// names distinct columns inside the table.
func FuzzSelect(f *testing.F) {
	for _, s := range []string{"0", "0-2", "a,b", "9223372036854775807", "1-0", ",", "b-a"} {
		f.Add(s)
	}
	tb := &Table{Rows: 1, Cols: 6, Data: make([]float64, 6), Names: []string{"a", "b", "0-1", "x_1", "case", "z"}}
	f.Fuzz(func(t *testing.T, s string) {
		cols, err := tb.Select(s)
		if err != nil {
			return
		}
		seen := map[int]bool{}
		for _, c := range cols {
			if c < 0 || c >= tb.Cols || seen[c] {
				t.Fatalf("Select(%q) = %v", s, cols)
			}
			seen[c] = true
		}
	})
}
