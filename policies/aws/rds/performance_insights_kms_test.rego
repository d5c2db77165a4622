package storewatch.aws.rds.performance_insights_kms_test

import data.storewatch.aws.rds.performance_insights_kms as rule
import data.storewatch.test.fixtures

key := "arn:aws:kms:us-east-1:111122223333:key/1234"

db(key_id, manager) := object.union(fixtures.db_instance, {
	"engine": "postgres", "performance_insights_enabled": true, "performance_insights_kms_key_id": key_id,
	"posture": object.union(fixtures.db_instance.posture, {"insights_kms_key_manager": manager}),
})

test_fail_aws_managed_key if {
	some f in rule.deny with input as {"db_instances": [db(key, "AWS")]}
	f.id == fixtures.db_instance.id
}

test_fail_planned_without_key if {
	some f in rule.deny with input as {"db_instances": [db("", "")]}
	f.evidence.kms_key_id == ""
}

test_pass_customer_key if {
	inp := {"db_instances": [db(key, "CUSTOMER")]}
	count(rule.deny) == 0 with input as inp
	count(rule.unknown) == 0 with input as inp
	fixtures.db_instance.id in rule.applies with input as inp
}

test_pass_insights_off_not_judged if {
	inp := {"db_instances": [object.union(db("", ""), {"performance_insights_enabled": false})]}
	count(rule.deny) == 0 with input as inp
	count(rule.applies) == 0 with input as inp
}

test_unknown_key_outside_snapshot if {
	inp := {"db_instances": [db(key, "")]}
	count(rule.deny) == 0 with input as inp
	some f in rule.unknown with input as inp
	f.evidence.kms_key_id == key
}
