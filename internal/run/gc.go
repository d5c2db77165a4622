package run

import (
	"math"
	"runtime/debug"
)

// minMemoryLimit is the soft memory limit below which the collector need not work harder:
// storewatch judges 100,000 stores in less.
const minMemoryLimit = 900 << 20

// limitMemory sets a soft memory limit for judging a snapshot of inputBytes, unless one is
// set already (GOMEMLIMIT): the scanner collects garbage half as often as Go's default
// (main.go), which would let the heap grow to three times what is live; the limit makes the
// collector run sooner when the heap nears it instead. The live heap of a judged snapshot is
// about twice its file, so the limit grows with the input and a large organisation is not
// made to collect continuously.
func limitMemory(inputBytes int) {
	if debug.SetMemoryLimit(-1) != math.MaxInt64 {
		return
	}
	debug.SetMemoryLimit(max(minMemoryLimit, 4*int64(inputBytes)))
}
