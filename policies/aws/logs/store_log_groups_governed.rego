# METADATA
# title: Data store logs land in governed CloudWatch Logs groups
# description: |
#   Every log type a data store exports to CloudWatch Logs lands in a log group that exists
#   and is governed: it keeps events at least the minimum retention of SW-CWL-02 (parameter
#   min_retention_days, default 365; never expire passes) and is encrypted with a KMS key
#   (SW-CWL-03) that is not known to be Disabled, PendingDeletion, PendingReplicaDeletion,
#   PendingImport or Unavailable (the events could then be neither written nor read; whether
#   a key outside the snapshot is usable is SW-CWL-03's question on the group). A key in
#   another state than Enabled or Updating (Creating, or one storewatch does not know) leaves
#   the store unknown, naming the state. A group that does not exist fails: the service
#   creates it on the first event with events kept forever and no KMS key, outside any
#   configuration. Judged for RDS
#   instances and clusters, DocumentDB, Neptune, Redshift, Redshift Serverless, ElastiCache
#   and OpenSearch; exports to S3 or Firehose have no log group and are not judged here, and
#   stores that export nothing are left to the log-export rules (SW-LX-*). Unknown when the
#   log groups of the store's region could not be listed or a plan leaves a group's retention
#   or key unknown.
# related_resources:
#   - ref: https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_LogAccess.Procedural.UploadtoCloudWatch.html
#   - ref: https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/Working-with-log-groups-and-streams.html#SettingLogRetention
#   - ref: https://docs.aws.amazon.com/kms/latest/developerguide/key-state.html
# custom:
#   id: SW-CWL-05
#   severity: medium
#   service: logs
#   resource_types:
#     - AWS::RDS::DBInstance
#     - AWS::RDS::DBCluster
#     - AWS::DocDB::DBCluster
#     - AWS::Neptune::DBCluster
#     - AWS::Redshift::Cluster
#     - AWS::RedshiftServerless::Namespace
#     - AWS::ElastiCache::ReplicationGroup
#     - AWS::ElastiCache::CacheCluster
#     - AWS::OpenSearchService::Domain
#   requires: [logs:DescribeLogGroups, redshift:DescribeLoggingStatus, es:DescribeDomains]
#   fields: [enabled_log_exports, logging, log_exports, log_delivery, log_publishing]
#   applies_fields: [enabled_log_exports, logging, log_exports, log_delivery, log_publishing]
#   dimension: log_exports
#   remediation:
#     console: CloudWatch console → Log groups → create (or select) each group named in the finding → Actions → Edit retention setting, and Edit → KMS key ARN; a group the service already created can be edited the same way.
#     cli: aws logs create-log-group --log-group-name <name> --kms-key-id <key-arn>; aws logs put-retention-policy --log-group-name <name> --retention-in-days 365
#     terraform: |
#       # Declare the group before the store exports to it, so Terraform owns its settings.
#       resource "aws_cloudwatch_log_group" "error" {
#         name              = "/aws/rds/instance/${aws_db_instance.this.identifier}/error"
#         retention_in_days = 365
#         kms_key_id        = aws_kms_key.logs.arn
#       }
package storewatch.aws.logs.store_log_groups_governed

import data.storewatch.lib.config
import data.storewatch.lib.kms
import data.storewatch.lib.store_logs

# Each verdict is about one link: the engine joins a store's verdicts into one finding and
# lets a failure win over an unknown. Iterating links in place keeps a passing store cheap;
# a function taking a store or a link would make OPA hash it for its call cache.

min_days := config.param("SW-CWL-05", "min_retention_days", config.param("SW-CWL-02", "min_retention_days", 365))

applies contains s.id if {
	some [s, l] in store_logs.cloudwatch
}

deny contains {"id": s.id, "msg": msg, "evidence": {l.type: {"log_group": l.log_group, "found": "no"}}} if {
	some [s, l] in store_logs.cloudwatch
	l.group.found == "no"
	msg := sprintf("%s: %s goes to %s, which does not exist (the service would create it without retention or a KMS key)", [s.name, l.type, l.log_group])
}

deny contains {"id": s.id, "msg": msg, "evidence": {l.type: {"log_group": l.log_group, "retention_days": l.group.retention_days, "min_retention_days": min_days}}} if {
	md := min_days
	some [s, l] in store_logs.cloudwatch
	is_number(l.group.retention_days)
	l.group.retention_days < md
	l.group.retention_days > 0
	l.group.found == "yes"
	not "retention_days" in l.group.unknown
	msg := sprintf("%s: %s goes to %s, which keeps events %d days (less than %d)", [s.name, l.type, l.log_group, l.group.retention_days, md])
}

deny contains {"id": s.id, "msg": msg, "evidence": {l.type: {"log_group": l.log_group, "kms_encrypted": false}}} if {
	some [s, l] in store_logs.cloudwatch
	l.group.kms_encrypted == false
	l.group.found == "yes"
	not "kms_key_id" in l.group.unknown
	msg := sprintf("%s: %s goes to %s, which is not encrypted with a KMS key", [s.name, l.type, l.log_group])
}

deny contains {"id": s.id, "msg": msg, "evidence": {l.type: {"log_group": l.log_group, "kms_key_state": l.group.kms_key_state}}} if {
	some [s, l] in store_logs.cloudwatch
	l.group.found == "yes"
	unusable_key(l.group)
	msg := sprintf("%s: %s goes to %s, whose KMS key is %s: the events can be neither written nor read", [s.name, l.type, l.log_group, l.group.kms_key_state])
}

unusable_key(g) if {
	g.kms_encrypted == true
	g.kms_key_state in kms.unusable_states
}

unknown contains {"id": s.id, "msg": msg, "evidence": {l.type: {"log_group": l.log_group, "kms_key_state": l.group.kms_key_state}}} if {
	some [s, l] in store_logs.cloudwatch
	l.group.found == "yes"
	l.group.kms_encrypted == true
	kms.recorded_undecided(l.group.kms_key_state)
	msg := sprintf("%s: %s goes to %s, and whether its KMS key is usable is unknown: %s", [s.name, l.type, l.log_group, kms.undecided_reason(l.group, l.group.kms_key_state)])
}

unknown contains {"id": s.id, "msg": msg} if {
	some [s, l] in store_logs.cloudwatch
	not l.group.found == "yes"
	not l.group.found == "no"
	msg := sprintf("%s: %s", [s.name, store_logs.group_undecided(l)])
}

unknown contains {"id": s.id, "msg": msg} if {
	some [s, l] in store_logs.cloudwatch
	some f in l.group.unknown
	f in {"retention_days", "kms_key_id"}
	l.group.found == "yes"
	msg := sprintf("%s: the %s of %s (%s) is unknown until apply", [s.name, f, l.log_group, l.type])
}
