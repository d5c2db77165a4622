# METADATA
# title: CloudWatch alarm settings are sound
# description: |
#   An alarm can only fire if its definition makes sense: it reads a metric with a statistic
#   (a metric-math alarm returns exactly one series, an anomaly-detection alarm the metric and
#   its band, and every metric it reads has a statistic), has a valid comparison operator and
#   a threshold (anomaly-detection operators excepted), a period CloudWatch accepts (10, 20,
#   30 or a multiple of 60 seconds), at least one evaluation period with no more datapoints
#   to alarm than evaluation periods, and fires
#   within a bounded time: period × datapoints to alarm ≤ max_seconds_to_alarm (parameter,
#   default 86400, one day; the longest recommended alarm, OpenSearch Nodes, needs exactly
#   that). Like AWS Config's cloudwatch-alarm-settings-check, the "prescribed" parameter can
#   pin settings per metric name: {"CPUUtilization": {"threshold": 90, "period": 60,
#   "evaluation_periods": 5, "comparison_operator": "GreaterThanThreshold", "statistic":
#   "Average"}}; any setting given must match exactly.
# related_resources:
#   - ref: https://docs.aws.amazon.com/config/latest/developerguide/cloudwatch-alarm-settings-check.html
#   - ref: https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_PutMetricAlarm.html
# custom:
#   id: SW-AH-03
#   severity: low
#   service: cloudwatch
#   resource_types: [AWS::CloudWatch::Alarm]
#   requires: [cloudwatch:DescribeAlarms]
#   fields: [metric_name, metrics, statistic, extended_statistic, period, evaluation_periods, datapoints_to_alarm, threshold, comparison_operator]
#   frameworks:
#     aws-config: [cloudwatch-alarm-settings-check]
#   remediation:
#     console: CloudWatch console → Alarms → the alarm → Actions → Edit → fix the statistic, period, threshold, comparison and "Datapoints to alarm" named in the finding → Update alarm.
#     cli: aws cloudwatch put-metric-alarm --alarm-name <name> --namespace <ns> --metric-name <metric> --dimensions Name=<d>,Value=<v> --statistic Average --period 60 --evaluation-periods 5 --datapoints-to-alarm 5 --threshold <t> --comparison-operator GreaterThanThreshold --alarm-actions <topic-arn>
#     terraform: |
#       resource "aws_cloudwatch_metric_alarm" "this" {
#         statistic           = "Average"
#         period              = 60
#         evaluation_periods  = 5
#         datapoints_to_alarm = 5
#         threshold           = 90
#         comparison_operator = "GreaterThanThreshold"
#       }
package storewatch.aws.cloudwatch.alarm_settings

import data.storewatch.lib.config

operators := {
	"GreaterThanOrEqualToThreshold", "GreaterThanThreshold", "LessThanThreshold",
	"LessThanOrEqualToThreshold", "LessThanLowerOrGreaterThanUpperThreshold",
	"LessThanLowerThreshold", "GreaterThanUpperThreshold",
}

# Anomaly-detection alarms compare with a band (ThresholdMetricId), not a threshold.
band_operators := {"LessThanLowerOrGreaterThanUpperThreshold", "LessThanLowerThreshold", "GreaterThanUpperThreshold"}

valid_period(p) if p in {10, 20, 30}

valid_period(p) if {
	p > 0
	p % 60 == 0
}

# periods are the periods the alarm evaluates: its own, or those of the metrics a
# metric-math alarm reads.
periods(a) := [a.period] if a.metric_name != ""

periods(a) := [q.metric_stat.period | some q in a.metrics; q.metric_stat != null] if a.metric_name == ""

datapoints(a) := a.datapoints_to_alarm if a.datapoints_to_alarm > 0

datapoints(a) := a.evaluation_periods if a.datapoints_to_alarm <= 0

finding(a, what, evidence) := {"id": a.id, "msg": sprintf("alarm %s %s", [a.name, what]), "evidence": evidence}

deny contains finding(a, "reads no metric", {"metric_name": "", "metrics": []}) if {
	some a in input.alarms
	a.metric_name == ""
	count(a.metrics) == 0
}

deny contains finding(a, "has no statistic", {"statistic": ""}) if {
	some a in input.alarms
	a.metric_name != ""
	a.statistic == ""
	a.extended_statistic == ""
}

deny contains finding(a, sprintf("returns %d metric-math series instead of one", [n]), {"returned_series": n}) if {
	some a in input.alarms
	a.metric_name == ""
	count(a.metrics) > 0
	not a.comparison_operator in band_operators
	n := count([q | some q in a.metrics; q.return_data == true])
	n != 1
}

# An anomaly-detection alarm returns two series: the metric and the ANOMALY_DETECTION_BAND
# its ThresholdMetricId names, which is how CloudWatch compares one with the other
# (https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_PutMetricAlarm.html).
deny contains finding(a, sprintf("returns %d metric-math series instead of a metric and its anomaly detection band", [n]), {"returned_series": n}) if {
	some a in input.alarms
	a.metric_name == ""
	count(a.metrics) > 0
	a.comparison_operator in band_operators
	n := count([q | some q in a.metrics; q.return_data == true])
	n != 2
}

deny contains finding(a, sprintf("has metric-math query %s without a statistic", [q.id]), {"query_without_statistic": q.id}) if {
	some a in input.alarms
	some q in a.metrics
	q.metric_stat != null
	q.metric_stat.stat == ""
}

deny contains finding(a, "has no comparison operator", {"comparison_operator": ""}) if {
	some a in input.alarms
	a.comparison_operator == ""
}

deny contains finding(a, sprintf("has comparison operator %s, which CloudWatch does not know", [a.comparison_operator]), {"comparison_operator": a.comparison_operator}) if {
	some a in input.alarms
	a.comparison_operator != ""
	not a.comparison_operator in operators
}

deny contains finding(a, "has no threshold", {"threshold": null}) if {
	some a in input.alarms
	a.threshold == null
	not a.comparison_operator in band_operators
}

deny contains finding(a, sprintf("has period %d, which is not 10, 20, 30 or a multiple of 60 seconds", [p]), {"period": p}) if {
	some a in input.alarms
	some p in periods(a)
	not valid_period(p)
}

deny contains finding(a, "has no evaluation period", {"evaluation_periods": a.evaluation_periods}) if {
	some a in input.alarms
	a.evaluation_periods < 1
}

deny contains finding(a, msg, {"datapoints_to_alarm": a.datapoints_to_alarm, "evaluation_periods": a.evaluation_periods}) if {
	some a in input.alarms
	a.datapoints_to_alarm > a.evaluation_periods
	msg := sprintf("needs %d datapoints out of %d evaluation periods", [a.datapoints_to_alarm, a.evaluation_periods])
}

max_seconds_to_alarm := config.param("SW-AH-03", "max_seconds_to_alarm", 86400)

prescribed := config.param("SW-AH-03", "prescribed", {})

deny contains finding(a, msg, {"seconds_to_alarm": secs}) if {
	some a in input.alarms
	count(periods(a)) > 0
	secs := max(periods(a)) * datapoints(a)
	secs > max_seconds_to_alarm
	msg := sprintf("needs %d seconds of breaching data before it fires (more than %d)", [secs, max_seconds_to_alarm])
}

# prescribed settings, as AWS Config's cloudwatch-alarm-settings-check pins them per metric.
setting_value(a, "statistic") := a.statistic

setting_value(a, "threshold") := a.threshold

setting_value(a, "period") := a.period

setting_value(a, "evaluation_periods") := a.evaluation_periods

setting_value(a, "comparison_operator") := a.comparison_operator

deny contains finding(a, msg, {sprintf("prescribed_%s", [k]): {"value": got, "prescribed": want}}) if {
	some a in input.alarms
	a.metric_name != ""
	some k, want in object.get(prescribed, a.metric_name, {})
	got := setting_value(a, k)
	got != want
	msg := sprintf("has %s %v where %v is prescribed", [k, got, want])
}
