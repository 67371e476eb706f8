package main

import (
	"bufio"
	"fmt"
	"math"
	"os"
	"runtime/debug"
	"strconv"
	"strings"

	"github.com/syninfo/syninfo/compare"
	"github.com/syninfo/syninfo/model"
)

// memoryFraction is the share of the available memory a run may plan to
// use: the estimates are within a factor of about 2 of measured peaks, and
// the machine has other tenants.
const memoryFraction = 0.8

// availableMemory returns the bytes this process may use and where that
// figure comes from: SYNINFO_MAX_MEMORY when set (bytes, or with a k, M, G
// or T suffix, powers of 1000), else the smallest of the Go memory limit
// (GOMEMLIMIT), the cgroup's limit less its usage, and MemAvailable of
// /proc/meminfo. Where none is known (not Linux, no limit) it is 64 GB.
func availableMemory(e *env) (float64, string, error) {
	if v := e.getenv("SYNINFO_MAX_MEMORY"); v != "" {
		b, err := parseBytes(v)
		if err != nil {
			return 0, "", usageErrorf("SYNINFO_MAX_MEMORY: %v", err)
		}
		return b, "SYNINFO_MAX_MEMORY", nil
	}
	avail, src := 64e9, "assumed (no limit found)"
	take := func(b float64, from string) {
		if b > 0 && b < avail {
			avail, src = b, from
		}
	}
	if lim := debug.SetMemoryLimit(-1); lim < math.MaxInt64 {
		take(float64(lim), "GOMEMLIMIT")
	}
	if max, err := os.ReadFile("/sys/fs/cgroup/memory.max"); err == nil {
		if lim, err := strconv.ParseFloat(strings.TrimSpace(string(max)), 64); err == nil {
			used := 0.0
			if cur, err := os.ReadFile("/sys/fs/cgroup/memory.current"); err == nil {
				used, _ = strconv.ParseFloat(strings.TrimSpace(string(cur)), 64)
			}
			take(lim-used, "the cgroup's memory.max")
		}
	}
	if f, err := os.Open("/proc/meminfo"); err == nil {
		defer f.Close()
		sc := bufio.NewScanner(f)
		for sc.Scan() {
			if rest, ok := strings.CutPrefix(sc.Text(), "MemAvailable:"); ok {
				if kb, err := strconv.ParseFloat(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 64); err == nil {
					take(kb*1024, "MemAvailable")
				}
			}
		}
	}
	return avail, src, nil
}

// parseBytes reads "8000000000", "8G", "512M".
func parseBytes(s string) (float64, error) {
	t := strings.TrimSpace(s)
	mult := 1.0
	if n := len(t); n > 0 {
		switch t[n-1] {
		case 'k', 'K':
			mult = 1e3
		case 'M':
			mult = 1e6
		case 'G':
			mult = 1e9
		case 'T':
			mult = 1e12
		}
		if mult > 1 {
			t = t[:n-1]
		}
	}
	v, err := strconv.ParseFloat(t, 64)
	if err != nil || !(v > 0) || math.IsInf(v, 0) {
		return 0, fmt.Errorf("%q is not a positive byte count (e.g. 8G)", s)
	}
	return v * mult, nil
}

// checkMemory refuses (exit 2) a run whose estimated peak need exceeds what
// the machine can give, saying how much it needs, how much there is and
// what to change.
func checkMemory(e *env, need float64, what, change string) error {
	avail, src, err := availableMemory(e)
	if err != nil {
		return err
	}
	if need <= memoryFraction*avail {
		return nil
	}
	return usageErrorf("%s needs about %s of memory, more than %.0f%% of the %s available (%s); %s",
		what, compare.FormatBytes(need), 100*memoryFraction, compare.FormatBytes(avail), src, change)
}

// checkCaseMemory refuses case number i (0-based) when its closed form and
// samples draws would not fit in memory (compare.Memory; the case itself is
// already in memory).
func checkCaseMemory(e *env, i int, c *model.Case, samples int) error {
	need := compare.Memory(0, c.K(), c.Len(), len(c.Touched()), samples)
	change := "use fewer synapses"
	if samples > 0 {
		change = "lower --samples or use fewer synapses"
	}
	return checkMemory(e, need, fmt.Sprintf("case %d (K = %d, n = %d synapses, M = %d draws)", i+1, c.K(), c.Len(), samples), change)
}
