package storewatch.aws.rds.sqlserver_log_exports_test

import data.storewatch.aws.rds.sqlserver_log_exports as rule
import data.storewatch.test.fixtures

db(overrides) := object.union(fixtures.db_instance, overrides)

test_fail_sqlserver_exports_only_error if {
	denied := rule.deny with input as {"db_instances": [db({"engine": "sqlserver-ee", "enabled_log_exports": ["error"]})]}
	some f in denied
	f.id == fixtures.db_instance.id
	f.evidence.missing == ["agent"]
}

test_fail_every_edition_is_judged if {
	inp := {"db_instances": [
		db({"id": "ex", "engine": "sqlserver-ex"}),
		db({"id": "web", "engine": "sqlserver-web"}),
		db({"id": "se", "engine": "sqlserver-se"}),
	]}
	denied := rule.deny with input as inp
	{f.id | some f in denied} == {"ex", "web", "se"}
}

test_pass_sqlserver_full_set if {
	inp := {"db_instances": [db({"engine": "sqlserver-se", "enabled_log_exports": ["agent", "error"]})]}
	count(rule.deny) == 0 with input as inp
	fixtures.db_instance.id in rule.applies with input as inp
}

test_pass_rds_custom_and_other_engines_are_not_judged if {
	inp := {"db_instances": [db({"engine": "custom-sqlserver-ee"}), db({"id": "pg", "engine": "postgres"})]}
	count(rule.deny) == 0 with input as inp
	count(rule.applies) == 0 with input as inp
}
