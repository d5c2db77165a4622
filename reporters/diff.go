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
	fmt.Fprintf(&b, "storewatch diff: %s → %s\n", diffSafe(d.Old), diffSafe(d.New))
	if s := d.Stores; s != nil {
		fmt.Fprintf(&b, "\nstores: %d added, %d removed, %d changed\n", len(s.Added), len(s.Removed), len(s.Changed))
		for _, a := range s.Added {
			fmt.Fprintf(&b, "  + %s (%s, %s)\n", diffSafe(a.Name), a.Type, a.Region)
		}
		for _, r := range s.Removed {
			fmt.Fprintf(&b, "  - %s (%s, %s)\n", diffSafe(r.Name), r.Type, r.Region)
		}
		for _, c := range s.Changed {
			for _, ch := range c.Changes {
				fmt.Fprintf(&b, "  ~ %s: %s\n", diffSafe(c.Store.Name), diffSafe(ch))
			}
		}
	}
	section := func(title string, l []policies.FindingChange) {
		fmt.Fprintf(&b, "\n%s: %d\n", title, len(l))
		for _, f := range l {
			fmt.Fprintf(&b, "  %s %s %s: %s\n", f.RuleID, f.Severity, diffSafe(f.Name), diffSafe(f.Message))
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
			fmt.Fprintf(&b, "- added `%s` (%s, %s)\n", diffMDCode(a.Name), a.Type, a.Region)
		}
		for _, r := range s.Removed {
			fmt.Fprintf(&b, "- removed `%s` (%s, %s)\n", diffMDCode(r.Name), r.Type, r.Region)
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
			fmt.Fprintf(&b, "| %s | %s | `%s` | %s |\n", f.RuleID, f.Severity, diffMDCode(f.Name), diffMD(f.Message))
		}
		b.WriteString("\n")
	}
	table("New findings", d.NewFindings)
	table("Fixed findings", d.Fixed)
	table("Changed findings", d.Changed)
	_, err := io.WriteString(w, b.String())
	return err
}

// diffSafe drops control characters (ANSI escapes included) from attacker-controlled
// strings written to a terminal.
func diffSafe(s string) string {
	return strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0) {
			return -1
		}
		return r
	}, s)
}

// diffMD makes a string inert in markdown: no HTML, no links, no table breaks.
func diffMD(s string) string {
	s = diffSafe(s)
	r := strings.NewReplacer("\\", "\\\\", "|", "\\|", "<", "&lt;", ">", "&gt;", "[", "\\[", "]", "\\]", "*", "\\*", "_", "\\_", "`", "'", "#", "\\#", "!", "\\!")
	return r.Replace(s)
}

// diffMDCode makes a string safe inside a code span.
func diffMDCode(s string) string {
	return strings.ReplaceAll(diffSafe(s), "`", "'")
}
