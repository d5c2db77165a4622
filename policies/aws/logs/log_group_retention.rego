# METADATA
# title: CloudWatch Logs log group keeps events for the required time
# description: |
#   A log group keeps its events at least `min_retention_days` days (default 365), or never
#   expires them. This is Security Hub CloudWatch.16 and AWS Config
#   cw-loggroup-retention-period-check: a group with no retention setting ("Never expire")
#   passes; a group whose retention is shorter than the minimum fails, because the evidence an
#   investigation needs is deleted before it is looked for. Security Hub accepts only 365, 400,
#   545, 731, 1827 or 3653 as the minimum; storewatch accepts any number of days.
#   `log_group_prefixes` (default: every group) limits the rule to groups whose name starts
#   with one of the prefixes, like the Config rule's LogGroupNames.
# related_resources:
#   - ref: https://docs.aws.amazon.com/securityhub/latest/userguide/cloudwatch-controls.html#cloudwatch-16
#   - ref: https://docs.aws.amazon.com/config/latest/developerguide/cw-loggroup-retention-period-check.html
# custom:
#   id: SW-CWL-02
#   severity: medium
#   service: logs
#   resource_types: [AWS::Logs::LogGroup]
#   requires: [logs:DescribeLogGroups]
#   fields: [retention_days]
#   applies_fields: [name]
#   dimension: log_exports
#   frameworks:
#     aws-fsbp: [CloudWatch.16]
#     aws-config: [cw-loggroup-retention-period-check]
#   remediation:
#     console: CloudWatch console → Log groups → select the group → Actions → Edit retention setting → choose at least the required period (or Never expire) → Save.
#     cli: aws logs put-retention-policy --log-group-name <name> --retention-in-days 365
#     terraform: |
#       resource "aws_cloudwatch_log_group" "this" {
#         name              = "<name>"
#         retention_in_days = 365 # 0 means never expire
#       }
package storewatch.aws.logs.log_group_retention

import data.storewatch.lib.config

min_days := config.param("SW-CWL-02", "min_retention_days", 365)

prefixes := config.param("SW-CWL-02", "log_group_prefixes", [])

in_scope(_) if count(prefixes) == 0

in_scope(name) if {
	some p in prefixes
	startswith(name, p)
}

applies contains g.id if {
	count(prefixes) == 0
	some g in input.log_groups
}

applies contains g.id if {
	pre := prefixes
	count(pre) > 0
	some g in input.log_groups
	some p in pre
	startswith(g.name, p)
}

# A null retention never expires events; 0 is how Terraform writes the same.
deny contains {"id": g.id, "msg": msg, "evidence": {"retention_days": g.retention_days, "min_retention_days": min_days}} if {
	some g in input.log_groups
	is_number(g.retention_days)
	g.retention_days > 0
	g.retention_days < min_days
	in_scope(g.name)
	msg := sprintf("log group %s keeps events %d days, less than the required %d", [g.name, g.retention_days, min_days])
}
