package storewatch.aws.cloudwatch.alarm_store_settings_test

import data.storewatch.aws.cloudwatch.alarm_store_settings as rule
import data.storewatch.test.fixtures

link(metric, overrides) := object.union({
	"alarm": concat("", ["arn:aws:cloudwatch:us-east-1:111122223333:alarm:", metric]), "name": metric, "namespace": "AWS/S3",
	"metric": metric, "statistic": "Average", "threshold": 0.05, "comparison_operator": "GreaterThanThreshold", "period": 60,
	"evaluation_periods": 15, "datapoints_to_alarm": 15, "via_metric_math": false, "effective": "yes", "problems": [], "self_healing": false,
}, overrides)

bucket(links) := object.union(fixtures.s3_bucket, {"posture": object.union(fixtures.s3_bucket.posture, {"alarms_known": "yes", "alarms": links})})

domain(links) := object.union(fixtures.opensearch_domain, {"posture": object.union(fixtures.opensearch_domain.posture, {"alarms_known": "yes", "alarms": links})})

denied_for(inp) := {f | some f in rule.deny with input as inp}

test_pass_recommended_settings if {
	inp := {"s3_buckets": [bucket([link("5xxErrors", {}), link("4xxErrors", {})])]}
	count(rule.deny) == 0 with input as inp
	count(rule.unknown) == 0 with input as inp
	fixtures.s3_bucket.id in rule.applies with input as inp
}

test_pass_more_sensitive_settings if {
	l := link("5xxErrors", {"statistic": "Maximum", "threshold": 0.01, "comparison_operator": "GreaterThanOrEqualToThreshold", "period": 300, "evaluation_periods": 3, "datapoints_to_alarm": 0})
	count(rule.deny) == 0 with input as {"s3_buckets": [bucket([l])]}
}

test_pass_within_tolerance if {
	count(rule.deny) == 0 with input as {"s3_buckets": [bucket([link("5xxErrors", {"threshold": 0.0525})])]}
}

test_pass_one_good_alarm_of_two if {
	lax := object.union(link("5xxErrors", {"threshold": 0.5}), {"name": "lax", "alarm": "lax"})
	count(rule.deny) == 0 with input as {"s3_buckets": [bucket([lax, link("5xxErrors", {})])]}
}

test_pass_anomaly_band if {
	band := link("5xxErrors", {"threshold": null, "comparison_operator": "LessThanLowerOrGreaterThanUpperThreshold"})
	count(rule.deny) == 0 with input as {"s3_buckets": [bucket([band])]}
}

test_pass_no_alarm_is_not_judged if {
	inp := {"s3_buckets": [bucket([])]}
	count(rule.deny) == 0 with input as inp
	not fixtures.s3_bucket.id in rule.applies with input as inp
}

test_fail_every_setting_off if {
	l := link("5xxErrors", {"statistic": "Minimum", "comparison_operator": "LessThanThreshold", "period": 3600, "evaluation_periods": 24, "datapoints_to_alarm": 24})
	some f in denied_for({"s3_buckets": [bucket([l])]})
	f.evidence["5xxErrors"].alarms["5xxErrors"] == [
		"compares LessThanThreshold where GreaterThanThreshold is recommended",
		"uses Minimum where Average is recommended",
		"needs 86400 s of breaching data where 900 s is recommended",
	]
}

test_fail_threshold_too_lax if {
	some f in denied_for({"s3_buckets": [bucket([link("5xxErrors", {"threshold": 0.5})])]})
	f.msg == "example: no alarm on 5xxErrors has the recommended settings (5xxErrors fires at 0.5 where 0.05 is recommended)"
}

test_fail_exclusive_edge_on_binary_metric if {
	red := object.union(link("ClusterStatus.red", {"namespace": "AWS/ES", "statistic": "Maximum", "threshold": 1, "period": 60, "evaluation_periods": 1, "datapoints_to_alarm": 1}), {})
	some f in denied_for({"opensearch_domains": [domain([red])]})
	f.evidence["ClusterStatus.red"].alarms["ClusterStatus.red"] == ["fires at 1 where 1 is recommended"]
}

test_pass_exclusive_below_edge_on_binary_metric if {
	red := link("ClusterStatus.red", {"namespace": "AWS/ES", "statistic": "Maximum", "threshold": 0, "period": 60, "evaluation_periods": 1, "datapoints_to_alarm": 1})
	count(rule.deny) == 0 with input as {"opensearch_domains": [domain([red])]}
}

test_fail_lower_bound_too_low if {
	storage := link("Nodes", {"namespace": "AWS/ES", "statistic": "Minimum", "threshold": 3, "comparison_operator": "LessThanThreshold", "period": 86400, "evaluation_periods": 1, "datapoints_to_alarm": 1})
	jvm := link("JVMMemoryPressure", {"namespace": "AWS/ES", "statistic": "Maximum", "threshold": 100, "comparison_operator": "GreaterThanOrEqualToThreshold", "period": 60, "evaluation_periods": 3, "datapoints_to_alarm": 3})
	denied := denied_for({"opensearch_domains": [domain([storage, jvm])]})
	{m | some f in denied; some m, _ in f.evidence} == {"JVMMemoryPressure"}
}

test_pass_percentile_and_lower_bound if {
	db := object.union(fixtures.db_instance, {"engine": "mysql", "posture": object.union(fixtures.db_instance.posture, {"alarms": [
		link("ReadLatency", {"namespace": "AWS/RDS", "statistic": "p99", "threshold": 0.02, "period": 60, "evaluation_periods": 5, "datapoints_to_alarm": 5}),
		link("EBSByteBalance%", {"namespace": "AWS/RDS", "statistic": "Average", "threshold": 9.6, "comparison_operator": "LessThanThreshold", "period": 60, "evaluation_periods": 3, "datapoints_to_alarm": 3}),
	]})})
	count(rule.deny) == 0 with input as {"db_instances": [db]}
}

test_fail_lower_bound_below_tolerance if {
	db := object.union(fixtures.db_instance, {"engine": "mysql", "posture": object.union(fixtures.db_instance.posture, {"alarms": [
		link("EBSByteBalance%", {"namespace": "AWS/RDS", "statistic": "Average", "threshold": 2, "comparison_operator": "LessThanOrEqualToThreshold", "period": 60, "evaluation_periods": 3, "datapoints_to_alarm": 3}),
	]})})
	some f in denied_for({"db_instances": [db]})
	f.evidence["EBSByteBalance%"].alarms["EBSByteBalance%"] == ["fires at 2 where 10 is recommended"]
}

test_pass_settings_parameter if {
	cfg := {"params": {"SW-MA-02": {"settings": {"s3_bucket": {"5xxErrors": {"threshold": 0.5}}}}}}
	count(rule.deny) == 0 with input as {"s3_buckets": [bucket([link("5xxErrors", {"threshold": 0.5})])]} with data.storewatch.config as cfg
}

test_unknown_only_metric_math if {
	inp := {"s3_buckets": [bucket([link("5xxErrors", {"via_metric_math": true, "threshold": 10})])]}
	count(rule.deny) == 0 with input as inp
	some f in rule.unknown with input as inp
	contains(f.msg, "metric math")
}
