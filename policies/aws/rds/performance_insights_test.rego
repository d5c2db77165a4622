package storewatch.aws.rds.performance_insights_test

import data.storewatch.aws.rds.performance_insights as rule
import data.storewatch.test.fixtures

db(overrides) := object.union(object.union(fixtures.db_instance, {"engine": "mysql", "instance_class": "db.r6g.large"}), overrides)

test_fail_off if {
	some f in rule.deny with input as {"db_instances": [db({"performance_insights_enabled": false})]}
	f.id == fixtures.db_instance.id
}

test_fail_multi_az_cluster if {
	c := object.union(fixtures.db_cluster, {"engine": "postgres", "performance_insights_enabled": false})
	some f in rule.deny with input as {"db_clusters": [c]}
	f.id == fixtures.db_cluster.id
}

test_pass_on if {
	inp := {"db_instances": [db({"performance_insights_enabled": true})]}
	count(rule.deny) == 0 with input as inp
	fixtures.db_instance.id in rule.applies with input as inp
}

test_pass_unsupported_class_not_judged if {
	inp := {"db_instances": [db({"performance_insights_enabled": false, "instance_class": "db.t3.micro"}), db({"id": "aurora", "engine": "aurora-mysql", "instance_class": "db.t3.medium", "performance_insights_enabled": false})]}
	count(rule.deny) == 0 with input as inp
	count(rule.applies) == 0 with input as inp
}

test_unknown_not_reported if {
	inp := {"db_instances": [db({})]}
	count(rule.deny) == 0 with input as inp
	some f in rule.unknown with input as inp
	f.id == fixtures.db_instance.id
}
