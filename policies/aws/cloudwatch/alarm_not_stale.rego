# METADATA
# title: CloudWatch alarm is not stuck, orphaned or careless about missing data
# description: |
#   An alarm can look configured and still watch nothing. It fails when it has been in
#   INSUFFICIENT_DATA for more than max_insufficient_data_days (parameter, default 7) at
#   collection time (its metric stopped arriving); when a dimension names a data store that
#   does not exist (its listing succeeded and did not return it: an alarm left behind by a
#   deleted or renamed store); and, with require_treat_missing_data (parameter, default true),
#   when TreatMissingData was never set, so that nobody decided whether missing data means
#   trouble. Whether a store exists is unknown, not a failure, when the store listing failed,
#   the dimension value is unknown until apply, or the alarm comes from a Terraform plan (the
#   store may exist outside the plan).
# related_resources:
#   - ref: https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/AlarmThatSendsEmail.html#alarms-and-missing-data
# custom:
#   id: SW-AH-05
#   severity: low
#   service: cloudwatch
#   resource_types: [AWS::CloudWatch::Alarm]
#   requires: [cloudwatch:DescribeAlarms]
#   collects: [rds:DescribeDBInstances, rds:DescribeDBClusters, dynamodb:ListTables, s3:ListBuckets, redshift:DescribeClusters, redshift-serverless:ListNamespaces, elasticache:DescribeCacheClusters, elasticache:DescribeReplicationGroups, es:ListDomainNames, memorydb:DescribeClusters]
#   fields: [treat_missing_data, dimensions, metrics]
#   remediation:
#     console: CloudWatch console → Alarms → the alarm → Actions → Edit → fix the dimensions to name an existing resource (or delete the alarm), and under "Additional configuration" choose how to treat missing data → Update alarm.
#     cli: aws cloudwatch put-metric-alarm --alarm-name <name> <its current settings> --treat-missing-data breaching  # or: aws cloudwatch delete-alarms --alarm-names <name>
#     terraform: |
#       resource "aws_cloudwatch_metric_alarm" "this" {
#         treat_missing_data = "breaching" # or notBreaching, ignore, missing: a decision
#         dimensions         = { DBInstanceIdentifier = aws_db_instance.this.identifier }
#       }
package storewatch.aws.cloudwatch.alarm_not_stale

import data.storewatch.lib.config

max_insufficient_data_days := config.param("SW-AH-05", "max_insufficient_data_days", 7)

require_treat_missing_data := config.param("SW-AH-05", "require_treat_missing_data", true)

deny contains {"id": a.id, "msg": msg, "evidence": {"state_value": a.state_value, "stuck_days": a.posture.stuck_days}} if {
	some a in input.alarms
	a.posture.stuck_days > max_insufficient_data_days
	msg := sprintf("alarm %s has been in INSUFFICIENT_DATA for %d days: its metric no longer arrives", [a.name, a.posture.stuck_days])
}

deny contains {"id": a.id, "msg": msg, "evidence": {"missing_resources": a.posture.missing_resources}} if {
	some a in input.alarms
	a.posture.orphaned == "yes"
	msg := sprintf("alarm %s watches resources that do not exist: %s", [a.name, concat(", ", a.posture.missing_resources)])
}

deny contains {"id": a.id, "msg": msg, "evidence": {"treat_missing_data": ""}} if {
	require_treat_missing_data == true
	some a in input.alarms
	a.treat_missing_data == ""
	msg := sprintf("alarm %s does not say how to treat missing data", [a.name])
}

unknown contains {"id": a.id, "msg": msg} if {
	some a in input.alarms
	a.posture.orphaned == "unknown"
	msg := sprintf("whether the resources alarm %s watches exist could not be established", [a.name])
}
