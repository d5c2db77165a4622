# METADATA
# title: Trail log files are encrypted with a KMS key
# description: |
#   The trail encrypts its log files with SSE-KMS (a KmsKeyId is set), so reading the audit
#   record of the data stores needs kms:Decrypt on a key the account controls, not only
#   s3:GetObject (CIS 3.5). The evidence says whether the key is customer managed when the
#   key is in the snapshot. The key must also be usable, that is Enabled (or Updating, while
#   a multi-Region key's primary Region changes): with a key that is Disabled,
#   PendingDeletion, PendingReplicaDeletion, PendingImport or Unavailable, CloudTrail cannot
#   encrypt new log files and the files already delivered cannot be decrypted, so the trail
#   fails. Unknown when the key's state is not known — the key could not be described (the
#   collection error is the evidence), belongs to an account outside the snapshot (an
#   organisation trail seen from a member account), or is not in the Terraform plan — and
#   when it is any other state (Creating, or one storewatch does not know), named in the
#   message.
# related_resources:
#   - ref: https://docs.aws.amazon.com/awscloudtrail/latest/userguide/encrypting-cloudtrail-log-files-with-aws-kms.html
#   - ref: https://docs.aws.amazon.com/kms/latest/developerguide/key-state.html
#   - ref: https://docs.aws.amazon.com/securityhub/latest/userguide/cloudtrail-controls.html#cloudtrail-2
# custom:
#   id: SW-TI-02
#   severity: medium
#   service: cloudtrail
#   resource_types: [AWS::CloudTrail::Trail]
#   requires: [cloudtrail:DescribeTrails, kms:DescribeKey]
#   fields: [kms_key_id]
#   frameworks:
#     aws-fsbp: [CloudTrail.2]
#     cis-aws-v3.0: ["3.5"]
#     aws-config: [cloud-trail-encryption-enabled]
#   remediation:
#     console: CloudTrail console → Trails → the trail → General details → Edit → Log file SSE-KMS encryption → Enabled → choose a customer managed key whose policy lets cloudtrail.amazonaws.com use it.
#     cli: aws cloudtrail update-trail --name <trail> --kms-key-id <key-arn>
#     terraform: |
#       resource "aws_cloudtrail" "main" {
#         kms_key_id = aws_kms_key.trail.arn
#       }
package storewatch.aws.cloudtrail.kms_encryption

import data.storewatch.lib.kms

deny contains {"id": t.id, "msg": msg} if {
	some t in input.trails
	t.kms_key_id == ""
	msg := sprintf("trail %s does not encrypt its log files with a KMS key", [t.name])
}

deny contains {"id": t.id, "msg": msg, "evidence": {"kms_key_id": t.kms_key_id, "key_state": t.posture.kms_key_state}} if {
	some t in input.trails
	t.kms_key_id != ""
	t.posture.kms_key_state in kms.unusable_states
	msg := sprintf("trail %s encrypts its log files with KMS key %s, which is %s: CloudTrail cannot encrypt new log files with it, and the delivered ones cannot be decrypted", [t.name, t.kms_key_id, t.posture.kms_key_state])
}

unknown contains {"id": t.id, "msg": msg, "evidence": kms.undecided_evidence(t.kms_key_id, state)} if {
	some t in input.trails
	t.kms_key_id != ""
	state := object.get(t, ["posture", "kms_key_state"], "")
	kms.undecided(state)
	msg := sprintf("whether the KMS key %s of trail %s is usable is unknown: %s", [t.kms_key_id, t.name, kms.undecided_reason(t, state)])
}
