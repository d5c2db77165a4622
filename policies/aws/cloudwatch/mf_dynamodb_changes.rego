# METADATA
# title: Account alarms on DynamoDB table and backup changes through a CloudTrail metric filter
# description: |
#   The account has a complete alarm chain for DynamoDB table and backup changes: a multi-Region
#   CloudTrail trail that is logging and records all read and write management events (the
#   account's own or an organisation trail) delivers to a CloudWatch Logs group; that group has
#   a metric filter equivalent to the pattern below; an alarm (without dimensions) watches the
#   filter's metric; and one of the alarm's ALARM actions is an SNS topic with at least one
#   confirmed subscription. Patterns are compared by meaning: spacing, quoting, parentheses and
#   the order of operands do not matter, but a missing clause, an extra AND clause or an extra
#   OR branch does. This is storewatch's own data-store control (MF-X2 in the rule catalog): no
#   benchmark prescribes it, so the pattern below is the one storewatch recommends, compared the
#   same way. The finding names the first missing link. The verdict is unknown when a link could
#   not be collected (a listing that failed, a topic whose subscriptions could not be read, a
#   value known only after apply).
#
#   Pattern (storewatch MF-X2):
#   { ($.eventSource = dynamodb.amazonaws.com) && (($.eventName = DeleteTable) || ($.eventName = UpdateContinuousBackups) || ($.eventName = DeleteBackup) || ($.eventName = PutResourcePolicy) || ($.eventName = UpdateTable)) }
# related_resources:
#   - ref: https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/FilterAndPatternSyntax.html
#   - ref: https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/FilterAndPatternSyntax.html
# custom:
#   id: SW-MF-X2
#   severity: medium
#   service: cloudwatch
#   resource_types: [AWS::::Account]
#   collects: [cloudtrail:DescribeTrails, cloudtrail:GetTrailStatus, cloudtrail:GetEventSelectors, logs:DescribeLogGroups, logs:DescribeMetricFilters, cloudwatch:DescribeAlarms, sns:ListSubscriptions]
#   remediation:
#     console: CloudWatch console → Log groups → the log group of the multi-Region trail → Metric filters → Create metric filter with the pattern in the description (metric DynamoDBChanges, namespace CISBenchmark, value 1); then Alarms → Create alarm on that metric (Sum ≥ 1 over 5 minutes) with an SNS topic that has a confirmed subscriber as its ALARM action.
#     cli: |
#       aws logs put-metric-filter --log-group-name <trail-log-group> --filter-name dynamodb-changes --metric-transformations metricName=DynamoDBChanges,metricNamespace=CISBenchmark,metricValue=1 --filter-pattern '{ ($.eventSource = dynamodb.amazonaws.com) && (($.eventName = DeleteTable) || ($.eventName = UpdateContinuousBackups) || ($.eventName = DeleteBackup) || ($.eventName = PutResourcePolicy) || ($.eventName = UpdateTable)) }'
#       aws cloudwatch put-metric-alarm --alarm-name dynamodb-changes --namespace CISBenchmark --metric-name DynamoDBChanges --statistic Sum --period 300 --evaluation-periods 1 --threshold 1 --comparison-operator GreaterThanOrEqualToThreshold --alarm-actions <sns-topic-arn>
#     terraform: |
#       resource "aws_cloudwatch_log_metric_filter" "dynamodb_changes" {
#         name           = "dynamodb-changes"
#         log_group_name = aws_cloudwatch_log_group.cloudtrail.name
#         pattern        = "{ ($.eventSource = dynamodb.amazonaws.com) && (($.eventName = DeleteTable) || ($.eventName = UpdateContinuousBackups) || ($.eventName = DeleteBackup) || ($.eventName = PutResourcePolicy) || ($.eventName = UpdateTable)) }"
#         metric_transformation {
#           name      = "DynamoDBChanges"
#           namespace = "CISBenchmark"
#           value     = "1"
#         }
#       }
#       resource "aws_cloudwatch_metric_alarm" "dynamodb_changes" {
#         alarm_name          = "dynamodb-changes"
#         namespace           = "CISBenchmark"
#         metric_name         = "DynamoDBChanges"
#         statistic           = "Sum"
#         period              = 300
#         evaluation_periods  = 1
#         threshold           = 1
#         comparison_operator = "GreaterThanOrEqualToThreshold"
#         alarm_actions       = [aws_sns_topic.security.arn] # with an aws_sns_topic_subscription
#       }
package storewatch.aws.cloudwatch.mf_dynamodb_changes

import data.storewatch.lib.metricfilters as mf

topic := "DynamoDB table and backup changes"

deny contains f if {
	some f in mf.failures("MF-X2", topic)
}

unknown contains u if {
	some u in mf.unknowns("MF-X2", topic)
}
