package storewatch.aws.elasticache.log_delivery_test

import data.storewatch.aws.elasticache.log_delivery as rule
import data.storewatch.test.fixtures

cache(overrides) := object.union(fixtures.elasticache_cluster, overrides)

delivery(log_type, status) := {
	"log_type": log_type, "destination_type": "cloudwatch-logs",
	"destination": concat("/", ["/aws/elasticache/cache", log_type]), "format": "json", "status": status,
}

test_fail_redis_without_delivery if {
	some f in rule.deny with input as {"elasticache_clusters": [cache({"engine": "redis"})]}
	f.id == fixtures.elasticache_cluster.id
	f.evidence.missing == ["engine-log", "slow-log"]
}

test_fail_delivery_in_error if {
	inp := {"elasticache_clusters": [cache({"engine": "valkey", "log_delivery": [delivery("slow-log", "active"), delivery("engine-log", "error")]})]}
	some f in rule.deny with input as inp
	f.evidence.missing == ["engine-log"]
}

test_pass_both_active if {
	inp := {"elasticache_clusters": [cache({"engine": "redis", "log_delivery": [delivery("slow-log", "active"), delivery("engine-log", "active")]})]}
	count(rule.deny) == 0 with input as inp
	fixtures.elasticache_cluster.id in rule.applies with input as inp
}

test_pass_planned_delivery_without_status if {
	inp := {"elasticache_clusters": [cache({"engine": "valkey", "log_delivery": [delivery("slow-log", ""), delivery("engine-log", "")]})]}
	count(rule.deny) == 0 with input as inp
}

test_pass_memcached_and_group_members_are_not_judged if {
	inp := {"elasticache_clusters": [
		cache({"type": "AWS::ElastiCache::CacheCluster", "engine": "memcached"}),
		cache({"id": "member", "type": "AWS::ElastiCache::CacheCluster", "engine": "redis", "replication_group_id": "cache"}),
	]}
	count(rule.deny) == 0 with input as inp
	count(rule.applies) == 0 with input as inp
}
