package blockse

import (
	"math"
	"math/big"
	"testing"
)

// TestSE checks SE against the definition computed in 256-bit arithmetic.
func TestSE(t *testing.T) {
	tests := [][]float64{
		{1, 2},
		{1, 2, 3, 4},
		{0.5, 0.5, 0.5},
		{1e8 + 1, 1e8 + 2, 1e8 + 4, 1e8 + 8}, // large mean: cancellation
		{-3.25, 7.5, 0.125, 2, 9.75, -1},
	}
	for _, x := range tests {
		b := float64(len(x))
		prec := uint(256)
		sum := new(big.Float).SetPrec(prec)
		for _, v := range x {
			sum.Add(sum, big.NewFloat(v))
		}
		mean := new(big.Float).SetPrec(prec).Quo(sum, big.NewFloat(b))
		ss := new(big.Float).SetPrec(prec)
		for _, v := range x {
			d := new(big.Float).SetPrec(prec).Sub(big.NewFloat(v), mean)
			ss.Add(ss, d.Mul(d, d))
		}
		ss.Quo(ss, big.NewFloat((b-1)*b))
		want := new(big.Float).SetPrec(prec).Sqrt(ss)
		w, _ := want.Float64()
		if got := SE(x); math.Abs(got-w) > 1e-15*math.Max(w, 1e-300) && !(w == 0 && got == 0) {
			t.Errorf("SE(%v) = %.17g, want %.17g", x, got, w)
		}
	}
	for _, x := range [][]float64{nil, {3}} {
		if got := SE(x); !math.IsNaN(got) {
			t.Errorf("SE(%v) = %g, want NaN", x, got)
		}
	}
}

// TestBounds: for every m and b ≤ m the blocks tile [0, m) in order, each of
// size ⌊m/b⌋ or ⌈m/b⌉.
func TestBounds(t *testing.T) {
	for m := 1; m <= 60; m++ {
		for b := 1; b <= m; b++ {
			next := 0
			for i := 0; i < b; i++ {
				lo, hi := Bounds(i, b, m)
				if lo != next || hi-lo < m/b || hi-lo > (m+b-1)/b {
					t.Fatalf("m=%d b=%d block %d = [%d,%d)", m, b, i, lo, hi)
				}
				next = hi
			}
			if next != m {
				t.Fatalf("m=%d b=%d: blocks end at %d", m, b, next)
			}
		}
	}
}
