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

# Slow log delivery needs Redis OSS 6.0 or later, engine log delivery 6.2 or later (Valkey
# delivers both): a cache is not asked for a log its engine version cannot deliver.
test_redis_6_0_is_asked_only_for_its_slow_log if {
	inp := {"elasticache_clusters": [cache({"engine": "redis", "engine_version": "6.0.5"})]}
	some f in rule.deny with input as inp
	f.evidence.missing == ["slow-log"]
}

test_pass_redis_6_0_delivering_its_slow_log if {
	inp := {"elasticache_clusters": [cache({"engine": "redis", "engine_version": "6.0.5", "log_delivery": [delivery("slow-log", "active")]})]}
	count(rule.deny) == 0 with input as inp
	fixtures.elasticache_cluster.id in rule.applies with input as inp
}

test_redis_before_6_is_not_judged if {
	inp := {"elasticache_clusters": [cache({"engine": "redis", "engine_version": "5.0.6"})]}
	count(rule.deny) == 0 with input as inp
	count(rule.applies) == 0 with input as inp
}

test_fail_redis_6_x_and_later_without_delivery if {
	every v in ["6.x", "6.2", "6.2.6", "7.1", "7.0.7", ""] {
		some f in rule.deny with input as {"elasticache_clusters": [cache({"engine": "redis", "engine_version": v})]}
		f.evidence.missing == ["engine-log", "slow-log"]
	}
}

test_fail_valkey_without_delivery if {
	some f in rule.deny with input as {"elasticache_clusters": [cache({"engine": "valkey", "engine_version": "7.2"})]}
	f.evidence.missing == ["engine-log", "slow-log"]
}
