package storewatch.aws.neptune.cluster_audit_logs_test

import data.storewatch.aws.neptune.cluster_audit_logs as rule
import data.storewatch.test.fixtures

neptune(overrides) := object.union(fixtures.db_cluster, object.union({"type": "AWS::Neptune::DBCluster", "engine": "neptune"}, overrides))

# The trap: the audit log is exported, but the engine does not write it.
test_fail_exports_audit_without_parameter if {
	inp := {"db_clusters": [neptune({"enabled_log_exports": ["audit"], "parameters": {"neptune_enable_audit_log": "0"}})]}
	some f in rule.deny with input as inp
	f.id == fixtures.db_cluster.id
	f.msg == "Neptune cluster example neptune_enable_audit_log is not 1 in its parameter group"
}

test_fail_neither if {
	inp := {"db_clusters": [neptune({"enabled_log_exports": ["slowquery"]})]}
	some f in rule.deny with input as inp
	f.msg == "Neptune cluster example does not export its audit log and neptune_enable_audit_log is not 1 in its parameter group"
}

test_pass_audit_exported_and_enabled if {
	inp := {"db_clusters": [neptune({"enabled_log_exports": ["audit"], "parameters": {"neptune_enable_audit_log": "1"}})]}
	count(rule.deny) == 0 with input as inp
	count(rule.unknown) == 0 with input as inp
	fixtures.db_cluster.id in rule.applies with input as inp
}

test_unknown_parameter_group_unreadable if {
	inp := {"db_clusters": [neptune({
		"enabled_log_exports": ["audit"],
		"errors": [{"service": "rds", "operation": "rds:DescribeDBClusterParameters", "code": "Throttling"}],
	})]}
	count(rule.deny) == 0 with input as inp
	count(rule.unknown) == 1 with input as inp
}

test_pass_docdb_is_not_judged if {
	inp := {"db_clusters": [object.union(fixtures.db_cluster, {"type": "AWS::DocDB::DBCluster"})]}
	count(rule.deny) == 0 with input as inp
	count(rule.applies) == 0 with input as inp
}
