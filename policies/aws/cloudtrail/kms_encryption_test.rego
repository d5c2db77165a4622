package storewatch.aws.cloudtrail.kms_encryption_test

import data.storewatch.aws.cloudtrail.kms_encryption as rule
import data.storewatch.test.fixtures

test_pass_kms_key if {
	count(rule.deny) == 0 with input as {"trails": [object.union(fixtures.trail, {"kms_key_id": "arn:aws:kms:us-east-1:111122223333:key/k1"})]}
}

test_fail_no_kms_key if {
	denied := rule.deny with input as {"trails": [object.union(fixtures.trail, {"kms_key_id": ""})]}
	some f in denied
	f.id == fixtures.trail.id
}

keyed(state) := object.union(fixtures.trail, {
	"kms_key_id": "arn:aws:kms:us-east-1:111122223333:key/k1",
	"posture": object.union(fixtures.trail.posture, {"kms_key_state": state}),
})

test_fail_key_pending_deletion_or_disabled if {
	every state in ["PendingDeletion", "Disabled", "PendingReplicaDeletion"] {
		some f in rule.deny with input as {"trails": [keyed(state)]}
		f.evidence.key_state == state
	}
}

test_pass_key_enabled if {
	inp := {"trails": [keyed("Enabled")]}
	count(rule.deny) == 0 with input as inp
	count(rule.unknown) == 0 with input as inp
}

test_unknown_key_state if {
	inp := {"trails": [keyed("unknown")]}
	count(rule.deny) == 0 with input as inp
	count(rule.unknown) == 1 with input as inp
}

test_pass_key_updating if {
	inp := {"trails": [keyed("Updating")]}
	count(rule.deny) == 0 with input as inp
	count(rule.unknown) == 0 with input as inp
}

test_unknown_key_creating_or_unrecognised if {
	every state in ["Creating", "SomeFutureState"] {
		inp := {"trails": [keyed(state)]}
		count(rule.deny) == 0 with input as inp
		some u in rule.unknown with input as inp
		contains(u.msg, state)
		u.evidence.key_state == state
	}
}
