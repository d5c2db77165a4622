# METADATA
# title: CloudTrail Lake event data store is encrypted with a KMS key
# description: |
#   A CloudTrail Lake event data store encrypts its events with a customer managed KMS key
#   (KmsKeyId is set) rather than the default CloudTrail-owned key, so access to the queried
#   audit record of the data stores can be revoked by key policy.
#   The key must also be usable, that is Enabled (or Updating, while a multi-Region key's
#   primary Region changes): one that is Disabled, PendingDeletion, PendingReplicaDeletion,
#   PendingImport or Unavailable can neither encrypt the events the store takes in nor
#   decrypt the ones it holds, so the store fails. Unknown when the key's state is not known
#   (it could not be described, belongs to an account outside the snapshot, or is not in the
#   Terraform plan) and when it is any other state (Creating, or one storewatch does not
#   know), named in the message.
# related_resources:
#   - ref: https://docs.aws.amazon.com/securityhub/latest/userguide/cloudtrail-controls.html#cloudtrail-10
#   - ref: https://docs.aws.amazon.com/awscloudtrail/latest/userguide/query-event-data-store-encryption.html
#   - ref: https://docs.aws.amazon.com/kms/latest/developerguide/key-state.html
# custom:
#   id: SW-TI-08
#   severity: medium
#   service: cloudtrail
#   resource_types: [AWS::CloudTrail::EventDataStore]
#   requires: [cloudtrail:ListEventDataStores, kms:DescribeKey]
#   fields: [kms_key_id]
#   frameworks:
#     aws-fsbp: [CloudTrail.10]
#   remediation:
#     console: CloudTrail console → Lake → Event data stores → the store → Edit → Encryption → use your own AWS KMS key.
#     cli: aws cloudtrail update-event-data-store --event-data-store <arn> --kms-key-id <key-arn>
#     terraform: |
#       resource "aws_cloudtrail_event_data_store" "lake" {
#         kms_key_id = aws_kms_key.lake.arn
#       }
package storewatch.aws.cloudtrail.event_data_store_kms

import data.storewatch.lib.kms

deny contains {"id": e.id, "msg": msg} if {
	some e in input.event_data_stores
	e.kms_key_id == ""
	msg := sprintf("event data store %s is not encrypted with a customer managed KMS key", [e.name])
}

deny contains {"id": e.id, "msg": msg, "evidence": {"kms_key_id": e.kms_key_id, "key_state": e.posture.kms_key_state}} if {
	some e in input.event_data_stores
	e.kms_key_id != ""
	e.posture.kms_key_state in kms.unusable_states
	msg := sprintf("event data store %s is encrypted with KMS key %s, which is %s: the store can neither take in nor return events with it", [e.name, e.kms_key_id, e.posture.kms_key_state])
}

unknown contains {"id": e.id, "msg": msg, "evidence": kms.undecided_evidence(e.kms_key_id, state)} if {
	some e in input.event_data_stores
	e.kms_key_id != ""
	state := object.get(e, ["posture", "kms_key_state"], "")
	kms.undecided(state)
	msg := sprintf("whether the KMS key %s of event data store %s is usable is unknown: %s", [e.kms_key_id, e.name, kms.undecided_reason(e, state)])
}
