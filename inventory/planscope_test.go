package inventory

import (
	"maps"
	"strings"
	"testing"
)

// TestPlanScopeSurvivesResolve checks what a plan-made snapshot relies on: Resolve keeps the
// errors a source put on region scopes, and a NotInPlan error on an account is a failed
// listing for resolution.
func TestPlanScopeSurvivesResolve(t *testing.T) {
	notInPlan := func(region, op string) CollectionError {
		return CollectionError{Source: SourceTerraformPlan, AccountID: "acct", Region: region, Service: "x", Operation: op, Code: CodeNotInPlan}
	}
	s := &Snapshot{
		Accounts: []Account{{Meta: Meta{ID: "acct", Type: TypeAccount, AccountID: "acct", Errors: []CollectionError{notInPlan("", "logs:DescribeLogGroups")}}, Regions: []string{"us-east-1"}}},
		Regions:  []RegionScope{{Meta: Meta{ID: "acct/us-east-1", Type: TypeRegion, AccountID: "acct", Region: "us-east-1", Errors: []CollectionError{notInPlan("us-east-1", "cloudwatch:DescribeAlarms")}}}},
	}
	ix := newIndex(s)
	if len(s.Regions) != 1 || len(s.Regions[0].Errors) != 1 || s.Regions[0].Errors[0].Operation != "cloudwatch:DescribeAlarms" {
		t.Errorf("region scope errors after newIndex: %+v", s.Regions)
	}
	if !ix.failed("acct", "us-east-1", "logs:DescribeLogGroups") {
		t.Error("a NotInPlan listing on the account is not a failed listing")
	}
	if ix.failed("acct", "us-east-1", "cloudwatch:DescribeAlarms") {
		t.Error("a region scope's NotInPlan error must not fail the listing for resolution")
	}
	if ix.failed("other", "us-east-1", "logs:DescribeLogGroups") {
		t.Error("a NotInPlan error of one account fails another's listing")
	}
}

// TestNotInPlanReasons: what a plan does not hold is said to be out of the plan, with the
// way to supply it, not reported as a listing that failed; a listing that did fail still is.
func TestNotInPlanReasons(t *testing.T) {
	s := &Snapshot{
		Accounts: []Account{{Meta: Meta{ID: "acct", Type: TypeAccount, AccountID: "acct", Errors: []CollectionError{
			{Source: SourceTerraformPlan, AccountID: "acct", Service: "cloudtrail", Operation: "cloudtrail:DescribeTrails", Code: CodeNotInPlan},
		}}, Regions: []string{"us-east-1"}}},
		Errors: []CollectionError{{AccountID: "live", Region: "us-east-1", Service: "cloudtrail", Operation: "cloudtrail:DescribeTrails", Code: "AccessDenied"}},
	}
	ix := newIndex(s)
	got := ix.unlisted("the trails of account acct in us-east-1", "acct", "us-east-1", "cloudtrail:DescribeTrails")
	if !strings.Contains(got, "are not in the Terraform plan") || !strings.Contains(got, CodeNotInPlan) || !strings.Contains(got, "--snapshot") {
		t.Errorf("plan: %q", got)
	}
	if got := ix.unlisted("the trails of account live in us-east-1", "live", "us-east-1", "cloudtrail:DescribeTrails"); got != "the trails of account live in us-east-1 could not be listed (cloudtrail:DescribeTrails failed)" {
		t.Errorf("live: %q", got)
	}
}

// TestNotCalledReasons: an operation the collection did not call is said to be not called,
// never to have failed; one that did fail in the same snapshot still is.
func TestNotCalledReasons(t *testing.T) {
	s := &Snapshot{
		Accounts: []Account{{Meta: Meta{ID: "acct", Type: TypeAccount, AccountID: "acct"}, Regions: []string{"us-east-1"}}},
		Errors: []CollectionError{
			{Source: SourceAWS, AccountID: "acct", Service: "redshift", Operation: "redshift:DescribeEventSubscriptions", Code: CodeNotCollected},
			{Source: SourceAWS, AccountID: "acct", Region: "us-east-1", Service: "rds", Operation: "rds:DescribeEventSubscriptions", Code: "AccessDenied"},
		},
	}
	ix := newIndex(s)
	tests := []struct {
		name, op, want string
	}{
		{"not called", "redshift:DescribeEventSubscriptions",
			"the subscriptions were not collected (redshift:DescribeEventSubscriptions was not called: no rule enabled for the collection needed it)"},
		{"failed", "rds:DescribeEventSubscriptions",
			"the subscriptions could not be listed (rds:DescribeEventSubscriptions failed)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := ix.unlisted("the subscriptions", "acct", "us-east-1", tt.op); got != tt.want {
				t.Errorf("unlisted(%s) = %q, want %q", tt.op, got, tt.want)
			}
		})
	}
}

// TestLogGroupSummaryRegionNotScanned: a log group missing from a region the collection
// did not read is unknown, and one missing from a scanned region does not exist.
func TestLogGroupSummaryRegionNotScanned(t *testing.T) {
	s := &Snapshot{Accounts: []Account{{Meta: Meta{ID: "acct", Type: TypeAccount, AccountID: "acct"}, Regions: []string{"eu-west-1"}}}}
	ix := newIndex(s)
	tests := []struct {
		name, region, wantFound, wantReason string
	}{
		{"scanned", "eu-west-1", StatusNo, ""},
		{"not scanned", "us-east-1", StatusUnknown, "region us-east-1 not scanned"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := ix.logGroupSummary("acct", tt.region, "/aws/cloudtrail/org")
			if got.Found != tt.wantFound || got.Reason != tt.wantReason {
				t.Errorf("logGroupSummary(%s) = found %q reason %q, want %q %q", tt.region, got.Found, got.Reason, tt.wantFound, tt.wantReason)
			}
		})
	}
}

// TestActionsUnknownReachLinks: a store's alarm link says when a plan leaves the alarm's
// actions unknown, so "does not run automation" is not read into a false self_healing.
func TestActionsUnknownReachLinks(t *testing.T) {
	s := baseSnapshot()
	s.DBInstances = []DBInstance{{Meta: Meta{ID: "db", Type: TypeDBInstance, Name: "orders", AccountID: tAcct, Region: tRegion}, Engine: "postgres"}}
	s.Alarms = []Alarm{
		alarm("known"),
		alarm("planned", func(a *Alarm) { a.AlarmActions = nil; a.UnknownFields = []string{"alarm_actions"} }),
	}
	Resolve(s)
	got := map[string]bool{}
	for _, l := range s.DBInstances[0].Posture.Alarms {
		got[l.Name] = l.ActionsUnknown
	}
	if want := map[string]bool{"known": false, "planned": true}; !maps.Equal(got, want) {
		t.Errorf("actions_unknown by alarm: %v, want %v", got, want)
	}
}

// TestPendingConfirmationReason: a planned topic whose subscribers all await their
// recipients' confirmation leaves its alarms' reach unknown, and says why.
func TestPendingConfirmationReason(t *testing.T) {
	s := baseSnapshot()
	tp := topic(tTopic, Subscription{ARN: "aws_sns_topic_subscription.email", Protocol: "email", Endpoint: "(redacted)"})
	tp.Errors = []CollectionError{{Source: SourceTerraformPlan, AccountID: tAcct, Region: tRegion, Service: "sns",
		Operation: "sns:ListSubscriptions", Resource: tTopic, Code: CodePendingConfirmation}}
	s.SNSTopics = []SNSTopic{tp}
	s.Alarms = []Alarm{alarm("cpu")}
	s.ElastiCacheClusters = []ElastiCacheCluster{{Meta: Meta{ID: "cache", Type: TypeElastiCacheReplicationGroup, Name: "cache", AccountID: tAcct, Region: tRegion},
		Engine: "redis", NotificationTopic: tTopic}}
	Resolve(s)
	p := s.Alarms[0].Posture
	if p.Notifies != StatusUnknown || len(p.Problems) != 1 || !strings.Contains(p.Problems[0], "await confirmation by their recipients") {
		t.Errorf("alarm posture: %s %v", p.Notifies, p.Problems)
	}
	cov := s.ElastiCacheClusters[0].Posture.EventNotification
	if cov.Status != StatusUnknown || !strings.Contains(cov.Reason, "await confirmation by their recipients") {
		t.Errorf("event notification: %+v", cov)
	}
}
