//go:build unix

package bench

import (
	"syscall"
	"time"
)

// CPUTime is the CPU time (user and system) the process has used so far. On a machine
// shared with other work it varies less than the wall time, so the benchmarks report both.
func CPUTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
