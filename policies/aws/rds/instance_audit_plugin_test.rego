package storewatch.aws.rds.instance_audit_plugin_test

import data.storewatch.aws.rds.instance_audit_plugin as rule
import data.storewatch.test.fixtures

db(overrides) := object.union(fixtures.db_instance, overrides)

test_fail_mysql_exports_audit_without_plugin if {
	inp := {"db_instances": [db({"engine": "mysql", "enabled_log_exports": ["audit"], "options": ["MEMCACHED"]})]}
	some f in rule.deny with input as inp
	f.id == fixtures.db_instance.id
	f.evidence.problems == ["the option group lacks the MARIADB_AUDIT_PLUGIN option"]
}

test_pass_mariadb_with_plugin if {
	inp := {"db_instances": [db({"engine": "mariadb", "options": ["MARIADB_AUDIT_PLUGIN"]})]}
	count(rule.deny) == 0 with input as inp
	count(rule.unknown) == 0 with input as inp
	fixtures.db_instance.id in rule.applies with input as inp
}

test_unknown_mysql_option_group_unreadable if {
	inp := {"db_instances": [db({
		"engine": "mysql",
		"options": [],
		"errors": [{"service": "rds", "operation": "rds:DescribeOptionGroups", "code": "AccessDenied"}],
	})]}
	count(rule.deny) == 0 with input as inp
	some u in rule.unknown with input as inp
	contains(u.msg, "option groups could not be read")
}

test_fail_postgres_without_pgaudit if {
	inp := {"db_instances": [db({"engine": "postgres", "parameters": {"shared_preload_libraries": "pg_stat_statements"}})]}
	some f in rule.deny with input as inp
	f.evidence.problems == ["pgaudit is not in shared_preload_libraries", "pgaudit.log is not set"]
}

test_fail_postgres_pgaudit_loaded_but_log_none if {
	inp := {"db_instances": [db({"engine": "postgres", "parameters": {
		"shared_preload_libraries": "pg_stat_statements, pgaudit",
		"pgaudit.log": "none",
	}})]}
	some f in rule.deny with input as inp
	f.evidence.problems == ["pgaudit.log is not set"]
}

test_pass_postgres_with_pgaudit if {
	inp := {"db_instances": [db({"engine": "postgres", "parameters": {
		"shared_preload_libraries": "pg_stat_statements,pgaudit",
		"pgaudit.log": "ddl,role",
	}})]}
	count(rule.deny) == 0 with input as inp
	count(rule.unknown) == 0 with input as inp
}

test_unknown_postgres_parameter_group_unreadable if {
	inp := {"db_instances": [db({
		"engine": "postgres",
		"parameters": {},
		"errors": [{"service": "rds", "operation": "rds:DescribeDBParameters", "code": "AccessDenied"}],
	})]}
	count(rule.deny) == 0 with input as inp
	count(rule.unknown) == 1 with input as inp
}

test_fail_postgres_default_group_without_error if {
	inp := {"db_instances": [db({"engine": "postgres", "parameters": {}})]}
	count(rule.deny) == 1 with input as inp
	count(rule.unknown) == 0 with input as inp
}

test_fail_oracle_audit_trail_none if {
	inp := {"db_instances": [db({"engine": "oracle-ee", "engine_version": "19.0.0.0.ru-2024-01.rur-2024-01.r1", "parameters": {"audit_trail": "NONE"}})]}
	some f in rule.deny with input as inp
	f.evidence.problems == ["audit_trail is none"]
}

test_pass_oracle_audit_trail_db_extended if {
	inp := {"db_instances": [db({"engine": "oracle-se2", "engine_version": "19.0.0.0", "parameters": {"audit_trail": "DB, EXTENDED"}})]}
	count(rule.deny) == 0 with input as inp
	count(rule.unknown) == 0 with input as inp
}

test_unknown_oracle_audit_trail_not_reported if {
	inp := {"db_instances": [db({"engine": "oracle-ee", "engine_version": "19.0.0.0", "parameters": {"open_cursors": "300"}})]}
	count(rule.deny) == 0 with input as inp
	some u in rule.unknown with input as inp
	contains(u.msg, "does not report audit_trail")
}

test_pass_oracle_21c_unified_auditing_is_not_judged if {
	inp := {"db_instances": [db({"engine": "oracle-ee-cdb", "engine_version": "21.0.0.0.ru-2024-01", "parameters": {"audit_trail": "NONE"}})]}
	count(rule.deny) == 0 with input as inp
	count(rule.applies) == 0 with input as inp
}

test_fail_sqlserver_without_audit_option if {
	inp := {"db_instances": [db({"engine": "sqlserver-ex", "options": []})]}
	some f in rule.deny with input as inp
	f.evidence.problems == ["the option group lacks the SQLSERVER_AUDIT option"]
}

test_pass_sqlserver_with_audit_option if {
	inp := {"db_instances": [db({"engine": "sqlserver-ee", "options": ["SQLSERVER_AUDIT"]})]}
	count(rule.deny) == 0 with input as inp
}

test_pass_members_custom_and_db2_are_not_judged if {
	inp := {"db_instances": [
		db({"id": "member", "engine": "aurora-mysql", "cluster_id": "orders"}),
		db({"id": "custom", "engine": "custom-oracle-ee"}),
		db({"id": "db2", "engine": "db2-se"}),
	]}
	count(rule.deny) == 0 with input as inp
	count(rule.applies) == 0 with input as inp
}

# Each engine depends on the one group kind its audit lives in: an option group (MySQL,
# MariaDB, SQL Server) or a parameter group (PostgreSQL, Oracle). The engine makes a failure
# to read a kind unknown only for the instances listed under it.
test_depends_on_the_group_kind_of_the_engine if {
	inp := {"db_instances": [
		db({"id": "mysql", "engine": "mysql"}),
		db({"id": "mariadb", "engine": "mariadb"}),
		db({"id": "sqlserver", "engine": "sqlserver-se"}),
		db({"id": "postgres", "engine": "postgres"}),
		db({"id": "oracle", "engine": "oracle-ee", "engine_version": "19.0.0.0"}),
		db({"id": "member", "engine": "mysql", "cluster_id": "multi-az"}),
	]}
	rule.depends["rds:DescribeOptionGroups"] == {"mysql", "mariadb", "sqlserver"} with input as inp
	rule.depends.options == {"mysql", "mariadb", "sqlserver"} with input as inp
	rule.depends["rds:DescribeDBParameters"] == {"postgres", "oracle"} with input as inp
	rule.depends.parameters == {"postgres", "oracle"} with input as inp
}

# A cluster member is not judged here: no group read concerns it.
test_depends_not_on_cluster_members if {
	inp := {"db_instances": [db({"engine": "mysql", "cluster_id": "multi-az"})]}
	count(rule.depends["rds:DescribeOptionGroups"]) == 0 with input as inp
	count(rule.depends["rds:DescribeDBParameters"]) == 0 with input as inp
}

# A PostgreSQL instance with a failed option-group read on itself (the collector notes a
# region's failed DescribeOptionGroups on every instance) is judged on its parameters.
test_fail_postgres_despite_option_group_error if {
	inp := {"db_instances": [db({
		"engine": "postgres",
		"parameters": {"shared_preload_libraries": "pg_stat_statements"},
		"errors": [{"service": "rds", "operation": "rds:DescribeOptionGroups", "code": "AccessDenied"}],
	})]}
	count(rule.unknown) == 0 with input as inp
	count(rule.deny) == 1 with input as inp
}
