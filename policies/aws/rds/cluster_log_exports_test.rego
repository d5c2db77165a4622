package storewatch.aws.rds.cluster_log_exports_test

import data.storewatch.aws.rds.cluster_log_exports as rule
import data.storewatch.test.fixtures

cluster(overrides) := object.union(fixtures.db_cluster, overrides)

test_fail_aurora_postgresql_without_exports if {
	denied := rule.deny with input as {"db_clusters": [cluster({"engine": "aurora-postgresql"})]}
	some f in denied
	f.id == fixtures.db_cluster.id
	f.evidence.missing == ["postgresql"]
}

test_fail_multi_az_postgres_needs_upgrade_log if {
	denied := rule.deny with input as {"db_clusters": [cluster({"engine": "postgres", "enabled_log_exports": ["postgresql"]})]}
	some f in denied
	f.evidence.missing == ["upgrade"]
}

test_fail_multi_az_mysql_one_export_is_not_enough if {
	denied := rule.deny with input as {"db_clusters": [cluster({"engine": "mysql", "enabled_log_exports": ["error"]})]}
	some f in denied
	f.evidence.missing == ["general", "slowquery"]
}

test_pass_aurora_mysql_audit_is_left_to_lx05 if {
	inp := {"db_clusters": [cluster({"engine": "aurora-mysql", "enabled_log_exports": ["error", "general", "slowquery"]})]}
	count(rule.deny) == 0 with input as inp
	fixtures.db_cluster.id in rule.applies with input as inp
}

test_pass_aurora_postgresql_exports_postgresql if {
	inp := {"db_clusters": [cluster({"engine": "aurora-postgresql", "enabled_log_exports": ["postgresql"]})]}
	count(rule.deny) == 0 with input as inp
	fixtures.db_cluster.id in rule.applies with input as inp
}

test_pass_docdb_neptune_and_serverless_v1_are_not_judged if {
	inp := {"db_clusters": [
		cluster({"id": "docs", "type": "AWS::DocDB::DBCluster", "engine": "docdb"}),
		cluster({"id": "graph", "type": "AWS::Neptune::DBCluster", "engine": "neptune"}),
		cluster({"id": "v1", "engine": "aurora-postgresql", "engine_mode": "serverless"}),
	]}
	count(rule.deny) == 0 with input as inp
	count(rule.applies) == 0 with input as inp
}

test_pass_parameter_replaces_the_required_sets if {
	inp := {"db_clusters": [cluster({"engine": "aurora-postgresql", "enabled_log_exports": []})]}
	cfg := {"params": {"SW-LX-07": {"required": {"aurora-mysql": ["audit"]}}}}
	count(rule.deny) == 0 with input as inp with data.storewatch.config as cfg
}
