// Package reporters renders a policies.Report in the formats storewatch writes. A reporter
// never decides anything: it shows what the report says.
package reporters
