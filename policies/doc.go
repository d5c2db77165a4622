// Package policies holds storewatch's rules (Rego, embedded in the binary) and the small
// engine that judges a snapshot with them.
//
// A rule is one .rego file with a package-scoped METADATA block whose `custom` section is
// decoded into Rule and validated when the rules load. A rule iterates one collection of
// the snapshot (input.db_instances, input.trails, ...) and says what fails:
//
//	deny contains {"id": db.id, "msg": "..."} if { ... }
//
// It may also say what it cannot decide (`unknown contains {"id", "msg"}`) and narrow the
// resources it applies to (`applies contains db.id`). Everything of the rule's resource
// types that it applies to and that neither fails nor is unknown passes: passes are derived
// in Go, so Rego builds objects only for failures. A resource whose facts the rule needs
// could not be collected (custom.requires names the API operations, custom.fields the
// fields a plan may leave unknown) is unknown whatever the Rego says.
package policies
