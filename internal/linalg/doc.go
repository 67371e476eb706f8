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
// On amd64 CPUs with AVX2 and FMA (detected with CPUID at start-up) Cholesky
// is a blocked algorithm whose rank-k updates run an assembly micro-kernel,
// and the vector operations of the eigenvalue solver run in assembly too.
// Elsewhere Cholesky is gonum's LAPACK dpotrf and the vector operations are
// plain Go. Results are deterministic: blocking and summation order are
// fixed, and work is split only over independent tiles, so the bits do not
// depend on GOMAXPROCS (they may differ between the two paths). Measured
// speeds of both paths are in docs/benchmarks/linalg.md.
package linalg
