# METADATA
# title: S3 bucket has server access logging on
# description: |
#   An S3 general purpose bucket delivers server access logs to a target bucket (Security Hub
#   S3.9): every request, with requester, operation, key and result, including the reads
#   that CloudTrail records only as paid data events. A bucket that is itself a log-delivery
#   target (a grant to the S3 log delivery group or a policy for logging.s3.amazonaws.com) is
#   exempt, as Trivy exempts it: logging a log bucket to another would only move the problem.
#   With the `target_buckets` parameter set (AWS Config's targetBucket), the target must be
#   one of those buckets. A bucket whose ACL or policy could not be read might be a log
#   target, so its verdict is unknown.
# related_resources:
#   - ref: https://docs.aws.amazon.com/securityhub/latest/userguide/s3-controls.html#s3-9
#   - ref: https://docs.aws.amazon.com/AmazonS3/latest/userguide/ServerLogs.html
# custom:
#   id: SW-LX-16
#   severity: medium
#   service: s3
#   resource_types: [AWS::S3::Bucket]
#   requires: [s3:GetBucketLogging, s3:GetBucketAcl, s3:GetBucketPolicy]
#   fields: [logging]
#   dimension: log_exports
#   frameworks:
#     aws-fsbp: [S3.9]
#     aws-config: [s3-bucket-logging-enabled]
#   remediation:
#     console: S3 console → the bucket → Properties → Server access logging → Edit → Enable → destination s3://<log-bucket>/<prefix>/ → Save changes.
#     cli: aws s3api put-bucket-logging --bucket <bucket> --bucket-logging-status '{"LoggingEnabled":{"TargetBucket":"<log-bucket>","TargetPrefix":"<bucket>/"}}'
#     terraform: |
#       resource "aws_s3_bucket_logging" "this" {
#         bucket        = aws_s3_bucket.this.id
#         target_bucket = aws_s3_bucket.logs.id
#         target_prefix = "${aws_s3_bucket.this.id}/"
#       }
package storewatch.aws.s3.bucket_access_logging

import data.storewatch.lib.config

targets := config.param("SW-LX-16", "target_buckets", [])

applies contains b.id if {
	some b in input.s3_buckets
	b.log_delivery_target == false
}

deny contains {"id": b.id, "msg": msg} if {
	some b in input.s3_buckets
	b.log_delivery_target == false
	b.logging == null
	msg := sprintf("S3 bucket %s has no server access logging", [b.name])
}

deny contains {"id": b.id, "msg": msg, "evidence": b.logging} if {
	some b in input.s3_buckets
	b.log_delivery_target == false
	b.logging != null
	count(targets) > 0
	not b.logging.target_bucket in targets
	msg := sprintf("S3 bucket %s logs to %q, not one of %s", [b.name, b.logging.target_bucket, concat(", ", targets)])
}
