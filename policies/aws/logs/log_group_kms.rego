# METADATA
# title: CloudWatch Logs log group is encrypted with a KMS key
# description: |
#   A log group names a KMS key (`kmsKeyId`), so its events are encrypted under a key whose
#   policy the account controls and whose use CloudTrail records, rather than only under the
#   service's default encryption. AWS Config cloudwatch-log-group-encrypted. CloudWatch Logs
#   accepts only symmetric customer managed keys for this. `kms_key_ids` (default: any key)
#   lists the key ARNs a group must use, like the Config rule's KmsKeyId parameter.
# related_resources:
#   - ref: https://docs.aws.amazon.com/config/latest/developerguide/cloudwatch-log-group-encrypted.html
#   - ref: https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/encrypt-log-data-kms.html
# custom:
#   id: SW-CWL-03
#   severity: medium
#   service: logs
#   resource_types: [AWS::Logs::LogGroup]
#   requires: [logs:DescribeLogGroups]
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
