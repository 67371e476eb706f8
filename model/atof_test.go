package model

import (
	"math"
	"math/big"
	"strconv"
	"strings"
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

// TestScanFloatAdversarial: strings built to sit on the edges of the fast
// paths, each checked bit for bit against strconv.ParseFloat: decimals
// near the midpoint between two adjacent float64s (truncated to 15–25
// significant digits and nudged by one in the last), exact halfway cases,
// mantissas around 2^53 and exponents around ±22 (Clinger's limits),
// subnormals, the overflow threshold, random digit strings with leading
// zeros and exponents from −360 to 360. At least 99% of the shortest
// representations of random float64s must take a fast path.
func TestScanFloatAdversarial(t *testing.T) {
	r := rng.New(77)
	checked, fast := 0, 0
	check := func(s string) bool {
		t.Helper()
		checked++
		v, n, ok := scanFloat(append([]byte(s), ']'))
		if !ok {
			return false
		}
		fast++
		want, err := strconv.ParseFloat(s, 64)
		if err != nil {
			t.Fatalf("%q: fast path gave %v, strconv: %v", s, v, err)
		}
		if n != len(s) || math.Float64bits(v) != math.Float64bits(want) {
			t.Fatalf("%q: fast path %v (%x, %d bytes), strconv %v (%x)", s, v, math.Float64bits(v), n, want, math.Float64bits(want))
		}
		return true
	}
	// Midpoints between neighbours, in exact decimal, then cut and nudged.
	for i := 0; i < 20000; i++ {
		x := math.Abs(math.Float64frombits(r.Uint64()))
		if i%2 == 0 {
			x = math.Abs(r.NormFloat64()) * math.Pow(10, float64(r.IntN(60)-30))
		}
		if math.IsNaN(x) || math.IsInf(x, 0) || x == math.MaxFloat64 {
			continue
		}
		y := math.Nextafter(x, math.Inf(1))
		mid := new(big.Float).SetPrec(2200).SetFloat64(x)
		mid.Add(mid, new(big.Float).SetPrec(2200).SetFloat64(y))
		mid.Quo(mid, big.NewFloat(2))
		for _, digits := range []int{15, 16, 17, 18, 19, 20, 25} {
			s := mid.Text('e', digits-1)
			check(s)
			mant, exp, _ := strings.Cut(s, "e")
			for _, d := range []int64{-1, 1} {
				m, _ := new(big.Int).SetString(strings.Replace(mant, ".", "", 1), 10)
				m.Add(m, big.NewInt(d))
				check(m.String() + "e" + strconv.Itoa(mustAtoi(t, exp)-(digits-1)))
			}
		}
	}
	// Exact halfway cases and Clinger's limits.
	for _, s := range []string{"9007199254740993", "9007199254740995", "9007199254740992", "9007199254740991",
		"1.00000000000000011102230246251565404236316680908203125", "1.0000000000000001110223024625156540423631668090820312",
		"9007199254740993e22", "9007199254740992e22", "9007199254740992e-22", "9007199254740993e-22",
		"1e22", "1e23", "1e-22", "1e-23", "123456789e22", "123456789e-22", "4503599627370497.5",
		"2.2250738585072011e-308", "2.2250738585072012e-308", "4.9406564584124654e-324", "2.4703282292062327e-324",
		"2.4703282292062328e-324", "1.7976931348623157e308", "1.7976931348623158e308", "1.7976931348623159e308",
		"179769313486231580793728971405301e276", "0.0000000000000000000000000000000000001", "-0.0e-0", "0e400", "1e-400",
		"18446744073709551615", "18446744073709551616", "1844674407370955161.5", "0.18446744073709551615",
		"1234567890123456789", "12345678901234567890", "0.00000000001234567890123456789"} {
		check(s)
		check("-" + s)
	}
	// Random digit strings.
	for i := 0; i < 200000; i++ {
		var b strings.Builder
		if r.IntN(2) == 0 {
			b.WriteByte('-')
		}
		intDigits := r.IntN(21)
		if intDigits == 0 {
			b.WriteByte('0')
		} else {
			b.WriteByte(byte('1' + r.IntN(9)))
			for range intDigits - 1 {
				b.WriteByte(byte('0' + r.IntN(10)))
			}
		}
		if r.IntN(3) > 0 {
			b.WriteByte('.')
			for range r.IntN(8) { // leading zeros
				if r.IntN(2) == 0 {
					b.WriteByte('0')
				}
			}
			for range 1 + r.IntN(22) {
				b.WriteByte(byte('0' + r.IntN(10)))
			}
		}
		if r.IntN(2) == 0 {
			b.WriteString([]string{"e", "E", "e+", "e-", "E-", "e0"}[r.IntN(6)])
			b.WriteString(strconv.Itoa(r.IntN(361)))
		}
		check(b.String())
	}
	// Shortest representations must mostly take a fast path.
	n, ok := 0, 0
	for i := 0; i < 100000; i++ {
		x := math.Float64frombits(r.Uint64())
		if math.IsNaN(x) || math.IsInf(x, 0) {
			continue
		}
		n++
		if check(strconv.FormatFloat(x, 'g', -1, 64)) {
			ok++
		}
	}
	if float64(ok) < 0.99*float64(n) {
		t.Errorf("only %d of %d shortest representations took a fast path", ok, n)
	}
	t.Logf("%d strings, %d on a fast path; shortest representations: %d of %d", checked, fast, ok, n)
}

func mustAtoi(t *testing.T, s string) int {
	v, err := strconv.Atoi(s)
	if err != nil {
		t.Fatal(err)
	}
	return v
}
