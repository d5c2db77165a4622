# METADATA
# title: CloudWatch alarm's SNS topics have a confirmed subscriber
# description: |
#   An alarm that publishes to an SNS topic nobody has confirmed a subscription to pages no one:
#   an e-mail subscription stays "PendingConfirmation" until its link is clicked. Every SNS
#   topic among the alarm's ALARM actions must exist and have at least one confirmed
#   subscription (any protocol). This generalises the SNS step of CIS 4.x and Security Hub
#   CloudWatch.1-14 to every alarm. Alarms without an SNS action are not judged here (SW-AH-01
#   and SW-MA-04 judge whether they reach anyone). A topic whose subscriptions could not be
#   read, or that belongs to an account outside the snapshot, makes the verdict unknown.
# related_resources:
#   - ref: https://docs.aws.amazon.com/sns/latest/dg/SendMessageToHttp.confirm.html
#   - ref: https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/Notify_Users_Alarm_Changes.html
# custom:
#   id: SW-AH-04
#   severity: medium
#   service: cloudwatch
#   resource_types: [AWS::CloudWatch::Alarm]
#   requires: [cloudwatch:DescribeAlarms, sns:ListSubscriptions]
#   fields: [alarm_actions]
#   applies_fields: [alarm_actions]
#   remediation:
#     console: SNS console → Topics → the topic → Subscriptions → Create subscription (or have the owner of a pending e-mail subscription click its confirmation link; Request confirmation re-sends it).
#     cli: aws sns subscribe --topic-arn <topic-arn> --protocol email --notification-endpoint <address>  # then confirm; check with aws sns list-subscriptions-by-topic --topic-arn <topic-arn>
#     terraform: |
#       resource "aws_sns_topic_subscription" "oncall" {
#         topic_arn = aws_sns_topic.alerts.arn
#         protocol  = "https"
#         endpoint  = var.pager_webhook # an endpoint that confirms automatically
#       }
package storewatch.aws.cloudwatch.alarm_topic_subscribed

sns_actions(a) := [t | some t in a.posture.actions; t.kind == "sns"]

# A topic that is not in the snapshot counts as missing only when the resolver found nothing
# unknown about the alarm's topics (notifies is "no"): otherwise its account or region was not
# read.
dead_topics(a) := {t.arn |
	some t in sns_actions(a)
	dead(t, a)
}

dead(t, _) if t.confirmed_subscribers == 0

dead(t, a) if {
	t.confirmed_subscribers == null
	a.posture.notifies == "no"
}

deny contains {"id": a.id, "msg": msg, "evidence": {"topics": topics, "notifies": a.posture.notifies}} if {
	some a in input.alarms
	topics := sort(dead_topics(a))
	count(topics) > 0
	msg := sprintf("alarm %s sends to SNS topics without a confirmed subscriber (or that do not exist): %s", [a.name, concat(", ", topics)])
}

unknown contains {"id": a.id, "msg": msg, "evidence": {"topics": topics}} if {
	some a in input.alarms
	topics := sort([t.arn | some t in sns_actions(a); t.confirmed_subscribers == null])
	count(topics) > 0
	a.posture.notifies != "no"
	msg := sprintf("the subscriptions of the SNS topics of alarm %s could not be read: %s%s", [a.name, concat(", ", topics), why(object.get(a.posture, "action_problems", []))])
}

# why adds the alarm's own account of its topics (a plan's subscriptions that await their
# recipients' confirmation, a listing that failed) to the message.
why(problems) := sprintf(" (%s)", [concat("; ", problems)]) if count(problems) > 0

else := ""

applies contains a.id if {
	some a in input.alarms
	count(sns_actions(a)) > 0
}
