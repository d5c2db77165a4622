package policies

import (
	"testing"

	"github.com/storewatch/storewatch/internal/synth"
	"github.com/storewatch/storewatch/inventory"
)

// BenchmarkBatchInput converts every resource of a synthetic snapshot to rule input, the
// way batches are fed to the rules.
func BenchmarkBatchInput(b *testing.B) {
	s := synth.Generate(synth.Options{Stores: 2000, Seed: 1})
	inventory.Resolve(s)
	var batches []batch
	items := 0
	for _, c := range s.Collections() {
		for start := 0; start < c.Len; start += defaultBatchSize {
			batches = append(batches, batch{collection: c, start: start, end: min(start+defaultBatchSize, c.Len)})
		}
		items += c.Len
	}
	b.ResetTimer()
	for b.Loop() {
		for _, bt := range batches {
			if _, err := batchInput(bt); err != nil {
				b.Fatal(err)
			}
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(items), "ns/item")
}
