package storewatch.aws.cloudtrail.organization_trail_test

import data.storewatch.aws.cloudtrail.organization_trail as rule
import data.storewatch.test.fixtures

org_trail := "arn:aws:cloudtrail:us-east-1:999999999999:trail/org"

account(org, covered, own) := object.union(fixtures.account, {
	"organization_id": org,
	"posture": {"covered_by_organization_trail": covered, "multi_region_trail": {"status": own, "by": [], "reason": "r"}},
})

test_pass_member_covered_by_organization_trail if {
	inp := {"accounts": [account("o-1", [org_trail], "yes")]}
	count(rule.deny) == 0 with input as inp
	fixtures.account.id in rule.applies with input as inp
}

# An organisation trail that is recorded as covering the member passes it even when the
# account-level multi-Region status says otherwise (for example a read-only org trail).
test_pass_covered_whatever_own_status if {
	inp := {"accounts": [account("o-1", [org_trail], "no")]}
	count(rule.deny) == 0 with input as inp
	count(rule.unknown) == 0 with input as inp
}

# The account that owns the organisation trail, or any account with its own good trail,
# is never failed.
test_pass_own_good_trail if {
	inp := {"accounts": [account("o-1", [], "yes")]}
	count(rule.deny) == 0 with input as inp
	count(rule.unknown) == 0 with input as inp
	fixtures.account.id in rule.applies with input as inp
}

test_pass_account_outside_organization_not_judged if {
	inp := {"accounts": [account("", [], "no")]}
	count(rule.deny) == 0 with input as inp
	not fixtures.account.id in rule.applies with input as inp
}

test_fail_member_without_any_trail if {
	denied := rule.deny with input as {"accounts": [account("o-1", [], "no")]}
	some f in denied
	f.id == fixtures.account.id
	contains(f.msg, "o-1")
}

test_unknown_trails_not_collected if {
	inp := {"accounts": [account("o-1", [], "unknown")]}
	count(rule.deny) == 0 with input as inp
	count(rule.unknown) == 1 with input as inp
}
