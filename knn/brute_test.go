package knn

import (
	"math"
	"math/rand/v2"
	"runtime"
	"testing"

	"gonum.org/v1/gonum/mathext"
)

// bruteDist is the max-norm distance, written independently of the package.
func bruteDist(a, b []float64) float64 {
	d := 0.0
	for c := range a {
		d = math.Max(d, math.Abs(a[c]-b[c]))
	}
	return d
}

func row(x []float64, d, i int) []float64 { return x[i*d : (i+1)*d] }

// bruteNeighbours returns the k nearest other rows of row i of z, sorted by
// (distance, index): every distance is computed and the k smallest pairs
// (distance, index) are kept by insertion into a sorted list (O(M k) rather
// than a full sort of the M distances; the same order, ties by index).
func bruteNeighbours(z []float64, d, k, i int) []int {
	m := len(z) / d
	nb := make([]int, 0, k+1)
	dist := make([]float64, 0, k+1)
	for j := 0; j < m; j++ {
		if j == i {
			continue
		}
		g := bruteDist(row(z, d, i), row(z, d, j))
		if len(nb) == k && g >= dist[k-1] {
			continue // j > every kept index: a tie does not displace one
		}
		p := len(nb)
		for p > 0 && g < dist[p-1] {
			p--
		}
		nb = append(nb[:p], append([]int{j}, nb[p:]...)...)
		dist = append(dist[:p], append([]float64{g}, dist[p:]...)...)
		if len(nb) > k {
			nb, dist = nb[:k], dist[:k]
		}
	}
	return nb
}

func bruteCount(x []float64, d, i int, r float64, strict bool) int {
	n := 0
	for j := 0; j < len(x)/d; j++ {
		if j == i {
			continue
		}
		g := bruteDist(row(x, d, i), row(x, d, j))
		if g < r || (!strict && g == r) {
			n++
		}
	}
	return n
}

// bruteKSG is an O(M^2 log M) KSG written from the definitions in docs/method.md §5.
func bruteKSG(x []float64, dx int, y []float64, dy int, k, alg int) float64 {
	m := len(x) / dx
	z := make([]float64, 0, m*(dx+dy))
	for i := 0; i < m; i++ {
		z = append(z, row(x, dx, i)...)
		z = append(z, row(y, dy, i)...)
	}
	s := 0.0
	for i := 0; i < m; i++ {
		nb := bruteNeighbours(z, dx+dy, k, i)
		if alg == 1 {
			eps := bruteDist(row(z, dx+dy, i), row(z, dx+dy, nb[k-1]))
			nx := bruteCount(x, dx, i, eps, true)
			ny := bruteCount(y, dy, i, eps, true)
			s += mathext.Digamma(float64(nx+1)) + mathext.Digamma(float64(ny+1))
		} else {
			ex, ey := 0.0, 0.0
			for _, j := range nb {
				ex = math.Max(ex, bruteDist(row(x, dx, i), row(x, dx, j)))
				ey = math.Max(ey, bruteDist(row(y, dy, i), row(y, dy, j)))
			}
			nx := bruteCount(x, dx, i, ex, false)
			ny := bruteCount(y, dy, i, ey, false)
			s += mathext.Digamma(float64(nx)) + mathext.Digamma(float64(ny))
		}
	}
	fm, fk := float64(m), float64(k)
	if alg == 1 {
		return mathext.Digamma(fk) + mathext.Digamma(fm) - s/fm
	}
	return mathext.Digamma(fk) - 1/fk + mathext.Digamma(fm) - s/fm
}

func bruteKL(x []float64, d, k int) float64 {
	m := len(x) / d
	s := 0.0
	for i := 0; i < m; i++ {
		nb := bruteNeighbours(x, d, k, i)
		s += math.Log(2 * bruteDist(row(x, d, i), row(x, d, nb[k-1])))
	}
	return mathext.Digamma(float64(m)) - mathext.Digamma(float64(k)) + float64(d)*s/float64(m)
}

// testData draws m rows of dx+dy correlated columns; with grid > 0 values
// are rounded to multiples of 1/grid, which makes many ties.
func testData(seed uint64, m, dx, dy int, grid float64) (x, y []float64) {
	r := rand.New(rand.NewPCG(seed, 7))
	round := func(v float64) float64 {
		if grid > 0 {
			return math.Round(v*grid) / grid
		}
		return v
	}
	for i := 0; i < m; i++ {
		z := r.NormFloat64()
		for c := 0; c < dx; c++ {
			x = append(x, round(z+r.NormFloat64()))
		}
		for c := 0; c < dy; c++ {
			y = append(y, round(0.7*z+r.NormFloat64()*math.Exp(0.3*float64(c))))
		}
	}
	return x, y
}

var exactCases = []struct {
	name   string
	m      int
	dx, dy int
	k      int
	grid   float64
}{
	{"1x1 k1", 300, 1, 1, 1, 0},
	{"1x1 k3", 700, 1, 1, 3, 0},
	{"2x2 k4", 600, 2, 2, 4, 0},
	{"1x3 k2", 500, 1, 3, 2, 0},
	{"3x2 k6", 800, 3, 2, 6, 0},
	{"1x1 k3 ties", 600, 1, 1, 3, 4},
	{"2x1 k5 ties", 500, 2, 1, 5, 2},
	{"2x2 k3 ties", 700, 2, 2, 3, 3},
	{"1x1 k2 heavy ties", 400, 1, 1, 2, 1},
	{"4x4 k10", 500, 4, 4, 10, 0},
	{"M = k+1", 4, 1, 2, 3, 0},
	{"M = k+1 ties", 6, 2, 1, 5, 1},
	{"k = M-1 large", 40, 3, 1, 39, 0},
	{"almost all equal", 200, 1, 1, 3, 0.01},
}

func TestMIEqualsBruteForce(t *testing.T) {
	for ci, c := range exactCases {
		x, y := testData(uint64(ci), c.m, c.dx, c.dy, c.grid)
		for _, alg := range []int{1, 2} {
			want := bruteKSG(x, c.dx, y, c.dy, c.k, alg)
			got, err := MI(x, c.dx, y, c.dy, Options{K: c.k, Algorithm: alg, Blocks: 1})
			if err != nil {
				t.Fatalf("%s alg %d: %v", c.name, alg, err)
			}
			if math.Abs(got.Value-want) > 1e-9 {
				t.Errorf("%s alg %d: MI = %.12f, brute force %.12f", c.name, alg, got.Value, want)
			}
		}
	}
}

func TestEntropyEqualsBruteForce(t *testing.T) {
	for ci, c := range exactCases {
		x, y := testData(uint64(ci), c.m, c.dx, c.dy, c.grid)
		// Joint data, so the dimension is dx+dy.
		z := make([]float64, 0, len(x)+len(y))
		for i := 0; i < c.m; i++ {
			z = append(z, row(x, c.dx, i)...)
			z = append(z, row(y, c.dy, i)...)
		}
		d := c.dx + c.dy
		want := bruteKL(z, d, c.k)
		got, err := Entropy(z, d, Options{K: c.k, Blocks: 1})
		if math.IsInf(want, -1) {
			if err == nil {
				t.Errorf("%s: want an error for duplicate rows, got %v", c.name, got.Value)
			}
			continue
		}
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if math.Abs(got.Value-want) > 1e-9 {
			t.Errorf("%s: h = %.12f, brute force %.12f", c.name, got.Value, want)
		}
	}
}

// TestTreeCountsEqualBruteForce checks the count query directly at radii
// equal to actual pairwise distances (the hardest case for ties), for both
// strict and non-strict counts and dimensions 1 (sorted arrays) to 4.
func TestCountsEqualBruteForce(t *testing.T) {
	for _, d := range []int{1, 2, 3, 4} {
		for _, grid := range []float64{0, 2} {
			x, _ := testData(uint64(d*10), 400, d, 1, grid)
			m := len(x) / d
			r := make([]float64, m)
			for i := range r {
				r[i] = bruteDist(row(x, d, i), row(x, d, (i*7+3)%m))
			}
			for _, strict := range []bool{true, false} {
				got := countWithin(x, d, r, strict)
				for i := range r {
					if want := bruteCount(x, d, i, r[i], strict); int(got[i]) != want {
						t.Fatalf("d=%d grid=%v strict=%v row %d: count %d, brute force %d", d, grid, strict, i, got[i], want)
					}
				}
			}
		}
	}
}

// TestGOMAXPROCSInvariance checks bit-identical results for 1 and many
// workers, on data large enough to be split into many chunks.
func TestGOMAXPROCSInvariance(t *testing.T) {
	x, y := testData(99, 30000, 2, 1, 0)
	o := Options{Algorithm: 2, Noise: 1e-3, Seed: 5}
	run := func(p int) Estimate {
		defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(p))
		e, err := MI(x, 2, y, 1, o)
		if err != nil {
			t.Fatal(err)
		}
		return e
	}
	a, b := run(1), run(8)
	if a.Value != b.Value || a.SE != b.SE {
		t.Fatalf("GOMAXPROCS 1: %v ± %v; 8: %v ± %v", a.Value, a.SE, b.Value, b.SE)
	}
	for i := range a.Blocks {
		if a.Blocks[i] != b.Blocks[i] {
			t.Fatalf("block %d differs: %v vs %v", i, a.Blocks[i], b.Blocks[i])
		}
	}
}
