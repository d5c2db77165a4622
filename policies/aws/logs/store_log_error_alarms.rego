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
#   requires: [logs:DescribeLogGroups, logs:DescribeMetricFilters]
#   fields: [enabled_log_exports, logging, log_exports, log_delivery, log_publishing]
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

categories(t) := {c | some c in object.get(required, t, [])}

judged_links(s) := [l | some l in store_logs.cloudwatch_links(s); count(categories(l.type)) > 0]

applies contains s.id if {
	some name, coll in input
	name in store_logs.collections
	some s in coll
	judged(s)
}

judged(s) if count(judged_links(s)) > 0

judged(s) if store_logs.exports_unknown(s)

filters_known(g) if {
	g.found == "yes"
	not "metric_filters" in g.unknown
}

alarmed(g, c) if {
	some f in g.error_filters
	c in f.catches
	f.alarmed == "yes"
}

undecided(g, c) if {
	some f in g.error_filters
	c in f.catches
	f.alarmed == "unknown"
}

missing(l) := {c |
	some c in categories(l.type)
	not alarmed(l.group, c)
	not undecided(l.group, c)
}

link_problems(l) := {p |
	l.group.found == "no"
	p := sprintf("%s goes to %s, which does not exist, so no metric filter watches it", [l.type, l.log_group])
} | {p |
	filters_known(l.group)
	m := missing(l)
	count(m) > 0
	p := sprintf("%s (%s) has no metric filter with an effective alarm catching %s", [l.log_group, l.type, concat(", ", sort(m))])
}

link_unknowns(l) := {r | r := store_logs.group_undecided(l)} | {r |
	l.group.found == "yes"
	"metric_filters" in l.group.unknown
	r := sprintf("%s: the metric filters of %s could not be listed", [l.type, l.log_group])
} | {r |
	filters_known(l.group)
	some c in categories(l.type)
	not alarmed(l.group, c)
	undecided(l.group, c)
	r := sprintf("%s: whether an effective alarm watches the %s filter of %s could not be decided", [l.type, c, l.log_group])
}

problems(s) := {p | some l in judged_links(s); some p in link_problems(l)}

deny contains {"id": s.id, "msg": msg, "evidence": {"problems": sort(probs), "required": {l.type: sort(categories(l.type)) | some l in judged_links(s)}}} if {
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
