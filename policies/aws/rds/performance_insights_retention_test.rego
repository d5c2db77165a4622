package storewatch.aws.rds.performance_insights_retention_test

import data.storewatch.aws.rds.performance_insights_retention as rule
import data.storewatch.test.fixtures

db(overrides) := object.union(object.union(fixtures.db_instance, {"engine": "postgres", "performance_insights_enabled": true}), overrides)

test_fail_free_tier if {
	some f in rule.deny with input as {"db_instances": [db({"performance_insights_retention": 7})]}
	f.evidence.retention_days == 7
}

test_pass_one_month if {
	inp := {"db_instances": [db({"performance_insights_retention": 31})]}
	count(rule.deny) == 0 with input as inp
	fixtures.db_instance.id in rule.applies with input as inp
}

test_pass_advanced_mode if {
	count(rule.deny) == 0 with input as {"db_instances": [db({"performance_insights_retention": 7, "database_insights_mode": "advanced"})]}
}

test_pass_parameter if {
	cfg := {"params": {"SW-MON-04": {"min_retention_days": 7}}}
	count(rule.deny) == 0 with input as {"db_instances": [db({"performance_insights_retention": 7})]} with data.storewatch.config as cfg
}

test_unknown_retention_not_reported if {
	inp := {"db_instances": [db({})]}
	count(rule.deny) == 0 with input as inp
	some f in rule.unknown with input as inp
	f.id == fixtures.db_instance.id
}
