package knn

import (
	"errors"
	"fmt"
	"math"

	"github.com/syninfo/syninfo/internal/rng"
)

// Options configures an estimate. The zero value means the defaults: K = 3,
// Algorithm = 1, no normalisation, no noise, DefaultBlocks blocks.
type Options struct {
	// K is the number of nearest neighbours (default 3 when 0; must be >= 1).
	K int
	// Algorithm selects KSG algorithm 1 or 2 for MI (default 1 when 0).
	// Entropy ignores it.
	Algorithm int
	// Normalize z-scores every column with its sample standard deviation
	// (M-1 divisor) before the estimate. Entropy then adds back the sum of
	// the log standard deviations, so that it still estimates the entropy
	// of the data as given.
	Normalize bool
	// Noise, when > 0, adds independent Gaussian noise of this standard
	// deviation to every value (after normalisation), breaking ties between
	// duplicate values. Off by default; JIDT and MILCA use 1e-8.
	Noise float64
	// Seed keys the noise draws and the permutations: stream
	// rng.New(Seed, StreamNoise, side) for the noise of x (side 0) and y
	// (side 1), rng.New(Seed, StreamPermutation, s) for shuffle s.
	Seed uint64
	// Blocks is the number B of disjoint contiguous row blocks used for the
	// standard error. 0 means DefaultBlocks, reduced for small M so that each
	// block holds at least MinBlockRows(K) rows; 1 (or any B for which M is
	// too small to give two blocks) turns the standard error off.
	Blocks int
}

// DefaultBlocks is the number of blocks of the standard error when
// Options.Blocks is 0.
const DefaultBlocks = 10

// Stream identifiers, the first element of the rng paths used by knn.
const (
	StreamNoise       = 0x6b6e6e2d6e6f6973 // "knn-nois"
	StreamPermutation = 0x6b6e6e2d7065726d // "knn-perm"
)

// MinBlockRows is the smallest number of rows a standard-error block holds
// when the number of blocks is chosen by default: 10(k+1).
func MinBlockRows(k int) int { return 10 * (k + 1) }

// ErrInput is wrapped by every error caused by the caller's data or
// options (as opposed to an internal failure).
var ErrInput = errors.New("knn: bad input")

func inputErrorf(format string, args ...any) error {
	return fmt.Errorf("%w: "+format, append([]any{ErrInput}, args...)...)
}

// resolve fills defaults and checks the options against M rows.
func (o Options) resolve(m int) (Options, error) {
	if o.K == 0 {
		o.K = 3
	}
	if o.Algorithm == 0 {
		o.Algorithm = 1
	}
	if o.K < 1 {
		return o, inputErrorf("k = %d, want k >= 1", o.K)
	}
	if o.Algorithm != 1 && o.Algorithm != 2 {
		return o, inputErrorf("algorithm = %d, want 1 or 2", o.Algorithm)
	}
	if math.IsNaN(o.Noise) || math.IsInf(o.Noise, 0) || o.Noise < 0 {
		return o, inputErrorf("noise = %v, want a finite value >= 0", o.Noise)
	}
	if o.Blocks < 0 {
		return o, inputErrorf("blocks = %d, want >= 0", o.Blocks)
	}
	if m < o.K+1 {
		return o, inputErrorf("%d samples, need at least k+1 = %d", m, o.K+1)
	}
	if o.Blocks == 0 {
		o.Blocks = min(DefaultBlocks, m/MinBlockRows(o.K))
	} else if o.Blocks > 1 && m/o.Blocks < o.K+1 {
		return o, inputErrorf("%d blocks of %d samples, need at least k+1 = %d per block", o.Blocks, m/o.Blocks, o.K+1)
	}
	if o.Blocks < 2 {
		o.Blocks = 1
	}
	return o, nil
}

// checkShape checks a flat M x d matrix and returns M.
func checkShape(name string, x []float64, d int) (int, error) {
	if d < 1 {
		return 0, inputErrorf("%s has dimension %d, want >= 1", name, d)
	}
	if len(x)%d != 0 {
		return 0, inputErrorf("%s has %d values, not a multiple of its dimension %d", name, len(x), d)
	}
	for p, v := range x {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return 0, inputErrorf("%s row %d column %d is %v", name, p/d, p%d, v)
		}
	}
	return len(x) / d, nil
}

// prepare returns x normalised and with noise as the options ask, copying
// only when it changes anything, and the sum of the log standard deviations
// removed by normalisation.
func prepare(name string, x []float64, d int, o Options, side uint64) ([]float64, float64, error) {
	if !o.Normalize && o.Noise == 0 {
		return x, 0, nil
	}
	m := len(x) / d
	out := make([]float64, len(x))
	copy(out, x)
	logScale := 0.0
	if o.Normalize {
		if m < 2 {
			return nil, 0, inputErrorf("%s: cannot normalise fewer than 2 samples", name)
		}
		for c := 0; c < d; c++ {
			mean := 0.0
			for i := 0; i < m; i++ {
				mean += x[i*d+c]
			}
			mean /= float64(m)
			ss := 0.0
			for i := 0; i < m; i++ {
				dv := x[i*d+c] - mean
				ss += dv * dv
			}
			sd := math.Sqrt(ss / float64(m-1))
			if sd == 0 {
				return nil, 0, inputErrorf("%s column %d is constant: cannot normalise it", name, c)
			}
			for i := 0; i < m; i++ {
				out[i*d+c] = (x[i*d+c] - mean) / sd
			}
			logScale += math.Log(sd)
		}
	}
	if o.Noise > 0 {
		r := rng.New(o.Seed, StreamNoise, side)
		for i := range out {
			out[i] += o.Noise * r.NormFloat64()
		}
	}
	return out, logScale, nil
}
