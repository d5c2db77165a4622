package storewatch.aws.cloudwatch.alarm_settings_test

import data.storewatch.aws.cloudwatch.alarm_settings as rule
import data.storewatch.test.fixtures

good := object.union(fixtures.alarm, {
	"namespace": "AWS/RDS",
	"metric_name": "CPUUtilization",
	"statistic": "Average",
	"period": 60,
	"evaluation_periods": 5,
	"datapoints_to_alarm": 5,
	"threshold": 90,
	"comparison_operator": "GreaterThanThreshold",
})

math := object.union(fixtures.alarm, {
	"metric_name": "",
	"metrics": [
		{"id": "m1", "expression": "", "return_data": false, "metric_stat": {"namespace": "AWS/RDS", "metric_name": "FreeableMemory", "dimensions": [], "stat": "Minimum", "period": 300}},
		{"id": "e1", "expression": "m1/1024", "return_data": true, "metric_stat": null},
	],
	"evaluation_periods": 3,
	"threshold": 100,
	"comparison_operator": "LessThanThreshold",
})

problems(a) := {f.msg | some f in rule.deny with input as {"alarms": [a]}}

test_pass_sound_alarm if {
	count(rule.deny) == 0 with input as {"alarms": [good]}
}

test_pass_sound_metric_math_alarm if {
	count(rule.deny) == 0 with input as {"alarms": [math]}
}

test_pass_anomaly_band_without_threshold if {
	a := object.union(good, {"threshold": null, "comparison_operator": "GreaterThanUpperThreshold"})
	count(rule.deny) == 0 with input as {"alarms": [a]}
}

# As CloudWatch stores an anomaly-detection alarm: the metric and its band both return data.
anomaly := object.union(fixtures.alarm, {
	"metric_name": "",
	"metrics": [
		{"id": "m1", "expression": "", "return_data": true, "metric_stat": {"namespace": "AWS/RDS", "metric_name": "CPUUtilization", "dimensions": [], "stat": "Average", "period": 300}},
		{"id": "ad1", "expression": "ANOMALY_DETECTION_BAND(m1, 2)", "return_data": true, "metric_stat": null},
	],
	"evaluation_periods": 3,
	"threshold": null,
	"comparison_operator": "GreaterThanUpperThreshold",
})

test_pass_anomaly_detection_alarm_returns_metric_and_band if {
	count(rule.deny) == 0 with input as {"alarms": [anomaly]}
}

test_fail_anomaly_detection_alarm_without_its_band if {
	a := object.union(anomaly, {"metrics": [anomaly.metrics[0]]})
	problems(a) == {"alarm example returns 1 metric-math series instead of a metric and its anomaly detection band"}
}

test_pass_high_resolution_period if {
	count(rule.deny) == 0 with input as {"alarms": [object.union(good, {"period": 10})]}
}

test_fail_no_statistic_operator_threshold if {
	a := object.union(good, {"statistic": "", "comparison_operator": "", "threshold": null})
	problems(a) == {"alarm example has no statistic", "alarm example has no comparison operator", "alarm example has no threshold"}
}

test_fail_invalid_operator_period_and_datapoints if {
	a := object.union(good, {"comparison_operator": "Above", "period": 45, "datapoints_to_alarm": 6})
	problems(a) == {
		"alarm example has comparison operator Above, which CloudWatch does not know",
		"alarm example has period 45, which is not 10, 20, 30 or a multiple of 60 seconds",
		"alarm example needs 6 datapoints out of 5 evaluation periods",
	}
}

test_fail_no_metric_and_no_evaluation_period if {
	a := object.union(good, {"metric_name": "", "evaluation_periods": 0, "datapoints_to_alarm": 0})
	"alarm example reads no metric" in problems(a)
	"alarm example has no evaluation period" in problems(a)
}

test_fail_too_slow_to_fire if {
	a := object.union(good, {"period": 3600, "evaluation_periods": 48, "datapoints_to_alarm": 0})
	problems(a) == {"alarm example needs 172800 seconds of breaching data before it fires (more than 86400)"}
}

test_fail_metric_math_returns_two_series_without_statistic if {
	a := object.union(math, {"metrics": [
		{"id": "m1", "expression": "", "return_data": true, "metric_stat": {"namespace": "AWS/RDS", "metric_name": "FreeableMemory", "dimensions": [], "stat": "", "period": 300}},
		{"id": "e1", "expression": "m1/1024", "return_data": true, "metric_stat": null},
	]})
	problems(a) == {"alarm example returns 2 metric-math series instead of one", "alarm example has metric-math query m1 without a statistic"}
}

test_fail_prescribed_settings if {
	cfg := {"params": {"SW-AH-03": {"prescribed": {"CPUUtilization": {"threshold": 80, "period": 60, "statistic": "Maximum", "evaluation_periods": 5, "comparison_operator": "GreaterThanThreshold"}}}}}
	denied := rule.deny with input as {"alarms": [good]} with data.storewatch.config as cfg
	{f.msg | some f in denied} == {"alarm example has statistic Average where Maximum is prescribed", "alarm example has threshold 90 where 80 is prescribed"}
}
