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
		{"a negative retention", map[string]any{"SW-CWL-02": map[string]any{"min_retention_days": -5}},
			"parameter SW-CWL-02.min_retention_days: want 1 or more (default 365), got -5"},
		{"a negative retention from JSON", map[string]any{"SW-TI-07": map[string]any{"min_retention_days": float64(-30)}},
			"parameter SW-TI-07.min_retention_days: want 1 or more (default 365), got -30"},
		{"a retention of 0 days", map[string]any{"SW-MON-04": map[string]any{"min_retention_days": 0}},
			"parameter SW-MON-04.min_retention_days: want 1 or more (default 31), got 0"},
		{"a maximum age of 0 hours", map[string]any{"SW-CWL-01": map[string]any{"max_age_hours": 0}},
			"parameter SW-CWL-01.max_age_hours: want 1 or more (default 24), got 0"},
		{"an interval of 0", map[string]any{"SW-MON-01": map[string]any{"max_interval": 0}},
			"parameter SW-MON-01.max_interval: want 1 or more (default 60), got 0"},
		{"0 days in INSUFFICIENT_DATA", map[string]any{"SW-AH-05": map[string]any{"max_insufficient_data_days": 0}}, ""},
		{"negative days in INSUFFICIENT_DATA", map[string]any{"SW-AH-05": map[string]any{"max_insufficient_data_days": -1}},
			"parameter SW-AH-05.max_insufficient_data_days: want 0 or more (default 7), got -1"},
		{"a tolerance of 0", map[string]any{"SW-MA-02": map[string]any{"tolerance": 0}}, ""},
		{"a negative tolerance", map[string]any{"SW-MA-02": map[string]any{"tolerance": -0.1}},
			"parameter SW-MA-02.tolerance: want 0 or more (default 0.05), got -0.1"},
		{"a window factor of 0", map[string]any{"SW-MA-02": map[string]any{"window_factor": 0}},
			"parameter SW-MA-02.window_factor: want more than 0 (default 3), got 0"},
		// What a negative value means to a user's rule is the rule's to say.
		{"a user rule's negative value", map[string]any{"ACME-P-01": map[string]any{"threshold": -1}}, ""},
		{"a user rule's count of 0", map[string]any{"ACME-P-01": map[string]any{"threshold": 0}}, ""},
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

// TestParamRangesNameParameters: every bound is on a number parameter a built-in rule
// reads, so a renamed parameter cannot leave its bound behind, unchecked.
func TestParamRangesNameParameters(t *testing.T) {
	params := map[string]any{}
	for key := range paramRanges {
		kv, _ := params[key[0]].(map[string]any)
		if kv == nil {
			kv = map[string]any{}
			params[key[0]] = kv
		}
		kv[key[1]] = 1000
	}
	if _, err := Load(context.Background(), Options{Config: map[string]any{"params": params}}); err != nil {
		t.Fatalf("a bound names no number parameter of a built-in rule: %v", err)
	}
}
