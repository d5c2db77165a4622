package run

import (
	"context"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/storewatch/storewatch/internal/awstest"
	"github.com/storewatch/storewatch/inventory"
	awsinv "github.com/storewatch/storewatch/inventory/aws"
	"github.com/storewatch/storewatch/policies"
)

// faultScenario is a cloud fault injected through the proxy for a whole collection.
type faultScenario struct {
	name   string
	faults []awstest.Fault
	// services are the services whose calls fail for good; every finding that changes
	// must change to unknown because of one of them. Empty: the faults are transient, the
	// retries absorb them and no finding may change.
	services []string
}

var faultScenarios = []faultScenario{
	{name: "throttling storm", services: []string{"rds", "dynamodb"}, faults: []awstest.Fault{
		{Operation: "rds:*", Kind: awstest.Throttle}, {Operation: "dynamodb:*", Kind: awstest.Throttle},
	}},
	{name: "throttling bursts are retried", faults: []awstest.Fault{
		{Operation: "rds:DescribeDBInstances", Kind: awstest.Throttle, Times: 3},
		{Operation: "s3:GetBucketLogging", Kind: awstest.Throttle, Times: 3},
		{Operation: "cloudwatch:DescribeAlarms", Kind: awstest.Throttle, Times: 2},
	}},
	{name: "5xx bursts are retried", faults: []awstest.Fault{
		{Operation: "logs:DescribeLogGroups", Kind: awstest.ServerError, Times: 3},
		{Operation: "dynamodb:DescribeTable", Kind: awstest.ServerError, Times: 2},
		{Operation: "sns:ListTopics", Kind: awstest.ServerError, Times: 2},
	}},
	{name: "sustained 5xx", services: []string{"elasticache"}, faults: []awstest.Fault{
		{Operation: "elasticache:*", Kind: awstest.ServerError},
	}},
	{name: "slow responses past the call timeout", services: []string{"es"}, faults: []awstest.Fault{
		{Operation: "es:*", Kind: awstest.Latency, Delay: 3 * time.Second},
	}},
	{name: "connection resets", services: []string{"sns"}, faults: []awstest.Fault{
		{Operation: "sns:*", Kind: awstest.Reset},
		{Operation: "cloudtrail:DescribeTrails", Kind: awstest.Reset, Times: 2},
	}},
	{name: "access denied on a whole service", services: []string{"logs"}, faults: []awstest.Fault{
		{Operation: "logs:*", Kind: awstest.AccessDenied},
	}},
	{name: "expired session mid-scan", services: []string{"*"}, faults: []awstest.Fault{
		{Operation: "*", Kind: awstest.Expired, After: 80},
	}},
}

// ruleUnknown recognises a rule's own reason for an unknown verdict.
var ruleUnknown = regexp.MustCompile(`(?i)\bunknown\b|not known|could not|cannot be decided|not collected|undecided`)

// faultBound is the time a collection with faults may take: the call timeout and the
// retries bound every call, so a fault can slow a scan down, never hang it.
const faultBound = 60 * time.Second

// TestFaultsThroughTheEngine collects the seeded emulator account through the proxy once
// without faults and once per fault scenario, judges every snapshot with the built-in
// rules, and compares the findings with the fault-free ones: the collection completes in
// bounded time, and a finding may only change to unknown, with a collection error of a
// failed service as its reason. A resource that a failed listing left out is covered by
// an unknown finding of the same rule on its region or account.
func TestFaultsThroughTheEngine(t *testing.T) {
	m := awstest.StartMoto(t)
	if err := awstest.Seed(context.Background(), m.URL); err != nil {
		t.Fatal(err)
	}
	p, err := awstest.NewProxy(t, m.URL)
	if err != nil {
		t.Fatal(err)
	}
	p.MarkPending(awstest.PendingEndpoint)
	p.AddNamespace(awstest.RegionA, awstest.Namespace{Name: "analytics", LogExports: []string{"userlog"}})
	eng := testEngine(t)
	plan, _ := PlanForRules(eng.Rules(), awsinv.PlanOptions{All: true})
	fixed := time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC)
	collect := func(t *testing.T) (map[string]policies.Finding, []policies.Finding, time.Duration) {
		t.Helper()
		start := time.Now()
		snap, err := awsinv.Collect(context.Background(), awsinv.Options{
			Config:      awstest.Config(p.URL, awstest.RegionA),
			Regions:     []string{awstest.RegionA, awstest.RegionB},
			Plan:        plan,
			Redact:      true,
			CallTimeout: time.Second,
			MaxAttempts: 4,
			MaxBackoff:  50 * time.Millisecond,
			Now:         func() time.Time { return fixed },
		})
		took := time.Since(start)
		if err != nil {
			t.Fatalf("the scan did not complete: %v", err)
		}
		r, err := Judge(context.Background(), snap, Options{Engine: eng, Now: func() time.Time { return fixed }})
		if err != nil {
			t.Fatal(err)
		}
		byID := make(map[string]policies.Finding, len(r.Findings))
		for _, f := range r.Findings {
			byID[f.ID] = f
		}
		return byID, r.Findings, took
	}
	base, _, took := collect(t)
	t.Logf("fault-free: %d findings in %s", len(base), took.Round(time.Millisecond))
	for _, f := range base {
		if f.Status == policies.StatusUnknown && len(f.Errors) > 0 {
			t.Fatalf("the fault-free baseline has a finding undecided by a collection error: %s %s: %s", f.RuleID, f.Resource.ID, f.Message)
		}
	}

	for _, sc := range faultScenarios {
		t.Run(sc.name, func(t *testing.T) {
			p.Inject(sc.faults...)
			defer p.ClearFaults()
			got, list, took := collect(t)
			if took > faultBound {
				t.Errorf("the scan took %s, over the bound of %s", took, faultBound)
			}
			changed, covered := compareWithBaseline(t, sc, base, got, list)
			t.Logf("%s: %d findings changed to unknown, %d covered by a failed listing, in %s", sc.name, changed, covered, took.Round(time.Millisecond))
			if len(sc.services) == 0 && changed+covered > 0 {
				t.Errorf("transient faults changed %d findings: the retries should have absorbed them", changed+covered)
			}
			if len(sc.services) > 0 && changed+covered == 0 {
				t.Errorf("the faults changed no finding: the scenario does not test anything")
			}
		})
	}
}

// compareWithBaseline checks the findings of a faulty collection against the fault-free
// ones and returns how many changed to unknown and how many were covered by a failed
// listing's unknown.
// messageParts returns the parts of a joined finding message ("; " between the failures of
// a resource's links) that the base message does not have.
func messageParts(msg, base string) []string {
	have := strings.Split(base, "; ")
	var extra []string
	for _, part := range strings.Split(msg, "; ") {
		if !slices.Contains(have, part) {
			extra = append(extra, part)
		}
	}
	return extra
}

func compareWithBaseline(t *testing.T, sc faultScenario, base, got map[string]policies.Finding, list []policies.Finding) (changed, covered int) {
	t.Helper()
	failed := func(f policies.Finding) error {
		if f.Status != policies.StatusUnknown {
			return fmt.Errorf("status %s, want unknown", f.Status)
		}
		if len(f.Errors) == 0 {
			// A rule that judges a resolved fact (an alarm that reaches a subscriber, a
			// trail's bucket) says itself, in words, which fact could not be established.
			if !ruleUnknown.MatchString(f.Message) {
				return fmt.Errorf("neither a collection error nor the rule gives a reason (%q)", f.Message)
			}
			return nil
		}
		for _, e := range f.Errors {
			svc, _, _ := strings.Cut(e.Operation, ":")
			if !slices.Contains(sc.services, "*") && !slices.Contains(sc.services, svc) {
				return fmt.Errorf("its reason is %s on %s, a service the scenario did not fail", e.Code, e.Operation)
			}
			if e.Code == "" || e.Code == inventory.CodeNotCollected {
				return fmt.Errorf("its reason %s has no failure code", e.Operation)
			}
		}
		if !strings.Contains(f.Message, "could not collect") && !ruleUnknown.MatchString(f.Message) {
			return fmt.Errorf("its message does not give the reason: %q", f.Message)
		}
		return nil
	}
	for id, b := range base {
		g, ok := got[id]
		switch {
		case ok && g.Status == b.Status && g.Message == b.Message:
			continue
		case ok && g.Status == policies.StatusFail && b.Status == policies.StatusFail:
			// A store judged link by link (its log groups, its alarms) fails on any link known
			// to fail, which outranks the links a fault left unknown: the failure may list
			// fewer links, never one the fault-free scan did not fail.
			if extra := messageParts(g.Message, b.Message); len(extra) > 0 {
				t.Errorf("%s on %s still fails, but on what the fault-free scan did not fail: %q", b.RuleID, b.Resource.ID, extra)
			}
			changed++
		case ok:
			if err := failed(g); err != nil {
				t.Errorf("%s on %s changed from %s: %v", b.RuleID, b.Resource.ID, b.Status, err)
			}
			changed++
		default:
			// The resource is gone: a listing failed, and the rule must say so on the
			// resource's region or account.
			i := slices.IndexFunc(list, func(g policies.Finding) bool {
				return g.RuleID == b.RuleID && g.Resource.AccountID == b.Resource.AccountID &&
					(g.Resource.Type == inventory.TypeAccount || (g.Resource.Type == inventory.TypeRegion && g.Resource.Region == b.Resource.Region))
			})
			if i < 0 {
				t.Errorf("%s on %s (%s) vanished without an unknown finding of the rule on its region or account", b.RuleID, b.Resource.ID, b.Status)
				continue
			}
			if err := failed(list[i]); err != nil {
				t.Errorf("%s on %s vanished, and the finding on %s that covers it is wrong: %v", b.RuleID, b.Resource.ID, list[i].Resource.ID, err)
			}
			covered++
		}
	}
	for id, g := range got {
		if _, ok := base[id]; ok {
			continue
		}
		if err := failed(g); err != nil {
			t.Errorf("new finding %s on %s: %v", g.RuleID, g.Resource.ID, err)
		}
	}
	return changed, covered
}
