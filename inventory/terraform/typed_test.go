package terraform

import (
	"slices"
	"testing"
)

func TestConform(t *testing.T) {
	tests := []struct {
		x    any
		kind scalarKind
		want any
		ok   bool
	}{
		{nil, kindNumber, nil, true},
		{30.0, kindNumber, 30.0, true},
		{"30", kindNumber, 30.0, true},
		{" 7 ", kindNumber, 7.0, true},
		{"thirty", kindNumber, nil, false},
		{"NaN", kindNumber, nil, false},
		{"Inf", kindNumber, nil, false},
		{true, kindNumber, nil, false},
		{map[string]any{"days": 30.0}, kindNumber, nil, false},
		{"x", kindString, "x", true},
		{1.5, kindString, "1.5", true},
		{false, kindString, "false", true},
		{[]any{"x"}, kindString, nil, false},
		{true, kindBool, true, true},
		{"false", kindBool, false, true},
		{"1", kindBool, true, true},
		{"TRUE", kindBool, true, true},
		{"yes", kindBool, nil, false},
		{"", kindBool, nil, true},
		{"", kindNumber, nil, true},
		{"", kindString, "", true},
		{0.0, kindBool, nil, false},
	}
	for _, tt := range tests {
		got, ok := conform(tt.x, tt.kind)
		if ok != tt.ok || got != tt.want {
			t.Errorf("conform(%#v, %s) = %#v, %t; want %#v, %t", tt.x, tt.kind, got, ok, tt.want, tt.ok)
		}
	}
}

// TestConfigValueConverted: a value the plan leaves unknown and the .tf files give is
// converted to the attribute's type as Terraform converts it; one that cannot be is
// unknown, never read as null (a log group without retention passes SW-CWL-02's "never
// expires" only when it truly has none).
func TestConfigValueConverted(t *testing.T) {
	for _, tt := range []struct {
		name, expr string
		want       *int
		unknown    bool
	}{
		{"number as text", `"30"`, ptr(30), false},
		{"number", `90`, ptr(90), false},
		{"not a number", `"thirty"`, nil, true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			main := "resource \"aws_cloudwatch_log_group\" \"g\" {\n  name = \"/app\"\n  retention_in_days = " + tt.expr + "\n}\n"
			ch := created("aws_cloudwatch_log_group.g", map[string]any{"name": "/app"}, map[string]any{"arn": true, "retention_in_days": true})
			s := convertPlan(t, planJSON(t, []change{ch}, nil), map[string]string{"main.tf": main}).Snapshot
			if len(s.LogGroups) != 1 {
				t.Fatalf("log groups = %d, want 1", len(s.LogGroups))
			}
			g := s.LogGroups[0]
			switch {
			case tt.want == nil && g.RetentionDays != nil, tt.want != nil && (g.RetentionDays == nil || *g.RetentionDays != *tt.want):
				t.Errorf("retention = %v, want %v", g.RetentionDays, tt.want)
			}
			if got := slices.Contains(g.UnknownFields, "retention_days"); got != tt.unknown {
				t.Errorf("unknown fields %v name retention_days: %t, want %t", g.UnknownFields, got, tt.unknown)
			}
		})
	}
}

// TestDocDBInstanceInsights: a DocumentDB member sets Performance Insights with
// enable_performance_insights, which the provider leaves null when the configuration does:
// off, as AWS creates it. Its data is kept 7 days (the resource has no retention setting)
// and encrypted with aws/rds unless a key is given.
func TestDocDBInstanceInsights(t *testing.T) {
	for _, tt := range []struct {
		name    string
		after   map[string]any
		unknown map[string]any
		want    *bool
		key     string
	}{
		{"left out", map[string]any{"enable_performance_insights": nil}, map[string]any{"performance_insights_kms_key_id": true}, ptr(false), ""},
		{"on, default key", map[string]any{"enable_performance_insights": true}, map[string]any{"performance_insights_kms_key_id": true}, ptr(true), "alias/aws/rds"},
		{"on, own key", map[string]any{"enable_performance_insights": true, "performance_insights_kms_key_id": "arn:aws:kms:us-east-1:111122223333:key/k"}, map[string]any{}, ptr(true), "arn:aws:kms:us-east-1:111122223333:key/k"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			after := map[string]any{"identifier": "docs-1", "instance_class": "db.r6g.large"}
			for k, v := range tt.after {
				after[k] = v
			}
			unknown := map[string]any{"arn": true, "id": true}
			for k, v := range tt.unknown {
				unknown[k] = v
			}
			s := convertPlan(t, planJSON(t, []change{created("aws_docdb_cluster_instance.docs", after, unknown)}, nil), nil).Snapshot
			if len(s.DBInstances) != 1 {
				t.Fatalf("instances = %d, want 1", len(s.DBInstances))
			}
			d := s.DBInstances[0]
			switch {
			case (tt.want == nil) != (d.PerformanceInsightsEnabled == nil),
				tt.want != nil && *tt.want != *d.PerformanceInsightsEnabled:
				t.Fatalf("performance_insights_enabled = %v, want %v", d.PerformanceInsightsEnabled, tt.want)
			}
			if tt.want == nil && !slices.Contains(d.UnknownFields, "performance_insights_enabled") {
				t.Errorf("unknown fields %v, want performance_insights_enabled", d.UnknownFields)
			}
			if tt.want != nil && *tt.want {
				if d.PerformanceInsightsKMSKeyID != tt.key || d.PerformanceInsightsRetention != 7 {
					t.Errorf("key %q, retention %d; want %q, 7", d.PerformanceInsightsKMSKeyID, d.PerformanceInsightsRetention, tt.key)
				}
			}
		})
	}
}

// TestStringSwitchUnset: AWS provider 6 types aws_redshift_cluster.encrypted as a string
// that is "" when unset; the plan is read, with the default, not refused.
func TestStringSwitchUnset(t *testing.T) {
	for _, v := range []any{"", "true", "false", true} {
		ch := created("aws_redshift_cluster.dw", map[string]any{"cluster_identifier": "dw", "encrypted": v}, map[string]any{"arn": true, "id": true})
		s := convertPlan(t, planJSON(t, []change{ch}, nil), nil).Snapshot
		if len(s.RedshiftClusters) != 1 {
			t.Fatalf("encrypted %#v: clusters = %d, want 1", v, len(s.RedshiftClusters))
		}
		if want := v == "true" || v == true; s.RedshiftClusters[0].Encrypted != want {
			t.Errorf("encrypted %#v read as %t, want %t", v, s.RedshiftClusters[0].Encrypted, want)
		}
	}
}
