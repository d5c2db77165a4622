# METADATA
# title: Trail bucket is not public
# description: |
#   The S3 bucket a trail delivers to is not public: its ACL grants nothing to AllUsers or
#   AuthenticatedUsers and S3 does not report its policy as public, or the bucket's or the
#   account's public access block neutralises the grant (IgnorePublicAcls,
#   RestrictPublicBuckets). A public trail bucket hands the audit record of every data store,
#   and the map of the account, to anyone. When the bucket is not in the snapshot (a central
#   log archive account) or its ACL or policy status was not collected, the verdict is
#   unknown, never a pass.
# related_resources:
#   - ref: https://docs.aws.amazon.com/securityhub/latest/userguide/cloudtrail-controls.html#cloudtrail-6
#   - ref: https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html
# custom:
#   id: SW-TI-03
#   severity: critical
#   service: cloudtrail
#   resource_types: [AWS::CloudTrail::Trail]
#   requires: [s3:GetBucketAcl, s3:GetBucketPolicyStatus]
#   collects: [s3:GetPublicAccessBlock, s3control:GetPublicAccessBlock]
#   fields: [s3_bucket_name]
#   frameworks:
#     aws-fsbp: [CloudTrail.6]
#     aws-config: [cloudtrail-s3-bucket-public-access-prohibited]
#   remediation:
#     console: S3 console → the trail bucket → Permissions → Block public access → Edit → enable all four settings; remove AllUsers/AuthenticatedUsers grants from the ACL and public statements from the bucket policy.
#     cli: aws s3api put-public-access-block --bucket <bucket> --public-access-block-configuration BlockPublicAcls=true,IgnorePublicAcls=true,BlockPublicPolicy=true,RestrictPublicBuckets=true
#     terraform: |
#       resource "aws_s3_bucket_public_access_block" "trail" {
#         bucket                  = aws_s3_bucket.trail.id
#         block_public_acls       = true
#         ignore_public_acls      = true
#         block_public_policy     = true
#         restrict_public_buckets = true
#       }
package storewatch.aws.cloudtrail.bucket_not_public

deny contains {"id": t.id, "msg": msg, "evidence": {"bucket": t.posture.bucket.name}} if {
	some t in input.trails
	t.posture.bucket.public == "yes"
	msg := sprintf("trail %s delivers to the public bucket %s", [t.name, t.posture.bucket.name])
}

unknown contains {"id": t.id, "msg": msg} if {
	some t in input.trails
	t.posture.bucket.found != "yes"
	msg := sprintf("the bucket %s of trail %s is not in the snapshot (it may belong to another account)", [t.posture.bucket.name, t.name])
}

unknown contains {"id": t.id, "msg": msg} if {
	some t in input.trails
	t.posture.bucket.found == "yes"
	t.posture.bucket.public == "unknown"
	msg := sprintf("whether the bucket %s of trail %s is public is unknown: its ACL, policy status or public access block was not collected", [t.posture.bucket.name, t.name])
}
