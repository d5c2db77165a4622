# METADATA
# title: Duplicate id
# description: Reuses a built-in rule id.
# custom:
#   id: SW-LX-01
#   severity: low
#   service: rds
#   resource_types: [AWS::RDS::DBInstance]
#   remediation: {console: x, cli: x, terraform: x}
package acme.dup

deny contains {"id": d.id, "msg": "dup"} if {
	some d in input.db_instances
}
