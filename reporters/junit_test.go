package reporters

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/storewatch/storewatch/internal/golden"
	"github.com/storewatch/storewatch/policies"
)

func TestJUnitGolden(t *testing.T) {
	var buf bytes.Buffer
	if err := (JUnit{}).Write(&buf, fixtureReport()); err != nil {
		t.Fatal(err)
	}
	golden.Assert(t, filepath.Join("testdata", "report.junit.xml"), buf.Bytes())
}

// TestJUnitStructure reads the XML back the way CI viewers do (Jenkins, GitLab, the
// dorny and mikepenz GitHub actions all read testsuites > testsuite > testcase with
// failure, error and skipped children and the count attributes).
func TestJUnitStructure(t *testing.T) {
	r := fixtureReport()
	var buf bytes.Buffer
	if err := (JUnit{}).Write(&buf, r); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(buf.String(), `<?xml version="1.0" encoding="UTF-8"?>`) {
		t.Errorf("no XML declaration")
	}
	var doc struct {
		Tests    int `xml:"tests,attr"`
		Failures int `xml:"failures,attr"`
		Errors   int `xml:"errors,attr"`
		Skipped  int `xml:"skipped,attr"`
		Suites   []struct {
			Name     string `xml:"name,attr"`
			Tests    int    `xml:"tests,attr"`
			Failures int    `xml:"failures,attr"`
			Errors   int    `xml:"errors,attr"`
			Skipped  int    `xml:"skipped,attr"`
			Cases    []struct {
				Name      string    `xml:"name,attr"`
				Classname string    `xml:"classname,attr"`
				Failure   *struct{} `xml:"failure"`
				Error     *struct{} `xml:"error"`
				Skipped   *struct{} `xml:"skipped"`
			} `xml:"testcase"`
		} `xml:"testsuite"`
	}
	dec := xml.NewDecoder(&buf)
	dec.Strict = true
	if err := dec.Decode(&doc); err != nil {
		t.Fatalf("JUnit output does not parse: %v", err)
	}
	s := r.Summary.ByStatus
	want := [4]int{len(r.Findings), s[policies.StatusFail], s[policies.StatusUnknown], s[policies.StatusWaived]}
	if got := [4]int{doc.Tests, doc.Failures, doc.Errors, doc.Skipped}; got != want {
		t.Errorf("tests, failures, errors, skipped = %v, want %v", got, want)
	}
	var suites []string
	for _, su := range doc.Suites {
		suites = append(suites, su.Name)
		var f, e, sk int
		for _, c := range su.Cases {
			if c.Name == "" || !strings.HasPrefix(c.Classname, su.Name+".") {
				t.Errorf("suite %s: test case %q has classname %q", su.Name, c.Name, c.Classname)
			}
			if c.Failure != nil {
				f++
			}
			if c.Error != nil {
				e++
			}
			if c.Skipped != nil {
				sk++
			}
		}
		if len(su.Cases) != su.Tests || f != su.Failures || e != su.Errors || sk != su.Skipped {
			t.Errorf("suite %s: counts do not match its test cases", su.Name)
		}
	}
	if diff := cmp.Diff([]string{"storewatch.cloudtrail", "storewatch.cloudwatch", "storewatch.rds", "storewatch.s3"}, suites); diff != "" {
		t.Errorf("one suite per service, sorted (-want +got):\n%s", diff)
	}
}

// TestJUnitEvidenceWhateverItsEscapes holds the JUnit body to the evidence's value, not to
// how its text escapes it: go1.26's json.Marshal writes invalid UTF-8 as \ufffd, go1.27's
// as the character, and the report must not depend on the release that built the binary.
func TestJUnitEvidenceWhateverItsEscapes(t *testing.T) {
	write := func(evidence string) string {
		r := fixtureReport()
		for i := range r.Findings {
			if len(r.Findings[i].Evidence) > 0 {
				r.Findings[i].Evidence = json.RawMessage(evidence)
			}
		}
		var buf bytes.Buffer
		if err := (JUnit{}).Write(&buf, r); err != nil {
			t.Fatal(err)
		}
		return buf.String()
	}
	want := write(`{"bucket":"` + "\uFFFD\uFFFD" + `","name":"café"}`)
	if diff := cmp.Diff(want, write(`{"bucket":"\ufffd\ufffd","name":"caf\u00e9"}`)); diff != "" {
		t.Errorf("JUnit depends on how the evidence escapes its characters (-raw +escaped):\n%s", diff)
	}
}
