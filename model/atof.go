package model

import (
	"encoding/binary"
	"math"
	"math/bits"
)

// Fast float parsing for the decoder: one pass over the bytes of a JSON
// number computes its decimal mantissa and exponent, and the Eisel–Lemire
// algorithm (as in Go's strconv, after Lemire, "Number parsing at a
// gigabyte per second", 2021) turns them into the correctly rounded float64.
// Numbers it cannot settle (more than 19 significant digits, a halfway
// case, or beyond the table) go to strconv.ParseFloat.

const (
	pow10Min = -348
	pow10Max = 347
)

// eiselLemire returns man·10^exp10 correctly rounded, or ok = false when
// the algorithm cannot decide (the caller then uses strconv).
func eiselLemire(man uint64, exp10 int, neg bool) (f float64, ok bool) {
	if man == 0 {
		if neg {
			return math.Copysign(0, -1), true
		}
		return 0, true
	}
	if exp10 < pow10Min || exp10 > pow10Max {
		return 0, false
	}
	clz := bits.LeadingZeros64(man)
	man <<= uint(clz)
	const bias = 1023
	retExp2 := uint64(217706*exp10>>16+64+bias) - uint64(clz)
	p := &pow10Table[uint(exp10-pow10Min)%uint(len(pow10Table))]
	xHi, xLo := bits.Mul64(man, p[1])
	if xHi&0x1FF == 0x1FF && xLo+man < man {
		yHi, yLo := bits.Mul64(man, p[0])
		mergedHi, mergedLo := xHi, xLo+yHi
		if mergedLo < xLo {
			mergedHi++
		}
		if mergedHi&0x1FF == 0x1FF && mergedLo+1 == 0 && yLo+man < man {
			return 0, false
		}
		xHi, xLo = mergedHi, mergedLo
	}
	msb := xHi >> 63
	retMantissa := xHi >> (msb + 9)
	retExp2 -= 1 ^ msb
	if xLo == 0 && xHi&0x1FF == 0 && retMantissa&3 == 1 {
		return 0, false
	}
	retMantissa += retMantissa & 1
	retMantissa >>= 1
	if retMantissa>>53 > 0 {
		retMantissa >>= 1
		retExp2++
	}
	if retExp2-1 >= 0x7FF-1 {
		return 0, false
	}
	b := retExp2<<52 | retMantissa&(1<<52-1)
	if neg {
		b |= 1 << 63
	}
	return math.Float64frombits(b), true
}

// eightDigits reports whether the 8 bytes of v (little-endian) are all
// ASCII digits.
func eightDigits(v uint64) bool {
	return ((v+0x4646464646464646)|(v-0x3030303030303030))&0x8080808080808080 == 0
}

// parseEight returns the value of the 8 ASCII digits in v (little-endian:
// the first digit in the low byte), by three multiply-and-shift steps.
func parseEight(v uint64) uint64 {
	const mask = 0x000000FF000000FF
	const mul1 = 100 + 1000000<<32
	const mul2 = 1 + 10000<<32
	v -= 0x3030303030303030
	v = v*10 + v>>8
	return (((v & mask) * mul1) + (((v >> 16) & mask) * mul2)) >> 32
}

// numberBytes marks the bytes that can continue a number literal (or a
// bare word): a number followed by anything else is complete.
var numberBytes = func() (t [256]bool) {
	for c := range t {
		t[c] = c >= '0' && c <= '9' || c == '.' || c == '+' || c == '-' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
	}
	return t
}()

// maxMan is the largest mantissa that can take one more decimal digit
// without overflowing a uint64.
const maxMan = (math.MaxUint64 - 9) / 10

// pow10Exact holds the powers of ten that float64 represents exactly.
var pow10Exact = [23]float64{1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10,
	1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22}

// moreDigits appends the decimal digits at s[i:] to man and returns the
// index after them; ok is false when man would overflow.
func moreDigits(s []byte, i int, man uint64) (int, uint64, bool) {
	for ; i < len(s); i++ {
		d := s[i] - '0'
		if d > 9 {
			break
		}
		if man > maxMan {
			return i, man, false
		}
		man = man*10 + uint64(d)
	}
	return i, man, true
}

// scanFloat parses the JSON number at the start of s. It returns the value,
// the bytes consumed, and ok = false when s does not start with a complete
// JSON number followed by a delimiter within s, or when the fast paths
// cannot settle it (then the caller takes the slow path on the same bytes).
//
// One pass gathers the decimal digits into a uint64 mantissa (eight at a
// time where it can) and the decimal exponent; a mantissa that would
// overflow (more than 19 significant digits) is left to strconv. Then
// Clinger's fast path (a mantissa of at most 2^53 and |exponent| ≤ 22: one
// correctly rounded multiplication or division of two exact float64s) or
// the Eisel–Lemire algorithm gives the correctly rounded float64.
func scanFloat(s []byte) (v float64, n int, ok bool) {
	i := 0
	neg := false
	if len(s) > 0 && s[0] == '-' {
		neg = true
		i = 1
	}
	if i >= len(s) {
		return 0, 0, false
	}
	var man uint64
	switch c := s[i]; {
	case c == '0':
		i++
	case c >= '1' && c <= '9':
		if i, man, ok = moreDigits(s, i+1, uint64(c-'0')); !ok {
			return 0, 0, false
		}
	default:
		return 0, 0, false
	}
	exp10 := 0
	if i < len(s) && s[i] == '.' {
		i++
		j := i
		// Eight digits at a time while the mantissa stays below 10^19
		// (leading zeros of a fraction keep it small and cost nothing).
		for i+8 <= len(s) && man < 1e11 {
			w := binary.LittleEndian.Uint64(s[i:])
			if !eightDigits(w) {
				break
			}
			man = man*1e8 + parseEight(w)
			i += 8
		}
		if i, man, ok = moreDigits(s, i, man); !ok {
			return 0, 0, false
		}
		if i == j {
			return 0, 0, false
		}
		exp10 = j - i
	}
	if i < len(s) && s[i]|0x20 == 'e' {
		i++
		eneg := false
		if i < len(s) && (s[i] == '+' || s[i] == '-') {
			eneg = s[i] == '-'
			i++
		}
		j := i
		e := 0
		for i < len(s) {
			d := s[i] - '0'
			if d > 9 {
				break
			}
			if e < 100000 {
				e = e*10 + int(d)
			}
			i++
		}
		if i == j {
			return 0, 0, false
		}
		if eneg {
			e = -e
		}
		exp10 += e
	}
	// The number must end here, before a delimiter inside s.
	if i >= len(s) || numberBytes[s[i]] {
		return 0, 0, false
	}
	if man == 0 {
		if neg {
			return math.Copysign(0, -1), i, true
		}
		return 0, i, true
	}
	if man <= 1<<53 && exp10 >= -22 && exp10 <= 22 {
		// Clinger: both operands exact, so one rounding.
		f := float64(man)
		if exp10 < 0 {
			f /= pow10Exact[-exp10]
		} else {
			f *= pow10Exact[exp10]
		}
		if neg {
			f = -f
		}
		return f, i, true
	}
	if exp10 < pow10Min || exp10 > pow10Max {
		return 0, 0, false // out of range: strconv says 0, subnormal or overflow
	}
	v, ok = eiselLemire(man, exp10, neg)
	return v, i, ok
}
