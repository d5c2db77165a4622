package storewatch.aws.cloudtrail.log_group_governed_test

import data.storewatch.aws.cloudtrail.log_group_governed as rule
import data.storewatch.test.fixtures

group(g) := object.union({"name": "/aws/cloudtrail/main", "found": "yes", "retention_days": 365, "kms_encrypted": true, "kms_key_manager": "CUSTOMER", "archived": false, "error_filters": []}, g)

trail(g) := object.union(fixtures.trail, {"posture": {"log_group": g}})

test_pass_governed if {
	inp := {"trails": [trail(group({}))]}
	count(rule.deny) == 0 with input as inp
	count(rule.unknown) == 0 with input as inp
	fixtures.trail.id in rule.applies with input as inp
}

test_pass_never_expires if {
	inp := {"trails": [trail(group({"retention_days": null}))]}
	count(rule.deny) == 0 with input as inp
}

test_pass_no_log_group_not_judged if {
	inp := {"trails": [fixtures.trail]}
	count(rule.deny) == 0 with input as inp
	not fixtures.trail.id in rule.applies with input as inp
}

test_fail_short_retention_no_kms if {
	denied := rule.deny with input as {"trails": [trail(group({"retention_days": 30, "kms_encrypted": false}))]}
	some f in denied
	f.id == fixtures.trail.id
	count(f.evidence.problems) == 2
}

test_fail_missing_group if {
	denied := rule.deny with input as {"trails": [trail(group({"found": "no", "retention_days": null, "kms_encrypted": false}))]}
	some f in denied
	contains(f.msg, "does not exist")
}

test_pass_min_days_parameter if {
	inp := {"trails": [trail(group({"retention_days": 90}))]}
	count(rule.deny) == 0 with input as inp with data.storewatch.config as {"params": {"SW-CWL-06": {"min_retention_days": 90}}}
}

test_unknown_group_elsewhere if {
	inp := {"trails": [trail(group({"found": "unknown", "retention_days": null, "kms_encrypted": false}))]}
	count(rule.deny) == 0 with input as inp
	count(rule.unknown) == 1 with input as inp
}

test_unknown_group_in_region_not_scanned if {
	inp := {"trails": [trail(group({"found": "unknown", "retention_days": null, "kms_encrypted": false, "reason": "region us-east-1 not scanned"}))]}
	count(rule.deny) == 0 with input as inp
	some u in rule.unknown with input as inp
	endswith(u.msg, ": region us-east-1 not scanned")
}

test_fail_key_pending_deletion if {
	denied := rule.deny with input as {"trails": [trail(group({"kms_key_state": "PendingDeletion"}))]}
	some f in denied
	contains(f.msg, "PendingDeletion")
}

# A key outside the snapshot is SW-CWL-03's question on the group itself.
test_pass_key_enabled_updating_or_unknown if {
	every state in ["Enabled", "Updating", "unknown", ""] {
		inp := {"trails": [trail(group({"kms_key_state": state}))]}
		count(rule.deny) == 0 with input as inp
		us := rule.unknown with input as inp
		every u in us {
			not contains(u.msg, "KMS key")
		}
	}
}

test_unknown_key_creating_or_unrecognised if {
	every state in ["Creating", "SomeFutureState"] {
		inp := {"trails": [trail(group({"kms_key_state": state}))]}
		count(rule.deny) == 0 with input as inp
		some u in rule.unknown with input as inp
		contains(u.msg, state)
		u.evidence.kms_key_state == state
	}
}
