package linalg_test

import "math"

func mathExp(x float64) float64 { return math.Exp(x) }
