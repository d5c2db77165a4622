package reporters

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/storewatch/storewatch/policies"
)

// Diff formats.
const (
	DiffText     = "text"
	DiffJSON     = "json"
	DiffMarkdown = "markdown"
)

// WriteDiff renders a diff as text, JSON or markdown (for a pull-request comment or a job
// summary).
func WriteDiff(w io.Writer, d *policies.Diff, format string) error {
	switch format {
	case DiffJSON:
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(d)
	case DiffText:
		return writeDiffText(w, d)
	case DiffMarkdown:
		return writeDiffMarkdown(w, d)
	}
	return fmt.Errorf("unknown diff format %q (want text, json or markdown)", format)
}

func writeDiffText(w io.Writer, d *policies.Diff) error {
	var b strings.Builder
	fmt.Fprintf(&b, "storewatch diff: %s → %s\n", safeText(d.Old), safeText(d.New))
	if s := d.Stores; s != nil {
		fmt.Fprintf(&b, "\nstores: %d added, %d removed, %d changed\n", len(s.Added), len(s.Removed), len(s.Changed))
		for _, a := range s.Added {
			fmt.Fprintf(&b, "  + %s (%s, %s)\n", safeText(a.Name), safeText(a.Type), safeText(a.Region))
		}
		for _, r := range s.Removed {
			fmt.Fprintf(&b, "  - %s (%s, %s)\n", safeText(r.Name), safeText(r.Type), safeText(r.Region))
		}
		for _, c := range s.Changed {
			for _, ch := range c.Changes {
				fmt.Fprintf(&b, "  ~ %s: %s\n", safeText(c.Store.Name), safeText(ch))
			}
		}
	}
	section := func(title string, l []policies.FindingChange) {
		fmt.Fprintf(&b, "\n%s: %d\n", title, len(l))
		for _, f := range l {
			fmt.Fprintf(&b, "  %s %s %s: %s\n", safeText(f.RuleID), safeText(string(f.Severity)), safeText(f.Name), safeText(f.Message))
		}
	}
	section("new findings", d.NewFindings)
	section("fixed findings", d.Fixed)
	section("changed findings", d.Changed)
	_, err := io.WriteString(w, b.String())
	return err
}

func writeDiffMarkdown(w io.Writer, d *policies.Diff) error {
	var b strings.Builder
	fmt.Fprintf(&b, "### storewatch: %d new, %d fixed findings\n\n", len(d.NewFindings), len(d.Fixed))
	if s := d.Stores; s != nil && (len(s.Added)+len(s.Removed)+len(s.Changed) > 0) {
		b.WriteString("**Data stores**\n\n")
		for _, a := range s.Added {
			fmt.Fprintf(&b, "- added `%s` (%s, %s)\n", diffMDCode(a.Name), diffMD(a.Type), diffMD(a.Region))
		}
		for _, r := range s.Removed {
			fmt.Fprintf(&b, "- removed `%s` (%s, %s)\n", diffMDCode(r.Name), diffMD(r.Type), diffMD(r.Region))
		}
		for _, c := range s.Changed {
			for _, ch := range c.Changes {
				fmt.Fprintf(&b, "- `%s`: %s\n", diffMDCode(c.Store.Name), diffMD(ch))
			}
		}
		b.WriteString("\n")
	}
	table := func(title string, l []policies.FindingChange) {
		if len(l) == 0 {
			return
		}
		fmt.Fprintf(&b, "**%s**\n\n| Rule | Severity | Resource | Finding |\n|---|---|---|---|\n", title)
		for _, f := range l {
			fmt.Fprintf(&b, "| %s | %s | `%s` | %s |\n", diffMD(f.RuleID), diffMD(string(f.Severity)), diffMDCell(f.Name), diffMD(f.Message))
		}
		b.WriteString("\n")
	}
	table("New findings", d.NewFindings)
	table("Fixed findings", d.Fixed)
	table("Changed findings", d.Changed)
	_, err := io.WriteString(w, b.String())
	return err
}

// safeText shows control characters in an attacker-controlled string as escapes.
func safeText(s string) string { return neutralize(s, false) }

// diffMD makes a string inert in markdown: no HTML, no links, no table breaks, no
// character references (GitHub turns "&rlm;" or "&ZeroWidthSpace;" into an invisible
// character, which the neutraliser shows as an escape when it is written as itself).
func diffMD(s string) string {
	s = safeText(s)
	r := strings.NewReplacer("\\", "\\\\", "|", "\\|", "&", "&amp;", "<", "&lt;", ">", "&gt;", "[", "\\[", "]", "\\]", "*", "\\*", "_", "\\_", "`", "'", "#", "\\#", "!", "\\!")
	return r.Replace(s)
}

// diffMDCode makes a string safe inside a code span.
func diffMDCode(s string) string {
	return strings.ReplaceAll(safeText(s), "`", "'")
}

// diffMDCell makes a string safe inside a code span in a table cell: GitHub splits a row
// on every unescaped pipe before it reads code spans, so a pipe in a name would open a
// new cell.
func diffMDCell(s string) string {
	return strings.ReplaceAll(diffMDCode(s), "|", `\|`)
}
