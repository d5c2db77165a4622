# METADATA
# title: S3 bucket sends event notifications
# description: |
#   An S3 general purpose bucket has at least one event notification destination (SNS, SQS,
#   Lambda or EventBridge) that delivers, so that object creation, deletion, restores and
#   replication failures can reach someone. Security Hub S3.11 asks only for a destination;
#   storewatch also asks that an SNS destination have a confirmed subscriber, since a topic
#   nobody subscribed to delivers nothing (SQS, Lambda and EventBridge are read by code and
#   count as they are). A bucket whose only SNS topics could not be read, or are not in the
#   snapshot, is unknown. With the `event_types` parameter set, every listed event type (for
#   example s3:ObjectRemoved:*) must be sent to such a destination; an EventBridge
#   destination receives every event type.
# related_resources:
#   - ref: https://docs.aws.amazon.com/securityhub/latest/userguide/s3-controls.html#s3-11
#   - ref: https://docs.aws.amazon.com/AmazonS3/latest/userguide/EventNotifications.html
#   - ref: https://docs.aws.amazon.com/sns/latest/dg/sns-create-subscribe-endpoint-to-topic.html
# custom:
#   id: SW-EV-05
#   severity: medium
#   service: s3
#   resource_types: [AWS::S3::Bucket]
#   requires: [s3:GetBucketNotificationConfiguration]
#   collects: [sns:ListSubscriptions]
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

# reach says whether a destination delivers: an SNS topic only with a confirmed subscriber
# (resolved as yes, no or unknown); SQS, Lambda and EventBridge are read by code.
reach(n) := object.get(n, "reach", "unknown") if n.kind == "sns"

reach(n) := "yes" if n.kind != "sns"

sends_to(n, _) if n.kind == "eventbridge"

sends_to(n, event_type) if {
	some e in n.events
	glob.match(e, null, event_type)
}

# sent says how event_type ("*" for any) leaves the bucket: yes, unknown (only to topics
# that could not be read), no (only to topics nobody confirmed) or none.
sent(b, event_type) := "yes" if {
	"yes" in reaches(b, event_type)
} else := "unknown" if {
	"unknown" in reaches(b, event_type)
} else := "no" if {
	count(reaches(b, event_type)) > 0
} else := "none"

reaches(b, "*") := {reach(n) | some n in b.notifications}

reaches(b, event_type) := {reach(n) | some n in b.notifications; sends_to(n, event_type)} if event_type != "*"

silent_topics(b) := sort([n.arn | some n in b.notifications; reach(n) == "no"])

deny contains {"id": b.id, "msg": msg} if {
	some b in input.s3_buckets
	count(b.notifications) == 0
	msg := sprintf("S3 bucket %s sends no event notifications", [b.name])
}

deny contains {"id": b.id, "msg": msg, "evidence": {"notifications": b.notifications}} if {
	some b in input.s3_buckets
	sent(b, "*") == "no"
	msg := sprintf("S3 bucket %s sends event notifications only to SNS topics without a confirmed subscriber: %s", [b.name, concat(", ", silent_topics(b))])
}

deny contains {"id": b.id, "msg": msg, "evidence": {"notifications": b.notifications, "missing": missing}} if {
	some b in input.s3_buckets
	sent(b, "*") in {"yes", "unknown"}
	missing := [t | some t in event_types; sent(b, t) in {"none", "no"}]
	count(missing) > 0
	msg := sprintf("S3 bucket %s sends no notification that reaches anyone for %s", [b.name, concat(", ", missing)])
}

unknown contains {"id": b.id, "msg": msg} if {
	some b in input.s3_buckets
	sent(b, "*") in {"yes", "unknown"}
	count([t | some t in event_types; sent(b, t) in {"none", "no"}]) == 0
	undecided := array.concat(
		[t | some t in event_types; sent(b, t) == "unknown"],
		["any event" | sent(b, "*") == "unknown"],
	)
	count(undecided) > 0
	msg := sprintf("whether the event notifications of S3 bucket %s for %s reach anyone is unknown: their SNS topics could not be read or are not in the snapshot", [b.name, concat(", ", undecided)])
}
