# METADATA
# title: KMS key states
# description: |
#   Which KMS key states let a key encrypt and decrypt, which stop it, and why a resource's
#   key is neither: its state is unknown, or one storewatch cannot count as usable.
# related_resources:
#   - ref: https://docs.aws.amazon.com/kms/latest/developerguide/key-state.html
#   - ref: https://docs.aws.amazon.com/kms/latest/developerguide/multi-region-keys-replicate.html
#   - ref: https://docs.aws.amazon.com/kms/latest/developerguide/multi-region-update.html
# custom:
#   library: true
package storewatch.lib.kms

# usable_states are the only states in which KMS encrypts and decrypts with the key. Updating
# is the transient state of the old and new primary keys while a multi-Region key's primary
# Region changes; AWS documents that they can still be used in cryptographic operations.
# A state not listed here is never taken as usable: an allow-list, so that Creating or a
# state AWS adds later cannot pass.
usable_states := {"Enabled", "Updating"}

# unusable_states are the states in which KMS refuses to encrypt and decrypt with the key:
# what it protects can be neither written nor read until the key is enabled again,
# restored from deletion, or given its key material.
unusable_states := {"Disabled", "PendingDeletion", "PendingReplicaDeletion", "PendingImport", "Unavailable"}

# undecided(state) holds for a key state that is neither usable nor known to be unusable:
# "unknown" (the key is not in the snapshot), "" (no state recorded), Creating, or a state
# storewatch does not know. A rule's verdict on such a key is unknown, never a pass.
undecided(state) if {
	not state in usable_states
	not state in unusable_states
}

# recorded_undecided(state) holds for an undecided state that KMS reported: Creating, or a
# state storewatch does not know. The rules about a log group seen through a store or a
# trail leave an unknown or unrecorded state to SW-CWL-03 on the group itself, but a
# reported state that is not usable must not let them pass.
recorded_undecided(state) if {
	undecided(state)
	not state in {"unknown", ""}
}

# undecided_reason says why a key in an undecided state cannot be judged usable; r is the
# resource that names the key.
undecided_reason(r, "unknown") := unknown_reason(r)

undecided_reason(_, "") := "the key's state is not recorded"

# A multi-Region replica key is Creating for a few seconds after ReplicateKey, and cannot be
# used until it becomes Enabled, or PendingImport if its key material is imported.
undecided_reason(_, "Creating") := "the key is Creating: a multi-Region replica key being created cannot encrypt or decrypt yet, and it may become Enabled or PendingImport"

undecided_reason(_, state) := sprintf("the key's state %s is not one storewatch knows to be usable (only Enabled and Updating keys can encrypt and decrypt)", [state]) if {
	not state in {"unknown", "", "Creating"}
}

# undecided_evidence is the evidence of an unknown verdict on a key: its id, and its state
# when one was recorded.
undecided_evidence(key_id, "unknown") := {"kms_key_id": key_id}

undecided_evidence(key_id, state) := {"kms_key_id": key_id, "key_state": state} if state != "unknown"

# unknown_reason says why the state of the key a resource names is unknown. A resource
# with a .tf source comes from a Terraform plan, which holds only the keys it manages, and
# of those only is_enabled, which it may leave unknown until apply.
unknown_reason(r) := "the key is not in the Terraform plan, or the plan leaves its is_enabled unknown until apply; pass --snapshot with a snapshot of the live account to judge a key the plan does not manage" if {
	object.get(r, "source", null) != null
}

unknown_reason(r) := "the key is not in the snapshot (it could not be described, or it belongs to an account outside the snapshot)" if {
	object.get(r, "source", null) == null
}
