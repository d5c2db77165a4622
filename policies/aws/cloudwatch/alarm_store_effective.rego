# METADATA
# title: Every alarm watching a data store reaches someone
# description: |
#   An alarm on a store's metric protects the store only if it can act: its actions are
#   enabled, an ALARM-state action reaches a person (an SNS topic with a confirmed
#   subscriber) or runs automation (Auto Scaling, Systems Manager, Lambda, EC2), and it is
#   not stuck in INSUFFICIENT_DATA for more than a week. An alarm without a working action
#   of its own reaches someone through a parent composite alarm that does (children without
#   actions, one notification for a combination, is what composite alarms are for). The
#   store fails when any alarm that reads one of its metrics is not effective, and the
#   finding says why for each. The store is unknown when an alarm depends on an SNS topic
#   whose subscriptions could not be read (or that belongs to an account outside the
#   snapshot), or when every alarm found reaches someone but the alarms of another account
#   known to hold cross-account alarms could not be listed in the store's Region (one of
#   them may read its metrics and reach no one). Stores no alarm watches are SW-MA-01's
#   concern; members of Aurora, DocumentDB, Neptune and Multi-AZ clusters and of ElastiCache
#   replication groups are judged with their cluster or group, which holds the alarms on its
#   members' metrics. SW-AH-01, SW-AH-02, SW-AH-04 and the stuck test of SW-AH-05 seen from
#   the store, except that a parent composite alarm's actions count here and not in
#   SW-AH-01.
# related_resources:
#   - ref: https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/alarm-actions.html
#   - ref: https://docs.aws.amazon.com/securityhub/latest/userguide/cloudwatch-controls.html#cloudwatch-15
# custom:
#   id: SW-MA-04
#   severity: medium
#   service: cloudwatch
#   resource_types: [AWS::RDS::DBInstance, AWS::RDS::DBCluster, AWS::DocDB::DBCluster, AWS::Neptune::DBCluster, AWS::DynamoDB::Table, AWS::S3::Bucket, AWS::Redshift::Cluster, AWS::RedshiftServerless::Namespace, AWS::ElastiCache::ReplicationGroup, AWS::ElastiCache::CacheCluster, AWS::OpenSearchService::Domain, AWS::MemoryDB::Cluster]
#   requires: [cloudwatch:DescribeAlarms, sns:ListSubscriptions]
#   collects: [s3:ListBucketMetricsConfigurations]
#   applies_fields: [engine]
#   dimension: alarm_actions
#   remediation:
#     console: For each alarm in the finding, CloudWatch console → Alarms → the alarm → Actions → Enable actions if disabled; Edit → "In alarm" → an SNS topic with a confirmed subscriber; in the SNS console, confirm or add a subscription to the topic.
#     cli: aws cloudwatch enable-alarm-actions --alarm-names <name>; aws sns subscribe --topic-arn <topic-arn> --protocol email --notification-endpoint <address>
#     terraform: |
#       resource "aws_cloudwatch_metric_alarm" "this" {
#         actions_enabled = true
#         alarm_actions   = [aws_sns_topic.alerts.arn]
#       }
#       resource "aws_sns_topic_subscription" "oncall" {
#         topic_arn = aws_sns_topic.alerts.arn
#         protocol  = "https"
#         endpoint  = var.pager_webhook
#       }
package storewatch.aws.cloudwatch.alarm_store_effective

import data.storewatch.lib.recommended_alarms as rec

applies contains s.id if {
	some [s, _] in rec.judged
	count(s.posture.alarms) > 0
}

# Several links may come from one alarm (a metric-math alarm reading several metrics): key by
# alarm name, whose problems are the same on every link.
deny contains {"id": s.id, "msg": msg, "evidence": {"ineffective_alarms": bad}} if {
	some [s, _] in rec.judged
	count(s.posture.alarms) > 0
	bad := {l.name: l.problems | some l in s.posture.alarms; l.effective == "no"}
	count(bad) > 0
	msg := sprintf("%s is watched by alarms that reach no one: %s", [rec.label(s.name, s.id), describe(bad)])
}

unknown contains {"id": s.id, "msg": msg, "evidence": {"undecided_alarms": undecided}} if {
	some [s, _] in rec.judged
	count(s.posture.alarms) > 0
	count([l | some l in s.posture.alarms; l.effective == "no"]) == 0
	undecided := {l.name: l.problems | some l in s.posture.alarms; l.effective == "unknown"}
	count(undecided) > 0
	msg := sprintf("whether the alarms watching %s reach anyone is unknown: %s", [rec.label(s.name, s.id), describe(undecided)])
}

# An alarm of another account that could not be listed may read the store's metrics and reach
# no one: with every known alarm effective, "every alarm is effective" is not established.
unknown contains {"id": s.id, "msg": msg, "evidence": {"unlisted_alarm_accounts": s.posture.unlisted_alarm_accounts}} if {
	some [s, _] in rec.judged
	count(s.posture.alarms) > 0
	count([l | some l in s.posture.alarms; l.effective != "yes"]) == 0
	count(object.get(s.posture, "unlisted_alarm_accounts", [])) > 0
	msg := sprintf("the alarms watching %s that could be listed reach someone, but %s", [rec.label(s.name, s.id), rec.unlisted(s)])
}

describe(alarms) := concat(", ", sort([sprintf("%s (%s)", [name, concat("; ", problems)]) | some name, problems in alarms]))
