package storewatch.aws.logs.log_group_kms_test

import data.storewatch.aws.logs.log_group_kms as rule
import data.storewatch.test.fixtures

group(overrides) := object.union(fixtures.log_group, overrides)

key := "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"

test_fail_no_key if {
	denied := rule.deny with input as {"log_groups": [group({"name": "/aws/docdb/catalog/audit", "kms_key_id": ""})]}
	some f in denied
	f.id == fixtures.log_group.id
	contains(f.msg, "/aws/docdb/catalog/audit")
}

test_pass_key if {
	count(rule.deny) == 0 with input as {"log_groups": [group({"kms_key_id": key})]}
}

test_pass_allowed_key if {
	cfg := {"params": {"SW-CWL-03": {"kms_key_ids": [key]}}}
	count(rule.deny) == 0 with input as {"log_groups": [group({"kms_key_id": key})]} with data.storewatch.config as cfg
}

test_fail_key_not_allowed if {
	cfg := {"params": {"SW-CWL-03": {"kms_key_ids": [key]}}}
	denied := rule.deny with input as {"log_groups": [group({"kms_key_id": "arn:aws:kms:us-east-1:111122223333:key/other"})]}
		with data.storewatch.config as cfg
	some f in denied
	f.evidence.allowed == [key]
}

keyed(state) := group({"kms_key_id": key, "posture": object.union(fixtures.log_group.posture, {"kms_key_state": state})})

test_fail_key_disabled_or_pending_deletion if {
	every state in ["Disabled", "PendingDeletion", "PendingImport", "Unavailable"] {
		denied := rule.deny with input as {"log_groups": [keyed(state)]}
		some f in denied
		f.evidence.key_state == state
		contains(f.msg, state)
	}
}

test_pass_key_enabled if {
	inp := {"log_groups": [keyed("Enabled")]}
	count(rule.deny) == 0 with input as inp
	count(rule.unknown) == 0 with input as inp
}

test_unknown_key_state if {
	inp := {"log_groups": [keyed("unknown")]}
	count(rule.deny) == 0 with input as inp
	some u in rule.unknown with input as inp
	contains(u.msg, "not in the snapshot")
}

test_unknown_key_state_of_a_plan if {
	g := object.union(keyed("unknown"), {"source": {"address": "aws_cloudwatch_log_group.a", "file": "main.tf"}})
	some u in rule.unknown with input as {"log_groups": [g]}
	contains(u.msg, "Terraform plan")
}

test_pass_key_updating if {
	inp := {"log_groups": [keyed("Updating")]}
	count(rule.deny) == 0 with input as inp
	count(rule.unknown) == 0 with input as inp
}

test_unknown_key_creating_or_unrecognised if {
	every state in ["Creating", "SomeFutureState"] {
		inp := {"log_groups": [keyed(state)]}
		count(rule.deny) == 0 with input as inp
		some u in rule.unknown with input as inp
		contains(u.msg, state)
		u.evidence.key_state == state
	}
}

test_unknown_key_state_not_recorded if {
	g := group({"kms_key_id": key, "posture": object.remove(fixtures.log_group.posture, ["kms_key_state"])})
	some u in rule.unknown with input as {"log_groups": [g]}
	contains(u.msg, "not recorded")
}
