package reporters

import (
	"bufio"
	"fmt"
	"io"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/width"

	"github.com/storewatch/storewatch/policies"
)

const (
	defaultTableWidth = 120
	// Below this the table would be unreadable; lines wrap instead.
	minTableWidth = 60
)

// ANSI SGR sequences; used only when Options.Color.
const (
	ansiReset  = "\x1b[0m"
	ansiBold   = "\x1b[1m"
	ansiDim    = "\x1b[2m"
	ansiRed    = "\x1b[31m"
	ansiGreen  = "\x1b[32m"
	ansiYellow = "\x1b[33m"
	ansiCyan   = "\x1b[36m"
)

// Table writes findings as a terminal table with a summary. It fits the table to
// Options.Width, colours only when Options.Color, and shows every value through
// neutralize, so a resource name cannot move the cursor or recolour the terminal.
// Passing checks are counted, not listed; Quiet lists failures only.
type Table struct{ Options }

// Write implements Reporter.
func (t *Table) Write(w io.Writer, r *policies.Report) error {
	// bufio.Writer keeps the first write error and Flush returns it.
	bw := bufio.NewWriter(w)
	total := t.Width
	if total <= 0 {
		total = defaultTableWidth
	}
	total = max(total, minTableWidth)

	// Passes (most findings) are never listed: they are left out before sorting.
	listed := func(f *policies.Finding) bool {
		return f.Status != policies.StatusPass && (!t.Quiet || f.Status == policies.StatusFail)
	}
	shown := sortedFindingsWhere(r.Findings, listed)
	rows := make([][5]string, 0, len(shown))
	kinds := make([]policies.Status, 0, len(shown))
	for _, f := range shown {
		res := findingResource(f)
		rows = append(rows, [5]string{
			strings.ToUpper(string(f.Status)),
			string(f.Severity),
			f.RuleID,
			neutralize(resourceLabel(res), false),
			neutralize(f.Message, false),
		})
		kinds = append(kinds, f.Status)
	}

	if len(rows) > 0 {
		t.writeRows(bw, rows, kinds, total)
		fmt.Fprint(bw, "\n")
	}
	t.writeSummary(bw, r)
	return bw.Flush()
}

var tableHeader = [5]string{"STATUS", "SEVERITY", "RULE", "RESOURCE", "MESSAGE"}

// writeRows lays the columns out: status, severity and rule at their natural width, the
// resource at most a third of what is left, the message the rest; longer values are cut
// with an ellipsis.
func (t *Table) writeRows(w *bufio.Writer, rows [][5]string, kinds []policies.Status, total int) {
	const gap = 2
	var widths [5]int
	for i, h := range tableHeader {
		widths[i] = displayWidth(h)
	}
	for _, row := range rows {
		for i := 0; i < 4; i++ {
			widths[i] = max(widths[i], displayWidth(row[i]))
		}
	}
	fixed := widths[0] + widths[1] + widths[2] + 4*gap
	rest := max(total-fixed, 20)
	widths[3] = min(widths[3], max(rest/3, 12))
	widths[4] = max(rest-widths[3], 8)

	line := func(cells [5]string, status policies.Status, header bool) {
		for i, c := range cells {
			c, cw := fitWidth(c, widths[i])
			pad := widths[i] - cw
			if i == 4 {
				pad = 0
			}
			switch {
			case header:
				c = t.paint(ansiBold, c)
			case i == 0:
				c = t.paint(statusColor(status), c)
			case i == 1:
				c = t.paint(severityColor(policies.Severity(c)), c)
			}
			// bufio.Writer keeps the first write error and Flush returns it.
			_, _ = w.WriteString(c)
			if i < 4 {
				writeSpaces(w, pad+gap)
			}
		}
		_ = w.WriteByte('\n')
	}
	line(tableHeader, "", true)
	for i, row := range rows {
		line(row, kinds[i], false)
	}
}

func (t *Table) writeSummary(w *bufio.Writer, r *policies.Report) {
	s := r.Summary
	// Both lines fit 80 columns at demo sizes: a terminal wraps them otherwise.
	fmt.Fprintf(w, "%d checks on %d data stores: %s passed, %s failed, %s undecided, %s waived\n",
		s.Total, r.Snapshot.Stores,
		t.paint(ansiGreen, fmt.Sprint(s.ByStatus[policies.StatusPass])),
		t.paint(ansiRed, fmt.Sprint(s.ByStatus[policies.StatusFail])),
		t.paint(ansiYellow, fmt.Sprint(s.ByStatus[policies.StatusUnknown])),
		t.paint(ansiCyan, fmt.Sprint(s.ByStatus[policies.StatusWaived])))
	var parts []string
	for _, sev := range policies.Severities() {
		if n := s.BySeverity[sev][policies.StatusFail]; n > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", n, sev))
		}
	}
	if len(parts) > 0 {
		fmt.Fprintf(w, "failed by severity: %s\n", strings.Join(parts, ", "))
	}
	if n := len(r.CollectionErrors); n > 0 {
		fmt.Fprintf(w, "%s\n", t.paint(ansiYellow, fmt.Sprintf("%d collection %s: the checks that need the missing facts are undecided", n, plural(n, "error", "errors"))))
	}
	if n := partialNotice(r); n != "" {
		fmt.Fprintf(w, "%s\n", t.paint(ansiYellow, n))
	}
	for _, n := range waiverNotices(r) {
		fmt.Fprintf(w, "%s\n", t.paint(ansiYellow, neutralize(n, false)))
	}
	if g := r.Gate; g != nil {
		verdict := t.paint(ansiBold+ansiGreen, "PASSED")
		if !g.Passed {
			verdict = t.paint(ansiBold+ansiRed, "FAILED")
		}
		fmt.Fprintf(w, "gate %s: %s\n", verdict, neutralize(g.Reason, false))
	}
}

func (t *Table) paint(code, s string) string {
	if !t.Color || code == "" {
		return s
	}
	return code + s + ansiReset
}

func statusColor(s policies.Status) string {
	switch s {
	case policies.StatusFail:
		return ansiRed
	case policies.StatusUnknown:
		return ansiYellow
	case policies.StatusWaived:
		return ansiCyan
	case policies.StatusPass:
		return ansiGreen
	}
	return ""
}

func severityColor(s policies.Severity) string {
	switch s {
	case policies.SeverityCritical:
		return ansiBold + ansiRed
	case policies.SeverityHigh:
		return ansiRed
	case policies.SeverityMedium:
		return ansiYellow
	case policies.SeverityInfo:
		return ansiDim
	}
	return ""
}

// displayWidth is how many terminal columns s takes: East Asian wide and fullwidth
// characters take two, combining marks none.
func displayWidth(s string) int {
	if isASCII(s) {
		return len(s)
	}
	n := 0
	for _, r := range s {
		n += runeWidth(r)
	}
	return n
}

func runeWidth(r rune) int {
	if unicode.In(r, unicode.Mn, unicode.Me) {
		return 0
	}
	switch width.LookupRune(r).Kind() {
	case width.EastAsianWide, width.EastAsianFullwidth:
		return 2
	}
	return 1
}

// fitWidth cuts s to at most w columns, ending with an ellipsis when it was cut, and
// returns how many columns the result takes (half a million cut cells measured twice
// were a second of a large table).
func fitWidth(s string, w int) (string, int) {
	if len(s) <= w && isASCII(s) {
		return s, len(s)
	}
	if n := displayWidth(s); n <= w {
		return s, n
	}
	if w <= 0 {
		return "", 0
	}
	if isASCII(s) {
		return s[:w-1] + "…", w
	}
	var b strings.Builder
	used := 0
	for _, r := range s {
		rw := runeWidth(r)
		if used+rw > w-1 {
			break
		}
		b.WriteRune(r)
		used += rw
	}
	b.WriteString("…")
	return b.String(), used + 1
}

// isASCII reports whether s is all ASCII, whose every character takes one column.
func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

const spaces = "                                                                "

// writeSpaces writes n spaces; like every write to w, errors surface at Flush.
func writeSpaces(w *bufio.Writer, n int) {
	for n > len(spaces) {
		_, _ = w.WriteString(spaces)
		n -= len(spaces)
	}
	_, _ = w.WriteString(spaces[:max(n, 0)])
}

// plural is one when n is 1, else many.
func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
