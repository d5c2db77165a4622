# METADATA
# title: CloudWatch alarm actions are activated
# description: |
#   An alarm whose actions are disabled (ActionsEnabled false, for example left over from a
#   maintenance window) changes state without notifying anyone or running its automation. The
#   alarm passes when ActionsEnabled is true, as in Security Hub CloudWatch.17.
# related_resources:
#   - ref: https://docs.aws.amazon.com/securityhub/latest/userguide/cloudwatch-controls.html#cloudwatch-17
#   - ref: https://docs.aws.amazon.com/config/latest/developerguide/cloudwatch-alarm-action-enabled-check.html
# custom:
#   id: SW-AH-02
#   severity: high
#   service: cloudwatch
#   resource_types: [AWS::CloudWatch::Alarm]
#   requires: [cloudwatch:DescribeAlarms]
#   fields: [actions_enabled]
#   frameworks:
#     aws-fsbp: [CloudWatch.17]
#     aws-config: [cloudwatch-alarm-action-enabled-check]
#   remediation:
#     console: CloudWatch console → Alarms → select the alarm → Actions → Enable actions.
#     cli: aws cloudwatch enable-alarm-actions --alarm-names <name>
#     terraform: |
#       resource "aws_cloudwatch_metric_alarm" "this" {
#         actions_enabled = true
#       }
package storewatch.aws.cloudwatch.alarm_actions_enabled

deny contains {"id": a.id, "msg": msg, "evidence": {"actions_enabled": false, "alarm_actions": a.alarm_actions}} if {
	some a in input.alarms
	a.actions_enabled == false
	msg := sprintf("alarm %s has its actions disabled: it notifies nobody and runs no automation", [a.name])
}
