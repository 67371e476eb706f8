//go:build !amd64

package linalg

const hasAVX2FMA = false

var useAsm = false

func kern6x8(k int, a *float64, lda int, b *float64, ldb int, c *float64, ldc int) {
	panic("linalg: no assembly kernel")
}
func axpyAsm(n int, alpha float64, x, y *float64)               { panic("linalg: no assembly kernel") }
func dotAxpyAsm(n int, alpha float64, a, x, y *float64) float64 { panic("linalg: no assembly kernel") }
func axpy4Asm(n int, alpha *float64, x *float64, ldx int, y *float64) {
	panic("linalg: no assembly kernel")
}
func dotAsm(n int, x, y *float64) float64 { panic("linalg: no assembly kernel") }
