# METADATA
# title: Account alarms on route table changes through a CloudTrail metric filter (CIS 4.13)
# description: |
#   The account has a complete alarm chain for route table changes: a multi-Region CloudTrail
#   trail that is logging and records all read and write management events (the account's own or
#   an organisation trail) delivers to a CloudWatch Logs group; that group has a metric filter
#   equivalent to the pattern below; an alarm (without dimensions) watches the filter's metric;
#   and one of the alarm's ALARM actions is an SNS topic with at least one confirmed
#   subscription. Patterns are compared by meaning: spacing, quoting, parentheses and the order
#   of operands do not matter, but a missing clause, an extra AND clause or an extra OR branch
#   does. This is CIS AWS Foundations 4.13 (v3.0 and v4.0) and Security Hub CloudWatch.13; like
#   Security Hub, storewatch requires the prescribed filter, not a broader or narrower one. The
#   finding names the first missing link. The verdict is unknown when a link could not be
#   collected (a listing that failed, a topic whose subscriptions could not be read, a value
#   known only after apply).
#
#   Pattern (CIS 4.13):
#   { ($.eventName = CreateRoute) || ($.eventName = CreateRouteTable) || ($.eventName = ReplaceRoute) || ($.eventName = ReplaceRouteTableAssociation) || ($.eventName = DeleteRouteTable) || ($.eventName = DeleteRoute) || ($.eventName = DisassociateRouteTable) }
# related_resources:
#   - ref: https://docs.aws.amazon.com/securityhub/latest/userguide/cloudwatch-controls.html#cloudwatch-13
#   - ref: https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/FilterAndPatternSyntax.html
# custom:
#   id: SW-MF-13
#   severity: low
#   service: cloudwatch
#   resource_types: [AWS::::Account]
#   collects: [cloudtrail:DescribeTrails, cloudtrail:GetTrailStatus, cloudtrail:GetEventSelectors, logs:DescribeLogGroups, logs:DescribeMetricFilters, cloudwatch:DescribeAlarms, sns:ListSubscriptions]
#   frameworks:
#     aws-fsbp: [CloudWatch.13]
#     cis-aws-v3.0: ["4.13"]
#   remediation:
#     console: CloudWatch console → Log groups → the log group of the multi-Region trail → Metric filters → Create metric filter with the pattern in the description (metric RouteTableChanges, namespace CISBenchmark, value 1); then Alarms → Create alarm on that metric (Sum ≥ 1 over 5 minutes) with an SNS topic that has a confirmed subscriber as its ALARM action.
#     cli: |
#       aws logs put-metric-filter --log-group-name <trail-log-group> --filter-name route-table-changes --metric-transformations metricName=RouteTableChanges,metricNamespace=CISBenchmark,metricValue=1 --filter-pattern '{ ($.eventName = CreateRoute) || ($.eventName = CreateRouteTable) || ($.eventName = ReplaceRoute) || ($.eventName = ReplaceRouteTableAssociation) || ($.eventName = DeleteRouteTable) || ($.eventName = DeleteRoute) || ($.eventName = DisassociateRouteTable) }'
#       aws cloudwatch put-metric-alarm --alarm-name route-table-changes --namespace CISBenchmark --metric-name RouteTableChanges --statistic Sum --period 300 --evaluation-periods 1 --threshold 1 --comparison-operator GreaterThanOrEqualToThreshold --alarm-actions <sns-topic-arn>
#     terraform: |
#       resource "aws_cloudwatch_log_metric_filter" "route_table_changes" {
#         name           = "route-table-changes"
#         log_group_name = aws_cloudwatch_log_group.cloudtrail.name
#         pattern        = "{ ($.eventName = CreateRoute) || ($.eventName = CreateRouteTable) || ($.eventName = ReplaceRoute) || ($.eventName = ReplaceRouteTableAssociation) || ($.eventName = DeleteRouteTable) || ($.eventName = DeleteRoute) || ($.eventName = DisassociateRouteTable) }"
#         metric_transformation {
#           name      = "RouteTableChanges"
#           namespace = "CISBenchmark"
#           value     = "1"
#         }
#       }
#       resource "aws_cloudwatch_metric_alarm" "route_table_changes" {
#         alarm_name          = "route-table-changes"
#         namespace           = "CISBenchmark"
#         metric_name         = "RouteTableChanges"
#         statistic           = "Sum"
#         period              = 300
#         evaluation_periods  = 1
#         threshold           = 1
#         comparison_operator = "GreaterThanOrEqualToThreshold"
#         alarm_actions       = [aws_sns_topic.security.arn] # with an aws_sns_topic_subscription
#       }
package storewatch.aws.cloudwatch.mf_route_table_changes

import data.storewatch.lib.metricfilters as mf

topic := "route table changes"

deny contains f if {
	some f in mf.failures("MF-13", topic)
}

unknown contains u if {
	some u in mf.unknowns("MF-13", topic)
}
