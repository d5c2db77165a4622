package storewatch.aws.cloudtrail.event_data_store_kms_test

import data.storewatch.aws.cloudtrail.event_data_store_kms as rule
import data.storewatch.test.fixtures

test_pass_kms_key if {
	count(rule.deny) == 0 with input as {"event_data_stores": [object.union(fixtures.event_data_store, {"kms_key_id": "arn:aws:kms:us-east-1:111122223333:key/k1"})]}
}

test_fail_default_key if {
	denied := rule.deny with input as {"event_data_stores": [object.union(fixtures.event_data_store, {"kms_key_id": ""})]}
	some f in denied
	f.id == fixtures.event_data_store.id
}

keyed(state) := object.union(fixtures.event_data_store, {
	"kms_key_id": "arn:aws:kms:us-east-1:111122223333:key/k1",
	"posture": {"kms_key_state": state},
})

test_fail_key_disabled if {
	some f in rule.deny with input as {"event_data_stores": [keyed("Disabled")]}
	f.evidence.key_state == "Disabled"
}

test_pass_key_enabled if {
	inp := {"event_data_stores": [keyed("Enabled")]}
	count(rule.deny) == 0 with input as inp
	count(rule.unknown) == 0 with input as inp
}

test_unknown_key_state if {
	inp := {"event_data_stores": [keyed("unknown")]}
	count(rule.deny) == 0 with input as inp
	count(rule.unknown) == 1 with input as inp
}

test_pass_key_updating if {
	inp := {"event_data_stores": [keyed("Updating")]}
	count(rule.deny) == 0 with input as inp
	count(rule.unknown) == 0 with input as inp
}

test_unknown_key_creating_or_unrecognised if {
	every state in ["Creating", "SomeFutureState"] {
		inp := {"event_data_stores": [keyed(state)]}
		count(rule.deny) == 0 with input as inp
		some u in rule.unknown with input as inp
		contains(u.msg, state)
		u.evidence.key_state == state
	}
}
