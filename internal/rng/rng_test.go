package rng

import "testing"

func TestStreams(t *testing.T) {
	a, b := New(1, 2, 3), New(1, 2, 3)
	for i := 0; i < 10; i++ {
		if a.Uint64() != b.Uint64() {
			t.Fatal("equal paths gave different streams")
		}
	}
	first := map[uint64]string{}
	for _, c := range []struct {
		name string
		seed uint64
		path []uint64
	}{
		{"seed1", 1, nil}, {"seed2", 2, nil}, {"1/0", 1, []uint64{0}}, {"1/1", 1, []uint64{1}},
		{"1/0/1", 1, []uint64{0, 1}}, {"1/1/0", 1, []uint64{1, 0}},
	} {
		v := New(c.seed, c.path...).Uint64()
		if prev, dup := first[v]; dup {
			t.Errorf("streams %s and %s start alike", prev, c.name)
		}
		first[v] = c.name
	}
}
