package storewatch.aws.cloudtrail.region_trail_logging_test

import data.storewatch.aws.cloudtrail.region_trail_logging as rule
import data.storewatch.test.fixtures

region(p) := object.union(fixtures.region, {"posture": p})

test_pass_logging_trail if {
	inp := {"regions": [region({"trail_status": "yes", "logging_trails": ["arn:aws:cloudtrail:us-east-1:111122223333:trail/main"]})]}
	count(rule.deny) == 0 with input as inp
	count(rule.unknown) == 0 with input as inp
}

test_fail_no_logging_trail if {
	denied := rule.deny with input as {"regions": [region({"trail_status": "no"})]}
	some f in denied
	f.id == fixtures.region.id
	contains(f.msg, "us-east-1")
}

test_unknown_status_not_collected if {
	inp := {"regions": [region({"trail_status": "unknown", "management_events": {"status": "unknown", "by": [], "reason": "the status of trail main was not collected"}})]}
	count(rule.deny) == 0 with input as inp
	some u in rule.unknown with input as inp
	contains(u.msg, "not collected")
}
