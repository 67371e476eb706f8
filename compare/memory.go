package compare

import (
	"fmt"
	"math"

	"github.com/syninfo/syninfo/knn"
)

// Bytes per value held while a case is estimated. The draws hold
// M·(2n + d) values (ln W_S, ln W_S^(−m), ln X^(m) at the d touched
// neurons); the k-NN estimators then copy them into joint spaces, trees and
// radii. Peak resident memory measured with /usr/bin/time -f %M for
// "syninfo compare --samples M": 91 MB at M = 4e5, n = 1 (1.6e6 values,
// 57 bytes a value) and 83 MB at M = 1e5, n = 6, d = 12 (2.4e6 values, 35
// bytes a value); the heap alone peaks at 50 bytes a value at M = 1e5, n =
// 1 (TestMemoryEstimateAgainstMeasuredPeak). The estimate takes 72, above
// the largest with room for the garbage collector's timing.
const bytesPerDrawnValue = 72

// The closed form holds C and C′ (n × n each), their equilibrated copies
// and factorisations: "syninfo analytic" on a full network of N = 100
// neurons (n = 4950) peaks at 965 MB resident (/usr/bin/time -f %M), 4.9 ·
// 8n²; N = 50 (n = 1225) at 67–82 MB of heap (TestMemoryEstimateAgainstMeasuredPeak),
// 5.6–6.8 · 8n² over runs. The estimate takes 8 · 8n².
const bytesPerSynapsePair = 64

// The default truth (the weighted Kozachenko–Leonenko estimator, package
// knn) also holds the k_max nearest-neighbour distances of every row of
// each entropy it estimates: 8·k_max bytes a draw, for up to two entropies
// at once (ln W_S and ln W_S^(−m)). The heap of a singleton at M = 1e5
// peaked at 32 MB with it (80 bytes a drawn value without this term).
const bytesPerDrawNeighbours = 2 * 8 * knn.DefaultKMax

// Memory estimates the peak bytes Case needs for a case of N neurons, K
// patterns, n synapses touching d neurons, with M draws (0: none):
//
//	bytes ≈ 8·K·N² (the case's Σ) + 64·n² (C, C′, copies and factors)
//	      + 16·n·K·d (the support's Jacobian) + 72·M·(2n + d) (draws, k-NN)
//	      + 16·k_max·M (the weighted estimator's neighbour distances).
//
// The figures come from measured peaks (see the constants); the result is
// an estimate to refuse early what cannot fit, not a bound. It is +Inf when
// the product overflows a float64.
func Memory(neurons, patterns, synapses, touched, samples int) float64 {
	N, K, n, d, M := float64(neurons), float64(patterns), float64(synapses), float64(touched), float64(samples)
	b := 8*K*N*N + bytesPerSynapsePair*n*n + 16*n*K*d
	if samples > 0 {
		b += bytesPerDrawnValue*M*(2*n+d) + bytesPerDrawNeighbours*M
	}
	if math.IsNaN(b) {
		return math.Inf(1)
	}
	return b
}

// FormatBytes prints a byte count for people: "12.7 GB", "340 MB".
func FormatBytes(b float64) string {
	switch {
	case math.IsInf(b, 1) || b >= 1e18:
		return fmt.Sprintf("%.1e bytes", b)
	case b >= 1e15:
		return fmt.Sprintf("%.1f PB", b/1e15)
	case b >= 1e12:
		return fmt.Sprintf("%.1f TB", b/1e12)
	case b >= 1e9:
		return fmt.Sprintf("%.1f GB", b/1e9)
	case b >= 1e6:
		return fmt.Sprintf("%.0f MB", b/1e6)
	}
	return fmt.Sprintf("%.0f kB", b/1e3)
}
