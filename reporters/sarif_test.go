package reporters

import (
	"bytes"
	"encoding/json"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/storewatch/storewatch/internal/golden"
	"github.com/storewatch/storewatch/policies"
	"github.com/storewatch/storewatch/reporters/reporterstest"
)

// sarifDoc is the part of a SARIF log the tests read, decoded independently of go-sarif so
// that the tests check the JSON GitHub receives.
type sarifDoc struct {
	Version string `json:"version"`
	Schema  string `json:"$schema"`
	Runs    []struct {
		Tool struct {
			Driver struct {
				Name            string `json:"name"`
				Version         string `json:"version"`
				SemanticVersion string `json:"semanticVersion"`
				Rules           []struct {
					ID               string `json:"id"`
					Name             string `json:"name"`
					ShortDescription struct{ Text string }
					FullDescription  struct{ Text string }
					Help             struct{ Text, Markdown string }
					Default          struct{ Level string } `json:"defaultConfiguration"`
					Properties       struct {
						SecuritySeverity any                 `json:"security-severity"`
						Tags             []string            `json:"tags"`
						Frameworks       map[string][]string `json:"frameworks"`
					} `json:"properties"`
				} `json:"rules"`
			} `json:"driver"`
		} `json:"tool"`
		AutomationDetails struct{ ID string } `json:"automationDetails"`
		Invocations       []struct {
			ExecutionSuccessful        bool `json:"executionSuccessful"`
			ToolExecutionNotifications []struct {
				Level   string
				Message struct{ Text string }
			} `json:"toolExecutionNotifications"`
		} `json:"invocations"`
		Properties map[string]any `json:"properties"`
		Results    []sarifResult  `json:"results"`
	} `json:"runs"`
}

type sarifResult struct {
	RuleID    string `json:"ruleId"`
	RuleIndex *int   `json:"ruleIndex"`
	Kind      string `json:"kind"`
	Level     string `json:"level"`
	Message   struct{ Text string }
	Locations []struct {
		PhysicalLocation *struct {
			ArtifactLocation struct{ URI string } `json:"artifactLocation"`
			Region           struct {
				StartLine int `json:"startLine"`
				EndLine   int `json:"endLine"`
			} `json:"region"`
		} `json:"physicalLocation"`
		LogicalLocations []struct {
			Name               string `json:"name"`
			FullyQualifiedName string `json:"fullyQualifiedName"`
			Kind               string `json:"kind"`
		} `json:"logicalLocations"`
	} `json:"locations"`
	PartialFingerprints map[string]string `json:"partialFingerprints"`
}

func writeSARIF(t testing.TB, s *SARIF, r *policies.Report) ([]byte, sarifDoc) {
	t.Helper()
	var buf bytes.Buffer
	if err := s.Write(&buf, r); err != nil {
		t.Fatalf("SARIF.Write: %v", err)
	}
	var doc sarifDoc
	if err := json.Unmarshal(buf.Bytes(), &doc); err != nil {
		t.Fatalf("SARIF output is not JSON: %v", err)
	}
	return buf.Bytes(), doc
}

func TestSARIFGolden(t *testing.T) {
	tests := []struct {
		name string
		opts Options
	}{
		{"report.sarif", Options{}},
		{"report-with-pass.sarif", Options{SARIFIncludePass: true}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, _ := writeSARIF(t, &SARIF{Options: tt.opts}, fixtureReport())
			path := filepath.Join("testdata", tt.name)
			golden.Assert(t, path, out)
			for _, w := range reporterstest.ValidateSARIF(t, path) {
				t.Errorf("SARIF Multitool warning: %s %s %v", w.RuleID, w.Message.Text, w.Message.Arguments)
			}
		})
	}
}

func TestSARIFContent(t *testing.T) {
	r := fixtureReport()
	_, doc := writeSARIF(t, &SARIF{}, r)
	if doc.Version != "2.1.0" || doc.Schema == "" {
		t.Errorf("version %q, $schema %q: want 2.1.0 and a schema", doc.Version, doc.Schema)
	}
	var ids []string
	for _, run := range doc.Runs {
		ids = append(ids, run.AutomationDetails.ID)
	}
	if diff := cmp.Diff([]string{"storewatch/aws/111111111111/", "storewatch/aws/222222222222/"}, ids); diff != "" {
		t.Errorf("one run per account, automation ids (-want +got):\n%s", diff)
	}
	byID := map[string]*policies.Finding{}
	for i := range r.Findings {
		byID[r.Findings[i].ID] = &r.Findings[i]
	}
	seen := map[policies.Status]int{}
	for _, run := range doc.Runs {
		d := run.Tool.Driver
		if d.SemanticVersion != "1.2.3" || d.Version != "1.2.3" {
			t.Errorf("driver version %q, semanticVersion %q: want 1.2.3", d.Version, d.SemanticVersion)
		}
		var ruleIDs []string
		for _, rule := range d.Rules {
			ruleIDs = append(ruleIDs, rule.ID)
			if rule.Name == "" || rule.ShortDescription.Text == "" || rule.FullDescription.Text == "" || rule.Help.Text == "" || rule.Help.Markdown == "" {
				t.Errorf("rule %s lacks a name, description or help", rule.ID)
			}
			for _, want := range []string{"Console", "CLI", "Terraform"} {
				if !strings.Contains(rule.Help.Markdown, want) || !strings.Contains(rule.Help.Text, want) {
					t.Errorf("rule %s help does not give the %s remediation", rule.ID, want)
				}
			}
			score, ok := rule.Properties.SecuritySeverity.(string)
			if v, err := strconv.ParseFloat(score, 64); !ok || err != nil || v < 0.1 || v > 10 {
				t.Errorf("rule %s security-severity %v: want a string score in 0.1–10", rule.ID, rule.Properties.SecuritySeverity)
			}
			if len(rule.Properties.Tags) > 10 || len(rule.Properties.Tags) == 0 || rule.Properties.Tags[0] != "security" {
				t.Errorf("rule %s tags %v: want 1–10 tags starting with security", rule.ID, rule.Properties.Tags)
			}
			if len(rule.Properties.Frameworks) == 0 {
				t.Errorf("rule %s has no frameworks property", rule.ID)
			}
		}
		if diff := cmp.Diff([]string{"SW-AL-01", "SW-DE-01", "SW-LX-01", "SW-TC-01", "SW-TI-01"}, ruleIDs); diff != "" {
			t.Errorf("every rule, sorted, in every run (-want +got):\n%s", diff)
		}
		for _, res := range run.Results {
			f := byID[res.PartialFingerprints["primaryLocationLineHash"]]
			if f == nil {
				t.Errorf("result %s %q: primaryLocationLineHash is not a finding id", res.RuleID, res.Message.Text)
				continue
			}
			seen[f.Status]++
			if res.RuleIndex == nil || d.Rules[*res.RuleIndex].ID != res.RuleID {
				t.Errorf("result %s: ruleIndex does not point at its rule", res.RuleID)
			}
			want := map[policies.Status][2]string{
				policies.StatusFail:    {"fail", sarifLevel(f.Severity)},
				policies.StatusUnknown: {"open", "warning"},
			}[f.Status]
			if got := [2]string{res.Kind, res.Level}; got != want {
				t.Errorf("%s on %s (%s): kind, level = %v, want %v", f.RuleID, f.Resource.Name, f.Status, got, want)
			}
			if f.Status == policies.StatusUnknown && !strings.Contains(res.Message.Text, f.Errors[0].Code) {
				t.Errorf("unknown result message %q does not carry the collection error %s", res.Message.Text, f.Errors[0].Code)
			}
			if strings.ContainsAny(res.Message.Text, "\x1b\u202e\x00") {
				t.Errorf("result message %q carries control characters", res.Message.Text)
			}
			if len(res.Locations) == 0 || res.Locations[0].PhysicalLocation == nil {
				t.Fatalf("result %s on %s has no physical location", res.RuleID, f.Resource.ID)
			}
			pl := res.Locations[0].PhysicalLocation
			if pl.ArtifactLocation.URI != fixtureFile || pl.Region.StartLine < 1 || pl.Region.EndLine < pl.Region.StartLine {
				t.Errorf("result %s on %s: location %s:%d-%d, want %s with a line region", res.RuleID, f.Resource.ID,
					pl.ArtifactLocation.URI, pl.Region.StartLine, pl.Region.EndLine, fixtureFile)
			}
			if l := f.Resource.Location; l != nil && (pl.Region.StartLine != l.StartLine || pl.Region.EndLine != l.EndLine) {
				t.Errorf("result %s on %s: lines %d-%d, want the resource's %d-%d", res.RuleID, f.Resource.ID,
					pl.Region.StartLine, pl.Region.EndLine, l.StartLine, l.EndLine)
			}
			if ll := res.Locations[0].LogicalLocations; len(ll) != 1 || ll[0].FullyQualifiedName != f.Resource.ID {
				t.Errorf("result %s: logical locations %+v, want the resource id %s", res.RuleID, ll, f.Resource.ID)
			}
		}
	}
	want := map[policies.Status]int{policies.StatusFail: r.Summary.ByStatus[policies.StatusFail], policies.StatusUnknown: r.Summary.ByStatus[policies.StatusUnknown]}
	if diff := cmp.Diff(want, seen); diff != "" {
		t.Errorf("results by status: every fail and unknown, no pass, no waived (-want +got):\n%s", diff)
	}
}

// TestSARIFCategory: github/codeql-action/upload-sarif applies its category input only to
// runs without automationDetails, and every storewatch run has one, so the category a
// workflow asks for (one per Terraform root, one per matrix job) must be in the file: two
// plans of one account uploaded under different categories must not replace each other.
func TestSARIFCategory(t *testing.T) {
	ids := func(o Options) []string {
		_, doc := writeSARIF(t, &SARIF{Options: o}, fixtureReport())
		var out []string
		for _, run := range doc.Runs {
			out = append(out, run.AutomationDetails.ID)
		}
		return out
	}
	for _, tt := range []struct {
		category string
		want     []string
	}{
		{"", []string{"storewatch/aws/111111111111/", "storewatch/aws/222222222222/"}},
		{"storewatch/infra", []string{"storewatch/infra/aws/111111111111/", "storewatch/infra/aws/222222222222/"}},
		{" /storewatch/infra/ ", []string{"storewatch/infra/aws/111111111111/", "storewatch/infra/aws/222222222222/"}},
		{"storewatch/stacks/eu prod", []string{"storewatch/stacks/eu prod/aws/111111111111/", "storewatch/stacks/eu prod/aws/222222222222/"}},
	} {
		if diff := cmp.Diff(tt.want, ids(Options{SARIFCategory: tt.category})); diff != "" {
			t.Errorf("category %q: automation ids (-want +got):\n%s", tt.category, diff)
		}
	}
}

func TestSARIFIncludePass(t *testing.T) {
	r := fixtureReport()
	_, doc := writeSARIF(t, &SARIF{Options: Options{SARIFIncludePass: true}}, r)
	kinds := map[string]int{}
	for _, run := range doc.Runs {
		for _, res := range run.Results {
			kinds[res.Kind+"/"+res.Level]++
		}
	}
	if got, want := kinds["pass/none"], r.Summary.ByStatus[policies.StatusPass]; got != want {
		t.Errorf("pass results (kind pass, level none) = %d, want %d (all: %v)", got, want, kinds)
	}
}

func TestSARIFFingerprintStable(t *testing.T) {
	// Adding an unrelated resource and moving every line must not change a fingerprint.
	_, before := writeSARIF(t, &SARIF{}, fixtureReport())
	r := fixtureReport()
	for i := range r.Findings {
		if l := r.Findings[i].Resource.Location; l != nil {
			l.StartLine, l.EndLine = l.StartLine+100, l.EndLine+100
		}
	}
	extra := *r.Findings[0].Resource
	extra.ID, extra.Name = extra.ID+"-new", extra.Name+"-new"
	r.Findings = append(r.Findings, policies.Finding{ID: policies.FindingID("SW-AL-01", &extra), RuleID: "SW-AL-01",
		Status: policies.StatusFail, Severity: policies.SeverityHigh, Message: "new", Resource: &extra})
	_, after := writeSARIF(t, &SARIF{}, r)
	prints := func(d sarifDoc) map[string]string {
		m := map[string]string{}
		for _, run := range d.Runs {
			for _, res := range run.Results {
				m[res.RuleID+" "+res.Locations[0].LogicalLocations[0].FullyQualifiedName] = res.PartialFingerprints["primaryLocationLineHash"]
			}
		}
		return m
	}
	b, a := prints(before), prints(after)
	for k, v := range b {
		if a[k] != v {
			t.Errorf("fingerprint of %s changed from %s to %s", k, v, a[k])
		}
	}
}

func TestSARIFTruncation(t *testing.T) {
	t.Run("results per run", func(t *testing.T) {
		var logs bytes.Buffer
		s := &SARIF{Options: Options{Logger: slog.New(slog.NewTextHandler(&logs, nil))}, limits: sarifLimits{resultsPerRun: 3}}
		_, doc := writeSARIF(t, s, fixtureReport())
		run := doc.Runs[0]
		if len(run.Results) != 3 {
			t.Fatalf("run 0 has %d results, want the limit, 3", len(run.Results))
		}
		// The three most severe failures of account 1: two critical (one fail, one
		// unknown would rank below), so critical fail, critical unknown, high fail.
		var got []string
		for _, res := range run.Results {
			got = append(got, res.RuleID+"/"+res.Kind)
		}
		slices.Sort(got)
		if diff := cmp.Diff([]string{"SW-AL-01/fail", "SW-TC-01/fail", "SW-TC-01/open"}, got); diff != "" {
			t.Errorf("kept results (-want +got):\n%s", diff)
		}
		if run.Properties["truncated"] != true {
			t.Errorf("run properties %v: want truncated true", run.Properties)
		}
		if !notified(run.Invocations[0].ToolExecutionNotifications, "truncated") {
			t.Errorf("no notification says the run was truncated")
		}
		if !strings.Contains(logs.String(), "sarif truncated") {
			t.Errorf("no log line says the file was truncated: %q", logs.String())
		}
	})
	t.Run("file size", func(t *testing.T) {
		r := largeReport(2000)
		full, _ := writeSARIF(t, &SARIF{}, r)
		size, err := gzipSize(full)
		if err != nil {
			t.Fatal(err)
		}
		limit := size / 2
		out, doc := writeSARIF(t, &SARIF{limits: sarifLimits{gzipBytes: limit}}, r)
		if got, _ := gzipSize(out); got > limit {
			t.Errorf("gzipped size %d over the limit %d", got, limit)
		}
		n := 0
		for _, run := range doc.Runs {
			n += len(run.Results)
		}
		if n == 0 || n >= r.Summary.ByStatus[policies.StatusFail]+r.Summary.ByStatus[policies.StatusUnknown] {
			t.Errorf("%d results written: want some, but fewer than all", n)
		}
	})
	t.Run("too many accounts", func(t *testing.T) {
		r := fixtureReport()
		for i := 0; i < 25; i++ {
			r.Snapshot.Accounts = append(r.Snapshot.Accounts, policies.AccountInfo{ID: fmt.Sprintf("3%011d", i)})
		}
		_, doc := writeSARIF(t, &SARIF{}, r)
		if len(doc.Runs) != 1 || doc.Runs[0].AutomationDetails.ID != "storewatch/aws/all-accounts/" {
			t.Fatalf("%d runs: want one merged run when accounts exceed GitHub's 20 runs", len(doc.Runs))
		}
		if !notified(doc.Runs[0].Invocations[0].ToolExecutionNotifications, "more accounts") {
			t.Errorf("no notification says the accounts share one run")
		}
	})
	t.Run("rules alone too large", func(t *testing.T) {
		var buf bytes.Buffer
		err := (&SARIF{limits: sarifLimits{gzipBytes: 100}}).Write(&buf, fixtureReport())
		if err == nil || buf.Len() != 0 {
			t.Errorf("Write = %v with %d bytes written: want an error and nothing written", err, buf.Len())
		}
	})
}

func notified(notes []struct {
	Level   string
	Message struct{ Text string }
}, substr string) bool {
	for _, n := range notes {
		if strings.Contains(n.Message.Text, substr) {
			return true
		}
	}
	return false
}

func TestSARIFEmptyAndUnlocated(t *testing.T) {
	r := fixtureReport()
	r.Snapshot.File = ""
	for i := range r.Findings {
		r.Findings[i].Resource.Location = nil
	}
	_, doc := writeSARIF(t, &SARIF{}, r)
	for _, run := range doc.Runs {
		for _, res := range run.Results {
			if uri := res.Locations[0].PhysicalLocation.ArtifactLocation.URI; uri == "" {
				t.Errorf("result %s has an empty URI", res.RuleID)
			}
		}
	}
	empty := &policies.Report{}
	_, doc = writeSARIF(t, &SARIF{}, empty)
	if len(doc.Runs) != 1 || doc.Runs[0].Results == nil {
		t.Errorf("an empty report gives %d runs: want one run with an empty results array (it closes fixed alerts)", len(doc.Runs))
	}
}

func TestFileURI(t *testing.T) {
	tests := []struct{ in, want string }{
		{"compliance/snapshot.json", "compliance/snapshot.json"},
		{"./infra/main.tf", "infra/main.tf"},
		{"/tmp/demo/snapshot.json", "file:///tmp/demo/snapshot.json"},
		{`C:\repo\snap.json`, "file:///C:/repo/snap.json"},
		{"dir with space/a#b.tf", "dir%20with%20space/a%23b.tf"},
	}
	for _, tt := range tests {
		if got := fileURI(tt.in); got != tt.want {
			t.Errorf("fileURI(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestSemanticVersion(t *testing.T) {
	tests := []struct{ in, want string }{
		{"v1.2.3", "1.2.3"},
		{"1.2.3-rc.1+build.5", "1.2.3-rc.1+build.5"},
		{"0.0.0-dev", "0.0.0-dev"},
		{"v1.2.3-4-gabcdef-dirty", "1.2.3-4-gabcdef-dirty"},
		{"abcdef0", "0.0.0-abcdef0"},
		{"", "0.0.0-dev"},
		{"(devel)", "0.0.0-devel"},
	}
	for _, tt := range tests {
		if got := semanticVersion(tt.in); got != tt.want {
			t.Errorf("semanticVersion(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestSARIFLargeValidates(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: large report")
	}
	// One account, so that its run has more candidates than GitHub's 25,000 results per
	// run and must be truncated; the Multitool's GH1004 checks the limit. The Multitool
	// spends about 2 ms of CPU per result, so this is the largest useful size.
	r := largeReport(100_000)
	for i := range r.Findings {
		r.Findings[i].Resource.AccountID = fixtureAccount
	}
	r.Snapshot.Accounts = r.Snapshot.Accounts[:1]
	out, doc := writeSARIF(t, &SARIF{}, r)
	size, err := gzipSize(out)
	if err != nil {
		t.Fatal(err)
	}
	if len(doc.Runs) != 1 || len(doc.Runs[0].Results) != sarifMaxResultsPerRun {
		t.Errorf("want one run truncated to exactly %d results", sarifMaxResultsPerRun)
	}
	total := 0
	for _, run := range doc.Runs {
		if len(run.Results) > sarifMaxResultsPerRun {
			t.Errorf("run %s has %d results, over GitHub's %d", run.AutomationDetails.ID, len(run.Results), sarifMaxResultsPerRun)
		}
		total += len(run.Results)
	}
	if size > sarifMaxGzipBytes {
		t.Errorf("gzipped size %d over GitHub's %d", size, sarifMaxGzipBytes)
	}
	t.Logf("100,000 findings: %d results in %d runs, %d bytes (%d gzipped)", total, len(doc.Runs), len(out), size)
	path := filepath.Join(t.TempDir(), "large.sarif")
	if err := os.WriteFile(path, out, 0o644); err != nil {
		t.Fatal(err)
	}
	reporterstest.ValidateSARIF(t, path)
}
