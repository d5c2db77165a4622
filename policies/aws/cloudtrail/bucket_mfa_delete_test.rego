package storewatch.aws.cloudtrail.bucket_mfa_delete_test

import data.storewatch.aws.cloudtrail.bucket_mfa_delete as rule
import data.storewatch.test.fixtures

trail(bucket) := object.union(fixtures.trail, {"posture": {"bucket": object.union({"name": "trail-logs"}, bucket)}})

test_pass_mfa_delete if {
	inp := {"trails": [trail({"found": "yes", "versioning": "yes", "mfa_delete": "yes"})]}
	count(rule.deny) == 0 with input as inp
	count(rule.unknown) == 0 with input as inp
}

test_fail_versioning_without_mfa_delete if {
	denied := rule.deny with input as {"trails": [trail({"found": "yes", "versioning": "yes", "mfa_delete": "no"})]}
	some f in denied
	f.id == fixtures.trail.id
	f.evidence.versioning == "yes"
}

test_unknown_versioning_not_collected if {
	inp := {"trails": [trail({"found": "yes", "mfa_delete": "unknown"})]}
	count(rule.deny) == 0 with input as inp
	count(rule.unknown) == 1 with input as inp
}
