# METADATA
# title: Account alarms on disabling or scheduled deletion of customer-managed KMS keys through a CloudTrail metric filter (CIS 4.7)
# description: |
#   The account has a complete alarm chain for disabling or scheduled deletion of customer-
#   managed KMS keys: a multi-Region CloudTrail trail that is logging and records all read and
#   write management events (the account's own or an organisation trail) delivers to a
#   CloudWatch Logs group; that group has a metric filter equivalent to the pattern below; an
#   alarm (without dimensions) watches the filter's metric; and one of the alarm's ALARM actions
#   is an SNS topic with at least one confirmed subscription. Patterns are compared by meaning:
#   spacing, quoting, parentheses and the order of operands do not matter, but a missing clause,
#   an extra AND clause or an extra OR branch does. This is CIS AWS Foundations 4.7 (v3.0 and
#   v4.0) and Security Hub CloudWatch.7; like Security Hub, storewatch requires the prescribed
#   filter, not a broader or narrower one. The finding names the first missing link. The verdict
#   is unknown when a link could not be collected (a listing that failed, a topic whose
#   subscriptions could not be read, a value known only after apply).
#
#   Pattern (CIS 4.7):
#   {($.eventSource = kms.amazonaws.com) && (($.eventName=DisableKey)||($.eventName=ScheduleKeyDeletion)) }
# related_resources:
#   - ref: https://docs.aws.amazon.com/securityhub/latest/userguide/cloudwatch-controls.html#cloudwatch-7
#   - ref: https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/FilterAndPatternSyntax.html
# custom:
#   id: SW-MF-07
#   severity: low
#   service: cloudwatch
#   resource_types: [AWS::::Account]
#   collects: [cloudtrail:DescribeTrails, cloudtrail:GetTrailStatus, cloudtrail:GetEventSelectors, logs:DescribeLogGroups, logs:DescribeMetricFilters, cloudwatch:DescribeAlarms, sns:ListSubscriptions]
#   frameworks:
#     aws-fsbp: [CloudWatch.7]
#     cis-aws-v3.0: ["4.7"]
#   remediation:
#     console: CloudWatch console → Log groups → the log group of the multi-Region trail → Metric filters → Create metric filter with the pattern in the description (metric KMSKeyDisableOrDeletion, namespace CISBenchmark, value 1); then Alarms → Create alarm on that metric (Sum ≥ 1 over 5 minutes) with an SNS topic that has a confirmed subscriber as its ALARM action.
#     cli: |
#       aws logs put-metric-filter --log-group-name <trail-log-group> --filter-name kms-key-disable-or-deletion --metric-transformations metricName=KMSKeyDisableOrDeletion,metricNamespace=CISBenchmark,metricValue=1 --filter-pattern '{($.eventSource = kms.amazonaws.com) && (($.eventName=DisableKey)||($.eventName=ScheduleKeyDeletion)) }'
#       aws cloudwatch put-metric-alarm --alarm-name kms-key-disable-or-deletion --namespace CISBenchmark --metric-name KMSKeyDisableOrDeletion --statistic Sum --period 300 --evaluation-periods 1 --threshold 1 --comparison-operator GreaterThanOrEqualToThreshold --alarm-actions <sns-topic-arn>
#     terraform: |
#       resource "aws_cloudwatch_log_metric_filter" "kms_key_disable_or_deletion" {
#         name           = "kms-key-disable-or-deletion"
#         log_group_name = aws_cloudwatch_log_group.cloudtrail.name
#         pattern        = "{($.eventSource = kms.amazonaws.com) && (($.eventName=DisableKey)||($.eventName=ScheduleKeyDeletion)) }"
#         metric_transformation {
#           name      = "KMSKeyDisableOrDeletion"
#           namespace = "CISBenchmark"
#           value     = "1"
#         }
#       }
#       resource "aws_cloudwatch_metric_alarm" "kms_key_disable_or_deletion" {
#         alarm_name          = "kms-key-disable-or-deletion"
#         namespace           = "CISBenchmark"
#         metric_name         = "KMSKeyDisableOrDeletion"
#         statistic           = "Sum"
#         period              = 300
#         evaluation_periods  = 1
#         threshold           = 1
#         comparison_operator = "GreaterThanOrEqualToThreshold"
#         alarm_actions       = [aws_sns_topic.security.arn] # with an aws_sns_topic_subscription
#       }
package storewatch.aws.cloudwatch.mf_kms_key_disable_or_deletion

import data.storewatch.lib.metricfilters as mf

topic := "disabling or scheduled deletion of customer-managed KMS keys"

deny contains f if {
	some f in mf.failures("MF-07", topic)
}

unknown contains u if {
	some u in mf.unknowns("MF-07", topic)
}
