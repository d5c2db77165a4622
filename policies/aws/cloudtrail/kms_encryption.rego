# METADATA
# title: Trail log files are encrypted with a KMS key
# description: |
#   The trail encrypts its log files with SSE-KMS (a KmsKeyId is set), so reading the audit
#   record of the data stores needs kms:Decrypt on a key the account controls, not only
#   s3:GetObject (CIS 3.5). The evidence says whether the key is customer managed when the
#   key is in the snapshot.
# related_resources:
#   - ref: https://docs.aws.amazon.com/awscloudtrail/latest/userguide/encrypting-cloudtrail-log-files-with-aws-kms.html
#   - ref: https://docs.aws.amazon.com/securityhub/latest/userguide/cloudtrail-controls.html#cloudtrail-2
# custom:
#   id: SW-TI-02
#   severity: medium
#   service: cloudtrail
#   resource_types: [AWS::CloudTrail::Trail]
#   requires: [cloudtrail:DescribeTrails]
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

deny contains {"id": t.id, "msg": msg} if {
	some t in input.trails
	t.kms_key_id == ""
	msg := sprintf("trail %s does not encrypt its log files with a KMS key", [t.name])
}
