package triage

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/storewatch/storewatch/inventory"
	"github.com/storewatch/storewatch/policies"
)

func finding(rule, id string, st policies.Status, sev policies.Severity, tags map[string]string) policies.Finding {
	res := &policies.Resource{ID: id, ARN: id, Name: id[strings.LastIndexAny(id, ":/")+1:], AccountID: "111122223333", Tags: tags}
	return policies.Finding{ID: policies.FindingID(rule, res), RuleID: rule, Status: st, Severity: sev, Resource: res}
}

func report(fs ...policies.Finding) *policies.Report {
	r := &policies.Report{Findings: fs}
	r.Summarize()
	return r
}

const waiversYAML = `waivers:
  - rule: SW-LX-16
    resource: "arn:aws:s3:::analytics-*"
    reason: scratch buckets, no customer data
    owner: data-platform@example.com
    expires: 2026-12-31
  - rule: "SW-MA-*"
    tags: {env: sandbox}
    reason: sandbox tables are disposable
    owner: platform@example.com
    expires: 2026-06-30
  - rule: SW-TC-02
    resource: "111122223333"
    reason: org trail migration
    owner: security@example.com
    expires: 2027-01-31
`

func TestWaiversHideUntilTheyExpire(t *testing.T) {
	ws, err := ParseWaivers("waivers.yaml", []byte(waiversYAML))
	if err != nil {
		t.Fatal(err)
	}
	mk := func() *policies.Report {
		return report(
			finding("SW-LX-16", "arn:aws:s3:::analytics-raw", policies.StatusFail, policies.SeverityMedium, nil),
			finding("SW-LX-16", "arn:aws:s3:::orders-docs", policies.StatusFail, policies.SeverityMedium, nil),
			finding("SW-MA-01", "arn:aws:dynamodb:us-east-1:111122223333:table/t", policies.StatusFail, policies.SeverityLow, map[string]string{"env": "sandbox"}),
			finding("SW-MA-01", "arn:aws:dynamodb:us-east-1:111122223333:table/p", policies.StatusFail, policies.SeverityLow, map[string]string{"env": "prod"}),
		)
	}
	statuses := func(r *policies.Report) []policies.Status {
		var out []policies.Status
		for _, f := range r.Findings {
			out = append(out, f.Status)
		}
		return out
	}
	states := func(r *policies.Report) []string {
		var out []string
		for _, w := range r.Waivers {
			out = append(out, w.State)
		}
		return out
	}

	// In June both waivers hide exactly their findings; the third matches nothing.
	r := mk()
	ApplyWaivers(r, ws, time.Date(2026, 6, 30, 23, 59, 0, 0, time.UTC))
	if diff := cmp.Diff([]policies.Status{"waived", "fail", "waived", "fail"}, statuses(r)); diff != "" {
		t.Errorf("June statuses (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"active", "active", "stale"}, states(r)); diff != "" {
		t.Errorf("June waiver states (-want +got):\n%s", diff)
	}
	// From July the sandbox waiver has expired: its finding fails again and the waiver is
	// reported as expired.
	r = mk()
	ApplyWaivers(r, ws, time.Date(2026, 7, 1, 0, 0, 0, 0, time.UTC))
	if diff := cmp.Diff([]policies.Status{"waived", "fail", "fail", "fail"}, statuses(r)); diff != "" {
		t.Errorf("July statuses (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"active", "expired", "stale"}, states(r)); diff != "" {
		t.Errorf("July waiver states (-want +got):\n%s", diff)
	}
	if w := r.Findings[2].Waiver; w == nil || !w.Expired {
		t.Errorf("the finding an expired waiver used to hide does not say so: %+v", w)
	}
	if g := Apply(r, GateOptions{FailOn: "low"}); g.Passed || g.Failing != 3 {
		t.Errorf("gate = %+v, want 3 failing (the waived finding does not count)", g)
	}
}

func TestWaiversFailClosed(t *testing.T) {
	tests := []struct{ name, yaml, want string }{
		{"bad date", "waivers:\n  - {rule: X, resource: y, reason: r, owner: o, expires: 31/12/2026}\n", `waivers.yaml:2: waiver 1: expires "31/12/2026" is not a date`},
		{"no expiry", "waivers:\n  - {rule: X, resource: y, reason: r, owner: o}\n", "is not a date"},
		{"no reason", "waivers:\n  - {rule: X, resource: y, owner: o, expires: 2026-01-01}\n", "reason is missing"},
		{"no owner", "waivers:\n  - {rule: X, resource: y, reason: r, expires: 2026-01-01}\n", "owner is missing"},
		{"no scope", "waivers:\n  - {rule: X, reason: r, owner: o, expires: 2026-01-01}\n", "resource or tags is missing"},
		{"unknown key", "waivers:\n  - {rule: X, resource: y, reason: r, owner: o, expires: 2026-01-01, until: x}\n", `waivers.yaml:2: waiver 1: unknown key "until" at line 2 (want rule, resource, tags, reason, owner, expires)`},
		{"bad glob", "waivers:\n  - {rule: 'X[', resource: y, reason: r, owner: o, expires: 2026-01-01}\n", "not a valid glob"},
		{"not yaml", "waivers: [\n", "waivers.yaml:2: did not find expected node content"},
		{"bad indentation", "waivers:\n  - rule: X\n    resource: y\n   reason: r\n", "waivers.yaml:2: did not find expected '-' indicator"},
		{"unclosed quote", "waivers:\n  - rule: X\n    resource: \"y\n    reason: r\n", "waivers.yaml:3: found unexpected end of stream"},
		{"error on the first line", "waivers: a: b\n", "waivers.yaml:1: mapping values are not allowed in this context"},
		{"tab indentation", "waivers:\n\t- rule: X\n", "waivers.yaml:2: found character that cannot start any token"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseWaivers("waivers.yaml", []byte(tt.yaml))
			if err == nil || !errors.Is(err, ErrWaivers) || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("ParseWaivers error = %v, want ErrWaivers mentioning %q", err, tt.want)
			}
		})
	}
}

// TestBaselineFollowsMovedResources: a resource renamed with a Terraform moved block (the plan
// gives its previous_address) is the same AWS resource, so its known failures stay known:
// a refactoring must not fail the --fail-on new gate, nor list the old findings as resolved.
func TestBaselineFollowsMovedResources(t *testing.T) {
	base := NewBaseline(report(
		finding("SW-LX-01", "aws_db_instance.legacy", policies.StatusFail, policies.SeverityMedium, nil),
		finding("SW-MON-01", "aws_db_instance.legacy", policies.StatusFail, policies.SeverityLow, nil),
	))
	moved := func(f policies.Finding) policies.Finding {
		f.Resource.Source = &inventory.SourceRef{Address: f.Resource.ID, PreviousAddress: "aws_db_instance.legacy"}
		return f
	}
	pr := report(
		moved(finding("SW-LX-01", "aws_db_instance.primary", policies.StatusFail, policies.SeverityMedium, nil)),
		moved(finding("SW-MON-01", "aws_db_instance.primary", policies.StatusPass, policies.SeverityLow, nil)),
		moved(finding("SW-MON-02", "aws_db_instance.primary", policies.StatusFail, policies.SeverityLow, nil)),
	)
	ApplyBaseline(pr, base, "baseline.json")
	status := map[string]string{}
	for _, f := range pr.Findings {
		status[f.RuleID] = f.Baseline
	}
	if diff := cmp.Diff(map[string]string{"SW-LX-01": "existing", "SW-MON-01": "", "SW-MON-02": "new"}, status); diff != "" {
		t.Errorf("baseline marks (-want +got):\n%s", diff)
	}
	var resolved []string
	for _, e := range pr.Baseline.Resolved {
		resolved = append(resolved, e.RuleID+" "+e.Resource)
	}
	if diff := cmp.Diff([]string{"SW-MON-01 aws_db_instance.legacy"}, resolved); diff != "" {
		t.Errorf("resolved (-want +got):\n%s", diff)
	}
	if g := Apply(pr, GateOptions{FailOn: FailOnNew}); g.Passed || g.Failing != 1 {
		t.Errorf("gate = %+v, want only SW-MON-02 new", g)
	}
}

func TestBaselineGatesOnlyNewFindings(t *testing.T) {
	old := report(
		finding("SW-LX-01", "arn:db:a", policies.StatusFail, policies.SeverityHigh, nil),
		finding("SW-LX-01", "arn:db:b", policies.StatusFail, policies.SeverityHigh, nil),
		finding("SW-LX-01", "arn:db:c", policies.StatusPass, policies.SeverityHigh, nil),
	)
	base := NewBaseline(old)
	if len(base.Findings) != 2 {
		t.Fatalf("baseline has %d findings, want the 2 failing ones", len(base.Findings))
	}
	// The same findings in another order, with an unrelated store added: the gate passes.
	same := report(
		finding("SW-LX-01", "arn:db:new-but-fine", policies.StatusPass, policies.SeverityHigh, nil),
		finding("SW-LX-01", "arn:db:b", policies.StatusFail, policies.SeverityHigh, nil),
		finding("SW-LX-01", "arn:db:a", policies.StatusFail, policies.SeverityHigh, nil),
	)
	ApplyBaseline(same, base, "baseline.json")
	if g := Apply(same, GateOptions{FailOn: FailOnNew}); !g.Passed {
		t.Errorf("an unchanged scan fails the baseline gate: %+v", g)
	}
	// A new failing store fails it; a fixed one is listed as resolved.
	changed := report(
		finding("SW-LX-01", "arn:db:a", policies.StatusPass, policies.SeverityHigh, nil),
		finding("SW-LX-01", "arn:db:b", policies.StatusFail, policies.SeverityHigh, nil),
		finding("SW-LX-01", "arn:db:d", policies.StatusFail, policies.SeverityLow, nil),
	)
	ApplyBaseline(changed, base, "baseline.json")
	g := Apply(changed, GateOptions{FailOn: FailOnNew})
	if g.Passed || g.Failing != 1 {
		t.Errorf("gate = %+v, want 1 new failing finding", g)
	}
	if changed.Baseline.New != 1 || changed.Baseline.Existing != 1 || len(changed.Baseline.Resolved) != 1 || changed.Baseline.Resolved[0].Resource != "arn:db:a" {
		t.Errorf("baseline result = %+v", changed.Baseline)
	}
}

// TestBaselineUndecidedIsNotAKnownFailure: a check the baseline recorded as undecided (its
// facts could not be collected, AccessDenied say) was never accepted as failing. When the
// facts arrive and it fails, --fail-on new must fail on it; the gate passed before, and the
// report called the failure "existing".
func TestBaselineUndecidedIsNotAKnownFailure(t *testing.T) {
	const id = "arn:aws:logs:us-east-1:111122223333:log-group:/aws/rds/instance/orders/audit"
	tests := []struct {
		was, now policies.Status
		want     string // the finding's baseline mark
		passes   bool   // the gate, --fail-on new
	}{
		{policies.StatusFail, policies.StatusFail, "existing", true},
		{policies.StatusUnknown, policies.StatusUnknown, "existing", true},
		{policies.StatusUnknown, policies.StatusFail, "new", false},
		{policies.StatusFail, policies.StatusUnknown, "existing", true},
		// A waiver that expires must not turn a finding known to fail into a new one.
		{policies.StatusWaived, policies.StatusFail, "existing", true},
	}
	for _, tt := range tests {
		t.Run(string(tt.was)+" to "+string(tt.now), func(t *testing.T) {
			base := NewBaseline(report(finding("SW-CWL-04", id, tt.was, policies.SeverityHigh, nil)))
			r := report(finding("SW-CWL-04", id, tt.now, policies.SeverityHigh, nil))
			ApplyBaseline(r, base, "baseline.json")
			if got := r.Findings[0].Baseline; got != tt.want {
				t.Errorf("baseline mark %q, want %q", got, tt.want)
			}
			if len(r.Baseline.Resolved) != 0 {
				t.Errorf("resolved %+v: the finding is still there", r.Baseline.Resolved)
			}
			if g := Apply(r, GateOptions{FailOn: FailOnNew, FailOnUnknown: true}); g.Passed != tt.passes {
				t.Errorf("gate = %+v, want passed %v", g, tt.passes)
			}
		})
	}
}

// TestBaselineResolvesOnlyJudgedRules: a run that selects some rules (--service s3,
// --rule) does not judge the others, so their baseline findings are not fixed. The JSON
// report listed every one of them as resolved.
func TestBaselineResolvesOnlyJudgedRules(t *testing.T) {
	base := NewBaseline(report(
		finding("SW-LX-01", "arn:db:a", policies.StatusFail, policies.SeverityMedium, nil),
		finding("SW-LX-16", "arn:aws:s3:::fixed", policies.StatusFail, policies.SeverityMedium, nil),
		finding("SW-LX-16", "arn:aws:s3:::still", policies.StatusFail, policies.SeverityMedium, nil),
	))
	r := report(
		finding("SW-LX-16", "arn:aws:s3:::fixed", policies.StatusPass, policies.SeverityMedium, nil),
		finding("SW-LX-16", "arn:aws:s3:::still", policies.StatusFail, policies.SeverityMedium, nil),
	)
	r.Rules = []*policies.Rule{{ID: "SW-LX-16"}}
	ApplyBaseline(r, base, "baseline.json")
	var resolved []string
	for _, e := range r.Baseline.Resolved {
		resolved = append(resolved, e.RuleID+" "+e.Resource)
	}
	if diff := cmp.Diff([]string{"SW-LX-16 arn:aws:s3:::fixed"}, resolved); diff != "" {
		t.Errorf("resolved (-want +got):\n%s", diff)
	}
}

func TestParseFailOn(t *testing.T) {
	for _, v := range []string{"critical", "high", "medium", "low", "info", "new", "none"} {
		if _, err := ParseFailOn(v); err != nil {
			t.Errorf("ParseFailOn(%q): %v", v, err)
		}
	}
	if _, err := ParseFailOn("severe"); err == nil {
		t.Error("ParseFailOn accepted severe")
	}
}

// TestWaiverResourceMatching: a waiver names a resource by its id or ARN, or a glob of
// them; a bare name matches no resource, as it would every namesake in every account.
func TestWaiverResourceMatching(t *testing.T) {
	db := &policies.Resource{ID: "arn:aws:rds:eu-west-1:111122223333:db:orders-db", ARN: "arn:aws:rds:eu-west-1:111122223333:db:orders-db",
		Name: "orders-db", AccountID: "111122223333"}
	planned := &policies.Resource{ID: "module.db.aws_db_instance.this", Name: "orders-db", AccountID: "111122223333"}
	tests := []struct {
		resource string
		res      *policies.Resource
		want     bool
	}{
		{"arn:aws:rds:eu-west-1:111122223333:db:orders-db", db, true},
		{"arn:aws:rds:*:111122223333:db:orders-*", db, true},
		{"orders-db", db, false},
		{"orders-*", db, false},
		{"module.db.aws_db_instance.this", planned, true},
		{"module.db.*", planned, true},
		{"orders-db", planned, false},
	}
	for _, tt := range tests {
		t.Run(tt.resource+" "+tt.res.ID, func(t *testing.T) {
			w := Waiver{WaiverRef: policies.WaiverRef{Rule: "*", Resource: tt.resource}}
			f := policies.Finding{RuleID: "SW-MA-01", Resource: tt.res}
			if got := w.matches(&f); got != tt.want {
				t.Errorf("matches = %v, want %v", got, tt.want)
			}
		})
	}
}

// TestOverlappingWaiversAreBothActive: a waiver that covers a finding an earlier waiver
// already hides is in use, not stale; the finding names the first.
func TestOverlappingWaiversAreBothActive(t *testing.T) {
	ws, err := ParseWaivers("waivers.yaml", []byte(`waivers:
  - rule: "SW-LX-*"
    resource: "arn:aws:s3:::analytics-*"
    reason: scratch buckets
    owner: data-platform@example.com
    expires: 2026-12-31
  - rule: SW-LX-16
    resource: "arn:aws:s3:::analytics-raw"
    reason: raw landing zone
    owner: ingest@example.com
    expires: 2026-12-31
`))
	if err != nil {
		t.Fatal(err)
	}
	r := report(finding("SW-LX-16", "arn:aws:s3:::analytics-raw", policies.StatusFail, policies.SeverityMedium, nil))
	ApplyWaivers(r, ws, time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC))
	for i, w := range r.Waivers {
		if w.State != policies.WaiverActive || w.Matched != 1 {
			t.Errorf("waiver %d: state %s, %d matched; want active, 1", i, w.State, w.Matched)
		}
	}
	if f := r.Findings[0]; f.Status != policies.StatusWaived || f.Waiver == nil || f.Waiver.Reason != "scratch buckets" {
		t.Errorf("finding %s waived by %+v, want the first waiver", f.Status, f.Waiver)
	}
}

// TestWaiversMergeKeys: waivers that share a reason and owner through a YAML anchor and a
// merge key read as if each spelt them out, and a waiver's own keys win over merged ones.
func TestWaiversMergeKeys(t *testing.T) {
	ws, err := ParseWaivers("waivers.yaml", []byte(`waivers:
  - &first
    rule: SW-LX-01
    resource: "arn:aws:rds:*"
    reason: r
    owner: o
    expires: 2030-01-01
  - <<: *first
    rule: SW-LX-02
    tags: {team: data, empty: ~}
`))
	if err != nil {
		t.Fatal(err)
	}
	if len(ws) != 2 || ws[1].Rule != "SW-LX-02" || ws[1].Owner != "o" || ws[1].Resource != "arn:aws:rds:*" || ws[1].Tags["team"] != "data" || ws[1].Line != 8 {
		t.Errorf("waivers = %+v", ws)
	}
}

// TestGateReasonCounts: the gate's reason, on stderr and in every report, counts in
// English: "1 failed finding", not "1 failed findings".
func TestGateReasonCounts(t *testing.T) {
	one := report(finding("SW-LX-01", "arn:aws:rds:us-east-1:111122223333:db:a", policies.StatusFail, policies.SeverityHigh, nil),
		finding("SW-LX-02", "arn:aws:rds:us-east-1:111122223333:db:a", policies.StatusUnknown, policies.SeverityHigh, nil))
	if g := Apply(one, GateOptions{FailOn: "high", FailOnUnknown: true}); g.Reason != "1 failed finding at or above high and 1 undecided check (--fail-on-unknown)" {
		t.Errorf("reason = %q", g.Reason)
	}
	two := report(finding("SW-LX-01", "arn:aws:rds:us-east-1:111122223333:db:a", policies.StatusFail, policies.SeverityHigh, nil),
		finding("SW-LX-01", "arn:aws:rds:us-east-1:111122223333:db:b", policies.StatusFail, policies.SeverityHigh, nil))
	if g := Apply(two, GateOptions{FailOn: "high"}); g.Reason != "2 failed findings at or above high" {
		t.Errorf("reason = %q", g.Reason)
	}
}

// TestBaselineSyntaxErrors: a baseline that is not JSON is named with the line and column
// of the problem, not with encoding/json's byte offset or none at all.
func TestBaselineSyntaxErrors(t *testing.T) {
	tests := []struct{ name, json, want string }{
		{"trailing comma", "{\"schema_version\": \"1.0\",\n \"findings\": [\n  {\"id\": \"x\",}\n]}\n",
			"b.json: malformed JSON at line 3, column 15: invalid character '}' looking for beginning of object key string"},
		{"truncated", "{\"schema_version\": \"1.0\",\n \"findings\": [", "b.json: malformed JSON at line 2, column 15: unexpected end of JSON input"},
		{"not JSON", "schema_version: 1.0\n", "b.json: malformed JSON at line 1, column 2: invalid character 's' looking for beginning of value"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseBaseline("b.json", []byte(tt.json))
			if err == nil || !errors.Is(err, ErrBaseline) || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("ParseBaseline error = %v, want ErrBaseline mentioning %q", err, tt.want)
			}
		})
	}
}
