# METADATA
# title: ElastiCache (Redis OSS, Valkey) delivers its slow log and engine log
# description: |
#   An ElastiCache replication group or standalone cluster running Redis OSS or Valkey has an
#   active log delivery configuration for each log type of the `log_types` parameter (default:
#   slow-log and engine-log), to CloudWatch Logs or Kinesis Data Firehose. No anchor checks
#   this. Memcached cannot deliver logs and is not judged; neither are the member clusters of
#   a replication group, judged with their group. A configuration in a plan, which has no
#   status yet, counts as delivering; one in status disabling or error does not. Slow-log
#   delivery needs Redis OSS 6.0 or later, engine-log delivery 6.2 or later (Valkey delivers
#   both): a cache is asked only for the log types its engine version can deliver, and one
#   that can deliver none of them (Redis OSS before 6.0) is not judged. A version a plan does
#   not give is taken as the current default, which delivers both.
# related_resources:
#   - ref: https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/Log_Delivery.html
# custom:
#   id: SW-LX-17
#   severity: medium
#   service: elasticache
#   resource_types: [AWS::ElastiCache::ReplicationGroup, AWS::ElastiCache::CacheCluster]
#   requires: [elasticache:DescribeReplicationGroups, elasticache:DescribeCacheClusters]
#   fields: [log_delivery, engine]
#   applies_fields: [engine]
#   dimension: log_exports
#   remediation:
#     console: ElastiCache console → the Redis OSS or Valkey cache → Modify → Logs → Slow logs and Engine logs → Enable → format JSON, destination CloudWatch Logs → Preview changes → Modify.
#     cli: aws elasticache modify-replication-group --replication-group-id <id> --apply-immediately --log-delivery-configurations '[{"LogType":"slow-log","DestinationType":"cloudwatch-logs","DestinationDetails":{"CloudWatchLogsDetails":{"LogGroup":"/aws/elasticache/<id>/slow-log"}},"LogFormat":"json","Enabled":true},{"LogType":"engine-log","DestinationType":"cloudwatch-logs","DestinationDetails":{"CloudWatchLogsDetails":{"LogGroup":"/aws/elasticache/<id>/engine-log"}},"LogFormat":"json","Enabled":true}]'
#     terraform: |
#       resource "aws_elasticache_replication_group" "this" {
#         log_delivery_configuration {
#           destination      = aws_cloudwatch_log_group.slow.name
#           destination_type = "cloudwatch-logs"
#           log_format       = "json"
#           log_type         = "slow-log"
#         }
#         log_delivery_configuration {
#           destination      = aws_cloudwatch_log_group.engine.name
#           destination_type = "cloudwatch-logs"
#           log_format       = "json"
#           log_type         = "engine-log"
#         }
#       }
package storewatch.aws.elasticache.log_delivery

import data.storewatch.lib.config

required := {t | some t in config.param("SW-LX-17", "log_types", ["slow-log", "engine-log"])}

# A plan's configurations have no status until apply; "enabling" and "modifying" are on
# their way to active.
delivering_statuses := {"active", "enabling", "modifying", ""}

# min_redis is the first Redis OSS version that delivers each log type (Log_Delivery.html).
min_redis := {"slow-log": [6, 0], "engine-log": [6, 2]}

# deliverable are the required log types the cache's engine version can deliver.
deliverable(c) := required if {
	lower(c.engine) == "valkey"
} else := {t | some t in required; redis_at_least(c.engine_version, object.get(min_redis, t, [0, 0]))} if {
	lower(c.engine) == "redis"
}

# redis_at_least: a version the snapshot does not give is the current default (7.x). The old
# "6.x" form stands for the latest 6, which is 6.2.
redis_at_least("", _)

redis_at_least(v, want) if {
	m := regex.find_all_string_submatch_n(`^(\d+)(?:\.(\d+|x))?`, v, 1)[0]
	[to_number(m[1]), minor(m[2])] >= want
}

minor("x") := 99

minor("") := 0

minor(s) := to_number(s) if not s in {"x", ""}

judged(c) if {
	c.replication_group_id == ""
	count(deliverable(c)) > 0
}

applies contains c.id if {
	some c in input.elasticache_clusters
	judged(c)
}

deny contains {"id": c.id, "msg": msg, "evidence": {"engine": c.engine, "engine_version": c.engine_version, "log_delivery": c.log_delivery, "missing": missing}} if {
	some c in input.elasticache_clusters
	judged(c)
	delivered := {l.log_type | some l in c.log_delivery; l.status in delivering_statuses}
	missing := sort(deliverable(c) - delivered)
	count(missing) > 0
	msg := sprintf("ElastiCache %s %s does not deliver its %s", [c.engine, c.name, concat(", ", missing)])
}
