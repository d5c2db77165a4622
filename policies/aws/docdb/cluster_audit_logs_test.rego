package storewatch.aws.docdb.cluster_audit_logs_test

import data.storewatch.aws.docdb.cluster_audit_logs as rule
import data.storewatch.test.fixtures

docdb(overrides) := object.union(fixtures.db_cluster, object.union({"type": "AWS::DocDB::DBCluster", "engine": "docdb"}, overrides))

# The trap: the audit log is exported, but audit_logs is disabled, so the log stays empty.
test_fail_exports_audit_but_parameter_disabled if {
	inp := {"db_clusters": [docdb({"enabled_log_exports": ["audit"], "parameters": {"audit_logs": "disabled"}})]}
	some f in rule.deny with input as inp
	f.id == fixtures.db_cluster.id
	f.msg == "DocumentDB cluster example audit_logs is off in its parameter group"
}

test_fail_parameter_enabled_without_export if {
	inp := {"db_clusters": [docdb({"enabled_log_exports": ["profiler"], "parameters": {"audit_logs": "enabled"}})]}
	some f in rule.deny with input as inp
	f.msg == "DocumentDB cluster example does not export audit"
}

test_pass_audit_exported_and_enabled if {
	inp := {"db_clusters": [docdb({"enabled_log_exports": ["audit"], "parameters": {"audit_logs": "ddl,dml_write"}})]}
	count(rule.deny) == 0 with input as inp
	count(rule.unknown) == 0 with input as inp
	fixtures.db_cluster.id in rule.applies with input as inp
}

test_fail_prowler_profile_requires_profiler if {
	inp := {"db_clusters": [docdb({"enabled_log_exports": ["audit"], "parameters": {"audit_logs": "enabled"}})]}
	cfg := {"params": {"SW-LX-09": {"log_types": ["audit", "profiler"]}}}
	some f in rule.deny with input as inp with data.storewatch.config as cfg
	f.msg == "DocumentDB cluster example does not export profiler; profiler is off in its parameter group"
}

test_unknown_parameter_group_unreadable if {
	inp := {"db_clusters": [docdb({
		"enabled_log_exports": ["audit"],
		"errors": [{"service": "rds", "operation": "rds:DescribeDBClusterParameters", "code": "AccessDenied"}],
	})]}
	count(rule.deny) == 0 with input as inp
	count(rule.unknown) == 1 with input as inp
}

test_pass_aurora_is_not_judged if {
	inp := {"db_clusters": [fixtures.db_cluster]}
	count(rule.deny) == 0 with input as inp
	count(rule.applies) == 0 with input as inp
}
