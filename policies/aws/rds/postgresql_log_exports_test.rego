package storewatch.aws.rds.postgresql_log_exports_test

import data.storewatch.aws.rds.postgresql_log_exports as rule
import data.storewatch.test.fixtures

db(overrides) := object.union(fixtures.db_instance, overrides)

test_fail_postgres_without_exports if {
	denied := rule.deny with input as {"db_instances": [db({"engine": "postgres"})]}
	some f in denied
	f.id == fixtures.db_instance.id
	f.evidence.missing == ["postgresql"]
}

test_pass_postgres_exports_postgresql_log if {
	inp := {"db_instances": [db({"engine": "postgres", "enabled_log_exports": ["postgresql"]})]}
	count(rule.deny) == 0 with input as inp
	fixtures.db_instance.id in rule.applies with input as inp
}

test_fail_parameter_requires_upgrade_log if {
	inp := {"db_instances": [db({"engine": "postgres", "enabled_log_exports": ["postgresql"]})]}
	cfg := {"params": {"SW-LX-02": {"log_types": ["postgresql", "upgrade"]}}}
	some f in rule.deny with input as inp with data.storewatch.config as cfg
	f.evidence.missing == ["upgrade"]
}

test_pass_other_engines_and_cluster_members_are_not_judged if {
	inp := {"db_instances": [
		db({"engine": "mysql"}),
		db({"id": "member", "engine": "postgres", "cluster_id": "multi-az"}),
	]}
	count(rule.deny) == 0 with input as inp
	count(rule.applies) == 0 with input as inp
}
