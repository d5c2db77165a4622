package inventory

import (
	"testing"

	"github.com/storewatch/storewatch/internal/golden"
)

// TestSchemaMatchesTypes regenerates the schema from the Go types: the published schema and
// the types can only change together.
func TestSchemaMatchesTypes(t *testing.T) {
	got, err := GenerateSchema(".")
	if err != nil {
		t.Fatal(err)
	}
	golden.Assert(t, "snapshot.schema.json", got)
}
