package reporters

import (
	"encoding/json"
	"encoding/xml"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/storewatch/storewatch/policies"
)

// junitReference is the JUnit writer as it was before it streamed: the document built
// whole and encoded by encoding/xml. TestJUnitStreamMatchesReference holds the streaming
// writer to its bytes.

type junitSuites struct {
	XMLName  xml.Name     `xml:"testsuites"`
	Name     string       `xml:"name,attr"`
	Tests    int          `xml:"tests,attr"`
	Failures int          `xml:"failures,attr"`
	Errors   int          `xml:"errors,attr"`
	Skipped  int          `xml:"skipped,attr"`
	Time     string       `xml:"time,attr"`
	Suites   []junitSuite `xml:"testsuite"`
}

type junitSuite struct {
	Name       string          `xml:"name,attr"`
	Tests      int             `xml:"tests,attr"`
	Failures   int             `xml:"failures,attr"`
	Errors     int             `xml:"errors,attr"`
	Skipped    int             `xml:"skipped,attr"`
	Time       string          `xml:"time,attr"`
	Timestamp  string          `xml:"timestamp,attr,omitempty"`
	Properties []junitProperty `xml:"properties>property,omitempty"`
	Cases      []junitCase     `xml:"testcase"`
}

type junitProperty struct {
	Name  string `xml:"name,attr"`
	Value string `xml:"value,attr"`
}

type junitCase struct {
	Name      string        `xml:"name,attr"`
	Classname string        `xml:"classname,attr"`
	Time      string        `xml:"time,attr"`
	Failure   *junitProblem `xml:"failure,omitempty"`
	Error     *junitProblem `xml:"error,omitempty"`
	Skipped   *junitSkipped `xml:"skipped,omitempty"`
}

type junitProblem struct {
	Message string `xml:"message,attr"`
	Type    string `xml:"type,attr"`
	Body    string `xml:",chardata"`
}

type junitSkipped struct {
	Message string `xml:"message,attr"`
}

func junitReference(w io.Writer, r *policies.Report) error {
	rules := newRuleSet(r.Rules)
	bySuite := map[string][]*policies.Finding{}
	for i := range r.Findings {
		f := &r.Findings[i]
		svc := rules.serviceOf(f)
		bySuite[svc] = append(bySuite[svc], f)
	}
	names := make([]string, 0, len(bySuite))
	for n := range bySuite {
		names = append(names, n)
	}
	slices.Sort(names)

	doc := junitSuites{Name: nonEmpty(r.Tool.Name, "storewatch"), Time: "0", Suites: []junitSuite{}}
	for _, name := range names {
		fs := bySuite[name]
		slices.SortStableFunc(fs, func(a, b *policies.Finding) int {
			ra, rb := findingResource(a), findingResource(b)
			if c := strings.Compare(a.RuleID, b.RuleID); c != 0 {
				return c
			}
			if c := strings.Compare(ra.AccountID, rb.AccountID); c != 0 {
				return c
			}
			return strings.Compare(ra.ID, rb.ID)
		})
		s := junitSuite{Name: "storewatch." + name, Time: "0"}
		if !r.GeneratedAt.IsZero() {
			s.Timestamp = r.GeneratedAt.UTC().Format("2006-01-02T15:04:05")
		}
		s.Properties = []junitProperty{{Name: "rules_version", Value: r.Tool.RulesVersion}}
		for _, f := range fs {
			c := junitReferenceCase(f, rules.rule(f.RuleID), name)
			s.Tests++
			switch {
			case c.Failure != nil:
				s.Failures++
			case c.Error != nil:
				s.Errors++
			case c.Skipped != nil:
				s.Skipped++
			}
			s.Cases = append(s.Cases, c)
		}
		doc.Tests += s.Tests
		doc.Failures += s.Failures
		doc.Errors += s.Errors
		doc.Skipped += s.Skipped
		doc.Suites = append(doc.Suites, s)
	}
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(doc); err != nil {
		return fmt.Errorf("encode junit: %w", err)
	}
	if err := enc.Close(); err != nil {
		return fmt.Errorf("encode junit: %w", err)
	}
	_, err := io.WriteString(w, "\n")
	return err
}

func junitReferenceCase(f *policies.Finding, rule *policies.Rule, service string) junitCase {
	res := findingResource(f)
	c := junitCase{
		// Viewers that split the class name on dots show storewatch.<service> as the
		// package and the rule id as the class.
		Classname: "storewatch." + service + "." + f.RuleID,
		Name:      xmlSafe(neutralize(f.RuleID+" "+nonEmpty(res.ID, "(unnamed)"), false)),
		Time:      "0",
	}
	msg := xmlSafe(neutralize(f.Message, false))
	switch f.Status {
	case policies.StatusFail:
		c.Failure = &junitProblem{Message: msg, Type: string(f.Severity), Body: junitReferenceDetails(f, rule)}
	case policies.StatusUnknown:
		c.Error = &junitProblem{Message: "could not be decided: " + msg, Type: "unknown", Body: junitReferenceDetails(f, rule)}
	case policies.StatusWaived:
		why := "waived"
		if wv := f.Waiver; wv != nil {
			why = fmt.Sprintf("waived by %s until %s: %s", nonEmpty(wv.Owner, "unknown owner"), wv.Expires.Format("2006-01-02"), wv.Reason)
		}
		c.Skipped = &junitSkipped{Message: xmlSafe(neutralize(why, false))}
	}
	return c
}

// junitReferenceDetails is the body of a failure or error: what a person needs to act on it.
func junitReferenceDetails(f *policies.Finding, rule *policies.Rule) string {
	res := findingResource(f)
	var b strings.Builder
	fmt.Fprintf(&b, "%s\n\n", f.Message)
	fmt.Fprintf(&b, "Rule:     %s", f.RuleID)
	if rule != nil {
		fmt.Fprintf(&b, " — %s", rule.Title)
	}
	fmt.Fprintf(&b, "\nSeverity: %s\nResource: %s (%s)\nAccount:  %s\nRegion:   %s\n",
		f.Severity, res.ID, res.Type, res.AccountID, nonEmpty(res.Region, "global"))
	if l := res.Location; l != nil && l.File != "" {
		fmt.Fprintf(&b, "Location: %s:%d-%d\n", l.File, l.StartLine, l.EndLine)
	}
	for _, e := range f.Errors {
		fmt.Fprintf(&b, "Collection error: %s\n", describeCollectionError(e))
	}
	if len(f.Evidence) > 0 {
		if ev, err := json.MarshalIndent(decodedEvidence(f.Evidence), "", "  "); err == nil {
			fmt.Fprintf(&b, "Evidence:\n%s\n", ev)
		}
	}
	if rule != nil && rule.Remediation.CLI != "" {
		fmt.Fprintf(&b, "Remediation (AWS CLI):\n%s\n", strings.TrimSpace(rule.Remediation.CLI))
	}
	return xmlSafe(neutralize(b.String(), true))
}
