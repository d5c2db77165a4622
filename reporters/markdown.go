package reporters

import (
	"fmt"
	"io"
	"strings"

	"github.com/storewatch/storewatch/policies"
)

// markdownLimit bounds the findings listed, so a job summary stays readable (GitHub caps a
// step summary at 1 MiB).
const markdownLimit = 100

// Markdown writes a short summary for a pull-request comment or a job summary: the gate,
// the counts and the worst failures.
type Markdown struct{}

// Write implements Reporter.
func (Markdown) Write(w io.Writer, r *policies.Report) error {
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
	// The failures first, then the undecided checks, the most severe first, in report order
	// within each: the order a stable sort gives, found by one pass per status and severity
	// rather than by sorting every failure of a large report to list a hundred. Failures
	// lead, as in every other report: a region that could not be read yields hundreds of
	// undecided checks, which listed first pushed the failures that failed the gate out of
	// the summary.
	total := 0
	for i := range r.Findings {
		if st := r.Findings[i].Status; st == policies.StatusFail || st == policies.StatusUnknown {
			total++
		}
	}
	var bad []*policies.Finding
	for _, st := range []policies.Status{policies.StatusFail, policies.StatusUnknown} {
		for rank := policies.SeverityCritical.Rank(); rank >= 0; rank-- {
			for i := 0; i < len(r.Findings) && len(bad) <= markdownLimit; i++ {
				if f := &r.Findings[i]; f.Status == st && f.Severity.Rank() == rank {
					bad = append(bad, f)
				}
			}
		}
	}
	if len(bad) > 0 {
		b.WriteString("| Status | Severity | Rule | Resource | Finding |\n|---|---|---|---|---|\n")
		for i, f := range bad {
			if i == markdownLimit {
				fmt.Fprintf(&b, "\n…and %d more (see the full report).\n", total-markdownLimit)
				break
			}
			// A resource a plan leaves unnamed (a computed name) has its address, as in the
			// table (JUnit says "(unnamed)" when there is neither): an empty code span showed as
			// two backticks.
			fmt.Fprintf(&b, "| %s | %s | %s | `%s` | %s |\n", f.Status, f.Severity, f.RuleID, diffMDCell(nonEmpty(resourceLabel(findingResource(f)), "(unnamed)")), diffMD(f.Message))
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}
