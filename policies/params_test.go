package policies

import (
	"context"
	"errors"
	"strings"
	"testing"
)

func TestParamsAreChecked(t *testing.T) {
	userRule := `# METADATA
# title: T
# description: D
# custom: {id: ACME-P-01, severity: low, service: s3, resource_types: [AWS::S3::Bucket], remediation: {console: x, cli: x, terraform: x}}
package acme.p

import data.storewatch.lib.config

threshold := config.param("ACME-P-01", "threshold", 5)

deny contains {"id": b.id, "msg": "m"} if {
	some b in input.s3_buckets
	count(b.name) > threshold
}
`
	tests := []struct {
		name   string
		params map[string]any
		// want is a part of the error; "" when the parameters are accepted.
		want string
	}{
		{"none", nil, ""},
		{"a number", map[string]any{"SW-CWL-02": map[string]any{"min_retention_days": 400}}, ""},
		{"a number from JSON", map[string]any{"SW-CWL-02": map[string]any{"min_retention_days": float64(400)}}, ""},
		{"a list of strings", map[string]any{"SW-LX-02": map[string]any{"log_types": []any{"postgresql", "upgrade"}}}, ""},
		{"a map for a default a rule computes", map[string]any{"SW-LX-01": map[string]any{"required": map[string]any{"mysql": []any{"error"}}}}, ""},
		{"a parameter applied in Go", map[string]any{"SW-MA-02": map[string]any{"tolerance": 0.1}}, ""},
		{"a fraction for a factor", map[string]any{"SW-MA-02": map[string]any{"window_factor": 1.5}}, ""},
		{"a user rule's parameter", map[string]any{"ACME-P-01": map[string]any{"threshold": 7}}, ""},
		{"a string for a number", map[string]any{"SW-CWL-02": map[string]any{"min_retention_days": "abc"}},
			`parameter SW-CWL-02.min_retention_days: want a number (default 365), got a string "abc"`},
		{"a fraction for a whole number", map[string]any{"SW-MON-04": map[string]any{"min_retention_days": 1.5}},
			"parameter SW-MON-04.min_retention_days: want a whole number (default 31), got a number 1.5"},
		{"a string for a list", map[string]any{"SW-LX-02": map[string]any{"log_types": "postgresql"}},
			"want a list (default [\"postgresql\"]), got a string"},
		{"a number in a list of strings", map[string]any{"SW-LX-02": map[string]any{"log_types": []any{"postgresql", 1}}},
			"want a list of strings"},
		{"a string for a boolean", map[string]any{"SW-AH-01": map[string]any{"ok_action_required": "yes"}},
			"want a boolean (default false)"},
		{"a string for a Go parameter", map[string]any{"SW-MA-02": map[string]any{"tolerance": "x"}},
			"parameter SW-MA-02.tolerance: want a number"},
		{"a misspelt name", map[string]any{"SW-CWL-02": map[string]any{"min_retention_dayz": 1}},
			`rule SW-CWL-02 has no parameter "min_retention_dayz" (it takes log_group_prefixes, min_retention_days)`},
		{"a rule without parameters", map[string]any{"SW-TI-01": map[string]any{"x": 1}},
			`rule SW-TI-01 has no parameter "x" (it takes none)`},
		{"an unknown rule", map[string]any{"SW-NOPE": map[string]any{"x": 1}},
			`parameter for unknown rule "SW-NOPE"`},
	}
	dir := t.TempDir()
	writeFile(t, dir+"/p.rego", userRule)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var config map[string]any
			if tt.params != nil {
				config = map[string]any{"params": tt.params}
			}
			_, err := Load(context.Background(), Options{PolicyDirs: []string{dir}, Config: config})
			switch {
			case tt.want == "" && err != nil:
				t.Errorf("Load refused the parameters: %v", err)
			case tt.want == "":
			case err == nil:
				t.Errorf("Load accepted the parameters, want an error with %q", tt.want)
			case !errors.Is(err, ErrPolicy) || !strings.Contains(err.Error(), tt.want):
				t.Errorf("Load error = %v, want ErrPolicy with %q", err, tt.want)
			}
		})
	}
}
