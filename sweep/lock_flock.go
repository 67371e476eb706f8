//go:build linux || darwin || freebsd || netbsd || openbsd || dragonfly

package sweep

import (
	"bufio"
	"errors"
	"fmt"
	"os"
	"strings"
	"syscall"
)

// lockFile takes an exclusive advisory lock (flock) on the open output, so
// that a second sweep on the same file refuses instead of interleaving its
// lines. The kernel drops the lock when the process ends, even by SIGKILL,
// so a crash never leaves a stale lock. unlock releases it.
func lockFile(f *os.File) (unlock func(), err error) {
	for {
		err = syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB)
		if !errors.Is(err, syscall.EINTR) {
			break
		}
	}
	if errors.Is(err, syscall.EWOULDBLOCK) {
		return nil, fmt.Errorf("%w (%s)", ErrLocked, lockHolder(f))
	}
	if err != nil {
		return nil, fmt.Errorf("lock: %v", err)
	}
	return func() { syscall.Flock(int(f.Fd()), syscall.LOCK_UN) }, nil
}

// lockHolder names the process holding the flock on f, from /proc/locks
// (Linux), or says that it is unknown.
func lockHolder(f *os.File) string {
	var st syscall.Stat_t
	if err := syscall.Fstat(int(f.Fd()), &st); err != nil {
		return "holder unknown"
	}
	locks, err := os.Open("/proc/locks")
	if err != nil {
		return "holder unknown"
	}
	defer locks.Close()
	suffix := fmt.Sprintf(":%d", st.Ino)
	sc := bufio.NewScanner(locks)
	for sc.Scan() {
		// 1: FLOCK  ADVISORY  WRITE 12345 08:01:131090 0 EOF
		fs := strings.Fields(sc.Text())
		if len(fs) >= 6 && fs[1] == "FLOCK" && strings.HasSuffix(fs[5], suffix) {
			pid := fs[4]
			if cmd, err := os.ReadFile("/proc/" + pid + "/cmdline"); err == nil && len(cmd) > 0 {
				args := strings.Split(strings.TrimRight(string(cmd), "\x00"), "\x00")
				return fmt.Sprintf("held by pid %s: %s", pid, strings.Join(args, " "))
			}
			return "held by pid " + pid
		}
	}
	return "holder unknown"
}
