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
		for i, n := range notices {
			line := "- ⚠️ " + diffMD(n) + "\n"
			if b.Len()+len(line) > markdownMaxBytes/2 {
				fmt.Fprintf(&b, "- …and %d more (see the JSON report's waivers).\n", len(notices)-i)
				break
			}
			b.WriteString(line)
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
		// The rows are written as the writer writes them: what the reference holds the writer
		// to is which findings it picks, and in which order.
		listed := make([]*policies.Finding, 0, markdownLimit+1)
		for i := range bad[:min(len(bad), markdownLimit+1)] {
			listed = append(listed, &bad[i])
		}
		writeMarkdownRows(&b, listed, len(bad))
	}
	_, err := io.WriteString(w, b.String())
	return err
}
