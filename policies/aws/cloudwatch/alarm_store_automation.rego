# METADATA
# title: Alarms on a data store's critical metrics can trigger automation
# description: |
#   Advisory. A person paged at night is slower than a scaling policy or a runbook: where a
#   remedy is mechanical (add read capacity, add a replica, restart a stuck job, grow the
#   storage), an alarm on the store's critical metric can invoke it directly through Auto
#   Scaling, a Systems Manager OpsItem, incident or Automation runbook, a Lambda function or an
#   EC2 action. The store passes when at least one alarm on one of its critical metrics (by
#   default every recommended metric of its kind, docs/recommended-alarms.md; the "critical"
#   parameter replaces the list of a kind) has such an action. Stores without an alarm on a
#   critical metric are SW-MA-01's concern and are not judged here. Unknown, not fail, when
#   none is known to run automation but a plan leaves the actions of one unknown until apply,
#   or the alarms of the store's region could not all be listed (an alarm of another account
#   of the snapshot known to hold cross-account alarms may read the store's metrics).
# related_resources:
#   - ref: https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/alarm-actions.html
#   - ref: https://docs.aws.amazon.com/systems-manager/latest/userguide/OpsCenter-create-OpsItems-from-CloudWatch-Alarms.html
# custom:
#   id: SW-AH-06
#   severity: info
#   service: cloudwatch
#   resource_types: [AWS::RDS::DBInstance, AWS::RDS::DBCluster, AWS::DocDB::DBCluster, AWS::Neptune::DBCluster, AWS::DynamoDB::Table, AWS::S3::Bucket, AWS::Redshift::Cluster, AWS::RedshiftServerless::Namespace, AWS::ElastiCache::ReplicationGroup, AWS::ElastiCache::CacheCluster, AWS::OpenSearchService::Domain, AWS::MemoryDB::Cluster]
#   requires: [cloudwatch:DescribeAlarms]
#   collects: [s3:ListBucketMetricsConfigurations]
#   applies_fields: [engine]
#   dimension: alarm_actions
#   remediation:
#     console: CloudWatch console → Alarms → an alarm on a critical metric → Actions → Edit → add a Lambda action, a Systems Manager action (OpsItem or incident) or an Auto Scaling action → Update alarm.
#     cli: aws cloudwatch put-metric-alarm --alarm-name <name> <its current settings> --alarm-actions <topic-arn> arn:aws:lambda:<region>:<account>:function:<remediation>
#     terraform: |
#       resource "aws_cloudwatch_metric_alarm" "throttles" {
#         alarm_actions = [aws_sns_topic.alerts.arn, aws_lambda_function.remediate.arn]
#       }
package storewatch.aws.cloudwatch.alarm_store_automation

import data.storewatch.lib.recommended_alarms as rec

applies contains s.id if {
	some [s, r] in rec.judged
	r.automation != ""
}

deny contains {"id": s.id, "msg": msg, "evidence": {"alarms": r.automation_alarms}} if {
	some [s, r] in rec.judged
	r.automation == "no"
	s.posture.alarms_known == "yes"
	msg := sprintf("no alarm on a critical metric of %s runs automation (Auto Scaling, Systems Manager, Lambda): %s", [rec.label(s.name, s.id), concat(", ", r.automation_alarms)])
}

unknown contains {"id": s.id, "msg": msg, "evidence": {"alarms": r.automation_alarms}} if {
	some [s, r] in rec.judged
	r.automation == "unknown"
	msg := sprintf("whether an alarm on a critical metric of %s runs automation is unknown: the plan leaves the actions of %s unknown until apply", [rec.label(s.name, s.id), concat(", ", r.automation_alarms)])
}

unknown contains {"id": s.id, "msg": msg, "evidence": {"alarms": r.automation_alarms, "unlisted_alarm_accounts": accounts}} if {
	some [s, r] in rec.judged
	r.automation == "no"
	s.posture.alarms_known != "yes"
	accounts := object.get(s.posture, "unlisted_alarm_accounts", [])
	msg := sprintf("none of the alarms found on a critical metric of %s runs automation (%s), but %s", [rec.label(s.name, s.id), concat(", ", r.automation_alarms), rec.unlisted(s)])
}
