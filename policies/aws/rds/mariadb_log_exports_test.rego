package storewatch.aws.rds.mariadb_log_exports_test

import data.storewatch.aws.rds.mariadb_log_exports as rule
import data.storewatch.test.fixtures

db(overrides) := object.union(fixtures.db_instance, overrides)

test_fail_mariadb_without_audit if {
	denied := rule.deny with input as {"db_instances": [db({"engine": "mariadb", "enabled_log_exports": ["error", "general"]})]}
	some f in denied
	f.id == fixtures.db_instance.id
	f.evidence.missing == ["audit"]
}

test_pass_mariadb_audit_and_error if {
	inp := {"db_instances": [db({"engine": "mariadb", "enabled_log_exports": ["audit", "error"]})]}
	count(rule.deny) == 0 with input as inp
	fixtures.db_instance.id in rule.applies with input as inp
}

test_fail_parameter_adds_slowquery if {
	inp := {"db_instances": [db({"engine": "mariadb", "enabled_log_exports": ["audit", "error"]})]}
	cfg := {"params": {"SW-LX-04": {"log_types": ["audit", "error", "slowquery"]}}}
	some f in rule.deny with input as inp with data.storewatch.config as cfg
	f.evidence.missing == ["slowquery"]
}

test_pass_mysql_is_not_judged if {
	inp := {"db_instances": [db({"engine": "mysql"})]}
	count(rule.deny) == 0 with input as inp
	count(rule.applies) == 0 with input as inp
}
