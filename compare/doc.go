// Package compare holds syninfo's verdict on one case: the closed form with
// its status, the truth (the exact singleton reference for n = 1, the
// entropy-difference estimate otherwise), the direct KSG estimate, each with
// its uncertainty, and the error of the closed form against the truth. Sweeps
// of many cases live in package sweep.
package compare
