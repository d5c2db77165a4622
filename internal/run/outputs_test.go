package run

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/storewatch/storewatch/internal/demo"
	"github.com/storewatch/storewatch/policies"
	"github.com/storewatch/storewatch/reporters"
	"github.com/storewatch/storewatch/triage"
)

// TestWriteOutputsAtOnce holds the concurrent writers to what each writes alone, byte for
// byte (under -race it also proves they only read the report), and a failure of one to
// leaving no file at all.
func TestWriteOutputsAtOnce(t *testing.T) {
	ctx := context.Background()
	eng, err := policies.Load(ctx, policies.Options{})
	if err != nil {
		t.Fatal(err)
	}
	r, err := Judge(ctx, demo.Snapshot(), Options{Engine: eng, Gate: triage.GateOptions{FailOn: triage.FailOnNone}})
	if err != nil {
		t.Fatal(err)
	}
	together, alone := t.TempDir(), t.TempDir()
	var outs []Output
	for _, f := range reporters.Formats() {
		outs = append(outs, Output{Format: f, Path: filepath.Join(together, f)})
	}
	var stdout bytes.Buffer
	if err := writeOutputs(context.Background(), append(outs, Output{Format: "table"}), r, &stdout, reporters.Options{}); err != nil {
		t.Fatal(err)
	}
	for _, out := range outs {
		one := Output{Format: out.Format, Path: filepath.Join(alone, out.Format)}
		if err := writeOutputs(context.Background(), []Output{one}, r, &bytes.Buffer{}, reporters.Options{}); err != nil {
			t.Fatal(err)
		}
		got, err := os.ReadFile(out.Path)
		if err != nil {
			t.Fatal(err)
		}
		want, err := os.ReadFile(one.Path)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s written with the other formats differs from %s written alone", out.Format, out.Format)
		}
	}
	if stdout.Len() == 0 {
		t.Error("the table went nowhere")
	}

	failed := t.TempDir()
	broken := []Output{
		{Format: "json", Path: filepath.Join(failed, "report.json")},
		{Format: "sarif", Path: filepath.Join(failed, "missing", "report.sarif")},
		{Format: "html", Path: filepath.Join(failed, "report.html")},
	}
	stdout.Reset()
	if err := writeOutputs(context.Background(), broken, r, &stdout, reporters.Options{}); err == nil {
		t.Fatal("writing into a missing directory succeeded")
	}
	if left, _ := os.ReadDir(failed); len(left) != 0 {
		t.Errorf("a failed run left %d files behind", len(left))
	}
}

// TestWriteOutputsInterrupted: Ctrl-C while the reports are written (here, as the first
// bytes reach stdout) stops the run with the context's error, and no report replaces what
// was there before, complete or not.
func TestWriteOutputsInterrupted(t *testing.T) {
	eng, err := policies.Load(context.Background(), policies.Options{})
	if err != nil {
		t.Fatal(err)
	}
	r, err := Judge(context.Background(), demo.Snapshot(), Options{Engine: eng, Gate: triage.GateOptions{FailOn: triage.FailOnNone}})
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	old := filepath.Join(dir, "report.json")
	if err := os.WriteFile(old, []byte("before"), 0o644); err != nil {
		t.Fatal(err)
	}
	outs := []Output{{Format: "table"}, {Format: "json", Path: old}}
	for _, f := range []string{"sarif", "html", "junit"} {
		outs = append(outs, Output{Format: f, Path: filepath.Join(dir, "report."+f)})
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	err = writeOutputs(ctx, outs, r, cancelOnWrite{cancel}, reporters.Options{})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
	left, _ := os.ReadDir(dir)
	if len(left) != 1 {
		t.Errorf("files left: %v, want report.json alone", left)
	}
	if b, _ := os.ReadFile(old); string(b) != "before" {
		t.Errorf("report.json = %.40q, want it untouched", b)
	}
}

// TestCtxWriterStopsWriting: once the run is interrupted, a writer's next write fails
// and nothing more reaches the file, so a writer stops within a chunk, not at its end.
func TestCtxWriterStopsWriting(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	var sink bytes.Buffer
	w := ctxWriter{ctx, &sink}
	if _, err := w.Write([]byte("before")); err != nil {
		t.Fatal(err)
	}
	cancel()
	if n, err := w.Write([]byte("after")); n != 0 || !errors.Is(err, context.Canceled) {
		t.Fatalf("Write after cancel = %d, %v; want 0, context.Canceled", n, err)
	}
	if sink.String() != "before" {
		t.Errorf("written %q, want only what came before the interruption", sink.String())
	}
}

// cancelOnWrite is a stdout that interrupts the run when it is first written to.
type cancelOnWrite struct{ cancel context.CancelFunc }

func (c cancelOnWrite) Write(p []byte) (int, error) {
	c.cancel()
	return len(p), nil
}

// TestTableFileHasNoTerminalSettings: colour and width are for the table on stdout, a
// terminal; a table written to a file gets neither, so the file holds no escape sequence
// and does not depend on the size of the terminal it was written from.
func TestTableFileHasNoTerminalSettings(t *testing.T) {
	r := &policies.Report{Findings: []policies.Finding{{RuleID: "SW-AL-01", Status: policies.StatusFail, Severity: policies.SeverityHigh,
		Resource: &policies.Resource{ID: "orders-db", Name: "orders-db"}, Message: strings.Repeat("no alarm on CPUUtilization ", 8)}}}
	r.Summarize()
	file := filepath.Join(t.TempDir(), "table.txt")
	var stdout bytes.Buffer
	terminal := reporters.Options{Color: true, Width: 70}
	if err := writeOutputs(context.Background(), []Output{{Format: "table"}, {Format: "table", Path: file}}, r, &stdout, terminal); err != nil {
		t.Fatal(err)
	}
	var want bytes.Buffer
	if err := (&reporters.Table{}).Write(&want, r); err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want.String(), string(got)); diff != "" {
		t.Errorf("table file is not the table without colour at the default width (-want +got):\n%s", diff)
	}
	var onTerminal bytes.Buffer
	if err := (&reporters.Table{Options: terminal}).Write(&onTerminal, r); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(onTerminal.String(), stdout.String()); diff != "" {
		t.Errorf("stdout is not the table with the terminal's colour and width (-want +got):\n%s", diff)
	}
}

// TestOutputsThroughSymlinks: writing a report follows symbolic links, so two paths that
// reach one file, or a report path that reaches an input, are refused before any work, as
// two spellings of one path are.
func TestOutputsThroughSymlinks(t *testing.T) {
	dir := t.TempDir()
	real := filepath.Join(dir, "real")
	if err := os.Mkdir(real, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(real, "a.json"), []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Mkdir(filepath.Join(dir, "sub"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "in.json"), []byte("{}"), 0o644); err != nil {
		t.Fatal(err)
	}
	for link, target := range map[string]string{"l.json": filepath.Join(real, "a.json"), "linkdir": real, "sub/linkdir": real} {
		if err := os.Symlink(target, filepath.Join(dir, link)); err != nil {
			t.Skipf("no symbolic links here: %v", err)
		}
	}
	a, l := filepath.Join(real, "a.json"), filepath.Join(dir, "l.json")
	viaDir := filepath.Join(dir, "linkdir", "new.sarif")
	tests := []struct {
		name   string
		outs   []Output
		inputs []string
		want   string
	}{
		{"a file and a link to it", []Output{{Format: "json", Path: a}, {Format: "sarif", Path: l}}, nil,
			"the json report and the sarif report would both be written to " + l},
		{"a new file through a linked directory", []Output{{Format: "json", Path: filepath.Join(real, "new.sarif")}, {Format: "sarif", Path: viaDir}}, nil,
			"the json report and the sarif report would both be written to " + viaDir},
		{"an input reached through a link", []Output{{Format: "json", Path: l}}, []string{a},
			"the json report would be written over the input " + a},
		{"different files", []Output{{Format: "json", Path: a}, {Format: "sarif", Path: viaDir}}, []string{filepath.Join(dir, "in.json")}, ""},
		// The system resolves "linkdir/.." to real's parent, dir: filepath.Clean would say
		// dir/real.json for the first and dir/in.json for the second.
		{"an input reached through link/..", []Output{{Format: "json", Path: dir + "/linkdir/../in.json"}}, []string{filepath.Join(dir, "in.json")},
			"the json report would be written over the input " + filepath.Join(dir, "in.json")},
		{"link/.. and the cleaned spelling, two files", []Output{{Format: "json", Path: dir + "/sub/linkdir/../r.json"}, {Format: "sarif", Path: dir + "/sub/r.json"}}, nil, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := checkOutputsReading(tt.outs, tt.inputs)
			switch {
			case tt.want == "" && err != nil:
				t.Fatalf("refused: %v", err)
			case tt.want != "" && (err == nil || !errors.Is(err, ErrUsage) || !strings.Contains(err.Error(), tt.want)):
				t.Fatalf("err = %v, want a usage error containing %q", err, tt.want)
			}
		})
	}
}

// TestJudgeInterrupted: a run interrupted before it judges (while it read its input) ends
// with the interruption, not after resolving and evaluating the whole snapshot.
func TestJudgeInterrupted(t *testing.T) {
	eng, err := policies.Load(context.Background(), policies.Options{})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	snap := demo.Snapshot()
	if _, err := Judge(ctx, snap, Options{Engine: eng}); !errors.Is(err, context.Canceled) {
		t.Fatalf("Judge = %v, want context.Canceled", err)
	}
	for _, d := range snap.DBInstances {
		if d.Posture.RecommendedAlarms != nil {
			t.Fatalf("%s was resolved after the interruption", d.ID)
		}
	}
}
