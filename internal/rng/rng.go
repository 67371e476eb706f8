// Package rng derives the random streams of syninfo. Every random draw in the
// project comes from a math/rand/v2 PCG generator returned by New, keyed by the
// user's seed and a stable path of task indices (case, chunk, repeat, ...), so
// that results are identical for any worker count, shard or interruption.
package rng

import (
	"hash/fnv"
	"math/rand/v2"
)

// New returns a generator for the stream named by seed and path. Distinct
// paths give statistically independent streams; equal paths give equal ones.
func New(seed uint64, path ...uint64) *rand.Rand {
	return rand.New(Source(seed, path...))
}

// Source returns the PCG source New wraps, for APIs that take a rand.Source.
func Source(seed uint64, path ...uint64) *rand.PCG {
	h := mix(seed ^ 0x736f6d6570736575)
	for _, p := range path {
		h = mix(h ^ mix(p+0x9e3779b97f4a7c15))
	}
	return rand.NewPCG(h, mix(h^0x6c7967656e657261))
}

// Hash maps a string key (a case id) to a path element for New.
func Hash(s string) uint64 {
	f := fnv.New64a()
	f.Write([]byte(s))
	return f.Sum64()
}

// mix is the SplitMix64 finaliser: a bijection on uint64 with good avalanche.
func mix(z uint64) uint64 {
	z += 0x9e3779b97f4a7c15
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
	z = (z ^ (z >> 27)) * 0x94d049bb133111eb
	return z ^ (z >> 31)
}
