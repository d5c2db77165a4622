package bench

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/storewatch/storewatch/internal/run"
	"github.com/storewatch/storewatch/inventory"
	"github.com/storewatch/storewatch/policies"
	"github.com/storewatch/storewatch/reporters"
)

// inputs is shared by every benchmark of the process: each size is generated once.
var inputs *Inputs

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "storewatch-bench-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	inputs = NewInputs(dir)
	code := m.Run()
	_ = os.RemoveAll(dir)
	os.Exit(code)
}

var engine = sync.OnceValues(func() (*policies.Engine, error) {
	return policies.Load(context.Background(), policies.Options{})
})

// floorEngine evaluates only the rules the plain-Go floor implements.
var floorEngine = sync.OnceValues(func() (*policies.Engine, error) {
	return policies.Load(context.Background(), policies.Options{Select: func(r *policies.Rule) bool {
		for _, id := range FloorRules {
			if r.ID == id {
				return true
			}
		}
		return false
	}})
})

// now fixes the report time, so reports are the same from run to run.
func now() time.Time { return time.Date(2026, 11, 1, 12, 0, 0, 0, time.UTC) }

// sizes are the generator sizes to run: STOREWATCH_BENCH_STORES, else 1k, 10k and 100k
// (1k and 10k with -short).
func sizes(b *testing.B) []int {
	def := DefaultSizes
	if testing.Short() {
		def = def[:2]
	}
	s, err := Sizes(def)
	if err != nil {
		b.Fatal(err)
	}
	return s
}

func mustEngine(b testing.TB) *policies.Engine {
	b.Helper()
	e, err := engine()
	if err != nil {
		b.Fatal(err)
	}
	return e
}

// resolved loads and resolves the snapshot of a size, outside the timer.
func resolved(b testing.TB, n int) (*inventory.Snapshot, []byte) {
	b.Helper()
	data, err := inputs.Data(n)
	if err != nil {
		b.Fatal(err)
	}
	s, err := inventory.Parse(data)
	if err != nil {
		b.Fatal(err)
	}
	inventory.Resolve(s)
	return s, data
}

// BenchmarkPipeline is `scanner evaluate snapshot.json` with every report format written to
// a file: read, load, resolve, evaluate, triage and report.
func BenchmarkPipeline(b *testing.B) {
	eng := mustEngine(b)
	for _, n := range sizes(b) {
		b.Run("stores="+Label(n), func(b *testing.B) {
			path, err := inputs.Path(n)
			if err != nil {
				b.Fatal(err)
			}
			out := b.TempDir()
			var outs []run.Output
			for _, f := range reporters.Formats() {
				outs = append(outs, run.Output{Format: f, Path: filepath.Join(out, "report."+f)})
			}
			var stores, findings int
			cpu := cpuStart(b)
			for b.Loop() {
				r, err := run.Evaluate(context.Background(), run.Options{
					Input: path, Engine: eng, Outputs: outs, Stdout: io.Discard, Now: now,
				})
				if err != nil {
					b.Fatal(err)
				}
				stores, findings = r.Snapshot.Stores, len(r.Findings)
			}
			cpuReport(b, cpu)
			report(b, stores, findings)
		})
	}
}

// BenchmarkLoad is inventory.ParseIndexed, as `scanner evaluate` loads a snapshot: version
// check, schema validation, typed decoding and where each resource is in the file.
func BenchmarkLoad(b *testing.B) {
	for _, n := range sizes(b) {
		b.Run("stores="+Label(n), func(b *testing.B) {
			data, err := inputs.Data(n)
			if err != nil {
				b.Fatal(err)
			}
			b.SetBytes(int64(len(data)))
			cpu := cpuStart(b)
			for b.Loop() {
				if _, _, err := inventory.ParseIndexed(data); err != nil {
					b.Fatal(err)
				}
			}
			cpuReport(b, cpu)
		})
	}
}

// BenchmarkLocate is LineIndex alone, which files the fast path does not read need.
func BenchmarkLocate(b *testing.B) {
	for _, n := range sizes(b) {
		b.Run("stores="+Label(n), func(b *testing.B) {
			data, err := inputs.Data(n)
			if err != nil {
				b.Fatal(err)
			}
			b.SetBytes(int64(len(data)))
			cpu := cpuStart(b)
			for b.Loop() {
				_ = inventory.LineIndex(data)
			}
			cpuReport(b, cpu)
		})
	}
}

// BenchmarkResolve is inventory.Resolve, which is idempotent, on a loaded snapshot.
func BenchmarkResolve(b *testing.B) {
	for _, n := range sizes(b) {
		b.Run("stores="+Label(n), func(b *testing.B) {
			s, _ := resolved(b, n)
			cpu := cpuStart(b)
			for b.Loop() {
				inventory.Resolve(s)
			}
			cpuReport(b, cpu)
			report(b, s.StoreCount(), 0)
		})
	}
}

// BenchmarkEvaluate is the rules alone on a resolved snapshot. scripts/bench.sh ci checks
// that it grows linearly.
func BenchmarkEvaluate(b *testing.B) {
	eng := mustEngine(b)
	for _, n := range sizes(b) {
		b.Run("stores="+Label(n), func(b *testing.B) {
			s, _ := resolved(b, n)
			var findings int
			cpu := cpuStart(b)
			for b.Loop() {
				f, err := eng.Evaluate(context.Background(), s)
				if err != nil {
					b.Fatal(err)
				}
				findings = len(f)
			}
			cpuReport(b, cpu)
			report(b, s.StoreCount(), findings)
		})
	}
}

// BenchmarkReport writes each report format (reporters.Formats, so new formats are measured
// as they land) of a judged snapshot, with what each allocates (B/op: the writers stream,
// so this is garbage, not what they hold at once; scripts/bench.sh reports measures peaks).
func BenchmarkReport(b *testing.B) {
	eng := mustEngine(b)
	for _, n := range sizes(b) {
		b.Run("stores="+Label(n), func(b *testing.B) {
			s, data := resolved(b, n)
			r, err := run.Judge(context.Background(), s, run.Options{Engine: eng, Now: now})
			if err != nil {
				b.Fatal(err)
			}
			run.AttachSnapshotLocations(r, data, "snapshot.json")
			for _, format := range reporters.Formats() {
				b.Run("format="+format, func(b *testing.B) {
					rep, err := reporters.ByName(format, reporters.Options{})
					if err != nil {
						b.Fatal(err)
					}
					b.ReportAllocs()
					var w countingWriter
					cpu := cpuStart(b)
					for b.Loop() {
						w = 0
						if err := rep.Write(&w, r); err != nil {
							b.Fatal(err)
						}
					}
					cpuReport(b, cpu)
					b.ReportMetric(float64(w)/(1<<20), "MiB")
				})
			}
		})
	}
}

// BenchmarkFloor compares the engine with the plain-Go floor on the same rules (FloorRules)
// and the same resolved snapshot: engine/op divided by go/op is the ratio the docs quote.
func BenchmarkFloor(b *testing.B) {
	eng, err := floorEngine()
	if err != nil {
		b.Fatal(err)
	}
	rules := rulesByID(eng)
	for _, n := range sizes(b) {
		b.Run("stores="+Label(n), func(b *testing.B) {
			s, _ := resolved(b, n)
			b.Run("impl=engine", func(b *testing.B) {
				var findings int
				cpu := cpuStart(b)
				for b.Loop() {
					f, err := eng.Evaluate(context.Background(), s)
					if err != nil {
						b.Fatal(err)
					}
					findings = len(f)
				}
				cpuReport(b, cpu)
				report(b, s.StoreCount(), findings)
			})
			b.Run("impl=go", func(b *testing.B) {
				var findings int
				cpu := cpuStart(b)
				for b.Loop() {
					f, err := Floor(s, rules)
					if err != nil {
						b.Fatal(err)
					}
					findings = len(f)
				}
				cpuReport(b, cpu)
				report(b, s.StoreCount(), findings)
			})
		})
	}
}

// BenchmarkRule evaluates each rule alone on the 10k snapshot (STOREWATCH_BENCH_STORES
// picks the largest size given instead), to find the rule that dominates: the engine's
// cost per rule includes converting the collections the rule judges.
func BenchmarkRule(b *testing.B) {
	all := mustEngine(b)
	n := 10000
	if env := os.Getenv("STOREWATCH_BENCH_STORES"); env != "" {
		ss := sizes(b)
		n = slices.Max(ss)
	}
	s, _ := resolved(b, n)
	for _, r := range all.Rules() {
		b.Run("stores="+Label(n)+"/rule="+r.ID, func(b *testing.B) {
			id := r.ID
			eng, err := policies.Load(context.Background(), policies.Options{Select: func(x *policies.Rule) bool { return x.ID == id }})
			if err != nil {
				b.Fatal(err)
			}
			counts := map[policies.Status]int{}
			cpu := cpuStart(b)
			for b.Loop() {
				f, err := eng.Evaluate(context.Background(), s)
				if err != nil {
					b.Fatal(err)
				}
				clear(counts)
				for _, x := range f {
					counts[x.Status]++
				}
			}
			cpuReport(b, cpu)
			b.ReportMetric(float64(counts[policies.StatusFail]), "fail")
			b.ReportMetric(float64(counts[policies.StatusPass]), "pass")
			b.ReportMetric(float64(counts[policies.StatusUnknown]), "unknown")
		})
	}
}

// TestFloorMatchesEngine keeps the floor honest: it must reach the engine's verdicts,
// messages and evidence on a synthetic snapshot, or the ratio compares different work.
func TestFloorMatchesEngine(t *testing.T) {
	eng, err := floorEngine()
	if err != nil {
		t.Fatal(err)
	}
	s, _ := resolved(t, 1000)
	want, err := eng.Evaluate(context.Background(), s)
	if err != nil {
		t.Fatal(err)
	}
	got, err := Floor(s, rulesByID(eng))
	if err != nil {
		t.Fatal(err)
	}
	if len(want) == 0 {
		t.Fatal("the engine found nothing: the comparison would prove nothing")
	}
	statuses := map[policies.Status]int{}
	for _, f := range want {
		statuses[f.Status]++
	}
	if statuses[policies.StatusFail] == 0 || statuses[policies.StatusPass] == 0 || statuses[policies.StatusUnknown] == 0 {
		t.Fatalf("the snapshot does not exercise every status: %v", statuses)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("the plain-Go floor differs from the engine (-engine +floor):\n%s", diff)
	}
}

func rulesByID(e *policies.Engine) map[string]*policies.Rule {
	out := map[string]*policies.Rule{}
	for _, r := range e.Rules() {
		out[r.ID] = r
	}
	return out
}

// cpuStart and cpuReport bracket a benchmark loop and report its CPU time per operation.
func cpuStart(b *testing.B) time.Duration {
	b.Helper()
	b.ResetTimer()
	return CPUTime()
}

func cpuReport(b *testing.B, start time.Duration) {
	b.Helper()
	if cpu := CPUTime() - start; cpu > 0 && b.N > 0 {
		b.ReportMetric(float64(cpu.Nanoseconds())/float64(b.N), "cpu-ns/op")
	}
}

func report(b *testing.B, stores, findings int) {
	b.Helper()
	if stores > 0 {
		b.ReportMetric(float64(stores), "stores")
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(stores), "ns/store")
	}
	if findings > 0 {
		b.ReportMetric(float64(findings), "findings")
	}
}

type countingWriter int64

func (w *countingWriter) Write(p []byte) (int, error) {
	*w += countingWriter(len(p))
	return len(p), nil
}
