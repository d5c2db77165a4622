package terraform

import (
	"slices"
	"strings"

	"github.com/storewatch/storewatch/inventory"
)

// A separate resource that the plan destroys (delete, not replace) takes its setting with
// it: the resource it configured keeps, in the plan, the value it had when Terraform last
// refreshed it (an S3 bucket's computed logging block), which after apply is stale. Each
// detachment undoes its setting on the item of the resource it configured, as AWS has it
// once the provider has deleted the separate resource. They run after the primaries and
// before the attachments, so a resource that still sets the same thing after apply sets it
// again. On a resource the plan does not manage they are kept as orphans, for Merge to
// apply to the live item; list entries (subscriptions, filters, metrics configurations,
// scalable dimensions) are also recorded in Result.gone, so that Merge does not bring them
// back from the live item of a resource the plan does manage.
//
// aws_s3_bucket_acl and aws_s3_bucket_object_lock_configuration are not here: the provider
// deletes neither setting (the ACL stays; Object Lock cannot be turned off), so the value
// the bucket shows stays true after apply. aws_kms_alias is not either: no rule reads
// aliases of keys the plan does not manage.
var detachments = map[string]mapper{
	"aws_sns_topic_subscription":                detachSubscription,
	"aws_cloudwatch_log_metric_filter":          detachMetricFilter,
	"aws_cloudwatch_log_subscription_filter":    detachSubscriptionFilter,
	"aws_cloudwatch_log_data_protection_policy": detachDataProtection,
	"aws_cloudwatch_log_resource_policy":        detachLogResourcePolicy,
	"aws_dynamodb_contributor_insights":         detachContributorInsights,
	"aws_appautoscaling_target":                 detachScalingTarget,
	"aws_dynamodb_table_replica":                detachTableReplica,
	"aws_s3_bucket_logging":                     detachBucketLogging,
	"aws_s3_bucket_versioning":                  detachBucketVersioning,
	"aws_s3_bucket_public_access_block":         detachPublicAccessBlock,
	"aws_s3_account_public_access_block":        detachAccountPublicAccessBlock,
	"aws_s3_bucket_metric":                      detachBucketMetric,
	"aws_s3_bucket_notification":                detachBucketNotification,
	"aws_s3_bucket_policy":                      detachBucketPolicy,
	"aws_s3_bucket_lifecycle_configuration":     detachLifecycle,
	"aws_redshift_logging":                      detachRedshiftLogging,
}

// Keys of Result.gone.
func goneSubscription(arn string) string { return "subscription|" + arn }
func goneMetricFilter(group, name string) string {
	return "metric_filter|" + group + "|" + name
}
func goneSubscriptionFilter(group, name string) string {
	return "subscription_filter|" + group + "|" + name
}
func goneBucketMetric(bucket, name string) string { return "bucket_metric|" + bucket + "|" + name }
func goneScaling(table, dim string) string        { return "auto_scaling|" + table + "|" + dim }

func detachSubscription(c *converter, in *instance) {
	arn := c.get(in, "arn")
	if !arn.known || arn.str() == "" {
		return
	}
	c.gone[goneSubscription(arn.str())] = true
	onTarget(c, in, "topic_arn", "aws_sns_topic", func(t *inventory.SNSTopic, _ reader) {
		t.Subscriptions = slices.DeleteFunc(t.Subscriptions, func(s inventory.Subscription) bool { return s.ARN == arn.str() })
	})
}

func detachMetricFilter(c *converter, in *instance) {
	group, name := c.get(in, "log_group_name"), c.get(in, "name")
	if !group.known || !name.known {
		return
	}
	c.gone[goneMetricFilter(group.str(), name.str())] = true
	onTarget(c, in, "log_group_name", "aws_cloudwatch_log_group", func(g *inventory.LogGroup, _ reader) {
		g.MetricFilters = slices.DeleteFunc(g.MetricFilters, func(f inventory.MetricFilter) bool { return f.Name == name.str() })
	})
}

func detachSubscriptionFilter(c *converter, in *instance) {
	group, name := c.get(in, "log_group_name"), c.get(in, "name")
	if !group.known || !name.known {
		return
	}
	c.gone[goneSubscriptionFilter(group.str(), name.str())] = true
	onTarget(c, in, "log_group_name", "aws_cloudwatch_log_group", func(g *inventory.LogGroup, _ reader) {
		g.SubscriptionFilters = slices.DeleteFunc(g.SubscriptionFilters, func(f inventory.SubscriptionFilter) bool { return f.Name == name.str() })
	})
}

func detachDataProtection(c *converter, in *instance) {
	onTarget(c, in, "log_group_name", "aws_cloudwatch_log_group", func(g *inventory.LogGroup, _ reader) {
		g.DataProtection = false
		g.UnknownFields = without(g.UnknownFields, "data_protection")
	})
}

// detachLogResourcePolicy records the policy for Merge: the plan's accounts carry only the
// policies the plan knows, the live account all of them.
func detachLogResourcePolicy(c *converter, in *instance) {
	name := c.get(in, "policy_name")
	if !name.known || name.str() == "" {
		return
	}
	c.goneLogPolicies = append(c.goneLogPolicies, goneLogPolicy{account: in.account, region: in.region, name: name.str()})
}

func detachContributorInsights(c *converter, in *instance) {
	// Only the table's own Contributor Insights is judged; an index's is not.
	if idx := c.get(in, "index_name"); !idx.known || idx.v != nil {
		return
	}
	onTarget(c, in, "table_name", "aws_dynamodb_table", func(t *inventory.DynamoDBTable, _ reader) {
		t.ContributorInsights = "DISABLED"
		t.UnknownFields = without(t.UnknownFields, "contributor_insights")
	})
}

func detachScalingTarget(c *converter, in *instance) {
	if ns := c.get(in, "service_namespace"); !ns.known || ns.str() != "dynamodb" {
		return
	}
	res, dim := c.get(in, "resource_id"), c.get(in, "scalable_dimension")
	if !res.known || !dim.known {
		return
	}
	parts := strings.Split(res.str(), "/")
	if len(parts) < 2 || parts[0] != "table" {
		return
	}
	c.gone[goneScaling(parts[1], dim.str())] = true
	if x := c.identity["aws_dynamodb_table"][parts[1]]; x != nil {
		if t, ok := x.item.(*inventory.DynamoDBTable); ok {
			t.AutoScaling = slices.DeleteFunc(t.AutoScaling, func(d string) bool { return d == dim.str() })
		}
	}
}

func detachBucketLogging(c *converter, in *instance) {
	onTarget(c, in, "bucket", "aws_s3_bucket", func(b *inventory.S3Bucket, _ reader) {
		b.Logging = nil
		b.UnknownFields = without(b.UnknownFields, "logging")
	})
}

// detachBucketVersioning: versioning, once enabled, cannot be turned off, and the provider
// deletes aws_s3_bucket_versioning by suspending it.
func detachBucketVersioning(c *converter, in *instance) {
	status := c.get(in, "versioning_configuration", 0, "status")
	mfa := c.get(in, "versioning_configuration", 0, "mfa_delete")
	onTarget(c, in, "bucket", "aws_s3_bucket", func(b *inventory.S3Bucket, r reader) {
		b.UnknownFields = without(without(b.UnknownFields, "versioning"), "mfa_delete")
		switch {
		case !status.known:
			b.Versioning = ""
			r.unknown("versioning")
		case status.str() == "Enabled" || status.str() == "Suspended":
			b.Versioning = "Suspended"
		default:
			b.Versioning = ""
		}
		// Suspending does not change MFA delete, which only a request signed with the root
		// user's MFA device can.
		switch {
		case !mfa.known:
			r.unknown("mfa_delete")
		default:
			b.MFADelete = mfa.str() == "Enabled"
		}
	})
}

func detachPublicAccessBlock(c *converter, in *instance) {
	onTarget(c, in, "bucket", "aws_s3_bucket", func(b *inventory.S3Bucket, _ reader) {
		b.PublicAccessBlock = nil
		b.UnknownFields = without(b.UnknownFields, "public_access_block")
	})
}

func detachBucketMetric(c *converter, in *instance) {
	bucket, name := c.get(in, "bucket"), c.get(in, "name")
	if !bucket.known || !name.known {
		return
	}
	c.gone[goneBucketMetric(bucket.str(), name.str())] = true
	onTarget(c, in, "bucket", "aws_s3_bucket", func(b *inventory.S3Bucket, _ reader) {
		b.MetricsConfigurations = slices.DeleteFunc(b.MetricsConfigurations, func(s string) bool { return s == name.str() })
	})
}

// detachBucketNotification: a bucket has one notification configuration, which the
// provider empties.
func detachBucketNotification(c *converter, in *instance) {
	onTarget(c, in, "bucket", "aws_s3_bucket", func(b *inventory.S3Bucket, _ reader) {
		b.Notifications = []inventory.BucketNotification{}
		b.UnknownFields = without(b.UnknownFields, "notifications")
	})
}

func detachBucketPolicy(c *converter, in *instance) {
	onTarget(c, in, "bucket", "aws_s3_bucket", func(b *inventory.S3Bucket, _ reader) {
		no := false
		b.PolicyPublic = &no
		b.UnknownFields = without(b.UnknownFields, "policy_public")
	})
}

func detachLifecycle(c *converter, in *instance) {
	onTarget(c, in, "bucket", "aws_s3_bucket", func(b *inventory.S3Bucket, _ reader) {
		b.LifecycleExpirationDays, b.LifecycleRules = 0, []inventory.LifecycleRule{}
		b.UnknownFields = without(without(b.UnknownFields, "lifecycle_expiration_days"), "lifecycle_rules")
	})
}

func detachRedshiftLogging(c *converter, in *instance) {
	onTarget(c, in, "cluster_identifier", "aws_redshift_cluster", func(d *inventory.RedshiftCluster, _ reader) {
		d.Logging = &inventory.RedshiftLogging{Enabled: false, LogExports: []string{}}
		d.UnknownFields = without(d.UnknownFields, "logging")
	})
}

// goneLogPolicy is a CloudWatch Logs resource policy the plan destroys.
type goneLogPolicy struct{ account, region, name string }
