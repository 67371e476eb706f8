package linalg

// cpuid executes the CPUID instruction with the given leaf and sub-leaf.
func cpuid(leaf, subleaf uint32) (eax, ebx, ecx, edx uint32)

// xgetbv reads extended control register 0 (which register states the
// operating system saves on context switches).
func xgetbv() (eax, edx uint32)

// kern6x8 computes C[0:6][0:8] -= sum_p a[p*lda+r] * b[p*ldb+c] over p < k
// (in increasing p), with C row-major of stride ldc. AVX2+FMA.
//
//go:noescape
func kern6x8(k int, a *float64, lda int, b *float64, ldb int, c *float64, ldc int)

// axpyAsm computes y[i] += alpha*x[i] for i < n. AVX2+FMA.
//
//go:noescape
func axpyAsm(n int, alpha float64, x, y *float64)

// axpy4Asm computes y[i] += Σ_q alpha[q]*x[q*ldx+i] for i < n, q = 0..3,
// as four fused multiply-adds in increasing q. AVX2+FMA.
//
//go:noescape
func axpy4Asm(n int, alpha *float64, x *float64, ldx int, y *float64)

// dotAsm returns sum x[i]*y[i] over i < n in a fixed order. AVX2+FMA.
//
//go:noescape
func dotAsm(n int, x, y *float64) float64

// dotAxpyAsm computes y[i] += alpha*a[i] for i < n and returns sum a[i]*x[i]
// (fixed summation order). AVX2+FMA.
//
//go:noescape
func dotAxpyAsm(n int, alpha float64, a, x, y *float64) float64

// detectAVX2FMA reports whether the CPU supports AVX2 and FMA and the
// operating system saves the YMM registers.
func detectAVX2FMA() bool {
	maxLeaf, _, _, _ := cpuid(0, 0)
	if maxLeaf < 7 {
		return false
	}
	_, _, ecx1, _ := cpuid(1, 0)
	const (
		fma     = 1 << 12
		osxsave = 1 << 27
		avx     = 1 << 28
	)
	if ecx1&fma == 0 || ecx1&osxsave == 0 || ecx1&avx == 0 {
		return false
	}
	if xcr0, _ := xgetbv(); xcr0&6 != 6 {
		return false
	}
	_, ebx7, _, _ := cpuid(7, 0)
	const avx2 = 1 << 5
	return ebx7&avx2 != 0
}

// CPU features, fixed at start-up. useAsm may be cleared by tests and
// benchmarks to exercise the portable path.
var (
	hasAVX2FMA = detectAVX2FMA()
	useAsm     = hasAVX2FMA
)
