# METADATA
# title: Runs away
# description: Builds an ever larger set; evaluation must stop at the timeout.
# custom:
#   id: ACME-LOOP-01
#   severity: low
#   service: dynamodb
#   resource_types: [AWS::DynamoDB::Table]
#   remediation: {console: x, cli: x, terraform: x}
package acme.loop

deny contains {"id": t.id, "msg": sprintf("%d", [count(big)])} if {
	some t in input.dynamodb_tables
	big := {x | some x in numbers.range(1, 100000000)}
}
