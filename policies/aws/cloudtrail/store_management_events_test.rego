package storewatch.aws.cloudtrail.store_management_events_test

import data.storewatch.aws.cloudtrail.store_management_events as rule
import data.storewatch.test.fixtures

with_coverage(item, cov) := object.union(item, {"posture": {"management_events": cov}})

yes := {"status": "yes", "by": ["arn:aws:cloudtrail:us-east-1:111122223333:trail/main"], "reason": ""}

test_pass_recorded_instance if {
	inp := {"db_instances": [with_coverage(fixtures.db_instance, yes)]}
	count(rule.deny) == 0 with input as inp
	count(rule.unknown) == 0 with input as inp
}

test_pass_recorded_table if {
	inp := {"dynamodb_tables": [with_coverage(fixtures.dynamodb_table, yes)]}
	count(rule.deny) == 0 with input as inp
}

test_fail_bucket_not_recorded if {
	denied := rule.deny with input as {"s3_buckets": [with_coverage(fixtures.s3_bucket, {"status": "no", "by": [], "reason": "no logging trail records the management events of the AWS::S3::Bucket example"})]}
	some f in denied
	f.id == fixtures.s3_bucket.id
}

test_fail_opensearch_source_excluded if {
	denied := rule.deny with input as {"opensearch_domains": [with_coverage(fixtures.opensearch_domain, {"status": "no", "by": [], "reason": "x"})]}
	count(denied) == 1
}

test_unknown_cluster if {
	inp := {"db_clusters": [with_coverage(fixtures.db_cluster, {"status": "unknown", "by": [], "reason": "the status of trail main was not collected"})]}
	count(rule.deny) == 0 with input as inp
	some u in rule.unknown with input as inp
	u.id == fixtures.db_cluster.id
}
