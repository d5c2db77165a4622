package reporters

import (
	"cmp"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/storewatch/storewatch/policies"
)

// statusRank orders statuses for "the worst of": a failure outweighs a check that could
// not be decided, which outweighs an accepted (waived) gap, which outweighs a pass.
var statusRank = map[policies.Status]int{
	policies.StatusFail:    4,
	policies.StatusUnknown: 3,
	policies.StatusWaived:  2,
	policies.StatusPass:    1,
}

// statuses lists the statuses in the order reports show them.
func statuses() []policies.Status {
	return []policies.Status{policies.StatusFail, policies.StatusUnknown, policies.StatusWaived, policies.StatusPass}
}

// worse returns the worse of two statuses; the empty status is better than any.
func worse(a, b policies.Status) policies.Status {
	if statusRank[b] > statusRank[a] {
		return b
	}
	return a
}

// ruleSet is the report's rules sorted by id, with lookups by id.
type ruleSet struct {
	sorted []*policies.Rule
	index  map[string]int
}

func newRuleSet(rules []*policies.Rule) ruleSet {
	sorted := make([]*policies.Rule, 0, len(rules))
	for _, r := range rules {
		if r != nil {
			sorted = append(sorted, r)
		}
	}
	slices.SortStableFunc(sorted, func(a, b *policies.Rule) int { return strings.Compare(a.ID, b.ID) })
	sorted = slices.CompactFunc(sorted, func(a, b *policies.Rule) bool { return a.ID == b.ID })
	idx := make(map[string]int, len(sorted))
	for i, r := range sorted {
		idx[r.ID] = i
	}
	return ruleSet{sorted: sorted, index: idx}
}

// rule returns the rule with the id, or nil when the report does not list it.
func (s ruleSet) rule(id string) *policies.Rule {
	if i, ok := s.index[id]; ok {
		return s.sorted[i]
	}
	return nil
}

// serviceOf is the service a finding is filed under: its rule's, or "other".
func (s ruleSet) serviceOf(f *policies.Finding) string {
	if r := s.rule(f.RuleID); r != nil && r.Service != "" {
		return r.Service
	}
	return "other"
}

// findingResource returns the finding's resource, never nil.
func findingResource(f *policies.Finding) *policies.Resource {
	if f.Resource != nil {
		return f.Resource
	}
	return &policies.Resource{}
}

// findingID is the finding's stable id, derived when a report left it empty.
func findingID(f *policies.Finding) string {
	if f.ID != "" {
		return f.ID
	}
	return policies.FindingID(f.RuleID, findingResource(f))
}

// sortedFindingsWhere returns pointers to the findings keep accepts, ordered for people:
// the worst status first, then the most severe, then by rule and resource, so that ties
// are stable. Filtering first spares sorting the findings nobody lists (the passes).
func sortedFindingsWhere(fs []policies.Finding, keep func(*policies.Finding) bool) []*policies.Finding {
	n := 0
	for i := range fs {
		if keep(&fs[i]) {
			n++
		}
	}
	out := make([]*policies.Finding, 0, n)
	for i := range fs {
		if keep(&fs[i]) {
			out = append(out, &fs[i])
		}
	}
	slices.SortStableFunc(out, func(a, b *policies.Finding) int {
		if c := cmp.Compare(statusRank[b.Status], statusRank[a.Status]); c != 0 {
			return c
		}
		if c := cmp.Compare(b.Severity.Rank(), a.Severity.Rank()); c != 0 {
			return c
		}
		if c := strings.Compare(a.RuleID, b.RuleID); c != 0 {
			return c
		}
		ra, rb := findingResource(a), findingResource(b)
		if c := strings.Compare(ra.AccountID, rb.AccountID); c != 0 {
			return c
		}
		return strings.Compare(ra.ID, rb.ID)
	})
	return out
}

// resourceLabel names a resource for people: its name, or its id when it has none.
func resourceLabel(r *policies.Resource) string {
	if r.Name != "" {
		return r.Name
	}
	return r.ID
}

// Neutralize is neutralize for the commands: an error message that quotes a file's
// content goes to a terminal too.
func Neutralize(s string, keepNewlines bool) string { return neutralize(s, keepNewlines) }

// neutralize makes an attacker-controlled string (a resource name, a tag, a message that
// quotes them) safe to show to a person: control characters, ANSI escape sequences,
// bidirectional overrides, zero-width and other invisible format characters become visible
// escapes (\x1b, \u202e), so they can neither drive a terminal nor reorder or hide text.
// Invalid UTF-8 becomes U+FFFD. Line breaks and tabs become spaces unless keepNewlines.
func neutralize(s string, keepNewlines bool) string {
	// Nearly every string is clean, and reports hold millions of them (JUnit bodies have
	// line breaks in every one): find the first byte that needs a look and return s itself
	// when there is none, without allocating.
	first := firstToNeutralize(s, keepNewlines)
	if first < 0 {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 8)
	b.WriteString(s[:first])
	for i := first; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		switch {
		case r == utf8.RuneError && size <= 1:
			b.WriteRune(unicode.ReplacementChar)
		case r == '\n' || r == '\t':
			if keepNewlines {
				b.WriteRune(r)
			} else {
				b.WriteByte(' ')
			}
		case r == '\r':
			// A carriage return can overwrite what a terminal already printed on the line.
			if !keepNewlines {
				b.WriteByte(' ')
			}
		case needsEscape(r):
			b.WriteString(escapeRune(r))
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// firstToNeutralize returns the index of the first rune neutralize would change, or -1.
// Printable ASCII is decided a byte at a time; only other bytes decode a rune.
func firstToNeutralize(s string, keepNewlines bool) int {
	for i := 0; i < len(s); {
		c := s[i]
		if c >= 0x20 && c < 0x7f {
			i++
			continue
		}
		if c < utf8.RuneSelf {
			if keepNewlines && (c == '\n' || c == '\t') {
				i++
				continue
			}
			return i
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError || needsEscape(r) {
			return i
		}
		i += size
	}
	return -1
}

// needsEscape reports whether a rune is invisible or changes how the text around it is
// shown: C0 and C1 controls (ESC starts ANSI sequences), DEL, format characters (bidi
// overrides and isolates, zero-width joiners and spaces, the BOM, tag characters) and the
// line and paragraph separators.
func needsEscape(r rune) bool {
	if r >= 0x20 && r < 0x7f {
		return false
	}
	return unicode.IsControl(r) || unicode.In(r, unicode.Cf, unicode.Zl, unicode.Zp)
}

func escapeRune(r rune) string {
	switch {
	case r < 0x100:
		return `\x` + leftPad(strconv.FormatInt(int64(r), 16), 2)
	case r <= 0xffff:
		return `\u` + leftPad(strconv.FormatInt(int64(r), 16), 4)
	default:
		return `\U` + leftPad(strconv.FormatInt(int64(r), 16), 8)
	}
}

func leftPad(s string, n int) string {
	if len(s) >= n {
		return s
	}
	return strings.Repeat("0", n-len(s)) + s
}

// truncateRunes cuts s to at most n runes, ending with an ellipsis when it was cut.
func truncateRunes(s string, n int) string {
	if n <= 0 {
		return ""
	}
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	if n == 1 {
		return "…"
	}
	count := 0
	for i := range s {
		if count == n-1 {
			return s[:i] + "…"
		}
		count++
	}
	return s
}

// waiverNotices describes, one line each, the waivers that need attention (expired or
// stale), in the report's order.
func waiverNotices(r *policies.Report) []string {
	var out []string
	for i := range r.Waivers {
		if w := &r.Waivers[i]; w.NeedsAttention() {
			out = append(out, w.Describe())
		}
	}
	return out
}
