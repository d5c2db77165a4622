package policies

import (
	"testing"

	"github.com/storewatch/storewatch/inventory"
)

// TestRegionRDSEventRulesWithoutTheStoreListing: the RDS event subscription rules judge a
// region only when it holds RDS instances or clusters. When the listing that would find
// them failed (or was not called, as when the rule is selected alone), whether the region
// has any is unknown, and so is the verdict: the region must not silently drop out of the
// rule as a region without RDS.
func TestRegionRDSEventRulesWithoutTheStoreListing(t *testing.T) {
	const acct, region = "111122223333", "eu-west-1"
	tests := []struct {
		name  string
		op    string
		code  string
		rules []string
	}{
		{name: "instances could not be listed", op: "rds:DescribeDBInstances", code: "AccessDenied",
			rules: []string{"SW-EV-02", "SW-EV-03", "SW-EV-04"}},
		{name: "clusters could not be listed", op: "rds:DescribeDBClusters", code: "AccessDenied",
			rules: []string{"SW-EV-01", "SW-EV-03", "SW-EV-04"}},
		{name: "instances were not collected", op: "rds:DescribeDBInstances", code: inventory.CodeNotCollected,
			rules: []string{"SW-EV-02", "SW-EV-03", "SW-EV-04"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := inventory.CollectionError{Source: inventory.SourceAWS, AccountID: acct, Region: region, Service: "rds",
				Operation: tt.op, Code: tt.code}
			if tt.code == inventory.CodeNotCollected {
				e.Region = ""
			}
			s := &inventory.Snapshot{
				Accounts: []inventory.Account{{Meta: inventory.Meta{ID: acct, Type: inventory.TypeAccount, AccountID: acct}, Regions: []string{region}}},
				Errors:   []inventory.CollectionError{e},
			}
			got := map[string]Status{}
			for _, f := range judgeBuiltin(t, s) {
				if f.Resource.Type == inventory.TypeRegion {
					got[f.RuleID] = f.Status
				}
			}
			for _, id := range tt.rules {
				st, ok := got[id]
				if !ok {
					t.Errorf("%s: no finding on region %s, whose RDS stores could not be listed", id, region)
					continue
				}
				if st != StatusUnknown {
					t.Errorf("%s: status %s, want unknown", id, st)
				}
			}
		})
	}
}
