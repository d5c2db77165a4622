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
#   requires: [logs:DescribeLogGroups, logs:DescribeSubscriptionFilters, redshift:DescribeLoggingStatus, es:DescribeDomains]
#   fields: [enabled_log_exports, logging, log_exports, log_delivery, log_publishing]
#   applies_fields: [enabled_log_exports, logging, log_exports, log_delivery, log_publishing]
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

# Each verdict is about one link: the engine joins a store's verdicts into one finding and
# lets a failure win over an unknown. Iterating links in place keeps a passing store cheap.

# scope maps the judged log types to true; every_type is true when none are named. Rule
# bodies bind both before they iterate, so a link costs one object.get.
scope := {t: true | some t in config.param("SW-CWL-09", "log_types", [])}

every_type := count(scope) == 0

applies contains s.id if {
	sc := scope
	all_types := every_type
	some [s, l] in store_logs.cloudwatch
	object.get(sc, l.type, all_types) == true
}

deny contains {"id": s.id, "msg": msg, "evidence": {l.type: {"log_group": l.log_group, "found": "no"}}} if {
	sc := scope
	all_types := every_type
	some [s, l] in store_logs.cloudwatch
	l.group.found == "no"
	object.get(sc, l.type, all_types) == true
	msg := sprintf("%s: %s goes to %s, which does not exist", [s.name, l.type, l.log_group])
}

deny contains {"id": s.id, "msg": msg, "evidence": {l.type: {"log_group": l.log_group, "archived": false}}} if {
	sc := scope
	all_types := every_type
	some [s, l] in store_logs.cloudwatch
	l.group.archived == false
	l.group.found == "yes"
	not "subscription_filters" in l.group.unknown
	object.get(sc, l.type, all_types) == true
	msg := sprintf("%s: %s (%s) has no subscription filter copying all its events out of CloudWatch Logs", [s.name, l.log_group, l.type])
}

unknown contains {"id": s.id, "msg": msg} if {
	sc := scope
	all_types := every_type
	some [s, l] in store_logs.cloudwatch
	not l.group.found == "yes"
	not l.group.found == "no"
	object.get(sc, l.type, all_types) == true
	msg := sprintf("%s: %s", [s.name, store_logs.group_undecided(l)])
}

unknown contains {"id": s.id, "msg": msg} if {
	sc := scope
	all_types := every_type
	some [s, l] in store_logs.cloudwatch
	l.group.archived == false
	"subscription_filters" in l.group.unknown
	l.group.found == "yes"
	object.get(sc, l.type, all_types) == true
	msg := sprintf("%s: the subscription filters of %s (%s) could not be established", [s.name, l.log_group, l.type])
}
