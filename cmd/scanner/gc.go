package main

import (
	"math"
	"os"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
)

// heapBudget is the heap the collector may let grow to between collections. Judging a
// snapshot allocates a lot and keeps little: collecting less often than Go's default saves a
// tenth of the CPU time at 100,000 stores (docs/performance.md), as long as the heap stays
// within this budget. 800 MiB left the peak of 100,000 stores with every report at 990 MiB to
// 1.05 GB on a busy machine; 700 MiB keeps it near 970 MiB for the same CPU time.
const heapBudget = 700 << 20

// memoryBudget is the memory the runtime may hold in all, live or not: a soft limit
// (debug.SetMemoryLimit). Between collections the heap also holds pages freed but not
// reused — a million findings are allocated in one piece at the end of evaluation, beside
// the pages the batches freed — which GOGC does not see; under the limit the collector
// runs early and returns them to the system. At 100,000 stores with every report, 900 MiB
// (and one and a half times the live heap) let the peak reach 999-1,036 MiB; 850 MiB (and
// four thirds) keeps it at 909-923 MiB for 0.8-1.9 CPU-s more (docs/performance.md).
const memoryBudget = 850 << 20

// tuneGC sets GOGC after every collection so that the next one comes when the heap reaches
// heapBudget — live × (1 + GOGC/100) — but never less often than twice the live heap
// (GOGC=200) nor more often than Go's default (GOGC=100): a small snapshot is judged with
// fewer collections, and a large one as Go would judge it. It also keeps the runtime's
// memory within memoryBudget, a limit that rises with a live heap beyond three quarters of it
// so that a larger input is never collected without end. A user who sets GOGC or
// GOMEMLIMIT tunes the collector: then storewatch leaves both alone.
func tuneGC() {
	if os.Getenv("GOGC") != "" || os.Getenv("GOMEMLIMIT") != "" {
		return
	}
	t := &gcTuner{percent: maxGCPercent, limit: memoryBudget, live: []metrics.Sample{{Name: "/gc/heap/live:bytes"}}}
	debug.SetGCPercent(t.percent)
	debug.SetMemoryLimit(t.limit)
	t.arm()
}

const (
	minGCPercent = 100
	maxGCPercent = 200
)

type gcTuner struct {
	percent int
	limit   int64
	live    []metrics.Sample
}

// sentinel is garbage the moment it is made: its finalizer runs after each collection.
type sentinel struct{ _ *int }

func (t *gcTuner) arm() {
	runtime.SetFinalizer(&sentinel{}, func(*sentinel) {
		metrics.Read(t.live)
		if t.live[0].Value.Kind() == metrics.KindUint64 {
			live := t.live[0].Value.Uint64()
			if p := gcPercentFor(live); p != t.percent {
				t.percent = p
				debug.SetGCPercent(p)
			}
			if l := memoryLimitFor(live); l != t.limit {
				t.limit = l
				debug.SetMemoryLimit(l)
			}
		}
		t.arm()
	})
}

// gcPercentFor is the GOGC that lets a heap with live bytes grow to heapBudget.
func gcPercentFor(live uint64) int {
	// The heap at the next collection is live × (100 + GOGC) / 100.
	if live == 0 || heapBudget*100/live >= 100+maxGCPercent {
		return maxGCPercent
	}
	return max(int(heapBudget*100/live)-100, minGCPercent)
}

// memoryLimitFor is the soft memory limit for a live heap: memoryBudget, or four thirds of
// the live heap when that is more, which leaves the collector a third of the live heap to
// fill before it runs again (GOGC=33) rather than none.
func memoryLimitFor(live uint64) int64 {
	if live > math.MaxInt64/2 {
		return math.MaxInt64
	}
	return max(memoryBudget, int64(live+live/3))
}
