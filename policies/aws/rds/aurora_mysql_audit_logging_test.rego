package storewatch.aws.rds.aurora_mysql_audit_logging_test

import data.storewatch.aws.rds.aurora_mysql_audit_logging as rule
import data.storewatch.test.fixtures

cluster(overrides) := object.union(fixtures.db_cluster, object.union({"engine": "aurora-mysql", "parameter_group": "audit"}, overrides))

# The trap: the audit log is exported, but Advanced Auditing is off, so the log is empty.
test_fail_exports_audit_but_parameter_off if {
	inp := {"db_clusters": [cluster({
		"enabled_log_exports": ["audit"],
		"parameters": {"server_audit_logging": "0", "server_audit_events": ""},
	})]}
	some f in rule.deny with input as inp
	f.id == fixtures.db_cluster.id
	contains(f.msg, "server_audit_logging is not 1/ON and server_audit_events is empty")
}

test_fail_logging_on_without_events if {
	inp := {"db_clusters": [cluster({"parameters": {"server_audit_logging": "1", "server_audit_events": " "}})]}
	some f in rule.deny with input as inp
	contains(f.msg, "server_audit_events is empty")
	not contains(f.msg, "server_audit_logging")
}

test_fail_parameters_not_reported_count_as_defaults if {
	inp := {"db_clusters": [cluster({"parameters": {"time_zone": "UTC"}})]}
	some f in rule.deny with input as inp
	f.evidence.server_audit_logging == null
}

test_pass_logging_on_with_events if {
	inp := {"db_clusters": [cluster({"parameters": {"server_audit_logging": "ON", "server_audit_events": "CONNECT,QUERY_DDL"}})]}
	count(rule.deny) == 0 with input as inp
	count(rule.unknown) == 0 with input as inp
	fixtures.db_cluster.id in rule.applies with input as inp
}

test_unknown_parameter_group_unreadable if {
	inp := {"db_clusters": [cluster({
		"parameters": {},
		"errors": [{"service": "rds", "operation": "rds:DescribeDBClusterParameters", "code": "AccessDenied"}],
	})]}
	count(rule.deny) == 0 with input as inp
	some u in rule.unknown with input as inp
	u.id == fixtures.db_cluster.id
}

test_fail_empty_parameters_without_error_are_defaults if {
	inp := {"db_clusters": [cluster({"parameters": {}})]}
	count(rule.deny) == 1 with input as inp
	count(rule.unknown) == 0 with input as inp
}

test_pass_postgres_cluster_is_not_judged if {
	inp := {"db_clusters": [cluster({"engine": "aurora-postgresql"})]}
	count(rule.deny) == 0 with input as inp
	count(rule.applies) == 0 with input as inp
}

# Only Aurora MySQL clusters read their cluster parameter group here: the engine makes a
# failed read unknown for them alone.
test_depends_on_parameters_only_for_aurora_mysql if {
	inp := {"db_clusters": [
		cluster({"id": "mysql"}),
		cluster({"id": "pg", "engine": "aurora-postgresql"}),
		cluster({"id": "multi-az", "engine": "mysql"}),
	]}
	rule.depends["rds:DescribeDBClusterParameters"] == {"mysql"} with input as inp
}
