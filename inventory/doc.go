// Package inventory owns storewatch's snapshot: the versioned, self-describing model of the
// data stores in one or more AWS accounts and of the monitoring and audit settings around them.
//
// Every source (the live collector in inventory/aws, the Terraform plan reader in
// inventory/terraform, a saved file) produces the same Snapshot, so one rule set judges a
// deployed account and a planned change alike. Raw facts are what a source observed; the
// posture of each resource (which alarms watch a store, which trails record it, where its logs
// land) is derived from them by Resolve, once, in Go, so that rules stay short and linear.
//
// Unknown is never pass: a fact that could not be collected is recorded as a CollectionError
// (on the resource it concerns, or at account/region scope for a failed listing), and a value
// a Terraform plan leaves unknown until apply is named in the resource's unknown_fields. The
// policy engine turns both into `unknown` results.
package inventory
