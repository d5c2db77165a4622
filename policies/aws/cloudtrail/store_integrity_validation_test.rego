package storewatch.aws.cloudtrail.store_integrity_validation_test

import data.storewatch.aws.cloudtrail.store_integrity_validation as rule
import data.storewatch.test.fixtures

with_coverage(item, cov) := object.union(item, {"posture": {"integrity_validated": cov}})

test_pass_validated if {
	inp := {"redshift_clusters": [with_coverage(fixtures.redshift_cluster, {"status": "yes", "by": ["arn:aws:cloudtrail:us-east-1:111122223333:trail/main"], "reason": ""})]}
	count(rule.deny) == 0 with input as inp
	count(rule.unknown) == 0 with input as inp
}

test_fail_recorded_by_unvalidated_trail if {
	denied := rule.deny with input as {"dynamodb_tables": [with_coverage(fixtures.dynamodb_table, {"status": "no", "by": [], "reason": "the trails that record the AWS::DynamoDB::Table example (main) do not validate log files"})]}
	some f in denied
	f.id == fixtures.dynamodb_table.id
	contains(f.msg, "(main)")
}

test_unknown_status if {
	inp := {"memorydb_clusters": [with_coverage(fixtures.memorydb_cluster, {"status": "unknown", "by": [], "reason": "the status of trail main was not collected"})]}
	count(rule.deny) == 0 with input as inp
	count(rule.unknown) == 1 with input as inp
}
