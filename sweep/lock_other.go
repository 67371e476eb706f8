//go:build !(linux || darwin || freebsd || netbsd || openbsd || dragonfly)

package sweep

import (
	"errors"
	"fmt"
	"os"
)

// lockFile, where flock is missing, creates FILE.lock exclusively and
// writes the holder's pid and host into it; unlock removes it. A run killed
// without cleanup leaves the lock file behind: the refusal names it, to be
// removed by hand once the holder is known to be gone.
func lockFile(f *os.File) (unlock func(), err error) {
	name := f.Name() + ".lock"
	l, err := os.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if errors.Is(err, os.ErrExist) {
		holder, _ := os.ReadFile(name)
		return nil, fmt.Errorf("%w (%s: %s; remove it if that process is gone)", ErrLocked, name, holder)
	}
	if err != nil {
		return nil, fmt.Errorf("lock: %v", err)
	}
	host, _ := os.Hostname()
	fmt.Fprintf(l, "pid %d on %s", os.Getpid(), host)
	l.Close()
	return func() { os.Remove(name) }, nil
}
