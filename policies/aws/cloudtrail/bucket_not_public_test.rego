package storewatch.aws.cloudtrail.bucket_not_public_test

import data.storewatch.aws.cloudtrail.bucket_not_public as rule
import data.storewatch.test.fixtures

trail(bucket) := object.union(fixtures.trail, {"posture": {"bucket": object.union({"name": "trail-logs"}, bucket)}})

test_pass_private_bucket if {
	inp := {"trails": [trail({"found": "yes", "public": "no"})]}
	count(rule.deny) == 0 with input as inp
	count(rule.unknown) == 0 with input as inp
}

test_fail_public_bucket if {
	denied := rule.deny with input as {"trails": [trail({"found": "yes", "public": "yes"})]}
	some f in denied
	f.id == fixtures.trail.id
	contains(f.msg, "trail-logs")
}

test_unknown_bucket_in_another_account if {
	inp := {"trails": [trail({"found": "unknown", "public": "unknown"})]}
	count(rule.deny) == 0 with input as inp
	some u in rule.unknown with input as inp
	contains(u.msg, "not in the snapshot")
}

test_unknown_acl_not_collected if {
	inp := {"trails": [trail({"found": "yes", "public": "unknown"})]}
	some u in rule.unknown with input as inp
	contains(u.msg, "not collected")
}
