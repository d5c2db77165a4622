package reporters

import (
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/storewatch/storewatch/policies"
)

const (
	// markdownLimit bounds the findings listed, so a job summary stays readable (GitHub caps a
	// step summary at 1 MiB).
	markdownLimit = 100
	// markdownMaxBytes bounds the whole summary: GitHub refuses a pull-request comment of more
	// than 65,536 characters (a character is at least a byte), and a workflow may put a
	// heading or a diff around the summary. Rows past it are counted, not listed.
	markdownMaxBytes = 60000
	// markdownMaxName and markdownMaxMessage bound a row's resource and finding cells, once
	// escaped, so that one long name or message cannot take the room of the other rows.
	markdownMaxName    = 512
	markdownMaxMessage = 1536
)

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
		// The notices take at most half of the room; the findings have the rest.
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
		writeMarkdownRows(&b, bad, total)
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// writeMarkdownRows writes the rows of the findings listed, in order, while there are
// fewer than markdownLimit and the summary stays within markdownMaxBytes, then says how
// many of the total were left out. bad holds the first findings to list (at most
// markdownLimit+1 of them); total counts all there are.
func writeMarkdownRows(b *strings.Builder, bad []*policies.Finding, total int) {
	const more = "\n…and %d more (see the full report).\n"
	room := markdownMaxBytes - len(more) - 20 // the count's digits, and to spare
	for i, f := range bad {
		// A resource a plan leaves unnamed (a computed name) has its address, as in the
		// table (JUnit says "(unnamed)" when there is neither): an empty code span showed as
		// two backticks.
		row := fmt.Sprintf("| %s | %s | %s | `%s` | %s |\n", f.Status, f.Severity, f.RuleID,
			markdownCell(nonEmpty(resourceLabel(findingResource(f)), "(unnamed)"), markdownMaxName, diffMDCell),
			markdownCell(f.Message, markdownMaxMessage, diffMD))
		if i == markdownLimit || b.Len()+len(row) > room {
			fmt.Fprintf(b, more, total-i)
			return
		}
		b.WriteString(row)
	}
}

// markdownCell is s escaped by escape, in at most limit bytes: when the whole does not fit,
// s is cut at a character and ends with an ellipsis. escape changes each character on its
// own, so the cut never splits an escape (a "\|" cut after its backslash would escape the
// cell's closing pipe) and the escaped prefixes grow with the cut: the longest that fits is
// found by bisection.
func markdownCell(s string, limit int, escape func(string) string) string {
	if e := escape(s); len(e) <= limit {
		return e
	}
	var cuts []int
	for i := range s {
		cuts = append(cuts, i)
	}
	n := sort.Search(len(cuts), func(k int) bool { return len(escape(s[:cuts[k]]))+len("…") > limit })
	return escape(s[:cuts[max(n-1, 0)]]) + "…"
}
