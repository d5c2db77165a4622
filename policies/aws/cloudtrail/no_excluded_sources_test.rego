package storewatch.aws.cloudtrail.no_excluded_sources_test

import data.storewatch.aws.cloudtrail.no_excluded_sources as rule
import data.storewatch.test.fixtures

trail(p) := object.union(fixtures.trail, {"posture": p})

test_pass_nothing_excluded if {
	inp := {"trails": [trail({"management_events": "all", "excluded_event_sources": []})]}
	count(rule.deny) == 0 with input as inp
	count(rule.unknown) == 0 with input as inp
}

test_fail_rds_data_api_excluded if {
	denied := rule.deny with input as {"trails": [trail({"management_events": "all", "excluded_event_sources": ["kms.amazonaws.com", "rdsdata.amazonaws.com"]})]}
	some f in denied
	f.id == fixtures.trail.id
	contains(f.msg, "rdsdata.amazonaws.com")
}

test_unknown_selectors_not_collected if {
	inp := {"trails": [trail({"management_events": "unknown"})]}
	count(rule.deny) == 0 with input as inp
	count(rule.unknown) == 1 with input as inp
}
