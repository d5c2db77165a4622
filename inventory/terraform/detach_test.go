package terraform

import (
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

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

// TestDestroyedSideResources covers the other separate resources: on an item of the plan,
// and, with --snapshot, on the live item of a resource the plan does not manage.
func TestDestroyedSideResources(t *testing.T) {
	const topicARN = "arn:aws:sns:us-east-1:123456789012:payments-alerts"
	const groupName = "/aws/rds/instance/payments-ledger/postgresql"
	const subARN = "arn:aws:sns:us-east-1:123456789012:payments-alerts:pager"
	changes := []change{
		deleted("aws_sns_topic_subscription.pager", map[string]any{"arn": subARN, "topic_arn": topicARN, "protocol": "https", "endpoint": "https://pager.example.com/x"}),
		deleted("aws_cloudwatch_log_metric_filter.by_hand", map[string]any{"name": "made-by-hand", "log_group_name": groupName, "pattern": "ERROR"}),
		created("aws_dynamodb_table.orders", map[string]any{"name": "orders"}, map[string]any{"arn": true}),
		deleted("aws_dynamodb_contributor_insights.orders", map[string]any{"table_name": "orders", "index_name": nil}),
		created("aws_redshift_cluster.dw", map[string]any{"cluster_identifier": "dw", "logging": []any{}}, map[string]any{"arn": true}),
		deleted("aws_redshift_logging.dw", map[string]any{"cluster_identifier": "dw", "log_destination_type": "cloudwatch"}),
	}
	res := convertPlan(t, planJSON(t, changes, nil), nil)
	// The destroyed subscription's topic is not in the plan: its setting leaves the live
	// topic, which is not "applied to the live resource".
	for _, w := range res.Warnings {
		if strings.Contains(w, "is applied to the live resource") {
			t.Errorf("warning about a destroyed resource: %s", w)
		}
	}
	if got := res.Snapshot.DynamoDBTables[0].ContributorInsights; got != "DISABLED" {
		t.Errorf("contributor insights %q, want DISABLED", got)
	}
	if l := res.Snapshot.RedshiftClusters[0].Logging; l == nil || l.Enabled {
		t.Errorf("redshift logging %+v, want off", l)
	}
	s := Merge(liveSnapshot(), res)
	var subs []string
	for _, sub := range s.SNSTopics[0].Subscriptions {
		subs = append(subs, sub.ARN)
	}
	if diff := cmp.Diff([]string{"arn:aws:sns:us-east-1:123456789012:payments-alerts:cfc6f8f7-ed6d-46f7-94c4-a721702f97ed"}, subs); diff != "" {
		t.Errorf("live topic's subscriptions (-want +got):\n%s", diff)
	}
	if f := s.LogGroups[0].MetricFilters; len(f) != 0 {
		t.Errorf("live log group's metric filters %+v, want none", f)
	}
}

// TestMergeDropsDestroyedEntries: with --snapshot, a subscription, metric filter,
// subscription filter, metrics configuration or scalable dimension the plan destroys does
// not come back from the live item of a resource the plan manages, while the live entries
// the plan leaves alone and the ones it adds stay.
func TestMergeDropsDestroyedEntries(t *testing.T) {
	const topicARN = "arn:aws:sns:us-east-1:123456789012:payments-alerts"
	const groupARN = "arn:aws:logs:us-east-1:123456789012:log-group:/aws/rds/instance/payments-ledger/postgresql"
	const groupName = "/aws/rds/instance/payments-ledger/postgresql"
	const bucket = "payments-cloudtrail-logs"
	changes := []change{
		withActions("aws_sns_topic.alerts", []string{"no-op"},
			map[string]any{"arn": topicARN, "name": "payments-alerts"}, map[string]any{"arn": topicARN, "name": "payments-alerts"}, nil),
		deleted("aws_sns_topic_subscription.email", map[string]any{"arn": "arn:aws:sns:us-east-1:123456789012:payments-alerts:cfc6f8f7-ed6d-46f7-94c4-a721702f97ed",
			"topic_arn": topicARN, "protocol": "email", "endpoint": "someone@example.com"}),
		withActions("aws_cloudwatch_log_group.ledger", []string{"no-op"},
			map[string]any{"arn": groupARN, "name": groupName, "retention_in_days": 365}, map[string]any{"arn": groupARN, "name": groupName, "retention_in_days": 365}, nil),
		deleted("aws_cloudwatch_log_metric_filter.by_hand", map[string]any{"name": "made-by-hand", "log_group_name": groupName, "pattern": "ERROR"}),
		deleted("aws_cloudwatch_log_subscription_filter.ship", map[string]any{"name": "ship", "log_group_name": groupName, "destination_arn": "arn:aws:firehose:us-east-1:123456789012:deliverystream/x"}),
		withActions("aws_s3_bucket.trail", []string{"no-op"}, existingBucket(bucket), existingBucket(bucket), nil),
		deleted("aws_s3_bucket_metric.all", map[string]any{"bucket": bucket, "name": "EntireBucket"}),
		withActions("aws_dynamodb_table.orders", []string{"no-op"},
			map[string]any{"name": "orders", "arn": "arn:aws:dynamodb:us-east-1:123456789012:table/orders"},
			map[string]any{"name": "orders", "arn": "arn:aws:dynamodb:us-east-1:123456789012:table/orders"}, nil),
		deleted("aws_appautoscaling_target.reads", map[string]any{"service_namespace": "dynamodb", "resource_id": "table/orders", "scalable_dimension": "dynamodb:table:ReadCapacityUnits"}),
		deleted("aws_cloudwatch_log_resource_policy.es", map[string]any{"policy_name": "es-logs", "policy_document": "{}"}),
	}
	live := liveSnapshot()
	live.LogGroups[0].SubscriptionFilters = []inventory.SubscriptionFilter{{Name: "ship"}, {Name: "keep"}}
	for i := range live.S3Buckets {
		if live.S3Buckets[i].Name == bucket {
			live.S3Buckets[i].MetricsConfigurations = []string{"EntireBucket", "Other"}
		}
	}
	live.DynamoDBTables = []inventory.DynamoDBTable{{
		Meta: inventory.Meta{ID: "arn:aws:dynamodb:us-east-1:123456789012:table/orders", Type: inventory.TypeDynamoDBTable,
			ARN: "arn:aws:dynamodb:us-east-1:123456789012:table/orders", Name: "orders", AccountID: liveAccount, Region: "us-east-1"},
		AutoScaling: []string{"dynamodb:table:ReadCapacityUnits", "dynamodb:table:WriteCapacityUnits"},
	}}
	// The plan's provider is in eu-west-1: the policy of that name in us-east-1 is another.
	live.Accounts[0].LogResourcePolicies = []inventory.LogResourcePolicy{{Name: "es-logs", Region: "eu-west-1"}, {Name: "es-logs", Region: "us-east-1"}, {Name: "other", Region: "eu-west-1"}}

	s := Merge(live, convertPlan(t, planJSON(t, changes, nil), nil))

	var subs []string
	for _, sub := range s.SNSTopics[0].Subscriptions {
		subs = append(subs, sub.ARN)
	}
	if diff := cmp.Diff([]string{"arn:aws:sns:us-east-1:123456789012:payments-alerts:pager"}, subs); diff != "" {
		t.Errorf("subscriptions (-want +got):\n%s", diff)
	}
	g := s.LogGroups[0]
	if len(g.MetricFilters) != 0 {
		t.Errorf("metric filters %+v, want none", g.MetricFilters)
	}
	if len(g.SubscriptionFilters) != 1 || g.SubscriptionFilters[0].Name != "keep" {
		t.Errorf("subscription filters %+v, want keep", g.SubscriptionFilters)
	}
	for _, b := range s.S3Buckets {
		if b.Name == bucket && !slices.Equal(b.MetricsConfigurations, []string{"Other"}) {
			t.Errorf("metrics configurations %v, want [Other]", b.MetricsConfigurations)
		}
	}
	if d := s.DynamoDBTables[0].AutoScaling; !slices.Equal(d, []string{"dynamodb:table:WriteCapacityUnits"}) {
		t.Errorf("auto scaling %v, want the write dimension only", d)
	}
	var policies []string
	for _, p := range s.Accounts[0].LogResourcePolicies {
		policies = append(policies, p.Name+" "+p.Region)
	}
	slices.Sort(policies)
	if diff := cmp.Diff([]string{"es-logs us-east-1", "other eu-west-1"}, policies); diff != "" {
		t.Errorf("log resource policies (-want +got):\n%s", diff)
	}
}

// TestDestroyPlanSaysSo: a plan that destroys everything it manages judges nothing, and
// says why rather than leaving "0 checks" to explain itself.
func TestDestroyPlanSaysSo(t *testing.T) {
	changes := []change{
		deleted("aws_sns_topic.alerts", map[string]any{"arn": "arn:aws:sns:eu-west-1:123456789012:alerts", "name": "alerts"}),
		deleted("aws_sns_topic_subscription.pager", map[string]any{"topic_arn": "arn:aws:sns:eu-west-1:123456789012:alerts", "protocol": "email", "endpoint": "a@example.com"}),
	}
	res := convertPlan(t, planJSON(t, changes, nil), nil)
	if !slices.ContainsFunc(res.Warnings, func(w string) bool { return strings.Contains(w, "destroys every resource it manages") }) {
		t.Errorf("warnings %q do not say the plan destroys everything", res.Warnings)
	}
	kept := planJSON(t, append(changes, created("aws_dynamodb_table.orders", map[string]any{"name": "orders"}, map[string]any{"arn": true})), nil)
	if res := convertPlan(t, kept, nil); slices.ContainsFunc(res.Warnings, func(w string) bool { return strings.Contains(w, "destroys every resource") }) {
		t.Errorf("a plan that keeps a table says it destroys everything: %q", res.Warnings)
	}
}
