package storewatch.aws.rds.instance_log_exports_test

import data.storewatch.aws.rds.instance_log_exports as rule
import data.storewatch.test.fixtures

db(overrides) := object.union(fixtures.db_instance, overrides)

test_fail_mysql_exports_only_error if {
	denied := rule.deny with input as {"db_instances": [db({"engine": "mysql", "enabled_log_exports": ["error"]})]}
	some f in denied
	f.id == fixtures.db_instance.id
	f.evidence.missing == ["audit", "general", "slowquery"]
}

test_fail_postgres_without_upgrade if {
	denied := rule.deny with input as {"db_instances": [db({"engine": "postgres", "enabled_log_exports": ["postgresql"]})]}
	count(denied) == 1
}

test_fail_oracle_edition_maps_to_oracle_set if {
	denied := rule.deny with input as {"db_instances": [db({"engine": "oracle-ee", "enabled_log_exports": ["alert", "audit"]})]}
	some f in denied
	f.evidence.missing == ["listener", "trace"]
}

test_pass_mysql_full_set if {
	inp := {"db_instances": [db({"engine": "mysql", "enabled_log_exports": ["audit", "error", "general", "slowquery"]})]}
	count(rule.deny) == 0 with input as inp
	fixtures.db_instance.id in rule.applies with input as inp
}

test_pass_sqlserver_full_set if {
	inp := {"db_instances": [db({"engine": "sqlserver-se", "enabled_log_exports": ["agent", "error"]})]}
	count(rule.deny) == 0 with input as inp
	fixtures.db_instance.id in rule.applies with input as inp
}

test_pass_cluster_member_is_judged_at_cluster_level if {
	inp := {"db_instances": [db({"engine": "aurora-mysql", "cluster_id": "orders"})]}
	count(rule.deny) == 0 with input as inp
	not fixtures.db_instance.id in rule.applies with input as inp
}

test_pass_parameter_overrides_required_set if {
	inp := {"db_instances": [db({"engine": "mysql", "enabled_log_exports": ["error"]})]}
	cfg := {"params": {"SW-LX-01": {"required": {"mysql": ["error"]}}}}
	count(rule.deny) == 0 with input as inp with data.storewatch.config as cfg
}
