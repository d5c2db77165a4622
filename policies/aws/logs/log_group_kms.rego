# METADATA
# title: CloudWatch Logs log group is encrypted with a KMS key
# description: |
#   A log group names a KMS key (`kmsKeyId`), so its events are encrypted under a key whose
#   policy the account controls and whose use CloudTrail records, rather than only under the
#   service's default encryption. AWS Config cloudwatch-log-group-encrypted. CloudWatch Logs
#   accepts only symmetric customer managed keys for this. `kms_key_ids` (default: any key)
#   lists the key ARNs a group must use, like the Config rule's KmsKeyId parameter. The key
#   must also be usable, that is Enabled (or Updating, while a multi-Region key's primary
#   Region changes): one that is Disabled, PendingDeletion, PendingReplicaDeletion,
#   PendingImport or Unavailable can neither encrypt new events nor decrypt stored ones, so
#   the group fails. Unknown when the key's state is not known — the key could not be
#   described (the collection error is the evidence), belongs to an account outside the
#   snapshot, or is not in the Terraform plan being judged — and when it is any other state
#   (Creating, or one storewatch does not know), named in the message.
# related_resources:
#   - ref: https://docs.aws.amazon.com/config/latest/developerguide/cloudwatch-log-group-encrypted.html
#   - ref: https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/encrypt-log-data-kms.html
#   - ref: https://docs.aws.amazon.com/kms/latest/developerguide/key-state.html
# custom:
#   id: SW-CWL-03
#   severity: medium
#   service: logs
#   resource_types: [AWS::Logs::LogGroup]
#   requires: [logs:DescribeLogGroups, kms:DescribeKey]
#   fields: [kms_key_id]
#   dimension: log_exports
#   frameworks:
#     aws-config: [cloudwatch-log-group-encrypted]
#   remediation:
#     console: CloudWatch console → Log groups → select the group → Actions → Edit → KMS key ARN → enter a customer managed key whose policy allows logs.<region>.amazonaws.com → Save.
#     cli: aws logs associate-kms-key --log-group-name <name> --kms-key-id arn:aws:kms:<region>:<account>:key/<key-id>
#     terraform: |
#       resource "aws_cloudwatch_log_group" "this" {
#         name       = "<name>"
#         kms_key_id = aws_kms_key.logs.arn
#       }
package storewatch.aws.logs.log_group_kms

import data.storewatch.lib.config
import data.storewatch.lib.kms

allowed_keys := {k | some k in config.param("SW-CWL-03", "kms_key_ids", [])}

deny contains {"id": g.id, "msg": msg, "evidence": {"kms_key_id": ""}} if {
	some g in input.log_groups
	g.kms_key_id == ""
	msg := sprintf("log group %s is not encrypted with a KMS key", [g.name])
}

deny contains {"id": g.id, "msg": msg, "evidence": {"kms_key_id": g.kms_key_id, "allowed": sort(allowed_keys)}} if {
	count(allowed_keys) > 0
	some g in input.log_groups
	g.kms_key_id != ""
	not g.kms_key_id in allowed_keys
	msg := sprintf("log group %s is encrypted with %s, which is not one of the keys the configuration allows", [g.name, g.kms_key_id])
}

deny contains {"id": g.id, "msg": msg, "evidence": {"kms_key_id": g.kms_key_id, "key_state": g.posture.kms_key_state}} if {
	some g in input.log_groups
	g.kms_key_id != ""
	g.posture.kms_key_state in kms.unusable_states
	msg := sprintf("log group %s is encrypted with KMS key %s, which is %s: CloudWatch Logs can neither write nor read the group's events with it", [g.name, g.kms_key_id, g.posture.kms_key_state])
}

unknown contains {"id": g.id, "msg": msg, "evidence": kms.undecided_evidence(g.kms_key_id, state)} if {
	some g in input.log_groups
	g.kms_key_id != ""
	state := object.get(g, ["posture", "kms_key_state"], "")
	kms.undecided(state)
	not not_allowed(g)
	msg := sprintf("whether the KMS key %s of log group %s is usable is unknown: %s", [g.kms_key_id, g.name, kms.undecided_reason(g, state)])
}

not_allowed(g) if {
	count(allowed_keys) > 0
	not g.kms_key_id in allowed_keys
}
