package knn

import (
	"errors"
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

// CountTies against brute force (every pair compared) on samples with
// planted duplicates, over dimensions and tie patterns.
func TestCountTiesBruteForce(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for trial := 0; trial < 200; trial++ {
		d := 1 + r.IntN(4)
		m := 1 + r.IntN(60)
		levels := 1 + r.IntN(5) // few levels: many ties
		x := make([]float64, m*d)
		for i := range x {
			x[i] = float64(r.IntN(levels))
			if r.IntN(3) == 0 {
				x[i] = r.NormFloat64()
			}
		}
		var want Ties
		want.Rows = m
		for i := 0; i < m; i++ {
			copies := 0
			for j := 0; j < m; j++ {
				if j != i && slices.Equal(x[i*d:i*d+d], x[j*d:j*d+d]) {
					copies++
				}
			}
			if copies > 0 {
				want.Tied++
			}
			want.MaxCopies = max(want.MaxCopies, copies)
		}
		if got := CountTies(x, d); got != want {
			t.Fatalf("trial %d (m %d, d %d): %+v, want %+v", trial, m, d, got, want)
		}
	}
}

func TestScreen(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	m := 500
	cont := make([]float64, m)
	disc := make([]float64, m)
	for i := range cont {
		cont[i] = r.NormFloat64()
		disc[i] = float64(r.IntN(4))
	}
	scaled := func(s float64) []float64 {
		out := slices.Clone(cont)
		for i := range out {
			out[i] *= s
		}
		return out
	}
	for _, tc := range []struct {
		name     string
		groups   []Group
		noise    float64
		refuse   bool
		warnings int
	}{
		{"continuous", []Group{{"x", cont, 1, true}}, 0, false, 0},
		{"discrete", []Group{{"x", disc, 1, true}}, 0, true, 0},
		{"discrete with noise", []Group{{"x", disc, 1, true}}, 1e-8, false, 1},
		{"discrete marginal", []Group{{"x", disc, 1, false}, {"joint", Joint(disc, 1, cont, 1), 2, true}}, 0, false, 1},
		{"subnormal", []Group{{"x", scaled(1e-310), 1, true}}, 0, true, 0},
		{"tiny but normal", []Group{{"x", scaled(1e-300), 1, true}}, 0, false, 0},
		{"spread overflows", []Group{{"x", scaled(5e307), 1, true}}, 0, true, 0},
		{"two duplicates, k = 3", []Group{{"x", append(slices.Clone(cont), cont[0], cont[0]), 1, true}}, 0, false, 1},
		{"three duplicates, k = 3", []Group{{"x", append(slices.Clone(cont), cont[0], cont[0], cont[0]), 1, true}}, 0, true, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			w, err := Screen(tc.groups, 3, tc.noise)
			if tc.refuse != (err != nil) {
				t.Fatalf("err = %v, want refusal %v", err, tc.refuse)
			}
			if err != nil && (!errors.Is(err, ErrInput) || !errors.Is(err, ErrDegenerate)) {
				t.Errorf("err %v does not wrap ErrInput and ErrDegenerate", err)
			}
			if len(w) != tc.warnings {
				t.Errorf("warnings %q, want %d", w, tc.warnings)
			}
		})
	}
	if math.Abs(1e-310) >= 0x1p-1022 {
		t.Fatal("1e-310 is not subnormal")
	}
}
