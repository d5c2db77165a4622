# METADATA
# title: Trail bucket has server access logging
# description: |
#   The S3 bucket a trail delivers to logs server access requests to another bucket
#   (GetBucketLogging returns LoggingEnabled), so reads and deletions of the audit record of
#   the data stores are themselves recorded (CIS 3.4). Unknown when the bucket is not in the
#   snapshot (a central log archive account) or its logging configuration was not
#   collected.
# related_resources:
#   - ref: https://docs.aws.amazon.com/AmazonS3/latest/userguide/ServerLogs.html
#   - ref: https://docs.aws.amazon.com/securityhub/latest/userguide/cloudtrail-controls.html#cloudtrail-7
# custom:
#   id: SW-TI-04
#   severity: low
#   service: cloudtrail
#   resource_types: [AWS::CloudTrail::Trail]
#   requires: [s3:GetBucketLogging]
#   fields: [s3_bucket_name]
#   frameworks:
#     aws-fsbp: [CloudTrail.7]
#     cis-aws-v3.0: ["3.4"]
#     aws-config: [cloudtrail-s3-bucket-access-logging]
#   remediation:
#     console: S3 console → the trail bucket → Properties → Server access logging → Edit → Enable, with a separate target bucket.
#     cli: aws s3api put-bucket-logging --bucket <bucket> --bucket-logging-status '{"LoggingEnabled":{"TargetBucket":"<access-log-bucket>","TargetPrefix":"trail-bucket/"}}'
#     terraform: |
#       resource "aws_s3_bucket_logging" "trail" {
#         bucket        = aws_s3_bucket.trail.id
#         target_bucket = aws_s3_bucket.access_logs.id
#         target_prefix = "trail-bucket/"
#       }
package storewatch.aws.cloudtrail.bucket_access_logging

deny contains {"id": t.id, "msg": msg, "evidence": {"bucket": t.posture.bucket.name}} if {
	some t in input.trails
	t.posture.bucket.access_logging == "no"
	msg := sprintf("the bucket %s of trail %s has no server access logging", [t.posture.bucket.name, t.name])
}

unknown contains {"id": t.id, "msg": msg} if {
	some t in input.trails
	t.posture.bucket.access_logging == "unknown"
	msg := sprintf("whether the bucket %s of trail %s has server access logging is unknown (found in the snapshot: %s)", [t.posture.bucket.name, t.name, t.posture.bucket.found])
}
