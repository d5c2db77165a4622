package reporters

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/storewatch/storewatch/policies"
)

// streamedWriters pairs each reporter that streams with the writer it replaced, which built
// the whole document in memory: the two must write the same bytes.
var streamedWriters = map[string]struct {
	streamed  func(io.Writer, *policies.Report) error
	reference func(io.Writer, *policies.Report) error
}{
	"junit":           {JUnit{}.Write, junitReference},
	"sarif":           {sarifWith(SARIF{}).Write, sarifWith(SARIF{}).sarifReference},
	"sarif-pass":      {sarifWith(SARIF{Options: Options{SARIFIncludePass: true}}).Write, sarifWith(SARIF{Options: Options{SARIFIncludePass: true}}).sarifReference},
	"sarif-truncated": {sarifWith(sarifTruncating).Write, sarifWith(sarifTruncating).sarifReference},
	"sarif-merged":    {sarifWith(sarifMerging).Write, sarifWith(sarifMerging).sarifReference},
	"markdown":        {Markdown{}.Write, markdownReference},
	"html":            {(&HTML{}).Write, (&HTML{}).htmlReference},
	"html-compressed": {(&HTML{compressAbove: 3000}).Write, (&HTML{compressAbove: 3000}).htmlReference},
}

var (
	sarifTruncating = SARIF{Options: Options{SARIFIncludePass: true}, limits: sarifLimits{resultsPerRun: 7, gzipBytes: 9000}}
	sarifMerging    = SARIF{limits: sarifLimits{runs: 1, resultsPerRun: 50}}
)

func sarifWith(s SARIF) *SARIF { return &s }

// manyFindings is the fixture report with its findings repeated n times over distinct
// resources, so that the writers' chunks (chunkSize) are exercised.
func manyFindings(n int) *policies.Report {
	r := fixtureReport()
	base := r.Findings
	r.Findings = nil
	for i := range n {
		for _, f := range base {
			res := *findingResource(&f)
			res.ID = fmt.Sprintf("%s-%05d", res.ID, i)
			f.Resource = &res
			f.ID = policies.FindingID(f.RuleID, &res)
			r.Findings = append(r.Findings, f)
		}
	}
	return r
}

func streamFixtures() map[string]*policies.Report {
	empty := fixtureReport()
	empty.Findings = nil
	noTime := fixtureReport()
	noTime.GeneratedAt = time.Time{}
	// Evidence text with escapes an encoder may or may not write: go1.26's json.Marshal
	// writes \ufffd for invalid UTF-8 where go1.27's writes the character itself.
	escaped := fixtureReport()
	for i := range escaped.Findings {
		if len(escaped.Findings[i].Evidence) > 0 {
			escaped.Findings[i].Evidence = json.RawMessage(`{"bucket":"\ufffd\ufffd\ufffd","name":"caf\u00e9 a\/b","n":1.50}`)
		}
	}
	return map[string]*policies.Report{
		"fixture":     fixtureReport(),
		"hostile":     hostileReport(hostile{hostileName, "<b>key</b>", "\u202eevil", hostileName, "</script><!--", "/aws/x/" + hostileName}),
		"markdownish": hostileReport(hostile{"a|b`c`", "k|", "v]]>", "[link](javascript:alert(1))", "{0} {{1}}", "'; rm -rf ~ #\n\x1b[201~"}),
		"invalid":     hostileReport(hostile{"\xff\xfe\uFFFE\uFFFF\U0010FFFF\r\n\t", "\x00", "\x7f", "\u2028\u2029\r", "\xed\xa0\x80", "\t"}),
		"no findings": empty,
		"no time":     noTime,
		"escaped":     escaped,
		"empty":       {},
		"many":        manyFindings(300),
	}
}

func TestStreamMatchesReference(t *testing.T) {
	for format, w := range streamedWriters {
		for name, r := range streamFixtures() {
			t.Run(format+"/"+name, func(t *testing.T) {
				var want, got bytes.Buffer
				if err := w.reference(&want, r); err != nil {
					t.Fatal(err)
				}
				if err := w.streamed(&got, r); err != nil {
					t.Fatal(err)
				}
				if !bytes.Equal(want.Bytes(), got.Bytes()) {
					t.Errorf("streamed output differs from the reference (-reference +streamed):\n%s", cmp.Diff(want.String(), got.String()))
				}
			})
		}
	}
}

// FuzzStreamMatchesReference holds every streaming writer to the bytes of the writer it
// replaced, with attacker-controlled strings everywhere.
func FuzzStreamMatchesReference(f *testing.F) {
	f.Add(hostileName, "<b>key</b>", "\u202eevil", hostileName, "</script><!--", "/aws/x/"+hostileName)
	f.Add("\xff\xfe", "\x00", "\x7f", "\u2028\r", "\xed\xa0\x80", "\t\n")
	f.Fuzz(func(t *testing.T, name, tagKey, tagValue, message, evidence, logGroup string) {
		r := hostileReport(hostile{name, tagKey, tagValue, message, evidence, logGroup})
		for format, w := range streamedWriters {
			var want, got bytes.Buffer
			if err := w.reference(&want, r); err != nil {
				t.Fatal(err)
			}
			if err := w.streamed(&got, r); err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(want.Bytes(), got.Bytes()) {
				t.Fatalf("%s: streamed output differs from the reference (-reference +streamed):\n%s", format, cmp.Diff(want.String(), got.String()))
			}
		}
	})
}
