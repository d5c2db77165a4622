# METADATA
# title: Data stores carry an owner tag
# description: Every DynamoDB table names its owning team in an "owner" tag.
# custom:
#   id: ACME-TAG-01
#   severity: low
#   service: dynamodb
#   resource_types: [AWS::DynamoDB::Table]
#   remediation:
#     console: Add an owner tag.
#     cli: aws dynamodb tag-resource --resource-arn ARN --tags Key=owner,Value=TEAM
#     terraform: tags = { owner = "team" }
package acme.tags

deny contains {"id": t.id, "msg": sprintf("%s has no owner tag", [t.name])} if {
	some t in input.dynamodb_tables
	not t.tags.owner
}
