package storewatch.aws.rds.aurora_mysql_audit_export_test

import data.storewatch.aws.rds.aurora_mysql_audit_export as rule
import data.storewatch.test.fixtures

cluster(overrides) := object.union(fixtures.db_cluster, overrides)

test_fail_exports_without_audit if {
	denied := rule.deny with input as {"db_clusters": [cluster({"engine": "aurora-mysql", "enabled_log_exports": ["error", "slowquery"]})]}
	some f in denied
	f.id == fixtures.db_cluster.id
}

test_pass_exports_audit if {
	inp := {"db_clusters": [cluster({"engine": "aurora-mysql", "enabled_log_exports": ["audit"]})]}
	count(rule.deny) == 0 with input as inp
	fixtures.db_cluster.id in rule.applies with input as inp
}

test_pass_other_clusters_are_not_judged if {
	inp := {"db_clusters": [
		cluster({"engine": "aurora-postgresql"}),
		cluster({"id": "docs", "type": "AWS::DocDB::DBCluster", "engine": "docdb"}),
		cluster({"id": "v1", "engine": "aurora-mysql", "engine_mode": "serverless"}),
	]}
	count(rule.deny) == 0 with input as inp
	count(rule.applies) == 0 with input as inp
}
