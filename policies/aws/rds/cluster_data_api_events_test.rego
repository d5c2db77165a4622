package storewatch.aws.rds.cluster_data_api_events_test

import data.storewatch.aws.rds.cluster_data_api_events as rule
import data.storewatch.test.fixtures

yes := {"status": "yes", "by": ["arn:aws:cloudtrail:us-east-1:111122223333:trail/main"], "reason": ""}

no := {"status": "no", "by": [], "reason": "no logging trail records the RDS Data API calls to the AWS::RDS::DBCluster cluster: trail main excludes rdsdata.amazonaws.com"}

cluster(api, read, write) := object.union(fixtures.db_cluster, {"http_endpoint_enabled": api, "posture": {"data_events": {"read": read, "write": write}}})

test_pass_recorded if {
	inp := {"db_clusters": [cluster(true, yes, yes)]}
	count(rule.deny) == 0 with input as inp
	count(rule.unknown) == 0 with input as inp
	fixtures.db_cluster.id in rule.applies with input as inp
}

test_pass_data_api_off_not_judged if {
	inp := {"db_clusters": [object.union(fixtures.db_cluster, {"http_endpoint_enabled": false, "posture": {"data_events": null}})]}
	count(rule.deny) == 0 with input as inp
	count(rule.unknown) == 0 with input as inp
	not fixtures.db_cluster.id in rule.applies with input as inp
}

test_fail_rdsdata_excluded if {
	denied := rule.deny with input as {"db_clusters": [cluster(true, no, no)]}
	some f in denied
	f.id == fixtures.db_cluster.id
	contains(f.msg, "rdsdata.amazonaws.com")
}

test_unknown_status if {
	inp := {"db_clusters": [cluster(true, {"status": "unknown", "by": [], "reason": "r"}, yes)]}
	count(rule.deny) == 0 with input as inp
	count(rule.unknown) == 1 with input as inp
}

test_unknown_not_resolved if {
	inp := {"db_clusters": [object.union(fixtures.db_cluster, {"http_endpoint_enabled": true, "posture": {"data_events": null}})]}
	count(rule.unknown) == 1 with input as inp
}
