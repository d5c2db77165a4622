package reporters

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/storewatch/storewatch/policies"
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
