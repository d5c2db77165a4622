package reporters

import (
	"io"

	"github.com/storewatch/storewatch/policies"
)

// HTML writes the self-contained audit report.
type HTML struct{ Options }

// Write implements Reporter.
func (h *HTML) Write(w io.Writer, r *policies.Report) error { return nil }
