package reporters

import (
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/storewatch/storewatch/policies"
)

// JUnit writes JUnit XML for CI test viewers: one test suite per service, one test case
// per rule and resource. A failed check is a <failure>, a check that could not be decided
// an <error> (the test could not run properly), a waived one <skipped>.
//
// The XML is written as encoding/xml would write the document indented by two spaces
// (TestJUnitStreamMatchesReference compares the bytes), but test case by test case on
// every CPU, straight to w: at a million findings the document built whole and then
// encoded was gigabytes and most of the report's time.
type JUnit struct{}

// junitGroup is one test suite: its findings in test-case order and their counts.
type junitGroup struct {
	name                             string
	findings                         []*policies.Finding
	tests, failures, errors, skipped int
}

// Write implements Reporter.
func (JUnit) Write(w io.Writer, r *policies.Report) error {
	rules := newRuleSet(r.Rules)
	bySuite := map[string]*junitGroup{}
	var groups []*junitGroup
	var total junitGroup
	for i := range r.Findings {
		f := &r.Findings[i]
		svc := rules.serviceOf(f)
		g := bySuite[svc]
		if g == nil {
			g = &junitGroup{name: svc}
			bySuite[svc] = g
			groups = append(groups, g)
		}
		g.findings = append(g.findings, f)
		g.tests++
		switch f.Status {
		case policies.StatusFail:
			g.failures++
		case policies.StatusUnknown:
			g.errors++
		case policies.StatusWaived:
			g.skipped++
		}
	}
	slices.SortFunc(groups, func(a, b *junitGroup) int { return strings.Compare(a.name, b.name) })
	byRuleAndResource := func(a, b *policies.Finding) int {
		ra, rb := findingResource(a), findingResource(b)
		if c := strings.Compare(a.RuleID, b.RuleID); c != 0 {
			return c
		}
		if c := strings.Compare(ra.AccountID, rb.AccountID); c != 0 {
			return c
		}
		return strings.Compare(ra.ID, rb.ID)
	}
	for _, g := range groups {
		// The engine's findings come in this order already; checking is cheaper than sorting.
		if !slices.IsSortedFunc(g.findings, byRuleAndResource) {
			slices.SortStableFunc(g.findings, byRuleAndResource)
		}
		total.tests += g.tests
		total.failures += g.failures
		total.errors += g.errors
		total.skipped += g.skipped
	}
	timestamp := ""
	if !r.GeneratedAt.IsZero() {
		timestamp = r.GeneratedAt.UTC().Format("2006-01-02T15:04:05")
	}

	parts := &junitParts{}
	var b []byte
	b = append(b, `<?xml version="1.0" encoding="UTF-8"?>`+"\n"...)
	b = append(b, `<testsuites name="`...)
	b = appendXMLEscaped(b, nonEmpty(r.Tool.Name, "storewatch"))
	b = appendJUnitCounts(b, &total)
	b = append(b, '>')
	if _, err := w.Write(b); err != nil {
		return err
	}
	for _, g := range groups {
		b = append(b[:0], "\n  <testsuite name=\""...)
		b = appendXMLEscaped(b, "storewatch."+g.name)
		b = appendJUnitCounts(b, g)
		if timestamp != "" {
			b = append(b, ` timestamp="`...)
			b = appendXMLEscaped(b, timestamp)
			b = append(b, '"')
		}
		b = append(b, ">\n    <properties>\n      <property name=\"rules_version\" value=\""...)
		b = appendXMLEscaped(b, r.Tool.RulesVersion)
		b = append(b, "\"></property>\n    </properties>"...)
		if _, err := w.Write(b); err != nil {
			return err
		}
		err := writeChunks(w, len(g.findings), func(buf []byte, i int) ([]byte, error) {
			f := g.findings[i]
			return appendJUnitCase(buf, f, rules.rule(f.RuleID), g.name, parts), nil
		})
		if err != nil {
			return fmt.Errorf("encode junit: %w", err)
		}
		if _, err := io.WriteString(w, "\n  </testsuite>"); err != nil {
			return err
		}
	}
	if len(groups) > 0 {
		b = append(b[:0], '\n')
	} else {
		b = b[:0]
	}
	b = append(b, "</testsuites>\n"...)
	_, err := w.Write(b)
	return err
}

func appendJUnitCounts(b []byte, g *junitGroup) []byte {
	b = append(b, `" tests="`...)
	b = strconv.AppendInt(b, int64(g.tests), 10)
	b = append(b, `" failures="`...)
	b = strconv.AppendInt(b, int64(g.failures), 10)
	b = append(b, `" errors="`...)
	b = strconv.AppendInt(b, int64(g.errors), 10)
	b = append(b, `" skipped="`...)
	b = strconv.AppendInt(b, int64(g.skipped), 10)
	return append(b, `" time="0"`...)
}

// appendJUnitCase appends one <testcase> element, on its own line at depth 2.
func appendJUnitCase(b []byte, f *policies.Finding, rule *policies.Rule, service string, parts *junitParts) []byte {
	res := findingResource(f)
	b = append(b, "\n    <testcase name=\""...)
	// Neutralising and escaping change each character on its own, so the parts are
	// written one after the other rather than joined first.
	b = appendXMLEscaped(b, xmlSafe(neutralize(f.RuleID, false)))
	b = append(b, ' ')
	b = appendXMLEscaped(b, xmlSafe(neutralize(nonEmpty(res.ID, "(unnamed)"), false)))
	// Viewers that split the class name on dots show storewatch.<service> as the package
	// and the rule id as the class.
	b = append(b, `" classname="storewatch.`...)
	b = appendXMLEscaped(b, service)
	b = append(b, '.')
	b = appendXMLEscaped(b, f.RuleID)
	b = append(b, `" time="0">`...)
	problem := func(tag, msg, typ string) {
		b = append(b, "\n      <"...)
		b = append(b, tag...)
		b = append(b, ` message="`...)
		b = appendXMLEscaped(b, msg)
		b = append(b, `" type="`...)
		b = appendXMLEscaped(b, typ)
		b = append(b, `">`...)
		b = parts.appendDetails(b, f, rule)
		b = append(b, "</"...)
		b = append(b, tag...)
		b = append(b, ">\n    "...)
	}
	switch f.Status {
	case policies.StatusFail:
		problem("failure", xmlSafe(neutralize(f.Message, false)), string(f.Severity))
	case policies.StatusUnknown:
		problem("error", "could not be decided: "+xmlSafe(neutralize(f.Message, false)), "unknown")
	case policies.StatusWaived:
		why := "waived"
		if wv := f.Waiver; wv != nil {
			why = fmt.Sprintf("waived by %s until %s: %s", nonEmpty(wv.Owner, "unknown owner"), wv.Expires.Format("2006-01-02"), wv.Reason)
		}
		b = append(b, "\n      <skipped message=\""...)
		b = appendXMLEscaped(b, xmlSafe(neutralize(why, false)))
		b = append(b, "\"></skipped>\n    "...)
	}
	return append(b, "</testcase>"...)
}

// junitParts writes the body of a failure or error: what a person needs to act on it. The
// body is neutralised, made XML-safe and escaped as one text once was; those change each
// character on its own and every part is joined to the next by ASCII, so the parts are
// transformed on their own, and the parts a finding shares — its rule's heading and
// remediation, its evidence — once per report. (The resource lines are not kept: a cache of
// 130,000 of them beside the other writers' raised the peak of every report.)
type junitParts struct {
	rules    sync.Map // ruleParts key → []byte
	evidence evidenceCache
}

type ruleParts struct {
	rule *policies.Rule
	id   string
	tail bool // the remediation, after the rest; else the heading
}

// appendDetail appends s as a part of a body: neutralised, XML-safe, escaped.
func appendDetail(b []byte, s string) []byte {
	return appendXMLEscaped(b, xmlSafe(neutralize(s, true)))
}

func (p *junitParts) appendDetails(b []byte, f *policies.Finding, rule *policies.Rule) []byte {
	res := findingResource(f)
	b = appendDetail(b, f.Message)
	b = append(b, p.rule(ruleParts{rule: rule, id: f.RuleID})...)
	b = appendDetail(b, string(f.Severity))
	b = appendResourceLines(b, res)
	for _, e := range f.Errors {
		b = appendDetail(b, "Collection error: "+describeCollectionError(e)+"\n")
	}
	if len(f.Evidence) > 0 {
		ev, err := p.evidence.get(f.Evidence, func(ev json.RawMessage) ([]byte, error) {
			text, err := indentEvidence(ev)
			if err != nil {
				return nil, err
			}
			return appendDetail(nil, "Evidence:\n"+string(text)+"\n"), nil
		})
		if err == nil {
			b = append(b, ev...)
		}
	}
	return append(b, p.rule(ruleParts{rule: rule, id: f.RuleID, tail: true})...)
}

// rule returns a rule's heading (from the blank line after the message to "Severity: ")
// or its remediation.
func (p *junitParts) rule(k ruleParts) []byte {
	if b, ok := p.rules.Load(k); ok {
		return b.([]byte)
	}
	var s string
	switch {
	case !k.tail && k.rule != nil:
		s = "\n\nRule:     " + k.id + " — " + k.rule.Title + "\nSeverity: "
	case !k.tail:
		s = "\n\nRule:     " + k.id + "\nSeverity: "
	case k.rule != nil && k.rule.Remediation.CLI != "":
		s = "Remediation (AWS CLI):\n" + strings.TrimSpace(k.rule.Remediation.CLI) + "\n"
	}
	b := appendDetail(nil, s)
	p.rules.Store(k, b)
	return b
}

// appendResourceLines appends the lines that say which resource a finding is about.
func appendResourceLines(b []byte, res *policies.Resource) []byte {
	b = appendDetail(b, "\nResource: ")
	b = appendDetail(b, res.ID)
	b = appendDetail(b, " (")
	b = appendDetail(b, res.Type)
	b = appendDetail(b, ")\nAccount:  ")
	b = appendDetail(b, res.AccountID)
	b = appendDetail(b, "\nRegion:   ")
	b = appendDetail(b, nonEmpty(res.Region, "global"))
	b = appendDetail(b, "\n")
	if l := res.Location; l != nil && l.File != "" {
		b = appendDetail(b, "Location: ")
		b = appendDetail(b, l.File)
		b = appendDetail(b, ":"+strconv.Itoa(l.StartLine)+"-"+strconv.Itoa(l.EndLine)+"\n")
	}
	return b
}

// xmlSafe drops what XML 1.0 cannot carry at all; neutralize has already made controls
// visible, this only guards the characters outside XML's range.
func xmlSafe(s string) string {
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c < 0x20 && c != '\t' && c != '\n' && c != '\r' {
				return xmlSafeSlow(s)
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if !isXMLChar(r) {
			return xmlSafeSlow(s)
		}
		i += size
	}
	return s
}

func xmlSafeSlow(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r == 0x9 || r == 0xA || r == 0xD,
			r >= 0x20 && r <= 0xD7FF,
			r >= 0xE000 && r <= 0xFFFD,
			r >= 0x10000 && r <= 0x10FFFF:
			return r
		}
		return '\uFFFD'
	}, s)
}

// appendXMLEscaped appends s escaped as encoding/xml escapes attribute values and
// character data: the five markup characters, tab and line breaks as character
// references, and anything outside XML's character range (invalid UTF-8 included) as
// U+FFFD. Runs of bytes that need nothing are copied whole.
func appendXMLEscaped(b []byte, s string) []byte {
	last := 0
	for i := 0; i < len(s); {
		c := s[i]
		if xmlPlain[c] {
			i++
			continue
		}
		var esc string
		width := 1
		switch {
		case c == '"':
			esc = "&#34;"
		case c == '\'':
			esc = "&#39;"
		case c == '&':
			esc = "&amp;"
		case c == '<':
			esc = "&lt;"
		case c == '>':
			esc = "&gt;"
		case c == '\t':
			esc = "&#x9;"
		case c == '\n':
			esc = "&#xA;"
		case c == '\r':
			esc = "&#xD;"
		case c >= 0x20 && c < utf8.RuneSelf:
			i++
			continue
		case c < 0x20:
			esc = "\uFFFD"
		default:
			var r rune
			r, width = utf8.DecodeRuneInString(s[i:])
			if isXMLChar(r) && (r != utf8.RuneError || width != 1) {
				i += width
				continue
			}
			esc = "\uFFFD"
		}
		b = append(b, s[last:i]...)
		b = append(b, esc...)
		i += width
		last = i
	}
	return append(b, s[last:]...)
}

// xmlPlain marks the bytes appendXMLEscaped copies as they are.
var xmlPlain = func() (t [256]bool) {
	for c := 0x20; c < utf8.RuneSelf; c++ {
		t[c] = true
	}
	for _, c := range `"'&<>` {
		t[c] = false
	}
	return t
}()

// isXMLChar is XML 1.0's Char production.
func isXMLChar(r rune) bool {
	return r == 0x09 || r == 0x0A || r == 0x0D ||
		r >= 0x20 && r <= 0xD7FF ||
		r >= 0xE000 && r <= 0xFFFD ||
		r >= 0x10000 && r <= 0x10FFFF
}
