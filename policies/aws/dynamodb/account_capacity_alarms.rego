# METADATA
# title: Region with DynamoDB tables has alarms on account-level provisioned capacity
# description: |
#   DynamoDB limits the provisioned read and write capacity of all tables of an account in a
#   Region; when the account nears the limit, new tables and capacity increases (including
#   auto scaling) fail. AWS Config's dynamodb-throughput-limit-check reads the current usage
#   (DescribeLimits and GetMetricData) and fails above 80 %. storewatch judges configuration,
#   not a moment's usage: a Region that has DynamoDB tables passes when metric alarms (or
#   metric-math queries) read both AccountProvisionedReadCapacityUtilization and
#   AccountProvisionedWriteCapacityUtilization, the account-level metrics with no dimension,
#   so that approaching the limit is announced whenever it happens. The "metrics" parameter
#   replaces the required pair. Regions whose tables are all on-demand are judged too: the
#   snapshot's Region scope counts tables, not billing modes. A metric-math alarm of another
#   account that reads these metrics of the account (MetricDataQuery.AccountId) counts for
#   it; so when the alarms of another account of the snapshot known to hold cross-account
#   alarms could not be listed in the Region, a missing alarm may be among them and the
#   verdict is unknown, not fail. Unknown too when a planned alarm of the Region might read
#   a missing metric once applied (the plan leaves its namespace, metric name, dimensions,
#   a query's account or its queries unknown until apply): the message names each such
#   alarm and what is unknown.
# related_resources:
#   - ref: https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/Best_Practice_Recommended_Alarms_AWS_Services.html
#   - ref: https://docs.aws.amazon.com/config/latest/developerguide/dynamodb-throughput-limit-check.html
#   - ref: https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/ServiceQuotas.html
# custom:
#   id: SW-MA-03
#   severity: low
#   service: dynamodb
#   resource_types: [AWS::::Region]
#   requires: [cloudwatch:DescribeAlarms, dynamodb:ListTables]
#   dimension: metric_alarms
#   frameworks:
#     aws-config: [dynamodb-throughput-limit-check]
#   remediation:
#     console: CloudWatch console → Alarms → Create alarm → Select metric → DynamoDB → Account Metrics → AccountProvisionedReadCapacityUtilization (then again for Write) → Maximum, 5 minutes → Greater than 80 → an SNS topic with a confirmed subscriber → Create alarm.
#     cli: aws cloudwatch put-metric-alarm --alarm-name dynamodb-account-read-capacity --namespace AWS/DynamoDB --metric-name AccountProvisionedReadCapacityUtilization --statistic Maximum --period 300 --evaluation-periods 2 --datapoints-to-alarm 2 --threshold 80 --comparison-operator GreaterThanThreshold --alarm-actions <topic-arn>
#     terraform: |
#       resource "aws_cloudwatch_metric_alarm" "dynamodb_account_read" {
#         alarm_name          = "dynamodb-account-read-capacity"
#         namespace           = "AWS/DynamoDB"
#         metric_name         = "AccountProvisionedReadCapacityUtilization"
#         statistic           = "Maximum"
#         period              = 300
#         evaluation_periods  = 2
#         threshold           = 80
#         comparison_operator = "GreaterThanThreshold"
#         alarm_actions       = [aws_sns_topic.alerts.arn]
#       }
package storewatch.aws.dynamodb.account_capacity_alarms

import data.storewatch.lib.config
import data.storewatch.lib.recommended_alarms as rec

required := {m | some m in config.param("SW-MA-03", "metrics", [
	"AccountProvisionedReadCapacityUtilization",
	"AccountProvisionedWriteCapacityUtilization",
])}

applies contains r.id if {
	some r in input.regions
	object.get(r.posture.store_count, "AWS::DynamoDB::Table", 0) > 0
}

deny contains {"id": r.id, "msg": msg, "evidence": {"missing": missing, "tables": tables}} if {
	some r in input.regions
	tables := object.get(r.posture.store_count, "AWS::DynamoDB::Table", 0)
	tables > 0
	missing := sort(required - {l.metric | some l in r.posture.dynamodb_account_capacity_alarms})
	count(missing) > 0
	count(object.get(r.posture, "unlisted_alarm_accounts", [])) == 0
	count(object.get(r.posture, "unresolved_capacity_alarms", [])) == 0
	msg := sprintf("%s has %d DynamoDB tables but no alarm on %s", [r.region, tables, concat(", ", missing)])
}

unknown contains {"id": r.id, "msg": msg, "evidence": {"missing": missing, "tables": tables, "unlisted_alarm_accounts": accounts}} if {
	some r in input.regions
	tables := object.get(r.posture.store_count, "AWS::DynamoDB::Table", 0)
	tables > 0
	missing := sort(required - {l.metric | some l in r.posture.dynamodb_account_capacity_alarms})
	count(missing) > 0
	accounts := object.get(r.posture, "unlisted_alarm_accounts", [])
	count(accounts) > 0
	msg := sprintf("%s has %d DynamoDB tables and no known alarm on %s, but the alarms of %s in %s could not be listed, and a cross-account alarm among them may read the account's capacity metrics", [r.region, tables, concat(", ", missing), rec.accounts(accounts), r.region])
}

unknown contains {"id": r.id, "msg": msg, "evidence": {"missing": missing, "tables": tables, "unresolved_alarms": [u.alarm | some u in undecided]}} if {
	some r in input.regions
	tables := object.get(r.posture.store_count, "AWS::DynamoDB::Table", 0)
	tables > 0
	missing := sort(required - {l.metric | some l in r.posture.dynamodb_account_capacity_alarms})
	count(missing) > 0
	count(object.get(r.posture, "unlisted_alarm_accounts", [])) == 0
	undecided := object.get(r.posture, "unresolved_capacity_alarms", [])
	count(undecided) > 0
	described := [sprintf("%s (%s)", [u.alarm, concat("; ", u.reasons)]) | some u in undecided]
	msg := sprintf("%s has %d DynamoDB tables and no known alarm on %s, but alarms whose metrics the plan leaves unknown until apply might read them: %s", [r.region, tables, concat(", ", missing), concat(", ", described)])
}
