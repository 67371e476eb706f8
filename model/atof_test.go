package model

import (
	"math"
	"strconv"
	"testing"

	"github.com/syninfo/syninfo/internal/rng"
)

// TestScanFloatAgainstStrconv: the fast parser gives strconv's result bit
// for bit (or defers to it) on random numbers printed in every format.
func TestScanFloatAgainstStrconv(t *testing.T) {
	r := rng.New(21)
	check := func(s string) {
		b := append([]byte(s), ',')
		v, n, ok := scanFloat(b)
		if !ok {
			return
		}
		want, err := strconv.ParseFloat(s, 64)
		if err != nil {
			t.Fatalf("%q: fast path accepted, strconv: %v", s, err)
		}
		if n != len(s) || math.Float64bits(v) != math.Float64bits(want) {
			t.Fatalf("%q: got %v (%d bytes), strconv %v", s, v, n, want)
		}
	}
	deferred := 0
	for i := 0; i < 400000; i++ {
		x := math.Float64frombits(r.Uint64())
		if math.IsNaN(x) || math.IsInf(x, 0) {
			continue
		}
		if i%2 == 0 {
			x = r.NormFloat64() * math.Pow(10, float64(r.IntN(40)-20))
		}
		for _, f := range []byte{'g', 'e', 'f'} {
			prec := -1
			if i%3 == 0 {
				prec = r.IntN(25)
			}
			s := strconv.FormatFloat(x, f, prec, 64)
			if len(s) > 400 {
				continue
			}
			check(s)
			if _, _, ok := scanFloat(append([]byte(s), ' ')); !ok {
				deferred++
			}
		}
	}
	for _, s := range []string{"0", "-0", "1", "0.5", "1e308", "1.7976931348623157e308", "2.2250738585072014e-308",
		"4.9e-324", "1e-400", "123456789012345678901234567890", "0.000000000000000000000000001", "9007199254740993",
		"1E+2", "1e-2", "100000000000000000000000", "0.1", "-12.5e-3"} {
		check(s)
	}
	t.Logf("%d numbers deferred to strconv", deferred)
}

// TestScanFloatRejects: not JSON numbers, or not complete in the buffer.
func TestScanFloatRejects(t *testing.T) {
	for _, s := range []string{"", "-", "01", "1.", ".5", "1e", "1e+", "+1", "0x10", "1.5x", "NaN", "Inf", "12"} {
		if _, _, ok := scanFloat([]byte(s)); ok {
			t.Errorf("%q accepted", s)
		}
	}
}

// FuzzScanFloat: whatever the fast parser accepts, strconv parses to the
// same bits, and it accepts only JSON numbers.
func FuzzScanFloat(f *testing.F) {
	for _, s := range []string{"0,", "-0.5]", "1e308 ", "2.2250738585072014e-308,", "123456789012345678,", "1.5e-320,", "01,", "1.,"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		v, n, ok := scanFloat(b)
		if !ok {
			return
		}
		tok := b[:n]
		if valid, _ := validNumber(tok); !valid {
			t.Fatalf("%q accepted, not a JSON number", tok)
		}
		want, err := strconv.ParseFloat(string(tok), 64)
		if err != nil || math.Float64bits(v) != math.Float64bits(want) {
			t.Fatalf("%q: %v, strconv %v (%v)", tok, v, want, err)
		}
	})
}
