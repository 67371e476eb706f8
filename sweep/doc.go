// Package sweep runs many cases through compare.Case: the sweep
// configuration and its embedded default, the tasks it expands to, durable
// resumable JSON Lines output, sharding (including from job-array
// environments), merging of shards, recomputation and regression against a
// baseline, and aggregation of the records by regime.
package sweep
