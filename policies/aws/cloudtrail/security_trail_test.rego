package storewatch.aws.cloudtrail.security_trail_test

import data.storewatch.aws.cloudtrail.security_trail as rule
import data.storewatch.test.fixtures

account(cov) := object.union(fixtures.account, {"posture": {"security_trail": cov}})

test_pass_security_trail if {
	inp := {"accounts": [account({"status": "yes", "by": ["arn:aws:cloudtrail:us-east-1:111122223333:trail/main"], "reason": ""})]}
	count(rule.deny) == 0 with input as inp
	count(rule.unknown) == 0 with input as inp
}

test_fail_trail_without_kms if {
	denied := rule.deny with input as {"accounts": [account({"status": "no", "by": [], "reason": "trail main is not encrypted with a KMS key"})]}
	some f in denied
	f.id == fixtures.account.id
	contains(f.msg, "KMS")
}

test_unknown_status if {
	inp := {"accounts": [account({"status": "unknown", "by": [], "reason": "the status of trail main was not collected"})]}
	count(rule.deny) == 0 with input as inp
	count(rule.unknown) == 1 with input as inp
}
