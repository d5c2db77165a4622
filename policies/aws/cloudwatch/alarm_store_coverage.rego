# METADATA
# title: Data store has an alarm on each recommended metric
# description: |
#   A data store is watched only if an alarm reads the metrics that announce its failures:
#   CPU, memory, storage, connections and latency of a database, throttling and system errors
#   of a DynamoDB table, 4xx/5xx errors of an S3 bucket, cluster status and JVM pressure of an
#   OpenSearch domain. The store passes when, for each metric its kind requires, some metric
#   alarm reads that metric of that store (by its identifying dimension) or some metric-math
#   alarm reads it in one of its queries; whether that alarm reaches anyone is SW-MA-04, and
#   whether its settings are the recommended ones is SW-MA-02. An alarm on a DynamoDB global
#   secondary index (dimension GlobalSecondaryIndexName) watches the index, not the table:
#   CloudWatch reports the table's throttling under TableName alone.
#
#   The required metrics come from the CloudWatch and OpenSearch "Recommended alarms" pages
#   and, for Redshift, DocumentDB, Neptune and MemoryDB, from the services' own monitoring
#   guides (docs/recommended-alarms.md lists every row and its source). Some are required
#   only where they apply: MaximumUsedTransactionIDs for PostgreSQL engines, ReplicaLag for
#   read replicas, DBLoad with Performance Insights on, ReplicationLatency for global tables,
#   ReplicationLag for caches with read replicas, master-node metrics for OpenSearch domains with
#   dedicated masters. Members of Aurora, DocumentDB, Neptune and Multi-AZ clusters are judged
#   with their cluster, and member cache clusters of ElastiCache replication groups with their
#   group, whose alarms include those on its members. The "required" parameter
#   replaces the list of a kind: {"s3_bucket": ["5xxErrors"]}.
#
#   A metric-math alarm may read another account's metric (CloudWatch cross-account alarms:
#   MetricDataQuery.AccountId): it watches the store of that identifier in the account the
#   query names, in the alarm's Region, not its namesake in the alarm's own account. Only the
#   alarms in the snapshot count, so scan the monitoring account with its source accounts,
#   and make sure its alarms are listed: a monitoring account whose alarms could not be
#   listed in any Region (one that could not be entered, say) is not recognised as one, and
#   a store watched only from it fails.
#
#   Unknown, not fail, when the alarms of the store's region could not be listed, in its own
#   account or in another account of the snapshot known to read other accounts' metrics (an
#   alarm of it in the snapshot has a query naming another account), or when a planned alarm
#   might watch the store once applied: the plan leaves unknown until apply a dimension's
#   value, the dimensions, namespace or metric name, a query's account, or the metric queries
#   themselves (a dynamic metric_query block over a collection known only after apply: such
#   an alarm might watch any store of its Region). So is an S3 request-metric alarm (linked
#   under one of the bucket's metrics configurations, by FilterId) when the bucket's
#   configurations could not be listed. The message names each such alarm and why it could
#   not be linked. A store whose required metrics all have an alarm passes all the same.
#   Unknown too when a plan leaves unknown whether a metric is required: a new ElastiCache
#   replication group whose replicas it does not say (num_cache_clusters, num_node_groups and
#   replicas_per_node_group all unknown until apply) and that has no ReplicationLag alarm.
# related_resources:
#   - ref: https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/Best_Practice_Recommended_Alarms_AWS_Services.html
#   - ref: https://docs.aws.amazon.com/opensearch-service/latest/developerguide/cloudwatch-alarms.html
#   - ref: https://docs.aws.amazon.com/config/latest/developerguide/cloudwatch-alarm-resource-check.html
# custom:
#   id: SW-MA-01
#   severity: medium
#   service: cloudwatch
#   resource_types: [AWS::RDS::DBInstance, AWS::RDS::DBCluster, AWS::DocDB::DBCluster, AWS::Neptune::DBCluster, AWS::DynamoDB::Table, AWS::S3::Bucket, AWS::Redshift::Cluster, AWS::RedshiftServerless::Namespace, AWS::ElastiCache::ReplicationGroup, AWS::ElastiCache::CacheCluster, AWS::OpenSearchService::Domain, AWS::MemoryDB::Cluster]
#   requires: [cloudwatch:DescribeAlarms]
#   collects: [s3:ListBucketMetricsConfigurations]
#   applies_fields: [engine]
#   dimension: metric_alarms
#   frameworks:
#     aws-config: [cloudwatch-alarm-resource-check]
#   remediation:
#     console: CloudWatch console → Metrics → All metrics → "Alarm recommendations" → the store's namespace → for each metric named in the finding, select the store's metric → Create alarm (the recommended threshold is pre-filled) → choose an SNS topic with a confirmed subscriber → Create alarm.
#     cli: aws cloudwatch put-metric-alarm --alarm-name <store>-<metric> --namespace <namespace> --metric-name <metric> --dimensions Name=<DBInstanceIdentifier|TableName|BucketName|...>,Value=<store> --statistic Average --period 60 --evaluation-periods 5 --datapoints-to-alarm 5 --threshold <threshold> --comparison-operator GreaterThanThreshold --alarm-actions <topic-arn> --treat-missing-data breaching
#     terraform: |
#       resource "aws_cloudwatch_metric_alarm" "cpu" {
#         alarm_name          = "${aws_db_instance.this.identifier}-cpu"
#         namespace           = "AWS/RDS"
#         metric_name         = "CPUUtilization"
#         dimensions          = { DBInstanceIdentifier = aws_db_instance.this.identifier }
#         statistic           = "Average"
#         period              = 60
#         evaluation_periods  = 5
#         datapoints_to_alarm = 5
#         threshold           = 90
#         comparison_operator = "GreaterThanThreshold"
#         alarm_actions       = [aws_sns_topic.alerts.arn]
#       }
package storewatch.aws.cloudwatch.alarm_store_coverage

import data.storewatch.lib.recommended_alarms as rec

applies contains s.id if {
	some [s, r] in rec.judged
	r.metrics > 0
}

deny contains {"id": s.id, "msg": msg, "evidence": {"kind": r.kind, "missing": r.missing, "alarmed": alarmed}} if {
	some [s, r] in rec.judged
	count(r.missing) > 0
	s.posture.alarms_known == "yes"
	count(s.posture.unresolved_alarms) == 0
	alarmed := {l.metric | some l in s.posture.alarms; object.get(l, "index", "") == ""}
	msg := sprintf("%s has no alarm on %s (recommended for %s)", [rec.label(s.name, s.id), concat(", ", r.missing), rec.kind_labels[r.kind]])
}

unknown contains {"id": s.id, "msg": msg, "evidence": {"missing": r.missing, "unlisted_alarm_accounts": object.get(s.posture, "unlisted_alarm_accounts", [])}} if {
	some [s, r] in rec.judged
	count(r.missing) > 0
	s.posture.alarms_known != "yes"
	msg := sprintf("%s has no known alarm on %s, but %s", [rec.label(s.name, s.id), concat(", ", r.missing), rec.unlisted(s)])
}

unknown contains {"id": s.id, "msg": msg, "evidence": evidence} if {
	some [s, r] in rec.judged
	count(r.missing) > 0
	s.posture.alarms_known == "yes"
	count(s.posture.unresolved_alarms) > 0
	evidence := {"missing": r.missing, "unresolved_alarms": s.posture.unresolved_alarms, "unresolved_reasons": s.posture.unresolved_reasons}
	msg := sprintf("%s has no known alarm on %s, but alarms that could not be linked to it might watch it: %s", [rec.label(s.name, s.id), concat(", ", r.missing), concat(", ", undecided(s))])
}

# A new ElastiCache replication group whose replicas the plan leaves unknown (its member
# clusters and replica counts are made at apply) may have read replicas, which require
# ReplicationLag; a DynamoDB table whose replicas the plan leaves unknown may be a global
# table, which requires ReplicationLatency: undecided, not passed.
unknown contains {"id": s.id, "msg": msg, "evidence": {"undecided": r.undecided, "unknown_fields": [field]}} if {
	some [s, r] in rec.judged
	count(r.missing) == 0
	count(object.get(r, "undecided", [])) > 0
	[needs, field] := undecided_trait(r.kind)
	msg := sprintf("%s has no alarm on %s, which it needs if %s, and the plan leaves its replicas unknown until apply", [rec.label(s.name, s.id), concat(", ", r.undecided), needs])
}

undecided_trait("dynamodb_table") := ["it is a global table", "replica_regions"]

undecided_trait(kind) := ["it has read replicas", "replicas"] if kind != "dynamodb_table"

# undecided names each alarm that might watch store s, with why the resolver could not link
# it when it recorded that: what a plan leaves unknown about the metrics it reads, or a
# bucket's metrics configurations a live scan could not list. The reasons carry the cause,
# so the message's own words suit a plan and a live account alike.
undecided(s) := [described(s, id) | some id in s.posture.unresolved_alarms]

described(s, id) := sprintf("%s (%s)", [id, concat("; ", u.reasons)]) if {
	some u in s.posture.unresolved_reasons
	u.alarm == id
	count(u.reasons) > 0
} else := id
