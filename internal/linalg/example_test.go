package linalg_test

import (
	"fmt"

	"github.com/syninfo/syninfo/internal/linalg"
)

// The log-determinant of a positive definite matrix, and the report of a
// matrix that is not.
func ExampleCholesky() {
	a := []float64{
		4, 2, 0,
		2, 5, 3,
		0, 3, 10,
	} // det = 4(50-9) - 2(20) = 124
	logDet, ok := linalg.Cholesky(a, 3)
	fmt.Printf("ok=%v det=%.6g\n", ok, mathExp(logDet))

	b := []float64{1, 2, 2, 1} // eigenvalues 3 and -1
	_, ok = linalg.Cholesky(b, 2)
	fmt.Println("ok:", ok)
	// Output:
	// ok=true det=124
	// ok: false
}

func ExampleMinEigenvalue() {
	a := []float64{1, 2, 2, 1} // eigenvalues 3 and -1
	v, err := linalg.MinEigenvalue(a, 2)
	fmt.Printf("%.6f %v\n", v, err)
	// Output: -1.000000 <nil>
}

func ExampleMinEigenvalueCholesky() {
	a := []float64{2, 1, 1, 2} // eigenvalues 3 and 1
	if _, ok := linalg.Cholesky(a, 2); !ok {
		return
	}
	v, err := linalg.MinEigenvalueCholesky(a, 2)
	fmt.Printf("%.6f %v\n", v, err)
	// Output: 1.000000 <nil>
}
