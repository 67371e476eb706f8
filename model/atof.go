package model

import (
	"encoding/binary"
	"math"
	"math/big"
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

// pow10Table[q − pow10Min] holds the 128-bit mantissa of 10^q, normalised
// so that its top bit is set and truncated: {low 64 bits, high 64 bits}.
var pow10Table = func() [][2]uint64 {
	t := make([][2]uint64, pow10Max-pow10Min+1)
	ten := big.NewInt(10)
	for q := pow10Min; q <= pow10Max; q++ {
		var m big.Int
		if q >= 0 {
			m.Exp(ten, big.NewInt(int64(q)), nil)
			if s := m.BitLen() - 128; s > 0 {
				m.Rsh(&m, uint(s))
			} else {
				m.Lsh(&m, uint(-s))
			}
		} else {
			// floor(2^k / 10^−q) with k such that the quotient has 128 bits.
			var d big.Int
			d.Exp(ten, big.NewInt(int64(-q)), nil)
			k := d.BitLen() + 127
			m.Lsh(big.NewInt(1), uint(k))
			m.Quo(&m, &d)
			if m.BitLen() > 128 {
				m.Rsh(&m, 1)
			}
		}
		lo := new(big.Int).And(&m, new(big.Int).SetUint64(math.MaxUint64)).Uint64()
		hi := new(big.Int).Rsh(&m, 64).Uint64()
		t[q-pow10Min] = [2]uint64{lo, hi}
	}
	return t
}()

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
	p := pow10Table[exp10-pow10Min]
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

// scanFloat parses the JSON number at the start of s. It returns the value,
// the bytes consumed, and ok = false when s does not start with a complete
// JSON number followed by a delimiter within s, or when the fast path
// cannot settle it (then the caller takes the slow path on the same bytes).
func scanFloat(s []byte) (v float64, n int, ok bool) {
	i := 0
	neg := false
	if i < len(s) && s[i] == '-' {
		neg = true
		i++
	}
	var man uint64
	nd, exp10 := 0, 0 // significant digits taken; decimal exponent
	trunc := false
	switch {
	case i < len(s) && s[i] == '0':
		i++
	case i < len(s) && s[i] >= '1' && s[i] <= '9':
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			// No leading zeros here: the integer part starts with 1–9.
			if nd < 19 {
				man = man*10 + uint64(s[i]-'0')
				nd++
			} else {
				trunc = true
				exp10++
			}
			i++
		}
	default:
		return 0, 0, false
	}
	if i < len(s) && s[i] == '.' {
		i++
		j := i
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			// Eight digits at a time once a significant digit is taken
			// (leading zeros must not count as significant).
			if nd > 0 && nd+8 <= 19 && i+8 <= len(s) {
				if v := binary.LittleEndian.Uint64(s[i:]); eightDigits(v) {
					man = man*100000000 + parseEight(v)
					nd += 8
					exp10 -= 8
					i += 8
					continue
				}
			}
			if nd == 0 && s[i] == '0' {
				exp10--
			} else if nd < 19 {
				man = man*10 + uint64(s[i]-'0')
				nd++
				exp10--
			} else {
				trunc = true
			}
			i++
		}
		if i == j {
			return 0, 0, false
		}
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		i++
		eneg := false
		if i < len(s) && (s[i] == '+' || s[i] == '-') {
			eneg = s[i] == '-'
			i++
		}
		j := i
		e := 0
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			if e < 100000 {
				e = e*10 + int(s[i]-'0')
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
	if i >= len(s) {
		return 0, 0, false
	}
	switch c := s[i]; {
	case c >= '0' && c <= '9', c == '.', c == 'e', c == 'E', c == '+', c == '-',
		c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z':
		return 0, 0, false
	}
	if trunc {
		return 0, 0, false
	}
	if man == 0 {
		if neg {
			return math.Copysign(0, -1), i, true
		}
		return 0, i, true
	}
	if exp10 < pow10Min || exp10 > pow10Max {
		return 0, 0, false // out of range: strconv says 0, subnormal or overflow
	}
	v, ok = eiselLemire(man, exp10, neg)
	return v, i, ok
}
