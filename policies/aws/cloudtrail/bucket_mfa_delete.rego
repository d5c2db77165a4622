# METADATA
# title: Trail bucket requires MFA Delete
# description: |
#   The S3 bucket a trail delivers to has versioning with MFA Delete enabled, so deleting an
#   object version or suspending versioning needs the root user's MFA device: a stolen
#   credential cannot erase the audit record of the data stores. Unknown when the bucket is
#   not in the snapshot or its versioning was not collected.
# related_resources:
#   - ref: https://docs.aws.amazon.com/AmazonS3/latest/userguide/MultiFactorAuthenticationDelete.html
# custom:
#   id: SW-TI-05
#   severity: medium
#   service: cloudtrail
#   resource_types: [AWS::CloudTrail::Trail]
#   requires: [s3:GetBucketVersioning]
#   fields: [s3_bucket_name]
#   remediation:
#     console: MFA Delete cannot be set in the console. As the root user, use the CLI with the root MFA device.
#     cli: aws s3api put-bucket-versioning --bucket <bucket> --versioning-configuration Status=Enabled,MFADelete=Enabled --mfa "arn:aws:iam::<account>:mfa/root-account-mfa-device <code>"
#     terraform: |
#       resource "aws_s3_bucket_versioning" "trail" {
#         bucket = aws_s3_bucket.trail.id
#         mfa    = "arn:aws:iam::<account>:mfa/root-account-mfa-device <code>"
#         versioning_configuration {
#           status     = "Enabled"
#           mfa_delete = "Enabled"
#         }
#       }
package storewatch.aws.cloudtrail.bucket_mfa_delete

deny contains {"id": t.id, "msg": msg, "evidence": {"bucket": t.posture.bucket.name, "versioning": t.posture.bucket.versioning}} if {
	some t in input.trails
	t.posture.bucket.mfa_delete == "no"
	msg := sprintf("the bucket %s of trail %s does not require MFA Delete", [t.posture.bucket.name, t.name])
}

unknown contains {"id": t.id, "msg": msg} if {
	some t in input.trails
	t.posture.bucket.mfa_delete == "unknown"
	msg := sprintf("whether the bucket %s of trail %s requires MFA Delete is unknown (found in the snapshot: %s)", [t.posture.bucket.name, t.name, t.posture.bucket.found])
}
