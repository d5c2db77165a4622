package reporters

import (
	"io"
	"sort"
	"testing"

	"github.com/storewatch/storewatch/policies"
)

// BenchmarkWriters writes a report of about 20,000 findings (the fixture's, over 1,400
// distinct resources each) in every format; each format that streams is measured beside
// the writer it replaced (writer=reference), in the same run, so that the ratio holds on
// a noisy machine. internal/bench measures the formats on the synthetic organisation.
//
//	go test ./reporters -run '^$' -bench Writers -benchmem
func BenchmarkWriters(b *testing.B) {
	r := manyFindings(1400)
	type writer struct {
		name  string
		write func(io.Writer, *policies.Report) error
	}
	var writers []writer
	for name, w := range streamedWriters {
		writers = append(writers, writer{"format=" + name + "/writer=streamed", w.streamed}, writer{"format=" + name + "/writer=reference", w.reference})
	}
	for _, f := range Formats() {
		if _, ok := streamedWriters[f]; ok {
			continue
		}
		rep, err := ByName(f, Options{Quiet: true})
		if err != nil {
			b.Fatal(err)
		}
		writers = append(writers, writer{"format=" + f, rep.Write})
	}
	sort.Slice(writers, func(i, j int) bool { return writers[i].name < writers[j].name })
	for _, w := range writers {
		b.Run(w.name, func(b *testing.B) {
			b.ReportAllocs()
			var n countWriter
			for b.Loop() {
				n = 0
				if err := w.write(&n, r); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(n)/(1<<20), "MiB")
			b.ReportMetric(float64(len(r.Findings)), "findings")
		})
	}
}
