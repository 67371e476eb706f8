//go:build unix

// Package cputime measures the CPU time of the process, for benchmarks on
// shared machines where wall time overstates the cost.
package cputime

import (
	"syscall"
	"time"
)

// Now returns the process's user + system CPU time so far.
func Now() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
