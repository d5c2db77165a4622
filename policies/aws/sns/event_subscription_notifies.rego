# METADATA
# title: Event subscription is enabled and reaches a person
# description: |
#   An RDS (also DocumentDB and Neptune) or Redshift event subscription is enabled, the
#   service can publish to its SNS topic (status not topic-not-exist or no-permission), and
#   the topic has a confirmed subscriber. A disabled subscription, or one whose topic nobody
#   reads, looks like monitoring and delivers nothing; the region and store rules (SW-EV-01
#   to SW-EV-04, SW-EV-06) do not count it. A topic whose subscriptions could not be read, or
#   that is not in the snapshot, makes the verdict unknown.
# related_resources:
#   - ref: https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_Events.Subscribing.html
#   - ref: https://docs.aws.amazon.com/sns/latest/dg/sns-create-subscribe-endpoint-to-topic.html
# custom:
#   id: SW-EV-07
#   severity: medium
#   service: sns
#   resource_types: [AWS::RDS::EventSubscription, AWS::Redshift::EventSubscription]
#   collects: [sns:ListSubscriptions]
#   fields: [enabled, sns_topic_arn]
#   dimension: notifications
#   remediation:
#     console: RDS (or Redshift) console → Event subscriptions → the subscription → Edit → Enabled, and a topic that exists; then SNS console → the topic → Create subscription → confirm it from the endpoint.
#     cli: aws rds modify-event-subscription --subscription-name <name> --enabled && aws sns subscribe --topic-arn <topic-arn> --protocol email --notification-endpoint <address>
#     terraform: |
#       resource "aws_db_event_subscription" "this" {
#         enabled   = true
#         sns_topic = aws_sns_topic.ops.arn
#       }
#       resource "aws_sns_topic_subscription" "oncall" {
#         topic_arn = aws_sns_topic.ops.arn
#         protocol  = "https"
#         endpoint  = "https://events.example.com/aws"
#       }
package storewatch.aws.sns.event_subscription_notifies

problems(e) := array.concat(
	["it is disabled" | e.enabled == false],
	[sprintf("its SNS topic %s has no confirmed subscriber or cannot be published to (status %q)", [e.sns_topic_arn, e.status]) |
		e.posture.notified == "no"
	],
)

deny contains {"id": e.id, "msg": msg, "evidence": evidence} if {
	some e in input.event_subscriptions
	p := problems(e)
	count(p) > 0
	evidence := {"enabled": e.enabled, "sns_topic_arn": e.sns_topic_arn, "status": e.status, "notified": e.posture.notified}
	msg := sprintf("%s event subscription %s delivers nothing: %s", [e.service, e.name, concat(" and ", p)])
}

unknown contains {"id": e.id, "msg": msg} if {
	some e in input.event_subscriptions
	e.enabled == true
	not e.posture.notified in {"yes", "no"}
	msg := sprintf("the SNS topic %s of %s event subscription %s could not be read or is not in the snapshot", [e.sns_topic_arn, e.service, e.name])
}
