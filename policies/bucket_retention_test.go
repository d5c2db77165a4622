package policies

import (
	"context"
	"strings"
	"testing"

	"github.com/storewatch/storewatch/inventory"
)

// TestTrailBucketRetentionEndToEnd judges the organisation trail's bucket, without Object
// Lock, under lifecycle rules the resolver and SW-TI-07 must read together: expiration
// dates (passed, within min_retention_days, further) on the logs beside a longer
// whole-bucket rule, rules filtered on tags, and rules a
// plan shows without their size filters. The snapshot is collected on 2026-09-01.
func TestTrailBucketRetentionEndToEnd(t *testing.T) {
	whole := inventory.LifecycleRule{ID: "keep", Enabled: true, ExpirationDays: 400}
	tests := []struct {
		name  string
		rules []inventory.LifecycleRule
		want  Status
		// wantMsg is a part of the finding's message.
		wantMsg string
	}{
		{name: "a whole-bucket rule", rules: []inventory.LifecycleRule{whole}, want: StatusPass},
		{name: "a passed date on AWSLogs/ beside it", want: StatusFail, wantMsg: "whose expiration date (2025-01-01T00:00:00Z) has passed",
			rules: []inventory.LifecycleRule{whole, {ID: "cutoff", Enabled: true, Prefix: "AWSLogs/", ExpirationDate: "2025-01-01T00:00:00Z"}}},
		{name: "a date to come on AWSLogs/ beside it", want: StatusUnknown, wantMsg: `lifecycle rule "cutoff" deletes every object it holds on 2028-01-01`,
			rules: []inventory.LifecycleRule{whole, {ID: "cutoff", Enabled: true, Prefix: "AWSLogs/", ExpirationDate: "2028-01-01T00:00:00Z"}}},
		{name: "a date to come within the minimum on AWSLogs/ beside it", want: StatusFail, wantMsg: "on 2027-01-01T00:00:00Z, however new: a file delivered when the bucket was collected is kept at most",
			rules: []inventory.LifecycleRule{whole, {ID: "cutoff", Enabled: true, Prefix: "AWSLogs/", ExpirationDate: "2027-01-01T00:00:00Z"}}},
		{name: "a date to come within the minimum written at +02:00", want: StatusFail, wantMsg: "on 2026-12-31T22:00:00Z",
			rules: []inventory.LifecycleRule{whole, {ID: "cutoff", Enabled: true, Prefix: "AWSLogs/", ExpirationDate: "2027-01-01T00:00:00+02:00"}}},
		{name: "a tagged rule expiring sooner", want: StatusUnknown, wantMsg: `lifecycle rule "tagged" expires the trail's files once they carry its tags`,
			rules: []inventory.LifecycleRule{whole, {ID: "tagged", Enabled: true, Tagged: true, ExpirationDays: 30}}},
		{name: "a tagged rule expiring later", want: StatusPass,
			rules: []inventory.LifecycleRule{whole, {ID: "tagged", Enabled: true, Tagged: true, ExpirationDays: 800}}},
		{name: "a plan's rule whose size filter is not shown", want: StatusUnknown, wantMsg: "selects objects by size is not known",
			rules: []inventory.LifecycleRule{{ID: "keep", Enabled: true, ExpirationDays: 400, SizeUnknown: true}}},
		{name: "a size-filtered rule", want: StatusFail, wantMsg: "neither Object Lock nor an enabled lifecycle rule",
			rules: []inventory.LifecycleRule{{ID: "keep", Enabled: true, ExpirationDays: 400, SizeFiltered: true}}},
	}
	ctx := context.Background()
	eng, err := Load(ctx, Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			snap := cloudTrailSnapshot()
			for i := range snap.S3Buckets {
				if b := &snap.S3Buckets[i]; b.Name == "org-trail-logs" {
					b.ObjectLock, b.LifecycleRules = false, tt.rules
				}
			}
			inventory.Resolve(snap)
			findings, err := eng.Evaluate(ctx, snap)
			if err != nil {
				t.Fatal(err)
			}
			var got *Finding
			for i, f := range findings {
				if f.RuleID == "SW-TI-07" && f.Resource.Name == "org" {
					got = &findings[i]
				}
			}
			if got == nil {
				t.Fatal("no SW-TI-07 finding for trail org")
			}
			if got.Status != tt.want || !strings.Contains(got.Message, tt.wantMsg) {
				t.Errorf("SW-TI-07 = %s %q, want %s with %q", got.Status, got.Message, tt.want, tt.wantMsg)
			}
		})
	}
}
