# METADATA
# title: Data store logs have an archive path out of CloudWatch Logs
# description: |
#   Each log group a data store's logs land in has a subscription filter that copies every
#   event (an empty filter pattern) to Amazon Data Firehose, Kinesis Data Streams, Lambda or
#   a CloudWatch Logs destination in another account, so the logs survive in a store the
#   database's own administrators cannot delete from, and can be kept longer and cheaper than
#   in CloudWatch Logs. A filter with a pattern forwards a selection and does not count.
#   `log_types` (default: every log type) limits the rule to some log types, for example
#   ["audit", "AUDIT_LOGS", "connectionlog"]. Exports that go to S3 or Firehose directly are
#   outside CloudWatch Logs and not judged here. Account-level subscription filter policies
#   are not read yet.
# related_resources:
#   - ref: https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/SubscriptionFilters.html
#   - ref: https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/CrossAccountSubscriptions.html
# custom:
#   id: SW-CWL-09
#   severity: low
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
#   requires: [logs:DescribeLogGroups, logs:DescribeSubscriptionFilters]
#   fields: [enabled_log_exports, logging, log_exports, log_delivery, log_publishing]
#   dimension: log_exports
#   remediation:
#     console: CloudWatch console → Log groups → the group named in the finding → Subscription filters → Create Amazon Data Firehose subscription filter → choose a delivery stream to S3, leave the pattern empty → Start streaming.
#     cli: aws logs put-subscription-filter --log-group-name <name> --filter-name archive --filter-pattern "" --destination-arn arn:aws:firehose:<region>:<account>:deliverystream/<stream> --role-arn <role-arn>
#     terraform: |
#       resource "aws_cloudwatch_log_subscription_filter" "archive" {
#         name            = "archive"
#         log_group_name  = aws_cloudwatch_log_group.audit.name
#         filter_pattern  = ""
#         destination_arn = aws_kinesis_firehose_delivery_stream.archive.arn
#         role_arn        = aws_iam_role.logs_to_firehose.arn
#       }
package storewatch.aws.logs.store_log_archive

import data.storewatch.lib.config
import data.storewatch.lib.store_logs

log_types := {t | some t in config.param("SW-CWL-09", "log_types", [])}

in_scope(_) if count(log_types) == 0

in_scope(t) if t in log_types

judged_links(s) := [l | some l in store_logs.cloudwatch_links(s); in_scope(l.type)]

applies contains s.id if {
	some name, coll in input
	name in store_logs.collections
	some s in coll
	judged(s)
}

judged(s) if count(judged_links(s)) > 0

judged(s) if store_logs.exports_unknown(s)

link_problems(l) := {p |
	l.group.found == "no"
	p := sprintf("%s goes to %s, which does not exist", [l.type, l.log_group])
} | {p |
	l.group.found == "yes"
	l.group.archived == false
	not "subscription_filters" in l.group.unknown
	p := sprintf("%s (%s) has no subscription filter copying all its events out of CloudWatch Logs", [l.log_group, l.type])
}

link_unknowns(l) := {r | r := store_logs.group_undecided(l)} | {r |
	l.group.found == "yes"
	l.group.archived == false
	"subscription_filters" in l.group.unknown
	r := sprintf("%s: the subscription filters of %s could not be established", [l.type, l.log_group])
}

problems(s) := {p | some l in judged_links(s); some p in link_problems(l)}

deny contains {"id": s.id, "msg": msg, "evidence": {"problems": sort(probs)}} if {
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
	reasons := {r | some l in judged_links(s); some r in link_unknowns(l)}
	count(reasons) > 0
	msg := sprintf("%s: %s", [s.name, concat("; ", sort(reasons))])
}
