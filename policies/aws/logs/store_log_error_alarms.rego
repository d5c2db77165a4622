# METADATA
# title: Data store error logs have alarmed metric filters
# description: |
#   Each log group a data store's error-bearing logs land in has a CloudWatch Logs metric
#   filter that catches the required categories of events (errors, out-of-memory,
#   authentication failures) and whose metric an effective alarm watches. Exported logs that
#   nobody is alerted on are found only after the incident. The parameter `required` maps a
#   log type to the categories its group must catch; the default asks for errors in the
#   engine error logs (MySQL, MariaDB and SQL Server error, PostgreSQL postgresql, Oracle
#   alert, Db2 diag.log, OpenSearch ES_APPLICATION_LOGS, ElastiCache engine-log) and for
#   authentication failures in the connection and audit logs that record them (Redshift
#   connectionlog, OpenSearch AUDIT_LOGS). Log types absent from the map (slow query, general,
#   profiler logs) are not judged, nor are stores whose exports include none of them. Which
#   filter patterns catch which category is decided once, in the snapshot's resolution
#   (posture.logs[].group.error_filters).
# related_resources:
#   - ref: https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/MonitoringLogData.html
#   - ref: https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/FilterAndPatternSyntax.html
# custom:
#   id: SW-CWL-08
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
#   requires: [logs:DescribeLogGroups, logs:DescribeMetricFilters, redshift:DescribeLoggingStatus, es:DescribeDomains]
#   collects: [cloudwatch:DescribeAlarms, sns:ListSubscriptions]
#   fields: [enabled_log_exports, logging, log_exports, log_delivery, log_publishing]
#   applies_fields: [enabled_log_exports, logging, log_exports, log_delivery, log_publishing]
#   dimension: log_exports
#   remediation:
#     console: CloudWatch console → Log groups → the group named in the finding → Metric filters → Create metric filter with a pattern for the missing category (for example ?ERROR ?FATAL) → then Create alarm on the new metric with an SNS action that reaches a person.
#     cli: aws logs put-metric-filter --log-group-name <name> --filter-name errors --filter-pattern '?ERROR ?FATAL' --metric-transformations metricName=DBErrors,metricNamespace=Storewatch/Logs,metricValue=1,defaultValue=0; aws cloudwatch put-metric-alarm --alarm-name <store>-log-errors --namespace Storewatch/Logs --metric-name DBErrors --statistic Sum --period 300 --evaluation-periods 1 --threshold 1 --comparison-operator GreaterThanOrEqualToThreshold --treat-missing-data notBreaching --alarm-actions <sns-topic-arn>
#     terraform: |
#       resource "aws_cloudwatch_log_metric_filter" "errors" {
#         name           = "errors"
#         log_group_name = aws_cloudwatch_log_group.error.name
#         pattern        = "?ERROR ?FATAL"
#         metric_transformation {
#           name          = "DBErrors"
#           namespace     = "Storewatch/Logs"
#           value         = "1"
#           default_value = "0"
#         }
#       }
#       resource "aws_cloudwatch_metric_alarm" "errors" {
#         alarm_name          = "orders-log-errors"
#         namespace           = "Storewatch/Logs"
#         metric_name         = "DBErrors"
#         statistic           = "Sum"
#         period              = 300
#         evaluation_periods  = 1
#         threshold           = 1
#         comparison_operator = "GreaterThanOrEqualToThreshold"
#         treat_missing_data  = "notBreaching"
#         alarm_actions       = [aws_sns_topic.oncall.arn]
#       }
package storewatch.aws.logs.store_log_error_alarms

import data.storewatch.lib.config
import data.storewatch.lib.store_logs

# Each verdict is about one link: the engine joins a store's verdicts into one finding and
# lets a failure win over an unknown. Iterating links in place keeps a passing store cheap;
# a function taking a store or a link would make OPA hash it for its call cache.

default_required := {
	"error": ["error"],
	"postgresql": ["error"],
	"alert": ["error"],
	"diag.log": ["error"],
	"ES_APPLICATION_LOGS": ["error"],
	"engine-log": ["error"],
	"connectionlog": ["auth_failure"],
	"AUDIT_LOGS": ["auth_failure"],
}

required := config.param("SW-CWL-08", "required", default_required)

# judged_types are the log types with required categories. Rule bodies bind it (and
# required) to a local before they iterate: each reference to a rule's value costs a cache
# lookup, once per body instead of once per link.
judged_types := {t | some t, cats in required; count(cats) > 0}

applies contains s.id if {
	types := judged_types
	some [s, l] in store_logs.cloudwatch
	l.type in types
}

deny contains {"id": s.id, "msg": msg, "evidence": {l.type: {"log_group": l.log_group, "found": "no", "required": cats}}} if {
	types := judged_types
	req := required
	some [s, l] in store_logs.cloudwatch
	l.group.found == "no"
	l.type in types
	cats := req[l.type]
	msg := sprintf("%s: %s goes to %s, which does not exist, so no metric filter watches it", [s.name, l.type, l.log_group])
}

deny contains {"id": s.id, "msg": msg, "evidence": {l.type: {"log_group": l.log_group, "required": cats, "missing": sort(missing)}}} if {
	types := judged_types
	req := required
	some [s, l] in store_logs.cloudwatch
	l.type in types
	l.group.found == "yes"
	cats := req[l.type]
	not "metric_filters" in l.group.unknown
	covered := {c | some f in l.group.error_filters; f.alarmed in {"yes", "unknown"}; some c in f.catches}
	missing := {c | some c in cats; not c in covered}
	count(missing) > 0
	msg := sprintf("%s: %s (%s) has no metric filter with an effective alarm catching %s", [s.name, l.log_group, l.type, concat(", ", sort(missing))])
}

unknown contains {"id": s.id, "msg": msg} if {
	types := judged_types
	some [s, l] in store_logs.cloudwatch
	not l.group.found == "yes"
	not l.group.found == "no"
	l.type in types
	msg := sprintf("%s: %s", [s.name, store_logs.group_undecided(l)])
}

unknown contains {"id": s.id, "msg": msg} if {
	types := judged_types
	some [s, l] in store_logs.cloudwatch
	"metric_filters" in l.group.unknown
	l.type in types
	l.group.found == "yes"
	msg := sprintf("%s: the metric filters of %s (%s) could not be listed", [s.name, l.log_group, l.type])
}

unknown contains {"id": s.id, "msg": msg} if {
	types := judged_types
	req := required
	some [s, l] in store_logs.cloudwatch
	some f in l.group.error_filters
	f.alarmed == "unknown"
	l.type in types
	l.group.found == "yes"
	some c in f.catches
	c in req[l.type]
	not alarmed(l.group.error_filters, c)
	msg := sprintf("%s: whether an effective alarm watches the %s filter %s of %s could not be decided", [s.name, c, f.filter, l.log_group])
}

# alarmed is reached only for a filter whose alarm is undecided, which few are.
alarmed(filters, c) if {
	some f in filters
	f.alarmed == "yes"
	c in f.catches
}
