package main

import (
	"os"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
)

// heapBudget is the heap the collector may let grow to between collections. Judging a
// snapshot allocates a lot and keeps little: collecting less often than Go's default saves a
// tenth of the CPU time at 100,000 stores (docs/performance.md), as long as the heap stays
// within this budget.
const heapBudget = 800 << 20

// tuneGC sets GOGC after every collection so that the next one comes when the heap reaches
// heapBudget — live × (1 + GOGC/100) — but never less often than twice the live heap
// (GOGC=200) nor more often than Go's default (GOGC=100): a small snapshot is judged with
// fewer collections, and a large one as Go would judge it, never with more. GOGC, when set,
// decides instead.
func tuneGC() {
	if _, set := os.LookupEnv("GOGC"); set {
		return
	}
	t := &gcTuner{percent: maxGCPercent, live: []metrics.Sample{{Name: "/gc/heap/live:bytes"}}}
	debug.SetGCPercent(t.percent)
	t.arm()
}

const (
	minGCPercent = 100
	maxGCPercent = 200
)

type gcTuner struct {
	percent int
	live    []metrics.Sample
}

// sentinel is garbage the moment it is made: its finalizer runs after each collection.
type sentinel struct{ _ *int }

func (t *gcTuner) arm() {
	runtime.SetFinalizer(&sentinel{}, func(*sentinel) {
		metrics.Read(t.live)
		if t.live[0].Value.Kind() == metrics.KindUint64 {
			if p := gcPercentFor(t.live[0].Value.Uint64()); p != t.percent {
				t.percent = p
				debug.SetGCPercent(p)
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
