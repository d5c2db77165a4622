package reporters

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/storewatch/storewatch/policies"
	"github.com/storewatch/storewatch/reporters/reporterstest"
)

func writeMarkdown(t *testing.T, r *policies.Report) string {
	t.Helper()
	var buf bytes.Buffer
	if err := (Markdown{}).Write(&buf, r); err != nil {
		t.Fatal(err)
	}
	return buf.String()
}

// markdownRows returns the rows of the summary's findings table.
func markdownRows(md string) []string {
	var rows []string
	for _, line := range strings.Split(md, "\n") {
		if strings.HasPrefix(line, "| ") && !strings.HasPrefix(line, "| Status |") {
			rows = append(rows, line)
		}
	}
	return rows
}

// withUndecided adds n undecided critical checks on distinct resources to the fixture
// report: what a region the scanner could not read yields.
func withUndecided(n int) *policies.Report {
	r := fixtureReport()
	var undecided policies.Finding
	for _, f := range r.Findings {
		if f.Status == policies.StatusUnknown && f.Severity == policies.SeverityCritical {
			undecided = f
		}
	}
	for i := range n {
		f := undecided
		res := *f.Resource
		res.ID, res.Name = fmt.Sprintf("%s-%03d", res.ID, i), fmt.Sprintf("%s-%03d", res.Name, i)
		f.Resource = &res
		r.Findings = append(r.Findings, f)
	}
	r.Summarize()
	return r
}

// TestMarkdownListsFailuresFirst: failures come before the checks that could not be
// decided, as in the other reports, so that undecided checks cannot push the failures that
// failed the gate out of the summary.
func TestMarkdownListsFailuresFirst(t *testing.T) {
	r := withUndecided(2 * markdownLimit)
	rows := markdownRows(writeMarkdown(t, r))
	fails := r.Summary.ByStatus[policies.StatusFail]
	if len(rows) < fails {
		t.Fatalf("%d rows, want at least the %d failures", len(rows), fails)
	}
	for i, row := range rows {
		if want := i < fails; strings.HasPrefix(row, "| fail |") != want {
			t.Errorf("row %d = %q; want the %d failures first, then the undecided checks", i+1, row, fails)
		}
	}
}

// TestMarkdownNamesUnnamedResources: a resource without a name (a plan leaves a computed
// name unknown) is named by its id, as in the table, and a finding without a resource
// gets a row too.
func TestMarkdownNamesUnnamedResources(t *testing.T) {
	r := fixtureReport()
	r.Findings = r.Findings[:1]
	r.Findings[0].Resource = &policies.Resource{ID: `aws_db_instance.orders["eu"]`, Type: "AWS::RDS::DBInstance"}
	r.Findings = append(r.Findings, r.Findings[0])
	r.Findings[1].Resource = nil
	r.Summarize()
	rows := markdownRows(writeMarkdown(t, r))
	want := []string{
		"| fail | high | SW-AL-01 | `aws_db_instance.orders[\"eu\"]` | orders-db has no alarm on CPUUtilization |",
		"| fail | high | SW-AL-01 | `(unnamed)` | orders-db has no alarm on CPUUtilization |",
	}
	if diff := cmp.Diff(want, rows); diff != "" {
		t.Errorf("rows (-want +got):\n%s", diff)
	}
}

// TestMarkdownFitsAPullRequestComment: however many and however long the findings and
// waiver notices, the summary stays within GitHub's 65,536 characters for a comment (with
// room to spare), every row stays whole, and the summary says how many it left out.
func TestMarkdownFitsAPullRequestComment(t *testing.T) {
	const tagChars = "\U000e0041\U000e0042" // escaped as \U000e0041, 11 bytes each in markdown
	tests := []struct {
		name          string
		failures      int
		resource, msg string
		waivers       int
	}{
		{"long messages", 3000, strings.Repeat("orders-db-", 30), strings.Repeat("x<", 500), 0},
		{"plan-sized messages", 3000, "aws_db_instance.orders", strings.Repeat("the trails of account 111111111111 are not in the plan; ", 9), 0},
		{"escapes that grow", 500, strings.Repeat(tagChars+"|`", 300), strings.Repeat(tagChars+"|\\", 400), 0},
		{"many waiver notices", 3000, "db", "no alarm", 3000},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := fixtureReport()
			r.Findings = nil
			for i := range tt.failures {
				r.Findings = append(r.Findings, policies.Finding{RuleID: "SW-AL-01", Status: policies.StatusFail, Severity: policies.SeverityHigh,
					Resource: &policies.Resource{ID: fmt.Sprintf("%s-%05d", tt.resource, i), Name: fmt.Sprintf("%s-%05d", tt.resource, i)}, Message: tt.msg})
			}
			for i := range tt.waivers {
				r.Waivers = append(r.Waivers, policies.WaiverState{WaiverRef: policies.WaiverRef{Rule: "SW-AL-01",
					Resource: fmt.Sprintf("arn:aws:rds:eu-west-1:111111111111:db:%s-%05d", strings.Repeat("legacy-", 10), i)},
					State: policies.WaiverStale, File: ".storewatch/waivers.yaml", Line: 3 + 6*i})
			}
			r.Summarize()
			md := writeMarkdown(t, r)
			if len(md) > markdownMaxBytes {
				t.Errorf("summary of %d bytes, want at most %d", len(md), markdownMaxBytes)
			}
			rows := markdownRows(md)
			if len(rows) == 0 {
				t.Fatalf("no finding listed:\n%s", md)
			}
			for i, row := range rows {
				if pipes, _, ticks, _ := reporterstest.MarkdownSyntax(row); pipes != 6 || ticks != 2 {
					t.Fatalf("row %d has %d cell separators and %d backticks, want 6 and 2: %q", i+1, pipes, ticks, row)
				}
			}
			if want := fmt.Sprintf("\n…and %d more (see the full report).\n", tt.failures-len(rows)); !strings.HasSuffix(md, want) {
				t.Errorf("%d of %d failures listed; the summary does not end with %q", len(rows), tt.failures, want)
			}
			if tt.waivers > 0 {
				listed := strings.Count(md, "\n- ⚠️ ")
				if want := fmt.Sprintf("\n- …and %d more (see the JSON report's waivers).\n", tt.waivers-listed); listed == 0 || !strings.Contains(md, want) {
					t.Errorf("%d of %d waiver notices listed; the summary does not say %q", listed, tt.waivers, want)
				}
			}
		})
	}
}

// TestMarkdownCellCut: a cut cell ends with an ellipsis within its bytes, at a character
// and never inside an escape.
func TestMarkdownCellCut(t *testing.T) {
	tests := []struct {
		name, in string
		escape   func(string) string
		limit    int
		want     string
	}{
		{"fits", "a|b", diffMD, 4, `a\|b`},
		{"cut before an escaped pipe", "ab|cd", diffMD, 5, "ab…"},
		{"cut after an escaped pipe", "a|bcde", diffMD, 6, `a\|…`},
		{"multi-byte character kept whole", "ééé", diffMD, 5, "é…"},
		{"invalid UTF-8", "\xff\xffx", diffMD, 6, "\uFFFD…"},
		{"code span", "a`b`cde", diffMDCell, 6, "a'b…"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := markdownCell(tt.in, tt.limit, tt.escape)
			if got != tt.want || len(got) > tt.limit {
				t.Errorf("markdownCell(%q, %d) = %q, want %q", tt.in, tt.limit, got, tt.want)
			}
		})
	}
}

// TestMarkdownCharacterReferencesInert: a name or message cannot bring in an invisible or
// bidirectional character through a character reference, which GitHub's markdown decodes
// ("&#" is already broken by the escaped "#"; named references are not).
func TestMarkdownCharacterReferencesInert(t *testing.T) {
	r := fixtureReport()
	r.Findings = r.Findings[:1]
	r.Findings[0].Message = "no alarm on orders&rlm;-db&ZeroWidthSpace; &#x202e;evil &amp;"
	r.Summarize()
	md := writeMarkdown(t, r)
	for _, rest := range strings.Split(md, "&")[1:] {
		if !strings.HasPrefix(rest, "amp;") && !strings.HasPrefix(rest, "lt;") && !strings.HasPrefix(rest, "gt;") {
			t.Fatalf("markdown holds a character reference storewatch did not write: %q", "&"+rest[:min(len(rest), 20)])
		}
	}
	if want := "no alarm on orders&amp;rlm;-db&amp;ZeroWidthSpace; &amp;\\#x202e;evil &amp;amp;"; !strings.Contains(md, want) {
		t.Errorf("markdown does not hold %q:\n%s", want, md)
	}
}
