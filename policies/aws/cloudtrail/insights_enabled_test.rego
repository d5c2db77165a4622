package storewatch.aws.cloudtrail.insights_enabled_test

import data.storewatch.aws.cloudtrail.insights_enabled as rule
import data.storewatch.test.fixtures

trail(insights, p) := object.union(fixtures.trail, {"insight_types": insights, "posture": p})

test_pass_insights if {
	inp := {"trails": [trail(["ApiCallRateInsight"], {"logging": "yes", "management_events": "all"})]}
	count(rule.deny) == 0 with input as inp
	count(rule.unknown) == 0 with input as inp
	fixtures.trail.id in rule.applies with input as inp
}

test_pass_data_events_only_trail_not_judged if {
	inp := {"trails": [trail([], {"logging": "yes", "management_events": "none"})]}
	count(rule.deny) == 0 with input as inp
	not fixtures.trail.id in rule.applies with input as inp
}

test_pass_stopped_trail_not_judged if {
	inp := {"trails": [trail([], {"logging": "no", "management_events": "all"})]}
	count(rule.deny) == 0 with input as inp
	not fixtures.trail.id in rule.applies with input as inp
}

test_fail_no_insights if {
	denied := rule.deny with input as {"trails": [trail([], {"logging": "yes", "management_events": "write"})]}
	some f in denied
	f.id == fixtures.trail.id
}

test_unknown_status if {
	inp := {"trails": [trail([], {"logging": "unknown", "management_events": "all"})]}
	count(rule.deny) == 0 with input as inp
	count(rule.unknown) == 1 with input as inp
}
