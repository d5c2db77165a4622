# METADATA
# title: Data store logs land in governed CloudWatch Logs groups
# description: |
#   Every log type a data store exports to CloudWatch Logs lands in a log group that exists
#   and is governed: it keeps events at least the minimum retention of SW-CWL-02 (parameter
#   min_retention_days, default 365; never expire passes) and is encrypted with a KMS key
#   (SW-CWL-03). A group that does not exist fails: the service creates it on the first event
#   with events kept forever and no KMS key, outside any configuration. Judged for RDS
#   instances and clusters, DocumentDB, Neptune, Redshift, Redshift Serverless, ElastiCache
#   and OpenSearch; exports to S3 or Firehose have no log group and are not judged here, and
#   stores that export nothing are left to the log-export rules (SW-LX-*). Unknown when the
#   log groups of the store's region could not be listed or a plan leaves a group's retention
#   or key unknown.
# related_resources:
#   - ref: https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_LogAccess.Procedural.UploadtoCloudWatch.html
#   - ref: https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/Working-with-log-groups-and-streams.html#SettingLogRetention
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
#   requires: [logs:DescribeLogGroups]
#   fields: [enabled_log_exports, logging, log_exports, log_delivery, log_publishing]
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
import data.storewatch.lib.store_logs

min_days := config.param("SW-CWL-05", "min_retention_days", config.param("SW-CWL-02", "min_retention_days", 365))

applies contains s.id if {
	some name, coll in input
	name in store_logs.collections
	some s in coll
	judged(s)
}

judged(s) if count(store_logs.cloudwatch_links(s)) > 0

judged(s) if store_logs.exports_unknown(s)

retention_short(g) if {
	is_number(g.retention_days)
	g.retention_days > 0
	g.retention_days < min_days
	not "retention_days" in g.unknown
}

link_problems(l) := {p |
	l.group.found == "no"
	p := sprintf("%s goes to %s, which does not exist (the service would create it without retention or a KMS key)", [l.type, l.log_group])
} | {p |
	l.group.found == "yes"
	retention_short(l.group)
	p := sprintf("%s goes to %s, which keeps events %d days (less than %d)", [l.type, l.log_group, l.group.retention_days, min_days])
} | {p |
	l.group.found == "yes"
	l.group.kms_encrypted == false
	not "kms_key_id" in l.group.unknown
	p := sprintf("%s goes to %s, which is not encrypted with a KMS key", [l.type, l.log_group])
}

link_unknowns(l) := {r | r := store_logs.group_undecided(l)} | {r |
	l.group.found == "yes"
	some f in l.group.unknown
	f in {"retention_days", "kms_key_id"}
	r := sprintf("%s: the %s of %s is unknown until apply", [l.type, f, l.log_group])
}

problems(s) := {p | some l in store_logs.cloudwatch_links(s); some p in link_problems(l)}

evidence(s) := [{"type": l.type, "log_group": l.log_group, "found": object.get(l, ["group", "found"], "unknown"), "retention_days": object.get(l, ["group", "retention_days"], null), "kms_encrypted": object.get(l, ["group", "kms_encrypted"], null)} |
	some l in store_logs.cloudwatch_links(s)
]

deny contains {"id": s.id, "msg": msg, "evidence": {"problems": sort(probs), "log_groups": evidence(s), "min_retention_days": min_days}} if {
	some name, coll in input
	name in store_logs.collections
	some s in coll
	probs := problems(s)
	count(probs) > 0
	msg := sprintf("%s: %s", [s.name, concat("; ", sort(probs))])
}

unknown contains {"id": s.id, "msg": msg} if {
	some name, coll in input
	name in store_logs.collections
	some s in coll
	count(problems(s)) == 0
	reasons := {r | some l in store_logs.cloudwatch_links(s); some r in link_unknowns(l)}
	count(reasons) > 0
	msg := sprintf("%s: %s", [s.name, concat("; ", sort(reasons))])
}
