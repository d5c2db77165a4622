package storewatch.aws.dynamodb.item_activity_logged_test

import data.storewatch.aws.dynamodb.item_activity_logged as rule
import data.storewatch.test.fixtures

coverage(status) := {"status": status, "by": [], "reason": "no trail selects the table"}

table(stream, write) := object.union(fixtures.dynamodb_table, {
	"stream_enabled": stream,
	"posture": object.union(fixtures.dynamodb_table.posture, {"data_events": {"read": coverage("no"), "write": write}}),
})

test_fail_no_stream_no_data_events if {
	some f in rule.deny with input as {"dynamodb_tables": [table(false, coverage("no"))]}
	f.id == fixtures.dynamodb_table.id
}

test_pass_write_data_events if {
	inp := {"dynamodb_tables": [table(false, coverage("yes"))]}
	count(rule.deny) == 0 with input as inp
	count(rule.unknown) == 0 with input as inp
}

test_pass_stream_without_data_events if {
	inp := {"dynamodb_tables": [table(true, coverage("no"))]}
	count(rule.deny) == 0 with input as inp
	count(rule.unknown) == 0 with input as inp
}

test_unknown_coverage_not_resolved if {
	inp := {"dynamodb_tables": [object.union(fixtures.dynamodb_table, {"stream_enabled": false})]}
	count(rule.deny) == 0 with input as inp
	some u in rule.unknown with input as inp
	u.msg == "DynamoDB table example has no stream and its CloudTrail write data event coverage is unknown"
}

test_unknown_trail_selectors_unreadable if {
	inp := {"dynamodb_tables": [table(false, {"status": "unknown", "by": [], "reason": "GetEventSelectors failed"})]}
	some u in rule.unknown with input as inp
	endswith(u.msg, ": GetEventSelectors failed")
}
