package reporters

import (
	"fmt"
	"io"
	"text/tabwriter"

	"github.com/storewatch/storewatch/policies"
)

// Table writes findings as a terminal table with a summary.
type Table struct{ Options }

// Write implements Reporter.
func (t *Table) Write(w io.Writer, r *policies.Report) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "STATUS\tSEVERITY\tRULE\tRESOURCE\tMESSAGE")
	for _, f := range r.Findings {
		if f.Status == policies.StatusPass {
			continue
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", f.Status, f.Severity, f.RuleID, f.Resource.Name, f.Message)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	s := r.Summary
	_, err := fmt.Fprintf(w, "\n%d checks: %d passed, %d failed, %d could not be decided, %d waived\n",
		s.Total, s.ByStatus[policies.StatusPass], s.ByStatus[policies.StatusFail], s.ByStatus[policies.StatusUnknown], s.ByStatus[policies.StatusWaived])
	return err
}
