package table

import (
	"bytes"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// The fixtures under testdata/ were written by numpy 1.24.2 (gen_npy.py
// there says how); the expected values below are the arrays that script
// saves, typed in independently of our reader.
func TestReadNPYNumpyFiles(t *testing.T) {
	for _, c := range []struct {
		file       string
		rows, cols int
		data       []float64
		names      []string
	}{
		{"f8_c.npy", 2, 3, []float64{-1, 0.5, 2, 3.5, 5, 6.5}, nil},
		{"f4_fortran.npy", 2, 3, []float64{0.25, 0.5, 0.75, 1, 1.25, 1.5}, nil},
		{"i8.npy", 2, 2, []float64{-3, 7, 1 << 40, 0}, nil},
		{"be_f8_1d.npy", 3, 1, []float64{0.1, -2.5e-300, 3e300}, nil},
		{"u1.npy", 1, 2, []float64{0, 255}, nil},
		{"i2.npy", 1, 2, []float64{-32768, 32767}, nil},
		{"bool.npy", 1, 2, []float64{1, 0}, nil},
		{"struct.npy", 2, 3, []float64{1.5, 2, 0.25, -1, 3, 8}, []string{"w_0_1", "case", "x_0"}},
		{"v2.npy", 2, 2, []float64{1, 2, 3, 4}, nil},
	} {
		f, err := os.Open(filepath.Join("testdata", c.file))
		if err != nil {
			t.Fatal(err)
		}
		tb, err := Read(f, c.file) // Read recognises .npy by its magic string
		f.Close()
		if err != nil {
			t.Errorf("%s: %v", c.file, err)
			continue
		}
		if tb.Rows != c.rows || tb.Cols != c.cols || !reflect.DeepEqual(tb.Data, c.data) || !reflect.DeepEqual(tb.Names, c.names) {
			t.Errorf("%s: %d x %d %v %q, want %d x %d %v %q", c.file, tb.Rows, tb.Cols, tb.Data, tb.Names, c.rows, c.cols, c.data, c.names)
		}
	}
	// A Fortran-order array larger than the read buffers.
	b, _ := os.ReadFile("testdata/big_fortran.npy")
	tb, err := Read(bytes.NewReader(b), "big")
	if err != nil || tb.Rows != 2000 || tb.Cols != 3 {
		t.Fatalf("big_fortran: %v", err)
	}
	for i := 0; i < 2000; i++ {
		if r := tb.Data[3*i : 3*i+3]; r[0] != float64(i) || r[1] != float64(i)/7 || r[2] != -float64(i) {
			t.Fatalf("big_fortran row %d = %v", i, r)
		}
	}
}

func TestReadNPYRefusals(t *testing.T) {
	read := func(name string) []byte {
		b, err := os.ReadFile(filepath.Join("testdata", name))
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	f8 := read("f8_c.npy")
	hdr := string(f8[:len(f8)-48])
	for _, c := range []struct {
		name string
		in   []byte
		err  string
	}{
		{"nan", read("nan.npy"), "row 0, column 1: NaN is not a finite number"},
		{"inf f4", read("inf.npy"), "row 0, column 0: +Inf is not a finite number"},
		{"3-D", read("3d.npy"), "want a 1-D or 2-D array"},
		{"scalar", read("scalar.npy"), "want a 1-D or 2-D array"},
		{"complex", read("complex.npy"), "not supported"},
		{"object", read("object.npy"), "not a real number type"},
		{"empty", read("empty.npy"), "no data"},
		{"truncated", f8[:len(f8)-12], "file ends at row 1 of shape [2 3]"},
		{"trailing bytes", append(append([]byte{}, f8...), 0), "bytes after the array"},
		{"header cut", f8[:20], "file ends in the header"},
		{"no magic", []byte("\x93NUMPX\x01\x00"), "not a text table"},
		{"version 9", []byte("\x93NUMPY\x09\x00\x10\x00"), "format version 9.0"},
		{"huge header", []byte("\x93NUMPY\x02\x00\xff\xff\xff\xff"), "header of 4294967295 bytes"},
		{"no newline", []byte("\x93NUMPY\x01\x00\x10\x00{'descr': '<f8'}"), "'fortran_order' missing"},
		{"garbage header", []byte("\x93NUMPY\x01\x00\x08\x00{{{{{{{{"), "header"},
		{"deep header", append([]byte("\x93NUMPY\x01\x00\x40\x00"), strings.Repeat("(", 64)...), "nested too deep"},
		{"shape lies", []byte(strings.Replace(hdr, "(2, 3)", "(9000000000000, 3)", 1)), "file ends at row 0"},
		{"huge shape", []byte(strings.Replace(hdr, "(2, 3)", "(99999999999999999999999, 3)", 1)), "out of range"},
		{"overflowing shape", []byte(strings.Replace(hdr, "(2, 3)", "(576460752303423487, 3)", 1)), "too large"},
		{"many columns", []byte(strings.Replace(hdr, "(2, 3)", "(1, 9999999)", 1)), "more than 2^20 columns"},
	} {
		_, err := Read(bytes.NewReader(c.in), c.name)
		if err == nil || !strings.Contains(err.Error(), c.err) || strings.Contains(err.Error(), "\n") {
			t.Errorf("%s: error %v, want %q", c.name, err, c.err)
		}
	}
}

// TestWriteNPY checks the writer byte for byte against numpy's own np.save
// of the same array (testdata/written.npy), then reads it back.
func TestWriteNPY(t *testing.T) {
	tb := &Table{Rows: 2, Cols: 3, Data: []float64{0.5, -1e-310, 3, 1e300, 2, math.Copysign(0, -1)}}
	var buf bytes.Buffer
	if err := WriteNPY(&buf, tb); err != nil {
		t.Fatal(err)
	}
	want, err := os.ReadFile("testdata/written.npy")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(buf.Bytes(), want) {
		t.Fatalf("WriteNPY differs from numpy's np.save:\n got %q\nwant %q", buf.Bytes()[:64], want[:64])
	}
	back, err := Read(&buf, "written")
	if err != nil || !reflect.DeepEqual(back.Data, tb.Data) || back.Rows != 2 || back.Cols != 3 {
		t.Fatalf("read back: %v %v", back, err)
	}
	// Headers are padded to 64 bytes for any shape.
	for _, s := range [][2]int{{0, 0}, {1, 1}, {123456789, 7}, {1 << 40, 1 << 20}} {
		h, err := npyHeader(s[0], s[1])
		if err != nil || len(h)%64 != 0 || h[len(h)-1] != '\n' {
			t.Errorf("header of shape %v: %d bytes, %v", s, len(h), err)
		}
	}
	// The streaming writer refuses a wrong row count.
	nw, _ := NewNPYWriter(&bytes.Buffer{}, 2, 2)
	if err := nw.WriteRow([]float64{1}); err == nil {
		t.Error("short row accepted")
	}
	if err := nw.WriteRow([]float64{1, 2}); err != nil {
		t.Fatal(err)
	}
	if err := nw.Close(); err == nil {
		t.Error("Close accepted 1 of 2 rows")
	}
}

// FuzzReadNPY checks that no .npy-looking input panics or yields a
// non-finite or ill-shaped table.
func FuzzReadNPY(f *testing.F) {
	for _, name := range []string{"f8_c.npy", "struct.npy", "f4_fortran.npy", "be_f8_1d.npy", "v2.npy"} {
		b, err := os.ReadFile(filepath.Join("testdata", name))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		tb, err := ReadNPY(bytes.NewReader(b), "fuzz")
		if err != nil {
			return
		}
		if tb.Rows < 1 || tb.Cols < 1 || len(tb.Data) != tb.Rows*tb.Cols {
			t.Fatalf("%d x %d with %d values", tb.Rows, tb.Cols, len(tb.Data))
		}
		for _, v := range tb.Data {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				t.Fatal("non-finite value")
			}
		}
	})
}

func ExampleWriteNPY() {
	var buf bytes.Buffer
	tb := &Table{Rows: 2, Cols: 2, Data: []float64{1, 2, 3, 4}}
	if err := WriteNPY(&buf, tb); err != nil {
		panic(err)
	}
	// numpy.load reads buf as array([[1., 2.], [3., 4.]]); so does Read.
	back, err := Read(&buf, "example.npy")
	if err != nil {
		panic(err)
	}
	fmt.Println(buf.Len() == 0, back.Rows, back.Cols, back.Data)
	// Output: true 2 2 [1 2 3 4]
}
