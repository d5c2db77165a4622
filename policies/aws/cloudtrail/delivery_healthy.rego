# METADATA
# title: Trail log and digest files are delivered
# description: |
#   A logging trail is actually delivering: GetTrailStatus reports no LatestDeliveryError,
#   and its latest log file delivery is at most max_age_hours (default 24) before the
#   snapshot was collected. For a trail that validates its log files the same holds for the
#   digest files, which CloudTrail writes every hour: integrity validation is worthless when
#   the digests stop arriving (a bucket policy or KMS key policy that no longer admits
#   CloudTrail). Ages are measured from the snapshot's collection time, so a saved snapshot
#   judges the same way later. Stopped trails are left to SW-TC-01. Unknown when the status
#   was not collected or CloudTrail reports no delivery time.
# related_resources:
#   - ref: https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_GetTrailStatus.html
#   - ref: https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-log-file-validation-intro.html
# custom:
#   id: SW-TI-06
#   severity: medium
#   service: cloudtrail
#   resource_types: [AWS::CloudTrail::Trail]
#   requires: [cloudtrail:GetTrailStatus]
#   dimension: integrity_validation
#   remediation:
#     console: CloudTrail console → Trails → the trail → check "Last log file delivered" and "Last digest file delivered" and the error shown; fix the S3 bucket policy (cloudtrail.amazonaws.com needs s3:PutObject and s3:GetBucketAcl) and the KMS key policy (kms:GenerateDataKey*).
#     cli: aws cloudtrail get-trail-status --name <trail> --query '{log:LatestDeliveryError,digest:LatestDigestDeliveryError,at:LatestDeliveryTime}'
#     terraform: |
#       resource "aws_s3_bucket_policy" "trail" {
#         bucket = aws_s3_bucket.trail.id
#         policy = data.aws_iam_policy_document.cloudtrail_delivery.json
#       }
package storewatch.aws.cloudtrail.delivery_healthy

import data.storewatch.lib.config

max_age := config.param("SW-TI-06", "max_age_hours", 24)

applies contains t.id if {
	some t in input.trails
	t.posture.logging != "no"
}

problems(t) := [p |
	some p in array.concat(
		[sprintf("log delivery fails: %s", [t.status.latest_delivery_error]) | t.status.latest_delivery_error != ""],
		array.concat(
			[sprintf("the latest log file was delivered %v hours before collection", [t.posture.latest_delivery_age_hours]) | t.posture.latest_delivery_age_hours > max_age],
			digest_problems(t),
		),
	)
]

digest_problems(t) := [] if {
	t.log_file_validation_enabled == false
} else := array.concat(
	[sprintf("digest delivery fails: %s", [t.status.latest_digest_delivery_error]) | t.status.latest_digest_delivery_error != ""],
	[sprintf("the latest digest file was delivered %v hours before collection", [t.posture.latest_digest_delivery_age_hours]) | t.posture.latest_digest_delivery_age_hours > max_age],
)

deny contains {"id": t.id, "msg": msg, "evidence": {"problems": ps, "max_age_hours": max_age}} if {
	some t in input.trails
	t.posture.logging == "yes"
	ps := problems(t)
	count(ps) > 0
	msg := sprintf("trail %s is not delivering: %s", [t.name, concat("; ", ps)])
}

unknown contains {"id": t.id, "msg": msg} if {
	some t in input.trails
	t.posture.logging == "unknown"
	msg := sprintf("the status of trail %s was not collected", [t.name])
}

unknown contains {"id": t.id, "msg": msg} if {
	some t in input.trails
	t.posture.logging == "yes"
	t.posture.latest_delivery_age_hours == null
	msg := sprintf("CloudTrail reports no log file delivery for trail %s", [t.name])
}

unknown contains {"id": t.id, "msg": msg} if {
	some t in input.trails
	t.posture.logging == "yes"
	t.log_file_validation_enabled == true
	t.posture.latest_digest_delivery_age_hours == null
	msg := sprintf("CloudTrail reports no digest file delivery for trail %s", [t.name])
}
