package terraform

import (
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/storewatch/storewatch/inventory"
)

// TestLifecycleRuleFilters: the rules of aws_s3_bucket_lifecycle_configuration keep which
// objects they apply to, so a rule on another prefix, a disabled one or one that needs
// tags is not taken for the retention of a trail's logs.
func TestLifecycleRuleFilters(t *testing.T) {
	bucket := created("aws_s3_bucket.logs", map[string]any{"bucket": "trail-logs", "force_destroy": false},
		map[string]any{"arn": true, "id": true, "lifecycle_rule": true})
	expire := func(days int) []any { return []any{map[string]any{"days": days}} }
	tests := []struct {
		name        string
		rules       []any
		unknown     map[string]any
		want        []inventory.LifecycleRule
		wantUnknown bool
	}{
		{
			name: "filter prefix, and-prefix, tags, size, disabled, deprecated prefix",
			rules: []any{
				map[string]any{"id": "all", "status": "Enabled", "filter": []any{map[string]any{"prefix": ""}}, "expiration": expire(400)},
				map[string]any{"id": "tmp", "status": "Enabled", "filter": []any{map[string]any{"prefix": "tmp/"}}, "expiration": expire(1)},
				map[string]any{"id": "and", "status": "Enabled", "filter": []any{map[string]any{"and": []any{map[string]any{
					"prefix": "AWSLogs/", "tags": map[string]any{"k": "v"}}}}}, "expiration": expire(30)},
				map[string]any{"id": "tag", "status": "Enabled", "filter": []any{map[string]any{"tag": []any{map[string]any{"key": "k", "value": "v"}}}},
					"expiration": expire(30)},
				map[string]any{"id": "big", "status": "Enabled", "filter": []any{map[string]any{"object_size_greater_than": 1024}}, "expiration": expire(30)},
				map[string]any{"id": "off", "status": "Disabled", "filter": []any{}, "expiration": expire(30)},
				map[string]any{"id": "old", "status": "Enabled", "prefix": "old/", "expiration": expire(30)},
			},
			want: []inventory.LifecycleRule{
				{ID: "all", Enabled: true, ExpirationDays: 400},
				{ID: "tmp", Enabled: true, Prefix: "tmp/", ExpirationDays: 1},
				{ID: "and", Enabled: true, Prefix: "AWSLogs/", Tagged: true, ExpirationDays: 30},
				{ID: "tag", Enabled: true, Tagged: true, ExpirationDays: 30},
				{ID: "big", Enabled: true, SizeFiltered: true, ExpirationDays: 30},
				{ID: "off", ExpirationDays: 30},
				{ID: "old", Enabled: true, Prefix: "old/", ExpirationDays: 30},
			},
		},
		{
			name: "expiration dates, RFC 3339 and otherwise",
			rules: []any{
				map[string]any{"id": "cutoff", "status": "Enabled", "filter": []any{map[string]any{"prefix": "AWSLogs/"}},
					"expiration": []any{map[string]any{"date": "2025-01-01T00:00:00Z", "days": 0}}},
				map[string]any{"id": "odd", "status": "Enabled", "filter": []any{map[string]any{}},
					"expiration": []any{map[string]any{"date": "next year"}}},
			},
			want: []inventory.LifecycleRule{
				{ID: "cutoff", Enabled: true, Prefix: "AWSLogs/", ExpirationDate: "2025-01-01T00:00:00Z"},
				{ID: "odd", Enabled: true, ExpirationDate: "next year"},
			},
		},
		{
			name:        "a date known only after apply",
			rules:       []any{map[string]any{"id": "cutoff", "status": "Enabled", "filter": []any{map[string]any{}}, "expiration": []any{map[string]any{}}}},
			unknown:     map[string]any{"id": true, "rule": []any{map[string]any{"expiration": []any{map[string]any{"date": true}}}}},
			want:        []inventory.LifecycleRule{{ID: "cutoff", Enabled: true}},
			wantUnknown: true,
		},
		{
			name:        "a prefix known only after apply",
			rules:       []any{map[string]any{"id": "logs", "status": "Enabled", "filter": []any{map[string]any{}}, "expiration": expire(400)}},
			unknown:     map[string]any{"id": true, "rule": []any{map[string]any{"filter": []any{map[string]any{"prefix": true}}}}},
			want:        []inventory.LifecycleRule{{ID: "logs", Enabled: true, ExpirationDays: 400}},
			wantUnknown: true,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			unknown := tt.unknown
			if unknown == nil {
				unknown = map[string]any{"id": true}
			}
			lc := created("aws_s3_bucket_lifecycle_configuration.logs", map[string]any{"bucket": "trail-logs", "rule": tt.rules}, unknown)
			s := convertPlan(t, planJSON(t, []change{bucket, lc}, nil), nil).Snapshot
			if len(s.S3Buckets) != 1 {
				t.Fatalf("buckets: %d", len(s.S3Buckets))
			}
			b := s.S3Buckets[0]
			if d := cmp.Diff(tt.want, b.LifecycleRules); d != "" {
				t.Errorf("lifecycle rules (-want +got):\n%s", d)
			}
			if got := slices.Contains(b.UnknownFields, "lifecycle_rules"); got != tt.wantUnknown {
				t.Errorf("lifecycle_rules unknown = %v, want %v (unknown fields %v)", got, tt.wantUnknown, b.UnknownFields)
			}
		})
	}
}

// TestLegacyLifecycleRules: the bucket's lifecycle_rule attribute (AWS provider v3 style)
// keeps each rule's prefix, tags, switch and expiration date too. It has no size fields:
// for an existing bucket, whose rules the provider reads back from AWS, whether a rule
// selects by size is unknown; a new bucket gets only the rules written.
func TestLegacyLifecycleRules(t *testing.T) {
	rules := []any{
		map[string]any{"id": "tmp", "enabled": true, "prefix": "tmp/", "tags": map[string]any{}, "expiration": []any{map[string]any{"days": 7}}},
		map[string]any{"id": "tagged", "enabled": true, "prefix": "", "tags": map[string]any{"k": "v"}, "expiration": []any{map[string]any{"days": 1}}},
		map[string]any{"id": "off", "enabled": false, "prefix": "", "expiration": []any{map[string]any{"days": 1}}},
		map[string]any{"id": "cutoff", "enabled": true, "prefix": "AWSLogs/", "expiration": []any{map[string]any{"date": "2025-01-01", "days": 0}}},
	}
	want := func(sizeUnknown bool) []inventory.LifecycleRule {
		return []inventory.LifecycleRule{
			{ID: "tmp", Enabled: true, Prefix: "tmp/", ExpirationDays: 7, SizeUnknown: sizeUnknown},
			{ID: "tagged", Enabled: true, Tagged: true, ExpirationDays: 1, SizeUnknown: sizeUnknown},
			{ID: "off", ExpirationDays: 1, SizeUnknown: sizeUnknown},
			{ID: "cutoff", Enabled: true, Prefix: "AWSLogs/", ExpirationDate: "2025-01-01T00:00:00Z", SizeUnknown: sizeUnknown},
		}
	}
	tests := []struct {
		name   string
		bucket change
		want   []inventory.LifecycleRule
	}{
		{
			name: "an existing bucket",
			bucket: withActions("aws_s3_bucket.logs", []string{"no-op"}, nil,
				map[string]any{"bucket": "trail-logs", "arn": "arn:aws:s3:::trail-logs", "lifecycle_rule": rules}, nil),
			want: want(true),
		},
		{
			name: "a new bucket",
			bucket: created("aws_s3_bucket.logs", map[string]any{"bucket": "trail-logs", "force_destroy": false, "lifecycle_rule": rules},
				map[string]any{"arn": true, "id": true}),
			want: want(false),
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := convertPlan(t, planJSON(t, []change{tt.bucket}, nil), nil).Snapshot
			if len(s.S3Buckets) != 1 {
				t.Fatalf("buckets: %d", len(s.S3Buckets))
			}
			if d := cmp.Diff(tt.want, s.S3Buckets[0].LifecycleRules); d != "" {
				t.Errorf("lifecycle rules (-want +got):\n%s", d)
			}
		})
	}
}
