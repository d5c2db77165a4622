# METADATA
# title: DynamoDB table has CloudWatch Contributor Insights on
# description: |
#   Throttling on a DynamoDB table is usually caused by a few hot partition keys, which the
#   table's CloudWatch metrics cannot show. Contributor Insights ranks the most accessed and
#   most throttled keys continuously, so a throttling alarm (SW-MA-01) can be explained. A table
#   passes when Contributor Insights is ENABLED (or ENABLING). When the status was not collected
#   (moto does not implement DescribeContributorInsights) the verdict is unknown. It is billed
#   per event, so it is advisory. Our extension: no anchor checks DynamoDB monitoring.
# related_resources:
#   - ref: https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/contributorinsights_HowItWorks.html
# custom:
#   id: SW-MON-05
#   severity: low
#   service: dynamodb
#   resource_types: [AWS::DynamoDB::Table]
#   requires: [dynamodb:DescribeContributorInsights]
#   fields: [contributor_insights]
#   dimension: insights
#   remediation:
#     console: DynamoDB console → Tables → the table → Monitor → CloudWatch Contributor Insights → Edit → Turn on.
#     cli: aws dynamodb update-contributor-insights --table-name <table> --contributor-insights-action ENABLE
#     terraform: |
#       resource "aws_dynamodb_contributor_insights" "this" {
#         table_name = aws_dynamodb_table.this.name
#       }
package storewatch.aws.dynamodb.contributor_insights

deny contains {"id": t.id, "msg": msg, "evidence": {"contributor_insights": t.contributor_insights}} if {
	some t in input.dynamodb_tables
	t.contributor_insights != ""
	not t.contributor_insights in {"ENABLED", "ENABLING"}
	msg := sprintf("DynamoDB table %s does not have Contributor Insights on (%s)", [t.name, t.contributor_insights])
}

unknown contains {"id": t.id, "msg": sprintf("the Contributor Insights status of DynamoDB table %s was not collected", [t.name])} if {
	some t in input.dynamodb_tables
	t.contributor_insights == ""
}
