# METADATA
# title: Allocates without bound
# description: Builds an enormous array; evaluation must stop at the memory limit.
# custom:
#   id: ACME-HOG-01
#   severity: low
#   service: dynamodb
#   resource_types: [AWS::DynamoDB::Table]
#   remediation: {console: x, cli: x, terraform: x}
package acme.hog

deny contains {"id": t.id, "msg": sprintf("%d", [count(big)])} if {
	some t in input.dynamodb_tables
	big := [sprintf("%d-padding-padding-padding", [x]) | some x in numbers.range(1, 200000000)]
}
