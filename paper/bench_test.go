package paper

import (
	"context"
	"testing"

	"github.com/syninfo/syninfo/compare"
	"github.com/syninfo/syninfo/simsets"
)

// BenchmarkClosedFormSet3 is the closed-form part's unit of work: 64 set-3
// draws (generation, syninfo's closed form and the authors' evaluation) on
// all cores. 22,000 draws are 344 of these.
func BenchmarkClosedFormSet3(b *testing.B) {
	p := simsets.Fig4()
	for b.Loop() {
		if _, err := closedForm(context.Background(), p, 1, 0, 64, 0); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkClosedFormSet2 is the same for set 2 (one shared Sigma).
func BenchmarkClosedFormSet2(b *testing.B) {
	p := simsets.Fig2C3C()
	for b.Loop() {
		if _, err := closedForm(context.Background(), p, 1, 0, 64, 0); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkAuthorsClosedForm is the authors' evaluation alone on one set-3
// draw with n = 20.
func BenchmarkAuthorsClosedForm(b *testing.B) {
	pt, err := simsets.Set3(1, 0, simsets.Ranges{LenMin: 20, LenMax: 20, KMin: 25, KMax: 25})
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		AuthorsClosedForm(pt.Case)
	}
}

// BenchmarkTruthCase is one truth of the sweep: set-3 draw with n = 10,
// entropy difference with M = 2000 draws (the full budget), one worker.
func BenchmarkTruthCase(b *testing.B) {
	pt, err := simsets.Set3(1, 0, simsets.Ranges{LenMin: 10, LenMax: 10, KMin: 25, KMax: 25})
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, err := compare.Case(pt.Case, compare.Options{Samples: 2000, NoKSG: true, Workers: 1}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkOLS fits 1000 points.
func BenchmarkOLS(b *testing.B) {
	x := make([]float64, 1000)
	y := make([]float64, 1000)
	for i := range x {
		x[i] = float64(i % 37)
		y[i] = -float64(i%37) + float64(i%11)
	}
	for b.Loop() {
		if _, err := OLS(x, y); err != nil {
			b.Fatal(err)
		}
	}
}
