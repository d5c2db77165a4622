package inventory

import "encoding/json"

// Exported for the external tests, which build snapshots with packages that import this one.
var (
	ParseFast      = parseFast
	ParseReference = parseReference
)

var jsonCompact = json.Compact
