package storewatch.lib.kms_test

import data.storewatch.lib.kms

test_unusable_states if {
	"PendingDeletion" in kms.unusable_states
	"Disabled" in kms.unusable_states
	not "Enabled" in kms.unusable_states
	not "unknown" in kms.unusable_states
}

test_usable_states_are_an_allow_list if {
	kms.usable_states == {"Enabled", "Updating"}
	count(kms.usable_states & kms.unusable_states) == 0
}

test_undecided if {
	every state in ["unknown", "", "Creating", "Rotating"] {
		kms.undecided(state)
	}
	every state in ["Enabled", "Updating", "Disabled", "PendingDeletion", "PendingReplicaDeletion", "PendingImport", "Unavailable"] {
		not kms.undecided(state)
	}
}

test_recorded_undecided if {
	kms.recorded_undecided("Creating")
	kms.recorded_undecided("Rotating")
	not kms.recorded_undecided("unknown")
	not kms.recorded_undecided("")
	not kms.recorded_undecided("Enabled")
	not kms.recorded_undecided("Disabled")
}

test_undecided_reason_names_the_state if {
	contains(kms.undecided_reason({"source": null}, "unknown"), "not in the snapshot")
	contains(kms.undecided_reason({"source": null}, ""), "not recorded")
	contains(kms.undecided_reason({"source": null}, "Creating"), "Creating")
	contains(kms.undecided_reason({"source": null}, "Rotating"), "Rotating")
}

test_undecided_evidence if {
	kms.undecided_evidence("k", "unknown") == {"kms_key_id": "k"}
	kms.undecided_evidence("k", "Creating") == {"kms_key_id": "k", "key_state": "Creating"}
}

test_unknown_reason if {
	contains(kms.unknown_reason({"source": {"address": "aws_cloudwatch_log_group.a"}}), "Terraform plan")
	contains(kms.unknown_reason({"source": {"address": "aws_cloudwatch_log_group.a"}}), "is_enabled unknown until apply")
	contains(kms.unknown_reason({"source": null}), "not in the snapshot")
	contains(kms.unknown_reason({}), "not in the snapshot")
}
