package storewatch.aws.sns.store_event_notifications_test

import data.storewatch.aws.sns.store_event_notifications as rule
import data.storewatch.test.fixtures

with_notification(item, status, reason) := object.union(item, {"posture": object.union(item.posture, {
	"event_notification": {"status": status, "by": [], "reason": reason},
})})

docdb := object.union(fixtures.db_cluster, {"type": "AWS::DocDB::DBCluster", "engine": "docdb"})

test_fail_redshift_without_subscription if {
	inp := {"redshift_clusters": [with_notification(fixtures.redshift_cluster, "no", "no enabled redshift event subscription covers it")]}
	some f in rule.deny with input as inp
	f.id == fixtures.redshift_cluster.id
	f.msg == "the events of AWS::Redshift::Cluster example reach no one: no enabled redshift event subscription covers it"
}

test_fail_docdb_subscription_topic_unread if {
	inp := {"db_clusters": [with_notification(docdb, "no", "the SNS topics of its event subscriptions have no confirmed subscriber")]}
	count(rule.deny) == 1 with input as inp
}

test_pass_docdb_covered if {
	inp := {"db_clusters": [with_notification(docdb, "yes", "")]}
	count(rule.deny) == 0 with input as inp
	count(rule.unknown) == 0 with input as inp
	fixtures.db_cluster.id in rule.applies with input as inp
}

test_fail_elasticache_without_topic if {
	inp := {"elasticache_clusters": [with_notification(fixtures.elasticache_cluster, "no", "it has no notification topic")]}
	count(rule.deny) == 1 with input as inp
}

test_pass_memorydb_topic_with_subscriber if {
	inp := {"memorydb_clusters": [with_notification(fixtures.memorydb_cluster, "yes", "")]}
	count(rule.deny) == 0 with input as inp
	count(rule.unknown) == 0 with input as inp
}

test_unknown_topic_outside_snapshot if {
	inp := {"memorydb_clusters": [with_notification(fixtures.memorydb_cluster, "unknown", "its notification topic could not be read or is not in the snapshot")]}
	count(rule.deny) == 0 with input as inp
	some u in rule.unknown with input as inp
	endswith(u.msg, "is not in the snapshot")
}

test_unknown_not_resolved if {
	inp := {"redshift_clusters": [fixtures.redshift_cluster]}
	some u in rule.unknown with input as inp
	endswith(u.msg, "event notification was not resolved")
}

test_pass_aurora_and_group_members_are_not_judged if {
	inp := {"db_clusters": [with_notification(fixtures.db_cluster, "no", "no enabled rds event subscription covers it")]}
	count(rule.deny) == 0 with input as inp
	count(rule.applies) == 0 with input as inp
	member := object.union(fixtures.elasticache_cluster, {"type": "AWS::ElastiCache::CacheCluster", "replication_group_id": "cache"})
	inp2 := {"elasticache_clusters": [with_notification(member, "no", "it has no notification topic")]}
	count(rule.deny) == 0 with input as inp2
	count(rule.applies) == 0 with input as inp2
}
