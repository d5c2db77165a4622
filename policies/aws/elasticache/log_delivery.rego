# METADATA
# title: ElastiCache (Redis OSS, Valkey) delivers its slow log and engine log
# description: |
#   An ElastiCache replication group or standalone cluster running Redis OSS or Valkey has an
#   active log delivery configuration for each log type of the `log_types` parameter (default:
#   slow-log and engine-log), to CloudWatch Logs or Kinesis Data Firehose. No anchor checks
#   this. Memcached cannot deliver logs and is not judged; neither are the member clusters of
#   a replication group, judged with their group. A configuration in a plan, which has no
#   status yet, counts as delivering; one in status disabling or error does not. Slow-log
#   delivery needs Redis OSS 6.0 or later, engine-log delivery 6.2 or later.
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

judged(c) if {
	lower(c.engine) in {"redis", "valkey"}
	c.replication_group_id == ""
}

applies contains c.id if {
	some c in input.elasticache_clusters
	judged(c)
}

deny contains {"id": c.id, "msg": msg, "evidence": {"engine": c.engine, "log_delivery": c.log_delivery, "missing": missing}} if {
	some c in input.elasticache_clusters
	judged(c)
	delivered := {l.log_type | some l in c.log_delivery; l.status in delivering_statuses}
	missing := sort(required - delivered)
	count(missing) > 0
	msg := sprintf("ElastiCache %s %s does not deliver its %s", [c.engine, c.name, concat(", ", missing)])
}
