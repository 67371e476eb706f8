// Package linalg owns the dense kernels syninfo needs at full-network size that
// gonum does not provide fast enough: a blocked, parallel Cholesky
// factorisation returning ln det (Cholesky), and the smallest eigenvalue of a large
// symmetric matrix by Lanczos iteration (MinEigenvalue).
//
// Matrices are n×n, row-major, in full storage ([]float64 of n*n entries, as
// gonum's SymDense.RawSymmetric().Data holds them). Every function reads only
// the upper triangle (entries a[i*n+j] with j >= i); Cholesky
// overwrites the matrix.
//
// The rank-k update at the heart of Cholesky runs an AVX2+FMA
// assembly micro-kernel on amd64 CPUs that have those extensions (detected
// with CPUID at start-up) and a pure-Go kernel elsewhere. Results are
// deterministic: blocking and summation order are fixed, and work is split
// only over independent tiles, so the bits do not depend on GOMAXPROCS
// (they may differ between the assembly and the pure-Go kernels).
package linalg
