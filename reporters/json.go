package reporters

import (
	"fmt"
	"io"

	"github.com/storewatch/storewatch/policies"
)

// JSON writes the report as it is, in the documented, versioned JSON format.
type JSON struct{}

// Write implements Reporter.
func (JSON) Write(w io.Writer, r *policies.Report) error {
	// The bytes json.Encoder with SetIndent would write, without two copies of the whole
	// report in memory (jsonstream.go).
	if err := writeIndentedJSON(w, r); err != nil {
		return fmt.Errorf("encode json report: %w", err)
	}
	return nil
}
