# METADATA
# title: Trail delivers to CloudWatch Logs, recently
# description: |
#   The trail sends its events to a CloudWatch Logs log group (CloudWatchLogsLogGroupArn is
#   set), which the CIS metric filters and alarms on data-store changes depend on. For a
#   logging trail, CloudTrail also reports no CloudWatch Logs delivery error and a latest
#   delivery at most max_age_hours (default 24, as AWS Config's expectedDeliveryWindowAge)
#   before the snapshot was collected. A configured group with a broken delivery role
#   therefore fails. Unknown when the status of a trail with a log group was not collected
#   or CloudTrail reports no delivery yet.
# related_resources:
#   - ref: https://docs.aws.amazon.com/awscloudtrail/latest/userguide/send-cloudtrail-events-to-cloudwatch-logs.html
#   - ref: https://docs.aws.amazon.com/securityhub/latest/userguide/cloudtrail-controls.html#cloudtrail-5
# custom:
#   id: SW-CWL-01
#   severity: low
#   service: cloudtrail
#   resource_types: [AWS::CloudTrail::Trail]
#   requires: [cloudtrail:DescribeTrails]
#   collects: [cloudtrail:GetTrailStatus]
#   fields: [cloudwatch_logs_log_group_arn]
#   dimension: log_exports
#   frameworks:
#     aws-fsbp: [CloudTrail.5]
#     aws-config: [cloud-trail-cloud-watch-logs-enabled]
#   remediation:
#     console: CloudTrail console → Trails → the trail → CloudWatch Logs → Edit → Enabled → choose or create a log group and an IAM role that CloudTrail can assume to call logs:CreateLogStream and logs:PutLogEvents.
#     cli: aws cloudtrail update-trail --name <trail> --cloud-watch-logs-log-group-arn arn:aws:logs:<region>:<account>:log-group:<group>:* --cloud-watch-logs-role-arn arn:aws:iam::<account>:role/<role>
#     terraform: |
#       resource "aws_cloudtrail" "main" {
#         cloud_watch_logs_group_arn = "${aws_cloudwatch_log_group.trail.arn}:*"
#         cloud_watch_logs_role_arn  = aws_iam_role.trail_to_cwl.arn
#       }
package storewatch.aws.cloudtrail.cloudwatch_logs_delivery

import data.storewatch.lib.config

max_age := config.param("SW-CWL-01", "max_age_hours", 24)

deny contains {"id": t.id, "msg": msg} if {
	some t in input.trails
	t.cloudwatch_logs_log_group_arn == ""
	msg := sprintf("trail %s does not deliver to CloudWatch Logs", [t.name])
}

deny contains {"id": t.id, "msg": msg, "evidence": {"error": t.status.latest_cloudwatch_logs_delivery_error}} if {
	some t in input.trails
	t.cloudwatch_logs_log_group_arn != ""
	t.posture.logging == "yes"
	t.status.latest_cloudwatch_logs_delivery_error != ""
	msg := sprintf("trail %s fails to deliver to CloudWatch Logs: %s", [t.name, t.status.latest_cloudwatch_logs_delivery_error])
}

deny contains {"id": t.id, "msg": msg, "evidence": {"age_hours": age, "max_age_hours": max_age}} if {
	some t in input.trails
	t.cloudwatch_logs_log_group_arn != ""
	t.posture.logging == "yes"
	age := t.posture.latest_cloudwatch_logs_delivery_age_hours
	age != null
	age > max_age
	msg := sprintf("trail %s last delivered to CloudWatch Logs %v hours before collection, more than %v", [t.name, age, max_age])
}

unknown contains {"id": t.id, "msg": msg} if {
	some t in input.trails
	t.cloudwatch_logs_log_group_arn != ""
	t.posture.logging == "unknown"
	msg := sprintf("whether trail %s delivers to CloudWatch Logs is unknown: its status was not collected", [t.name])
}

unknown contains {"id": t.id, "msg": msg} if {
	some t in input.trails
	t.cloudwatch_logs_log_group_arn != ""
	t.posture.logging == "yes"
	t.posture.latest_cloudwatch_logs_delivery_age_hours == null
	msg := sprintf("CloudTrail reports no CloudWatch Logs delivery for trail %s yet", [t.name])
}
