package storewatch.aws.cloudtrail.multi_region_trail_test

import data.storewatch.aws.cloudtrail.multi_region_trail as rule
import data.storewatch.test.fixtures

account(cov) := object.union(fixtures.account, {"posture": {"multi_region_trail": cov}})

org_trail := "arn:aws:cloudtrail:us-east-1:999999999999:trail/org"

test_pass_own_multi_region_trail if {
	inp := {"accounts": [account({"status": "yes", "by": ["arn:aws:cloudtrail:us-east-1:111122223333:trail/main"], "reason": ""})]}
	count(rule.deny) == 0 with input as inp
	count(rule.unknown) == 0 with input as inp
}

# An organisation trail owned by the management account covers the member: resolution
# says yes, and the rule must not fail the member.
test_pass_organization_trail_of_another_account if {
	inp := {"accounts": [object.union(account({"status": "yes", "by": [org_trail], "reason": ""}), {"organization_id": "o-1", "posture": {"covered_by_organization_trail": [org_trail]}})]}
	count(rule.deny) == 0 with input as inp
}

# Two trails that together record reads and writes: resolution lists both.
test_pass_two_trails_read_and_write if {
	inp := {"accounts": [account({"status": "yes", "by": ["arn:aws:cloudtrail:us-east-1:111122223333:trail/reads", "arn:aws:cloudtrail:us-east-1:111122223333:trail/writes"], "reason": ""})]}
	count(rule.deny) == 0 with input as inp
}

test_fail_single_region_trail_only if {
	denied := rule.deny with input as {"accounts": [account({"status": "no", "by": [], "reason": "no logging multi-Region trail records the account's management events: trail local records only us-east-1"})]}
	some f in denied
	f.id == fixtures.account.id
	contains(f.msg, "records only us-east-1")
}

test_fail_read_only if {
	denied := rule.deny with input as {"accounts": [account({"status": "no", "by": [], "reason": "only read-only management events are recorded (by main)"})]}
	count(denied) == 1
}

test_unknown_selectors_not_collected if {
	inp := {"accounts": [account({"status": "unknown", "by": [], "reason": "the event selectors of trail main were not collected"})]}
	count(rule.deny) == 0 with input as inp
	some u in rule.unknown with input as inp
	u.id == fixtures.account.id
}
