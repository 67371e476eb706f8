// Package compare holds syninfo's verdicts: for one case, the closed form with
// its status, the truth (the exact singleton reference for n = 1, the
// entropy-difference estimate otherwise), the direct KSG estimate, each with
// its uncertainty, and the error of the closed form against the truth. It
// also runs sweeps of many cases (durable, resumable, shardable JSON Lines),
// and aggregates their results by regime.
package compare
