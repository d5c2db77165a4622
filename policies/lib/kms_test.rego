package storewatch.lib.kms_test

import data.storewatch.lib.kms

test_unusable_states if {
	"PendingDeletion" in kms.unusable_states
	"Disabled" in kms.unusable_states
	not "Enabled" in kms.unusable_states
	not "unknown" in kms.unusable_states
}

test_unknown_reason if {
	contains(kms.unknown_reason({"source": {"address": "aws_cloudwatch_log_group.a"}}), "Terraform plan")
	contains(kms.unknown_reason({"source": null}), "not in the snapshot")
}
