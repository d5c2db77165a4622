# METADATA
# title: Broken
# description: Does not parse.
package acme.broken

deny contains x if {
	some x in input.dynamodb_tables
	x.name ==
}
