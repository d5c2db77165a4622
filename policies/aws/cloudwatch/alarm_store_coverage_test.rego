package storewatch.aws.cloudwatch.alarm_store_coverage_test

import data.storewatch.aws.cloudwatch.alarm_store_coverage as rule
import data.storewatch.test.fixtures

link(metric) := {
	"alarm": concat("", ["arn:aws:cloudwatch:us-east-1:111122223333:alarm:", metric]), "name": metric, "namespace": "AWS/S3",
	"metric": metric, "statistic": "Average", "threshold": 0.05, "comparison_operator": "GreaterThanThreshold", "period": 60,
	"evaluation_periods": 15, "datapoints_to_alarm": 15, "via_metric_math": false, "effective": "yes", "problems": [], "self_healing": false,
}

bucket(links, posture) := object.union(fixtures.s3_bucket, {"posture": object.union(object.union(fixtures.s3_bucket.posture, {"alarms_known": "yes", "alarms": links}), posture)})

test_fail_missing_5xx if {
	denied := rule.deny with input as {"s3_buckets": [bucket([link("4xxErrors")], {})]}
	some f in denied
	f.id == fixtures.s3_bucket.id
	f.evidence.missing == ["5xxErrors"]
	f.msg == "example has no alarm on 5xxErrors (recommended for S3 buckets)"
}

test_pass_both_error_alarms if {
	inp := {"s3_buckets": [bucket([link("4xxErrors"), link("5xxErrors")], {})]}
	count(rule.deny) == 0 with input as inp
	count(rule.unknown) == 0 with input as inp
	fixtures.s3_bucket.id in rule.applies with input as inp
}

test_pass_metric_math_alarm_counts if {
	math := object.union(link("5xxErrors"), {"via_metric_math": true})
	count(rule.deny) == 0 with input as {"s3_buckets": [bucket([link("4xxErrors"), math], {})]}
}

test_fail_rds_instance_with_conditions if {
	db := object.union(fixtures.db_instance, {
		"engine": "postgres", "replica_source_id": "primary",
		"posture": object.union(fixtures.db_instance.posture, {"alarms_known": "yes"}),
	})
	some f in rule.deny with input as {"db_instances": [db]}
	f.evidence.missing == ["CPUUtilization", "DatabaseConnections", "FreeStorageSpace", "FreeableMemory", "MaximumUsedTransactionIDs", "ReadLatency", "ReplicaLag", "WriteLatency"]
}

test_pass_cluster_member_is_judged_with_its_cluster if {
	db := object.union(fixtures.db_instance, {"engine": "aurora-mysql", "cluster_id": "aurora"})
	inp := {"db_instances": [db]}
	count(rule.deny) == 0 with input as inp
	not fixtures.db_instance.id in rule.applies with input as inp
}

test_pass_required_parameter if {
	cfg := {"params": {"SW-MA-01": {"required": {"s3_bucket": ["4xxErrors"]}}}}
	count(rule.deny) == 0 with input as {"s3_buckets": [bucket([link("4xxErrors")], {})]} with data.storewatch.config as cfg
}

test_unknown_alarms_not_listed if {
	inp := {"s3_buckets": [bucket([], {"alarms_known": "no"})]}
	count(rule.deny) == 0 with input as inp
	some f in rule.unknown with input as inp
	contains(f.msg, "could not be listed")
}

test_unknown_unresolved_planned_alarm if {
	inp := {"s3_buckets": [bucket([link("4xxErrors")], {"unresolved_alarms": ["aws_cloudwatch_metric_alarm.errors"]})]}
	count(rule.deny) == 0 with input as inp
	some f in rule.unknown with input as inp
	f.evidence.missing == ["5xxErrors"]
}
