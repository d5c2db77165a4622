# METADATA
# title: Trail bucket keeps logs with Object Lock or a retention lifecycle
# description: |
#   The S3 bucket a trail delivers to protects the audit record of the data stores from
#   early loss: Object Lock is enabled, or a lifecycle rule keeps objects at least
#   min_retention_days (default 365) before expiring them. The rule fails a bucket without
#   Object Lock whose lifecycle expires logs sooner, and one without Object Lock or any
#   expiration rule, since nothing then states how long the logs are kept. Unknown when the
#   bucket is not in the snapshot (a central log archive account) or its Object Lock or
#   lifecycle configuration was not collected.
# related_resources:
#   - ref: https://docs.aws.amazon.com/AmazonS3/latest/userguide/object-lock.html
#   - ref: https://docs.aws.amazon.com/AmazonS3/latest/userguide/object-lifecycle-mgmt.html
# custom:
#   id: SW-TI-07
#   severity: low
#   service: cloudtrail
#   resource_types: [AWS::CloudTrail::Trail]
#   requires: [s3:GetObjectLockConfiguration, s3:GetBucketLifecycleConfiguration]
#   fields: [s3_bucket_name]
#   remediation:
#     console: S3 console → the trail bucket → Management → Create lifecycle rule that expires current versions after at least 365 days; or, for a new bucket, enable Object Lock with a default retention.
#     cli: aws s3api put-bucket-lifecycle-configuration --bucket <bucket> --lifecycle-configuration '{"Rules":[{"ID":"keep-trail-logs","Status":"Enabled","Filter":{},"Expiration":{"Days":400}}]}'
#     terraform: |
#       resource "aws_s3_bucket_lifecycle_configuration" "trail" {
#         bucket = aws_s3_bucket.trail.id
#         rule {
#           id     = "keep-trail-logs"
#           status = "Enabled"
#           filter {}
#           expiration {
#             days = 400
#           }
#         }
#       }
package storewatch.aws.cloudtrail.bucket_retention

import data.storewatch.lib.config

min_days := config.param("SW-TI-07", "min_retention_days", 365)

deny contains {"id": t.id, "msg": msg, "evidence": {"bucket": b.name, "retention_days": b.retention_days, "min_retention_days": min_days}} if {
	some t in input.trails
	b := t.posture.bucket
	b.object_lock == "no"
	b.lifecycle == "yes"
	b.retention_days < min_days
	msg := sprintf("the bucket %s of trail %s has no Object Lock and expires logs after %d days, fewer than %d", [b.name, t.name, b.retention_days, min_days])
}

deny contains {"id": t.id, "msg": msg, "evidence": {"bucket": b.name}} if {
	some t in input.trails
	b := t.posture.bucket
	b.object_lock == "no"
	b.lifecycle == "no"
	msg := sprintf("the bucket %s of trail %s has neither Object Lock nor a lifecycle rule that sets how long logs are kept", [b.name, t.name])
}

unknown contains {"id": t.id, "msg": msg} if {
	some t in input.trails
	b := t.posture.bucket
	b.object_lock != "yes"
	"unknown" in {b.object_lock, b.lifecycle}
	not retained(b)
	msg := sprintf("whether the bucket %s of trail %s retains logs is unknown (found in the snapshot: %s)", [b.name, t.name, b.found])
}

retained(b) if {
	b.lifecycle == "yes"
	b.retention_days >= min_days
}
