package reporters

import (
	"encoding/json"
	"fmt"
	"io"

	"github.com/storewatch/storewatch/policies"
)

// JSON writes the report as it is, in the documented, versioned JSON format.
type JSON struct{}

// Write implements Reporter.
func (JSON) Write(w io.Writer, r *policies.Report) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	if err := enc.Encode(r); err != nil {
		return fmt.Errorf("encode json report: %w", err)
	}
	return nil
}
