# METADATA
# title: CloudWatch Logs log group is not public through a resource policy
# description: |
#   No CloudWatch Logs resource policy of the group's account and region has an Allow
#   statement whose principal is anyone ("*", {"AWS": "*"}) and whose resource covers the
#   group or its log streams. A statement whose condition pins the caller to an account, an
#   organisation or a source resource (aws:SourceAccount, aws:SourceArn, aws:PrincipalOrgID
#   and the like, with a positive operator) is a service grant and does not count; one with
#   only a negated, IfExists or network condition does. Deny statements are not subtracted.
#   Unknown when the account's resource policies could not be listed or parsed.
# related_resources:
#   - ref: https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_PutResourcePolicy.html
#   - ref: https://docs.aws.amazon.com/IAM/latest/UserGuide/confused-deputy.html
# custom:
#   id: SW-CWL-04
#   severity: high
#   service: logs
#   resource_types: [AWS::Logs::LogGroup]
#   requires: [logs:DescribeResourcePolicies]
#   dimension: log_exports
#   remediation:
#     console: CloudWatch Logs has no console page for resource policies; use the CLI to read the policy named in the finding and put it back with the "*" principal replaced by the service principal and aws:SourceAccount / aws:SourceArn conditions.
#     cli: aws logs describe-resource-policies; aws logs put-resource-policy --policy-name <name> --policy-document file://policy.json
#     terraform: |
#       resource "aws_cloudwatch_log_resource_policy" "this" {
#         policy_name     = "<name>"
#         policy_document = jsonencode({
#           Version = "2012-10-17"
#           Statement = [{
#             Effect    = "Allow"
#             Principal = { Service = "es.amazonaws.com" }
#             Action    = ["logs:PutLogEvents", "logs:CreateLogStream"]
#             Resource  = "${aws_cloudwatch_log_group.this.arn}:*"
#             Condition = { StringEquals = { "aws:SourceAccount" = data.aws_caller_identity.this.account_id } }
#           }]
#         })
#       }
package storewatch.aws.logs.log_group_not_public

deny contains {"id": g.id, "msg": msg, "evidence": {"public_by": g.posture.public_by}} if {
	some g in input.log_groups
	g.posture.public == "yes"
	msg := sprintf("log group %s is open to anyone through the resource policy %s", [g.name, concat(", ", g.posture.public_by)])
}

unknown contains {"id": g.id, "msg": msg} if {
	some g in input.log_groups
	g.posture.public in {"unknown", ""}
	msg := sprintf("whether a resource policy opens log group %s to anyone could not be decided: the account's resource policies were not listed or could not be parsed", [g.name])
}
