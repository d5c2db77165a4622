package storewatch.aws.cloudwatch.alarm_store_coverage_test

import data.storewatch.aws.cloudwatch.alarm_store_coverage as rule
import data.storewatch.test.fixtures

# The resolver judges which required metrics no alarm reads (inventory/resolve_recommended.go,
# TestRecommendedRequired); these tests hold the rule's verdicts and wording.

link(metric) := {
	"alarm": concat("", ["arn:aws:cloudwatch:us-east-1:111122223333:alarm:", metric]), "name": metric, "namespace": "AWS/S3",
	"metric": metric, "statistic": "Average", "threshold": 0.05, "comparison_operator": "GreaterThanThreshold", "period": 60,
	"evaluation_periods": 15, "datapoints_to_alarm": 15, "via_metric_math": false, "effective": "yes", "problems": [], "self_healing": false,
}

judgement(kind, metrics, missing) := {"kind": kind, "metrics": metrics, "missing": missing, "settings": [], "automation": "", "automation_alarms": []}

bucket(links, missing, posture) := object.union(fixtures.s3_bucket, {"posture": object.union(
	object.union(fixtures.s3_bucket.posture, {"alarms_known": "yes", "alarms": links, "recommended_alarms": judgement("s3_bucket", 3, missing)}),
	posture,
)})

test_fail_missing_5xx if {
	denied := rule.deny with input as {"s3_buckets": [bucket([link("4xxErrors")], ["5xxErrors"], {})]}
	some f in denied
	f.id == fixtures.s3_bucket.id
	f.evidence.missing == ["5xxErrors"]
	f.evidence.alarmed == {"4xxErrors"}
	f.evidence.kind == "s3_bucket"
	f.msg == "example has no alarm on 5xxErrors (recommended for S3 buckets)"
}

test_pass_both_error_alarms if {
	inp := {"s3_buckets": [bucket([link("4xxErrors"), link("5xxErrors")], [], {})]}
	count(rule.deny) == 0 with input as inp
	count(rule.unknown) == 0 with input as inp
	fixtures.s3_bucket.id in rule.applies with input as inp
}

test_fail_rds_instance_with_conditions if {
	missing := ["CPUUtilization", "DatabaseConnections", "FreeStorageSpace", "FreeableMemory", "MaximumUsedTransactionIDs", "ReadLatency", "ReplicaLag", "WriteLatency"]
	db := object.union(fixtures.db_instance, {
		"engine": "postgres", "replica_source_id": "primary",
		"posture": object.union(fixtures.db_instance.posture, {"alarms_known": "yes", "recommended_alarms": judgement("rds_instance", 11, missing)}),
	})
	some f in rule.deny with input as {"db_instances": [db]}
	f.evidence.missing == missing
	f.msg == concat("", ["example has no alarm on ", concat(", ", missing), " (recommended for RDS DB instances)"])
}

test_pass_cluster_member_is_judged_with_its_cluster if {
	db := object.union(fixtures.db_instance, {"engine": "aurora-mysql", "cluster_id": "aurora"})
	inp := {"db_instances": [db]}
	count(rule.deny) == 0 with input as inp
	not fixtures.db_instance.id in rule.applies with input as inp
}

test_pass_kind_without_recommendations_is_not_judged if {
	ns := object.union(fixtures.redshift_serverless_namespace, {"posture": object.union(fixtures.redshift_serverless_namespace.posture, {
		"alarms_known": "yes", "recommended_alarms": judgement("redshift_serverless_namespace", 0, []),
	})})
	inp := {"redshift_serverless_namespaces": [ns]}
	count(rule.deny) == 0 with input as inp
	not fixtures.redshift_serverless_namespace.id in rule.applies with input as inp
}

test_unknown_alarms_not_listed if {
	inp := {"s3_buckets": [bucket([], ["4xxErrors", "5xxErrors"], {"alarms_known": "no"})]}
	count(rule.deny) == 0 with input as inp
	some f in rule.unknown with input as inp
	f.msg == "example has no known alarm on 4xxErrors, 5xxErrors, but the alarms of us-east-1 could not be listed"
}

# A monitoring account's cross-account alarms may watch a source account's store: when they
# could not be listed, a missing alarm may be among them.
test_unknown_alarms_of_other_accounts_not_listed if {
	unlisted := {"alarms_known": "no", "unlisted_alarm_accounts": ["111122223333", "444455556666"]}
	inp := {"s3_buckets": [bucket([link("4xxErrors")], ["5xxErrors"], unlisted)]}
	count(rule.deny) == 0 with input as inp
	some f in rule.unknown with input as inp
	f.evidence == {"missing": ["5xxErrors"], "unlisted_alarm_accounts": ["111122223333", "444455556666"]}
	f.msg == "example has no known alarm on 5xxErrors, but the alarms of accounts 111122223333, 444455556666 in us-east-1 could not be listed, and a cross-account alarm among them may read its metrics"
}

# Alarms that were found on every required metric decide, whatever the unlisted ones are.
test_pass_alarms_found_though_others_not_listed if {
	unlisted := {"alarms_known": "no", "unlisted_alarm_accounts": ["444455556666"]}
	inp := {"s3_buckets": [bucket([link("4xxErrors"), link("5xxErrors")], [], unlisted)]}
	count(rule.deny) == 0 with input as inp
	count(rule.unknown) == 0 with input as inp
}

test_unknown_unresolved_planned_alarm if {
	inp := {"s3_buckets": [bucket([link("4xxErrors")], ["5xxErrors"], {
		"unresolved_alarms": ["aws_cloudwatch_metric_alarm.errors", "aws_cloudwatch_metric_alarm.fleet"],
		"unresolved_reasons": [
			{"alarm": "aws_cloudwatch_metric_alarm.errors", "reasons": ["the value of its dimension BucketName is known only after apply"]},
			{"alarm": "aws_cloudwatch_metric_alarm.fleet", "reasons": ["its metric queries are known only after apply"]},
		],
	})]}
	count(rule.deny) == 0 with input as inp
	some f in rule.unknown with input as inp
	f.evidence.missing == ["5xxErrors"]
	f.msg == concat("", [
		"example has no known alarm on 5xxErrors, but alarms that could not be linked to it might watch it: ",
		"aws_cloudwatch_metric_alarm.errors (the value of its dimension BucketName is known only after apply), ",
		"aws_cloudwatch_metric_alarm.fleet (its metric queries are known only after apply)",
	])
}

# A live scan that could not list the bucket's metrics configurations cannot link an alarm on
# a request metric (it exists only under a configuration's FilterId): the message gives the
# resolver's live cause and says nothing of a plan.
test_unknown_request_metric_alarm_configurations_not_listed if {
	reason := "the metrics configurations of bucket example could not be listed (s3:ListBucketMetricsConfigurations failed), so whether it has EntireBucket is unknown"
	inp := {"s3_buckets": [bucket([link("4xxErrors")], ["5xxErrors"], {
		"unresolved_alarms": ["arn:aws:cloudwatch:eu-west-1:111122223333:alarm:example-5xx"],
		"unresolved_reasons": [{"alarm": "arn:aws:cloudwatch:eu-west-1:111122223333:alarm:example-5xx", "reasons": [reason]}],
	})]}
	count(rule.deny) == 0 with input as inp
	some f in rule.unknown with input as inp
	f.msg == sprintf("example has no known alarm on 5xxErrors, but alarms that could not be linked to it might watch it: arn:aws:cloudwatch:eu-west-1:111122223333:alarm:example-5xx (%s)", [reason])
	not contains(f.msg, "plan")
}

# A snapshot written before storewatch recorded unresolved_reasons (the rules then see an
# empty list) still names the alarms.
test_unknown_unresolved_alarm_without_reasons if {
	inp := {"s3_buckets": [bucket([], ["5xxErrors"], {"unresolved_alarms": ["aws_cloudwatch_metric_alarm.errors"]})]}
	some f in rule.unknown with input as inp
	f.msg == "example has no known alarm on 5xxErrors, but alarms that could not be linked to it might watch it: aws_cloudwatch_metric_alarm.errors"
}

# An alarm on a global secondary index does not watch the table's own metric: the resolver
# leaves the metric missing, and the evidence does not list it among the alarmed ones.
test_fail_index_alarm_does_not_watch_the_table if {
	gsi := object.union(link("ReadThrottleEvents"), {"namespace": "AWS/DynamoDB", "index": "by-customer"})
	table := object.union(fixtures.dynamodb_table, {"posture": object.union(fixtures.dynamodb_table.posture, {
		"alarms_known": "yes", "alarms": [gsi, link("WriteThrottleEvents"), link("SystemErrors")],
		"recommended_alarms": judgement("dynamodb_table", 5, ["ReadThrottleEvents"]),
	})})
	some f in rule.deny with input as {"dynamodb_tables": [table]}
	f.evidence.missing == ["ReadThrottleEvents"]
	f.evidence.alarmed == {"WriteThrottleEvents", "SystemErrors"}
}

cache(missing, undecided) := object.union(fixtures.elasticache_cluster, {
	"unknown_fields": ["members", "replicas"],
	"posture": object.union(fixtures.elasticache_cluster.posture, {"alarms_known": "yes", "recommended_alarms": object.union(
		judgement("elasticache_redis", 11, missing),
		{"undecided": undecided},
	)}),
})

test_unknown_replicas_undecided if {
	inp := {"elasticache_clusters": [cache([], ["ReplicationLag"])]}
	count(rule.deny) == 0 with input as inp
	some f in rule.unknown with input as inp
	f.id == fixtures.elasticache_cluster.id
	f.evidence.undecided == ["ReplicationLag"]
	f.msg == "example has no alarm on ReplicationLag, which it needs if it has read replicas, and the plan leaves its replicas unknown until apply"
}

test_fail_missing_beside_undecided if {
	inp := {"elasticache_clusters": [cache(["CPUUtilization"], ["ReplicationLag"])]}
	some f in rule.deny with input as inp
	f.evidence.missing == ["CPUUtilization"]
}

test_unknown_table_replicas_undecided if {
	table := object.union(fixtures.dynamodb_table, {
		"unknown_fields": ["replica_regions"],
		"posture": object.union(fixtures.dynamodb_table.posture, {"alarms_known": "yes", "recommended_alarms": object.union(
			judgement("dynamodb_table", 5, []),
			{"undecided": ["ReplicationLatency"]},
		)}),
	})
	inp := {"dynamodb_tables": [table]}
	count(rule.deny) == 0 with input as inp
	some f in rule.unknown with input as inp
	f.evidence.unknown_fields == ["replica_regions"]
	f.msg == sprintf("%s has no alarm on ReplicationLatency, which it needs if it is a global table, and the plan leaves its replicas unknown until apply", [fixtures.dynamodb_table.name])
}
