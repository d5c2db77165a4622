// Package run is storewatch's pipeline: read a source into a snapshot, resolve it, judge it
// with the rules, triage the findings and write the outputs. The CLI only parses flags and
// calls it, so every command runs the same pipeline.
package run
