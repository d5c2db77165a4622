package reporters

import (
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/storewatch/storewatch/policies"
)

// markdownReference is the markdown writer as it was before it stopped sorting every
// failure. TestStreamMatchesReference holds the writer to its bytes.
func markdownReference(w io.Writer, r *policies.Report) error {
	var b strings.Builder
	s := r.Summary
	b.WriteString("### storewatch\n\n")
	if g := r.Gate; g != nil {
		verdict := "✅ gate passed"
		if !g.Passed {
			verdict = "❌ gate failed"
		}
		fmt.Fprintf(&b, "**%s**: %s\n\n", verdict, diffMD(g.Reason))
	}
	fmt.Fprintf(&b, "%d data stores, %d checks: %d passed, %d failed, %d could not be decided, %d waived.\n\n",
		r.Snapshot.Stores, s.Total, s.ByStatus[policies.StatusPass], s.ByStatus[policies.StatusFail],
		s.ByStatus[policies.StatusUnknown], s.ByStatus[policies.StatusWaived])
	if notices := waiverNotices(r); len(notices) > 0 {
		b.WriteString("Waivers that need attention:\n\n")
		for _, n := range notices {
			fmt.Fprintf(&b, "- ⚠️ %s\n", diffMD(n))
		}
		b.WriteString("\n")
	}
	var bad []policies.Finding
	for _, f := range r.Findings {
		if f.Status == policies.StatusFail || f.Status == policies.StatusUnknown {
			bad = append(bad, f)
		}
	}
	slices.SortStableFunc(bad, func(a, b policies.Finding) int {
		if a.Status != b.Status {
			return strings.Compare(string(a.Status), string(b.Status)) // unknown after fail
		}
		return b.Severity.Rank() - a.Severity.Rank()
	})
	if len(bad) > 0 {
		b.WriteString("| Status | Severity | Rule | Resource | Finding |\n|---|---|---|---|---|\n")
		for i, f := range bad {
			if i == markdownLimit {
				fmt.Fprintf(&b, "\n…and %d more (see the full report).\n", len(bad)-markdownLimit)
				break
			}
			fmt.Fprintf(&b, "| %s | %s | %s | `%s` | %s |\n", f.Status, f.Severity, f.RuleID, diffMDCell(nonEmpty(resourceLabel(findingResource(&f)), "(unnamed)")), diffMD(f.Message))
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}
