# METADATA
# title: S3 bucket sends event notifications
# description: |
#   An S3 general purpose bucket has at least one event notification destination (SNS, SQS,
#   Lambda or EventBridge), so that object creation, deletion, restores and replication
#   failures can reach someone (Security Hub S3.11). With the `event_types` parameter set,
#   every listed event type (for example s3:ObjectRemoved:*) must be sent somewhere; an
#   EventBridge destination receives every event type.
# related_resources:
#   - ref: https://docs.aws.amazon.com/securityhub/latest/userguide/s3-controls.html#s3-11
#   - ref: https://docs.aws.amazon.com/AmazonS3/latest/userguide/EventNotifications.html
# custom:
#   id: SW-EV-05
#   severity: medium
#   service: s3
#   resource_types: [AWS::S3::Bucket]
#   requires: [s3:GetBucketNotificationConfiguration]
#   fields: [notifications]
#   dimension: notifications
#   frameworks:
#     aws-fsbp: [S3.11]
#     aws-config: [s3-event-notifications-enabled]
#   remediation:
#     console: S3 console → the bucket → Properties → Event notifications → Create event notification (or turn on Amazon EventBridge) → event types → destination → Save changes.
#     cli: aws s3api put-bucket-notification-configuration --bucket <bucket> --notification-configuration '{"EventBridgeConfiguration":{}}'
#     terraform: |
#       resource "aws_s3_bucket_notification" "this" {
#         bucket      = aws_s3_bucket.this.id
#         eventbridge = true
#       }
package storewatch.aws.s3.bucket_event_notifications

import data.storewatch.lib.config

event_types := config.param("SW-EV-05", "event_types", [])

sent(b, _) if {
	some n in b.notifications
	n.kind == "eventbridge"
}

sent(b, event_type) if {
	some n in b.notifications
	some e in n.events
	glob.match(e, null, event_type)
}

deny contains {"id": b.id, "msg": msg} if {
	some b in input.s3_buckets
	count(b.notifications) == 0
	msg := sprintf("S3 bucket %s sends no event notifications", [b.name])
}

deny contains {"id": b.id, "msg": msg, "evidence": {"notifications": b.notifications, "missing": missing}} if {
	some b in input.s3_buckets
	count(b.notifications) > 0
	missing := [t | some t in event_types; not sent(b, t)]
	count(missing) > 0
	msg := sprintf("S3 bucket %s sends no notification for %s", [b.name, concat(", ", missing)])
}
