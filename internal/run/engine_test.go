package run

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/storewatch/storewatch/internal/demo"
	"github.com/storewatch/storewatch/inventory"
	"github.com/storewatch/storewatch/policies"
)

// TestEvaluateLoadsRulesAlongsideInput holds the overlap of compiling the rules with
// reading the input to what compiling them first gave: the same report, and the rules'
// error before the input's.
func TestEvaluateLoadsRulesAlongsideInput(t *testing.T) {
	input := planFiles(t)[0]
	loaded := func(context.Context) (*policies.Engine, error) { return testEngine(t), nil }
	errRules := errors.New("rules do not compile")
	broken := func(context.Context) (*policies.Engine, error) { return nil, errRules }
	panics := func(context.Context) (*policies.Engine, error) { panic("compiler bug") }
	missing := filepath.Join(t.TempDir(), "missing.json")

	want, err := Evaluate(context.Background(), planOptions(t, input))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name    string
		input   string
		load    func(context.Context) (*policies.Engine, error)
		wantErr func(error) bool
	}{
		{"loader only", input, loaded, nil},
		{"rules error", input, broken, func(err error) bool { return errors.Is(err, errRules) }},
		{"rules error wins over input error", missing, broken, func(err error) bool { return errors.Is(err, errRules) }},
		{"input error with good rules", missing, loaded, func(err error) bool { return errors.Is(err, os.ErrNotExist) }},
		{"loader panics", input, panics, func(err error) bool { return errors.Is(err, policies.ErrPolicy) }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o := planOptions(t, tt.input)
			o.Engine, o.LoadEngine = nil, tt.load
			got, err := Evaluate(context.Background(), o)
			if tt.wantErr != nil {
				if err == nil || !tt.wantErr(err) {
					t.Fatalf("Evaluate error = %v", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(want.Findings, got.Findings); diff != "" {
				t.Errorf("findings differ from a precompiled engine's (-want +got):\n%s", diff)
			}
		})
	}
}

func TestJudgeWithoutRules(t *testing.T) {
	if _, err := Judge(context.Background(), nil, Options{}); !errors.Is(err, errNoEngine) {
		t.Fatalf("Judge without an engine: %v", err)
	}
}

// TestDiffCompilesOnce: diff judges both snapshots with the same rules, compiled once.
func TestDiffCompilesOnce(t *testing.T) {
	path := demoSnapshotFile(t)
	compiled := 0
	o := Options{LoadEngine: func(context.Context) (*policies.Engine, error) {
		compiled++
		return testEngine(t), nil
	}}
	d, err := Diff(context.Background(), path, path, o)
	if err != nil {
		t.Fatal(err)
	}
	if compiled != 1 {
		t.Errorf("the rules were compiled %d times for two snapshots, want once", compiled)
	}
	if len(d.NewFindings)+len(d.Fixed)+len(d.Changed) != 0 {
		t.Errorf("a snapshot compared with itself changed: %d new, %d fixed, %d changed findings", len(d.NewFindings), len(d.Fixed), len(d.Changed))
	}
}

// TestEvaluateLogsStages: at debug level, Evaluate says how long each stage took, in order,
// on the logger only (stdout carries the report alone).
func TestEvaluateLogsStages(t *testing.T) {
	path := demoSnapshotFile(t)
	var logs, stdout bytes.Buffer
	o := Options{Input: path, Engine: testEngine(t), Stdout: &stdout,
		Outputs: []Output{{Format: "markdown"}},
		Logger:  slog.New(slog.NewJSONHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))}
	if _, err := Evaluate(context.Background(), o); err != nil {
		t.Fatal(err)
	}
	var stages []string
	for line := range strings.Lines(logs.String()) {
		var rec struct {
			Msg      string `json:"msg"`
			Name     string `json:"name"`
			Duration *int64 `json:"duration"`
		}
		if err := json.Unmarshal([]byte(line), &rec); err != nil {
			t.Fatalf("log line %q: %v", line, err)
		}
		if rec.Msg != "stage" {
			continue
		}
		if rec.Duration == nil || *rec.Duration < 0 {
			t.Errorf("stage %s has no duration: %s", rec.Name, line)
		}
		stages = append(stages, rec.Name)
	}
	want := []string{"read", "rules", "resolve", "evaluate", "report", "locate", "write"}
	if diff := cmp.Diff(want, stages); diff != "" {
		t.Errorf("stages logged (-want +got):\n%s", diff)
	}
	if strings.Contains(stdout.String(), `"stage"`) || stdout.Len() == 0 {
		t.Errorf("stdout should hold the report alone, got %d bytes", stdout.Len())
	}
}

// demoSnapshotFile writes the demo account's snapshot to a file and returns its path.
func demoSnapshotFile(t *testing.T) string {
	t.Helper()
	var buf bytes.Buffer
	if err := inventory.Write(&buf, demo.Snapshot()); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "snapshot.json")
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}
