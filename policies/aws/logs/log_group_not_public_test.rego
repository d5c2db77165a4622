package storewatch.aws.logs.log_group_not_public_test

import data.storewatch.aws.logs.log_group_not_public as rule
import data.storewatch.test.fixtures

group(posture) := object.union(fixtures.log_group, {"posture": posture})

test_fail_public if {
	denied := rule.deny with input as {"log_groups": [group({"public": "yes", "public_by": ["OpenToAll"]})]}
	some f in denied
	f.id == fixtures.log_group.id
	contains(f.msg, "OpenToAll")
}

test_pass_not_public if {
	inp := {"log_groups": [group({"public": "no"})]}
	count(rule.deny) == 0 with input as inp
	count(rule.unknown) == 0 with input as inp
}

test_unknown_policies_not_listed if {
	inp := {"log_groups": [group({"public": "unknown"})]}
	count(rule.deny) == 0 with input as inp
	some u in rule.unknown with input as inp
	u.id == fixtures.log_group.id
}

test_unknown_not_resolved if {
	count(rule.unknown) == 1 with input as {"log_groups": [group({"public": ""})]}
}
