//go:build !unix

package empirical

// cpuSeconds is not measured outside unix.
func cpuSeconds() float64 { return 0 }
