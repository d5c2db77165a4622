# METADATA
# title: KMS key states
# description: |
#   The KMS key states in which a key can neither encrypt nor decrypt, and why a resource's
#   key state is unknown.
# related_resources:
#   - ref: https://docs.aws.amazon.com/kms/latest/developerguide/key-state.html
# custom:
#   library: true
package storewatch.lib.kms

# unusable_states are the states in which KMS refuses to encrypt and decrypt with the key:
# what it protects can be neither written nor read until the key is enabled again,
# restored from deletion, or given its key material.
unusable_states := {"Disabled", "PendingDeletion", "PendingReplicaDeletion", "PendingImport", "Unavailable"}

# unknown_reason says why the state of the key a resource names is unknown. A resource
# with a .tf source comes from a Terraform plan, which holds only the keys it manages.
unknown_reason(r) := "the key is not in the Terraform plan; pass --snapshot with a snapshot of the live account to judge it" if {
	r.source != null
}

unknown_reason(r) := "the key is not in the snapshot (it could not be described, or it belongs to an account outside the snapshot)" if {
	r.source == null
}
