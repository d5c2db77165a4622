# METADATA
# title: Trail bucket keeps logs with Object Lock or a retention lifecycle
# description: |
#   The S3 bucket a trail delivers to protects the audit record of the data stores from
#   early loss: Object Lock is enabled, or a lifecycle rule keeps the trail's log files at
#   least min_retention_days (default 365) before expiring them. Only enabled rules whose
#   filter holds the trail's files count: its prefix covers S3KeyPrefix/AWSLogs/ACCOUNT/
#   (S3KeyPrefix/AWSLogs/ORG-ID/ for an organisation trail), or is empty for the whole
#   bucket. A rule on another prefix and a disabled rule keep nothing of the trail's; a rule
#   that selects by size, or holds one region's or account's folder only, may still expire
#   those files sooner. A rule whose filter needs object tags keeps nothing either
#   (CloudTrail tags none of the files it delivers), but anyone allowed s3:PutObjectTagging
#   can tag them later: one that would then expire them sooner than the other rules makes
#   the verdict unknown, unless even that rule keeps them min_retention_days. The rule fails
#   a bucket without Object Lock where a rule that applies expires the trail's files sooner,
#   where a rule that applies has an expiration date already passed when the bucket was
#   collected (S3 then deletes each file within about a day of delivery) or less than
#   min_retention_days away (from that date every file goes, however new, so one delivered
#   at collection is kept only until then), and where no rule expires all of them, since
#   nothing then states how long the logs are kept. Unknown when the bucket is not in the
#   snapshot (a central log archive account), its Object Lock or lifecycle configuration was
#   not collected, a rule that applies expires them on a date at least min_retention_days
#   away (it will still cut every file's retention short, which cannot be stated in days),
#   or which files a rule holds depends on a value known only after apply (the prefix, the
#   account, an expiration date), on an organisation that is not in the snapshot, or, in a
#   plan of an existing bucket read from aws_s3_bucket's lifecycle_rule, on a size filter
#   the provider does not show.
# related_resources:
#   - ref: https://docs.aws.amazon.com/AmazonS3/latest/userguide/object-lock.html
#   - ref: https://docs.aws.amazon.com/AmazonS3/latest/userguide/object-lifecycle-mgmt.html
#   - ref: https://docs.aws.amazon.com/AmazonS3/latest/userguide/intro-lifecycle-rules.html
#   - ref: https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-find-log-files.html
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

deny contains {"id": t.id, "msg": msg, "evidence": {"bucket": b.name, "log_prefix": b.log_prefix, "expired_since": b.expired_since}} if {
	some t in input.trails
	b := t.posture.bucket
	b.object_lock == "no"
	expired(b)
	msg := sprintf("the bucket %s of trail %s has no Object Lock and a lifecycle rule whose expiration date (%s) has passed holds the trail's logs (under %s): S3 deletes them within about a day of delivery", [b.name, t.name, b.expired_since, prefix_text(b)])
}

deny contains {"id": t.id, "msg": msg, "evidence": {"bucket": b.name, "log_prefix": b.log_prefix, "retention_days": b.retention_days, "min_retention_days": min_days}} if {
	some t in input.trails
	b := t.posture.bucket
	b.object_lock == "no"
	not expired(b)
	expires_early(b)
	msg := sprintf("the bucket %s of trail %s has no Object Lock and a lifecycle rule expires the trail's logs (under %s) after %d days, fewer than %d", [b.name, t.name, prefix_text(b), b.retention_days, min_days])
}

deny contains {"id": t.id, "msg": msg, "evidence": evidence} if {
	some t in input.trails
	b := t.posture.bucket
	b.object_lock == "no"
	not expired(b)
	not expires_early(b)
	date_early(b)
	evidence := {"bucket": b.name, "log_prefix": b.log_prefix, "next_expiration_date": b.next_expiration_date, "days_to_next_expiration": b.days_to_next_expiration, "min_retention_days": min_days}
	msg := sprintf("the bucket %s of trail %s has no Object Lock and a lifecycle rule deletes every object it holds of the trail's logs (under %s) on %s, however new: a file delivered when the bucket was collected is kept at most %d days, fewer than %d", [b.name, t.name, prefix_text(b), b.next_expiration_date, b.days_to_next_expiration, min_days])
}

deny contains {"id": t.id, "msg": msg, "evidence": {"bucket": b.name, "log_prefix": b.log_prefix}} if {
	some t in input.trails
	b := t.posture.bucket
	b.object_lock == "no"
	b.lifecycle == "no"
	not expired(b)
	not expires_early(b)
	not date_early(b)
	msg := sprintf("the bucket %s of trail %s has neither Object Lock nor an enabled lifecycle rule that sets how long the trail's logs (under %s) are kept", [b.name, t.name, prefix_text(b)])
}

unknown contains {"id": t.id, "msg": msg} if {
	some t in input.trails
	b := t.posture.bucket
	b.object_lock != "yes"
	"unknown" in {b.object_lock, b.lifecycle}
	not retained(b)
	not denied(b)
	msg := sprintf("whether the bucket %s of trail %s retains the trail's logs (under %s) is unknown (found in the snapshot: %s)%s", [b.name, t.name, prefix_text(b), b.found, reason_text(b)])
}

# expired_since is set when a rule that holds some of the trail's files had an expiration
# date already passed at collection: those files are kept less than a day, a known fact.
expired(b) if b.expired_since != ""

# next_expiration_date is the earliest date to come of a rule that holds some of the trail's
# files: from then on S3 deletes them all, so a file delivered at collection is kept at most
# days_to_next_expiration days. Fewer than the minimum is a known fail; more leaves the
# lifecycle unknown (the date still cuts every file's retention short).
date_early(b) if {
	b.next_expiration_date != ""
	b.days_to_next_expiration < min_days
}

# retention_days counts only the rules known to apply to the trail's files, so a short one
# fails whatever else is undecided.
expires_early(b) if {
	b.retention_days > 0
	b.retention_days < min_days
}

denied(b) if {
	b.object_lock == "no"
	expires_early(b)
}

denied(b) if {
	b.object_lock == "no"
	expired(b)
}

denied(b) if {
	b.object_lock == "no"
	date_early(b)
}

# A passed expiration date keeps some files less than a day, whatever the other rules say.
retained(b) if {
	b.lifecycle == "yes"
	b.retention_days >= min_days
	not expired(b)
}

# Rules that may come to hold the trail's files (once tagged, or under a prefix known only
# after apply) and expire them sooner leave the lifecycle unknown; when even the soonest of
# them keeps the files long enough, what they turn out to hold does not matter.
retained(b) if {
	b.lifecycle == "unknown"
	b.retention_days >= min_days
	object.get(b, "may_expire_days", 0) >= min_days
	not expired(b)
}

prefix_text(b) := sprintf("%s...", [b.log_prefix]) if b.log_prefix != ""

prefix_text(b) := "a key prefix known only after apply" if b.log_prefix == ""

reason_text(b) := sprintf(": %s", [b.lifecycle_reason]) if {
	b.lifecycle == "unknown"
	b.lifecycle_reason != ""
} else := ""
