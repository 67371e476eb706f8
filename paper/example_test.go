package paper_test

import (
	"fmt"

	"github.com/syninfo/syninfo/paper"
)

func ExampleOLS() {
	// ln I against ln K for four ensembles: I ∝ K^-1.
	x := []float64{0.693, 1.386, 2.079, 2.773}
	y := []float64{1.0, 0.31, -0.39, -1.08}
	f, _ := paper.OLS(x, y)
	fmt.Printf("slope %.3f, 95%% CI [%.3f, %.3f], r = %.4f\n", f.Slope, f.SlopeCI[0], f.SlopeCI[1], f.R)
	// Output: slope -1.001, 95% CI [-1.010, -0.992], r = -1.0000
}

func ExampleFullThresholdK() {
	// The whole network of N neurons has a finite truth from K* patterns on.
	for _, n := range []int{12, 20, 50, 100} {
		fmt.Println(n, paper.FullThresholdK(n))
	}
	// Output:
	// 12 9
	// 20 16
	// 50 42
	// 100 88
}

func ExampleStudentT() {
	a := []float64{-2.3, -1.9, -2.8, -1.5, -2.0, -2.6, -1.7}
	b := []float64{-1.6, -1.2, -2.1, -0.9, -1.4, -1.8, -1.1, -0.7, -1.5, -1.3}
	t, _ := paper.StudentT(a, b)
	fmt.Printf("t = %.3f, df = %.0f, p = %.4f\n", t.T, t.DF, t.P)
	// Output: t = -3.474, df = 15, p = 0.0034
}
