package terraform

import (
	"slices"
	"testing"

	"github.com/storewatch/storewatch/inventory"
)

// existingBucket is the refreshed state of a bucket that was configured by separate
// resources: its computed legacy attributes show what they set.
func existingBucket(name string) map[string]any {
	return map[string]any{"bucket": name, "arn": "arn:aws:s3:::" + name, "region": "us-east-1",
		"logging":             []any{map[string]any{"target_bucket": "access-logs", "target_prefix": name + "/"}},
		"versioning":          []any{map[string]any{"enabled": true, "mfa_delete": false}},
		"object_lock_enabled": false, "lifecycle_rule": []any{map[string]any{"enabled": true, "expiration": []any{map[string]any{"days": 30}}}},
		"acl": nil, "grant": []any{}, "policy": `{"Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject"}]}`}
}

func deleted(addr string, before map[string]any) change {
	return withActions(addr, []string{"delete"}, before, nil, nil)
}

// TestDestroyedBucketSettings: a plan that destroys the separate resources configuring a
// bucket it leaves alone must not judge the bucket on the settings they took with them.
func TestDestroyedBucketSettings(t *testing.T) {
	const name = "trail-logs"
	keep := withActions("aws_s3_bucket.trail", []string{"no-op"}, existingBucket(name), existingBucket(name), nil)
	tests := []struct {
		name    string
		changes []change
		check   func(t *testing.T, b inventory.S3Bucket)
	}{
		{
			name:    "logging deleted: off",
			changes: []change{keep, deleted("aws_s3_bucket_logging.trail", map[string]any{"bucket": name, "target_bucket": "access-logs", "target_prefix": "t/"})},
			check: func(t *testing.T, b inventory.S3Bucket) {
				if b.Logging != nil || slices.Contains(b.UnknownFields, "logging") {
					t.Errorf("logging %+v, unknown %v: want off", b.Logging, b.UnknownFields)
				}
			},
		},
		{
			name: "logging deleted but another resource sets it: on",
			changes: []change{keep,
				deleted("aws_s3_bucket_logging.old", map[string]any{"bucket": name, "target_bucket": "access-logs", "target_prefix": "t/"}),
				created("aws_s3_bucket_logging.new", map[string]any{"bucket": name, "target_bucket": "other-logs", "target_prefix": "n/"}, map[string]any{"id": true})},
			check: func(t *testing.T, b inventory.S3Bucket) {
				if b.Logging == nil || b.Logging.TargetBucket != "other-logs" {
					t.Errorf("logging %+v: want the new resource's", b.Logging)
				}
			},
		},
		{
			name: "versioning deleted: suspended, as the provider leaves it",
			changes: []change{keep, deleted("aws_s3_bucket_versioning.trail", map[string]any{"bucket": name,
				"versioning_configuration": []any{map[string]any{"status": "Enabled", "mfa_delete": "Disabled"}}})},
			check: func(t *testing.T, b inventory.S3Bucket) {
				if b.Versioning != "Suspended" || b.MFADelete {
					t.Errorf("versioning %q, mfa_delete %v: want Suspended, false", b.Versioning, b.MFADelete)
				}
			},
		},
		{
			name:    "public access block deleted: none",
			changes: []change{keep, deleted("aws_s3_bucket_public_access_block.trail", map[string]any{"bucket": name, "block_public_acls": true, "block_public_policy": true, "ignore_public_acls": true, "restrict_public_buckets": true})},
			check: func(t *testing.T, b inventory.S3Bucket) {
				if b.PublicAccessBlock != nil || slices.Contains(b.UnknownFields, "public_access_block") {
					t.Errorf("public access block %+v, unknown %v: want none", b.PublicAccessBlock, b.UnknownFields)
				}
			},
		},
		{
			name:    "policy deleted: not public",
			changes: []change{keep, deleted("aws_s3_bucket_policy.trail", map[string]any{"bucket": name, "policy": `{"Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject"}]}`})},
			check: func(t *testing.T, b inventory.S3Bucket) {
				if b.PolicyPublic == nil || *b.PolicyPublic {
					t.Errorf("policy_public %v: want false", b.PolicyPublic)
				}
			},
		},
		{
			name:    "notification deleted: none",
			changes: []change{keep, deleted("aws_s3_bucket_notification.trail", map[string]any{"bucket": name, "eventbridge": true})},
			check: func(t *testing.T, b inventory.S3Bucket) {
				if len(b.Notifications) != 0 || slices.Contains(b.UnknownFields, "notifications") {
					t.Errorf("notifications %+v, unknown %v: want none", b.Notifications, b.UnknownFields)
				}
			},
		},
		{
			name:    "lifecycle deleted: no expiration",
			changes: []change{keep, deleted("aws_s3_bucket_lifecycle_configuration.trail", map[string]any{"bucket": name, "rule": []any{}})},
			check: func(t *testing.T, b inventory.S3Bucket) {
				if b.LifecycleExpirationDays != 0 || slices.Contains(b.UnknownFields, "lifecycle_expiration_days") {
					t.Errorf("lifecycle days %d, unknown %v: want 0", b.LifecycleExpirationDays, b.UnknownFields)
				}
			},
		},
		{
			name: "replaced, not deleted: the new resource's setting",
			changes: []change{keep, withActions("aws_s3_bucket_logging.trail", []string{"delete", "create"},
				map[string]any{"bucket": name, "target_bucket": "access-logs", "target_prefix": "t/"},
				map[string]any{"bucket": name, "target_bucket": "access-logs", "target_prefix": "new/"}, map[string]any{"id": true})},
			check: func(t *testing.T, b inventory.S3Bucket) {
				if b.Logging == nil || b.Logging.TargetPrefix != "new/" {
					t.Errorf("logging %+v: want the replacement's", b.Logging)
				}
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := convertPlan(t, planJSON(t, tt.changes, nil), nil).Snapshot
			if len(s.S3Buckets) != 1 {
				t.Fatalf("buckets: %+v", s.S3Buckets)
			}
			tt.check(t, s.S3Buckets[0])
		})
	}
}

// TestDestroyedSideResources covers the other separate resources.
func TestDestroyedSideResources(t *testing.T) {
	changes := []change{
		created("aws_dynamodb_table.orders", map[string]any{"name": "orders"}, map[string]any{"arn": true}),
		deleted("aws_dynamodb_contributor_insights.orders", map[string]any{"table_name": "orders", "index_name": nil}),
		created("aws_redshift_cluster.dw", map[string]any{"cluster_identifier": "dw", "logging": []any{}}, map[string]any{"arn": true}),
		deleted("aws_redshift_logging.dw", map[string]any{"cluster_identifier": "dw", "log_destination_type": "cloudwatch"}),
	}
	res := convertPlan(t, planJSON(t, changes, nil), nil)
	if got := res.Snapshot.DynamoDBTables[0].ContributorInsights; got != "DISABLED" {
		t.Errorf("contributor insights %q, want DISABLED", got)
	}
	if l := res.Snapshot.RedshiftClusters[0].Logging; l == nil || l.Enabled {
		t.Errorf("redshift logging %+v, want off", l)
	}
}
