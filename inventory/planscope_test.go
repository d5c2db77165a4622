package inventory

import "testing"

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
