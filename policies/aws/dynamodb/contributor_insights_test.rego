package storewatch.aws.dynamodb.contributor_insights_test

import data.storewatch.aws.dynamodb.contributor_insights as rule
import data.storewatch.test.fixtures

table(status) := object.union(fixtures.dynamodb_table, {"contributor_insights": status})

test_fail_disabled if {
	some f in rule.deny with input as {"dynamodb_tables": [table("DISABLED")]}
	f.id == fixtures.dynamodb_table.id
}

test_pass_enabled if {
	inp := {"dynamodb_tables": [table("ENABLED"), table("ENABLING")]}
	count(rule.deny) == 0 with input as inp
	count(rule.unknown) == 0 with input as inp
}

test_unknown_not_collected if {
	inp := {"dynamodb_tables": [table("")]}
	count(rule.deny) == 0 with input as inp
	some f in rule.unknown with input as inp
	f.id == fixtures.dynamodb_table.id
}
