package storewatch.aws.cloudwatch.alarm_store_settings_test

import data.storewatch.aws.cloudwatch.alarm_store_settings as rule
import data.storewatch.test.fixtures

# The resolver compares each alarm with the recommended settings and names what deviates
# (inventory/resolve_recommended.go, TestRecommendedSettings); these tests hold the rule's
# verdicts and wording.

s3_5xx := {"statistic": "Average", "comparison": "GreaterThanThreshold", "threshold": 0.05, "period": 60, "datapoints": 15}

deviation(name, overrides, deviations) := object.union(
	{
		"name": name, "comparison_operator": "GreaterThanThreshold", "statistic": "Average", "threshold": 0.05, "window": 900,
		"deviations": deviations,
	},
	overrides,
)

settings(metric, recommended, status, alarms) := {"metric": metric, "recommended": recommended, "status": status, "alarms": alarms}

bucket(judged) := object.union(fixtures.s3_bucket, {"posture": object.union(fixtures.s3_bucket.posture, {"alarms_known": "yes", "recommended_alarms": {
	"kind": "s3_bucket", "metrics": 3, "missing": [], "settings": judged, "automation": "", "automation_alarms": [],
}})})

denied_for(inp) := {f | some f in rule.deny with input as inp}

test_pass_recommended_settings if {
	inp := {"s3_buckets": [bucket([settings("5xxErrors", s3_5xx, "yes", [deviation("5xxErrors", {}, [])])])]}
	count(rule.deny) == 0 with input as inp
	count(rule.unknown) == 0 with input as inp
	fixtures.s3_bucket.id in rule.applies with input as inp
}

test_pass_no_alarm_is_not_judged if {
	inp := {"s3_buckets": [bucket([])]}
	count(rule.deny) == 0 with input as inp
	not fixtures.s3_bucket.id in rule.applies with input as inp
}

test_fail_every_setting_off if {
	off := deviation("5xxErrors", {"statistic": "Minimum", "comparison_operator": "LessThanThreshold", "window": 86400}, ["direction", "statistic", "window"])
	some f in denied_for({"s3_buckets": [bucket([settings("5xxErrors", s3_5xx, "no", [off])])]})
	f.evidence["5xxErrors"].recommended == s3_5xx
	f.evidence["5xxErrors"].alarms["5xxErrors"] == [
		"compares LessThanThreshold where GreaterThanThreshold is recommended",
		"uses Minimum where Average is recommended",
		"needs 86400 s of breaching data where 900 s is recommended",
	]
}

test_fail_threshold_too_lax if {
	lax := deviation("5xxErrors", {"threshold": 0.5}, ["threshold"])
	some f in denied_for({"s3_buckets": [bucket([settings("5xxErrors", s3_5xx, "no", [lax])])]})
	f.msg == "example: no alarm on 5xxErrors has the recommended settings (5xxErrors fires at 0.5 where 0.05 is recommended)"
}

test_fail_two_alarms_and_two_metrics if {
	lax := deviation("lax", {"threshold": 0.5}, ["threshold"])
	slow := deviation("slow", {"window": 3600}, ["window"])
	four := settings("4xxErrors", s3_5xx, "no", [lax])
	five := settings("5xxErrors", s3_5xx, "no", [slow, lax])
	denied := denied_for({"s3_buckets": [bucket([four, five, settings("OperationsFailedReplication", s3_5xx, "yes", [])])]})
	{f.msg | some f in denied} == {
		"example: no alarm on 4xxErrors has the recommended settings (lax fires at 0.5 where 0.05 is recommended)",
		"example: no alarm on 5xxErrors has the recommended settings (lax fires at 0.5 where 0.05 is recommended; slow needs 3600 s of breaching data where 900 s is recommended)",
	}
}

test_unknown_only_metric_math if {
	inp := {"s3_buckets": [bucket([settings("5xxErrors", s3_5xx, "unknown", [])])]}
	count(rule.deny) == 0 with input as inp
	some f in rule.unknown with input as inp
	f.msg == "example: the alarms on 5xxErrors read it through metric math, whose settings cannot be compared with the recommendation"
}

# An alarm of a monitoring account that could not be listed may have the settings the listed
# ones miss; one that was found with them decides.
test_unknown_alarms_of_another_account_not_listed if {
	lax := deviation("5xxErrors", {"threshold": 0.5}, ["threshold"])
	unlisted := {"posture": {"alarms_known": "no", "unlisted_alarm_accounts": ["444455556666"]}}
	inp := {"s3_buckets": [object.union(bucket([settings("5xxErrors", s3_5xx, "no", [lax]), settings("4xxErrors", s3_5xx, "yes", [])]), unlisted)]}
	count(rule.deny) == 0 with input as inp
	unknown := {f | some f in rule.unknown with input as inp}
	count(unknown) == 1
	some f in unknown
	f.evidence.unlisted_alarm_accounts == ["444455556666"]
	f.evidence["5xxErrors"].alarms["5xxErrors"] == ["fires at 0.5 where 0.05 is recommended"]
	f.msg == "example: no known alarm on 5xxErrors has the recommended settings (5xxErrors fires at 0.5 where 0.05 is recommended), but the alarms of account 444455556666 in us-east-1 could not be listed, and a cross-account alarm among them may read its metrics"
}
