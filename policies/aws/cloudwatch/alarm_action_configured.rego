# METADATA
# title: CloudWatch alarm has an action for the ALARM state
# description: |
#   A metric alarm without an ALARM-state action changes colour in the console and tells
#   nobody. The alarm passes when AlarmActions is not empty. As in Security Hub CloudWatch.15,
#   the alarm is judged on its own actions: one whose actions exist only on a parent composite
#   alarm fails (the finding names the parent; SW-MA-04, which asks whether a store's alarms
#   reach someone, counts the parent's actions). Security Hub requires no OK or
#   INSUFFICIENT_DATA action by default, AWS Config's cloudwatch-alarm-action-check requires an
#   INSUFFICIENT_DATA action by default; both are parameters here (ok_action_required,
#   insufficient_data_action_required), off by default as in Security Hub.
# related_resources:
#   - ref: https://docs.aws.amazon.com/securityhub/latest/userguide/cloudwatch-controls.html#cloudwatch-15
#   - ref: https://docs.aws.amazon.com/config/latest/developerguide/cloudwatch-alarm-action-check.html
# custom:
#   id: SW-AH-01
#   severity: high
#   service: cloudwatch
#   resource_types: [AWS::CloudWatch::Alarm]
#   requires: [cloudwatch:DescribeAlarms]
#   fields: [alarm_actions, ok_actions, insufficient_data_actions]
#   frameworks:
#     aws-fsbp: [CloudWatch.15]
#     aws-config: [cloudwatch-alarm-action-check]
#   remediation:
#     console: CloudWatch console → Alarms → the alarm → Actions → Edit → Configure actions → Notification, "In alarm" → select an SNS topic with a confirmed subscriber (or add an Auto Scaling, Lambda or Systems Manager action) → Update alarm.
#     cli: aws cloudwatch describe-alarms --alarm-names <name> (to copy its settings), then aws cloudwatch put-metric-alarm --alarm-name <name> <the same settings> --alarm-actions arn:aws:sns:<region>:<account>:<topic>
#     terraform: |
#       resource "aws_cloudwatch_metric_alarm" "this" {
#         alarm_actions = [aws_sns_topic.alerts.arn]
#       }
package storewatch.aws.cloudwatch.alarm_action_configured

import data.storewatch.lib.config

deny contains {"id": a.id, "msg": msg, "evidence": {"alarm_actions": [], "parent_composites": a.posture.parent_composites}} if {
	some a in input.alarms
	count(a.alarm_actions) == 0
	msg := sprintf("alarm %s has no action for the ALARM state%s", [a.name, parent_note(a)])
}

ok_action_required := config.param("SW-AH-01", "ok_action_required", false)

insufficient_data_action_required := config.param("SW-AH-01", "insufficient_data_action_required", false)

deny contains {"id": a.id, "msg": sprintf("alarm %s has no action for the OK state", [a.name])} if {
	ok_action_required == true
	some a in input.alarms
	count(a.ok_actions) == 0
}

deny contains {"id": a.id, "msg": sprintf("alarm %s has no action for the INSUFFICIENT_DATA state", [a.name])} if {
	insufficient_data_action_required == true
	some a in input.alarms
	count(a.insufficient_data_actions) == 0
}

parent_note(a) := sprintf(" (it reaches someone through its parent composite alarm %s, which SW-MA-04 counts; this control judges the alarm's own actions)", [concat(", ", a.posture.reaches_via)]) if {
	count(object.get(a.posture, "reaches_via", [])) > 0
} else := sprintf(" (it is part of composite alarm %s)", [concat(", ", a.posture.parent_composites)]) if {
	count(a.posture.parent_composites) > 0
} else := ""
