package storewatch.aws.rds.enhanced_monitoring_test

import data.storewatch.aws.rds.enhanced_monitoring as rule
import data.storewatch.test.fixtures

db(overrides) := object.union(object.union(fixtures.db_instance, {"engine": "postgres"}), overrides)

test_fail_off if {
	some f in rule.deny with input as {"db_instances": [db({"monitoring_interval": 0})]}
	f.id == fixtures.db_instance.id
}

test_fail_interval_above_parameter if {
	cfg := {"params": {"SW-MON-01": {"max_interval": 10}}}
	some f in rule.deny with input as {"db_instances": [db({"monitoring_interval": 60})]} with data.storewatch.config as cfg
	f.evidence.max_interval == 10
}

test_pass_interval_60 if {
	inp := {"db_instances": [db({"monitoring_interval": 60})]}
	count(rule.deny) == 0 with input as inp
	count(rule.unknown) == 0 with input as inp
	fixtures.db_instance.id in rule.applies with input as inp
}

test_fail_multi_az_cluster if {
	c := object.union(fixtures.db_cluster, {"engine": "mysql", "monitoring_interval": 0})
	some f in rule.deny with input as {"db_clusters": [c]}
	f.id == fixtures.db_cluster.id
}

test_pass_aurora_cluster_and_neptune_instance_not_judged if {
	c := object.union(fixtures.db_cluster, {"engine": "aurora-mysql", "monitoring_interval": 0})
	n := db({"engine": "neptune", "monitoring_interval": 0})
	inp := {"db_clusters": [c], "db_instances": [n]}
	count(rule.deny) == 0 with input as inp
	count(rule.applies) == 0 with input as inp
}

test_unknown_interval_not_reported if {
	inp := {"db_instances": [db({})]}
	count(rule.deny) == 0 with input as inp
	some f in rule.unknown with input as inp
	f.id == fixtures.db_instance.id
}
