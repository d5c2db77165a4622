package storewatch.aws.cloudtrail.bucket_access_logging_test

import data.storewatch.aws.cloudtrail.bucket_access_logging as rule
import data.storewatch.test.fixtures

trail(bucket) := object.union(fixtures.trail, {"posture": {"bucket": object.union({"name": "trail-logs"}, bucket)}})

test_pass_access_logging if {
	inp := {"trails": [trail({"found": "yes", "access_logging": "yes"})]}
	count(rule.deny) == 0 with input as inp
	count(rule.unknown) == 0 with input as inp
}

test_fail_no_access_logging if {
	denied := rule.deny with input as {"trails": [trail({"found": "yes", "access_logging": "no"})]}
	some f in denied
	f.id == fixtures.trail.id
}

test_unknown_bucket_in_another_account if {
	inp := {"trails": [trail({"found": "unknown", "access_logging": "unknown"})]}
	count(rule.deny) == 0 with input as inp
	count(rule.unknown) == 1 with input as inp
}
