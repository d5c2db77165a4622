// Package terraform turns a Terraform plan, as `terraform show -json` writes it, into the
// same inventory.Snapshot a live account yields, so that one rule set judges a planned change
// and a deployed account alike.
//
// The end state a plan describes is each resource change's `after` value with its
// `after_unknown` mask: created, updated and unchanged resources are in the snapshot, deleted
// ones are not. Values Terraform knows only after apply are never guessed. Where such a value
// is a reference to another resource (an alarm dimension naming a DB instance whose
// identifier is generated), the reference is resolved from the configuration, from the
// plan's `configuration` section and, when the .tf files are at hand, by evaluating the HCL
// expressions; otherwise the field is listed in Meta.UnknownFields and rules that read it
// report `unknown`.
//
// With the configuration directory, every resource also carries its source location
// (Meta.Source): the file and lines of its `resource` block and of the `module` blocks that
// instantiate it, so findings land on the lines that caused them.
//
// This is the only package that imports HCL. docs/terraform.md describes the mapping.
package terraform
