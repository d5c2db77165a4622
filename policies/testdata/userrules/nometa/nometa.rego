package acme.nometa

deny contains {"id": t.id, "msg": "no"} if {
	some t in input.dynamodb_tables
}
