package policies

import (
	"context"
	"errors"
	"fmt"
	"runtime/metrics"
	"time"
)

// DefaultMemoryLimit bounds the heap during an evaluation. The built-in rules judge 100,000
// stores in well under 1 GiB; the bound is there for a user rule that allocates without end.
const DefaultMemoryLimit = 4 << 30

var errMemoryLimit = errors.New("memory limit")

const heapMetric = "/memory/classes/heap/objects:bytes"

// watchMemory cancels the evaluation when the live heap passes limit, so a runaway rule
// ends with a clear error instead of exhausting the machine. It returns a function that
// stops the watch.
func watchMemory(ctx context.Context, limit uint64, cancel context.CancelCauseFunc) func() {
	done := make(chan struct{})
	go func() {
		sample := []metrics.Sample{{Name: heapMetric}}
		tick := time.NewTicker(20 * time.Millisecond)
		defer tick.Stop()
		for {
			select {
			case <-done:
				return
			case <-ctx.Done():
				return
			case <-tick.C:
				metrics.Read(sample)
				if sample[0].Value.Kind() == metrics.KindUint64 && sample[0].Value.Uint64() > limit {
					cancel(fmt.Errorf("%w: the rules used more than %d MiB", errMemoryLimit, limit>>20))
					return
				}
			}
		}
	}()
	return func() { close(done) }
}
