package run

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"

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
