package table

import (
	"fmt"
	"reflect"
	"strings"
	"testing"
)

func TestRead(t *testing.T) {
	for _, c := range []struct {
		name, in   string
		rows, cols int
		data       []float64
		err        string
	}{
		{"spaces", " 1 2\n3\t4\n", 2, 2, []float64{1, 2, 3, 4}, ""},
		{"commas", "1,2,3\n4, 5 ,6\r\n", 2, 3, []float64{1, 2, 3, 4, 5, 6}, ""},
		{"comments", "% head\n# more\n\n  # indented\n1e-3 -2.5E2\n", 1, 2, []float64{1e-3, -250}, ""},
		{"ragged", "1 2\n3\n", 0, 0, nil, "line 2: 1 columns, but line 1 has 2 (ragged rows)"},
		{"nan", "1 2\n3 NaN\n", 0, 0, nil, "line 2: column 1: \"NaN\" is not a finite number"},
		{"inf", "1 -Inf\n", 0, 0, nil, "line 1: column 1: \"-Inf\" is not a finite number"},
		{"word", "1 x\n", 0, 0, nil, "line 1: column 1: \"x\" is not a number"},
		{"empty field", "1,,2\n", 0, 0, nil, "line 1: column 1: empty field"},
		{"trailing comma", "1,2,\n", 0, 0, nil, "line 1: column 2: empty field"},
		{"no rows", "% only\n\n", 0, 0, nil, "no data rows"},
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
		if tb.Rows != c.rows || tb.Cols != c.cols || !reflect.DeepEqual(tb.Data, c.data) {
			t.Errorf("%s: got %d x %d %v, want %d x %d %v", c.name, tb.Rows, tb.Cols, tb.Data, c.rows, c.cols, c.data)
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
	got, err := tb.Columns([]int{2, 0})
	if err != nil || !reflect.DeepEqual(got, []float64{3, 1, 6, 4}) {
		t.Errorf("Columns(2,0) = %v, %v", got, err)
	}
	if _, err := tb.Columns([]int{3}); err == nil || !strings.Contains(err.Error(), "column 3 out of range") {
		t.Errorf("Columns(3): error %v", err)
	}
}

func TestParseColumns(t *testing.T) {
	for _, c := range []struct {
		in   string
		want []int
		bad  bool
	}{
		{"0", []int{0}, false},
		{"0,1", []int{0, 1}, false},
		{"2-4,0", []int{2, 3, 4, 0}, false},
		{"", nil, true},
		{"a", nil, true},
		{"-1", nil, true},
		{"1,1", nil, true},
		{"3-2", nil, true},
	} {
		got, err := ParseColumns(c.in)
		if (err != nil) != c.bad || (!c.bad && !reflect.DeepEqual(got, c.want)) {
			t.Errorf("ParseColumns(%q) = %v, %v", c.in, got, err)
		}
	}
}

func ExampleRead() {
	tb, err := Read(strings.NewReader("% x y\n1, 2\n3, 4\n"), "example")
	if err != nil {
		panic(err)
	}
	y, _ := tb.Columns([]int{1})
	fmt.Println(tb.Rows, tb.Cols, y)
	// Output: 2 2 [2 4]
}
