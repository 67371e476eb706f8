//go:build !(linux || darwin || freebsd || netbsd || openbsd || dragonfly)

package main

import "testing"

func holdLock(t *testing.T, path string) func() {
	t.Skip("no flock on this system")
	return func() {}
}
