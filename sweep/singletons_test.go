package sweep

import (
	"context"
	"reflect"
	"testing"
)

// TestSingletonGrid: grid order (σ² slowest, K fastest), the error columns
// are the differences of the value columns, the result does not depend on
// the number of workers, and bad parameters are refused.
func TestSingletonGrid(t *testing.T) {
	g, err := NewSingletonGrid(6, []float64{0.5, 2}, []float64{0, 0.5}, []int{2, 3})
	if err != nil {
		t.Fatal(err)
	}
	one, err := g.Compute(context.Background(), 1)
	if err != nil {
		t.Fatal(err)
	}
	four, err := g.Compute(context.Background(), 4)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(one, four) {
		t.Error("1 and 4 workers differ")
	}
	if len(one) != 8 {
		t.Fatalf("%d points, want 8", len(one))
	}
	for i, p := range one {
		wantS2, wantRho, wantK := []float64{0.5, 2}[i/4], []float64{0, 0.5}[i/2%2], []int{2, 3}[i%2]
		if p.S2 != wantS2 || p.Rho != wantRho || p.K != wantK {
			t.Errorf("point %d is (%g, %g, %d), want (%g, %g, %d)", i, p.S2, p.Rho, p.K, wantS2, wantRho, wantK)
		}
		if p.Status != "ok" || !p.Exact.Valid() || p.Error != p.Analytic-p.Exact || p.RelError != p.Error/p.Exact {
			t.Errorf("point %d: %+v", i, p)
		}
	}
	for _, bad := range []struct {
		s2 []float64
		ks []int
	}{{[]float64{-1}, []int{2}}, {[]float64{1}, []int{0}}} {
		if _, err := NewSingletonGrid(6, bad.s2, []float64{0}, bad.ks); err == nil {
			t.Errorf("s2 %v, K %v: no error", bad.s2, bad.ks)
		}
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := g.Compute(ctx, 1); err == nil {
		t.Error("cancelled context: no error")
	}
}
