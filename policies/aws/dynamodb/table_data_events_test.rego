package storewatch.aws.dynamodb.table_data_events_test

import data.storewatch.aws.dynamodb.table_data_events as rule
import data.storewatch.test.fixtures

yes := {"status": "yes", "by": ["arn:aws:cloudtrail:us-east-1:111122223333:trail/main"], "reason": ""}

no := {"status": "no", "by": [], "reason": "no logging trail records the data events of the AWS::DynamoDB::Table table"}

table(read, write) := object.union(fixtures.dynamodb_table, {"posture": {"data_events": {"read": read, "write": write}}})

test_pass_read_and_write if {
	inp := {"dynamodb_tables": [table(yes, yes)]}
	count(rule.deny) == 0 with input as inp
	count(rule.unknown) == 0 with input as inp
}

test_fail_not_recorded if {
	denied := rule.deny with input as {"dynamodb_tables": [table(no, no)]}
	some f in denied
	f.id == fixtures.dynamodb_table.id
}

test_fail_writes_only if {
	denied := rule.deny with input as {"dynamodb_tables": [table(no, yes)]}
	some f in denied
	contains(f.msg, "read data events")
}

test_unknown_status if {
	inp := {"dynamodb_tables": [table({"status": "unknown", "by": [], "reason": "the status of trail main was not collected"}, yes)]}
	count(rule.deny) == 0 with input as inp
	count(rule.unknown) == 1 with input as inp
}

test_unknown_not_resolved if {
	inp := {"dynamodb_tables": [object.union(fixtures.dynamodb_table, {"posture": {"data_events": null}})]}
	count(rule.unknown) == 1 with input as inp
}
