package policies

import (
	"strings"
	"testing"

	"github.com/storewatch/storewatch/inventory"
)

// TestNotCollectedIsNotAFailure: an operation the collection did not call leaves the rules
// that need it unknown, and their messages say it was not called, never that it failed or
// could not be listed.
func TestNotCollectedIsNotAFailure(t *testing.T) {
	const acct = "111122223333"
	s := &inventory.Snapshot{
		Accounts: []inventory.Account{{Meta: inventory.Meta{ID: acct, Type: inventory.TypeAccount, AccountID: acct}, Regions: []string{"us-east-1"}}},
		Errors: []inventory.CollectionError{{Source: inventory.SourceAWS, AccountID: acct, Service: "memorydb",
			Operation: "memorydb:DescribeClusters", Code: inventory.CodeNotCollected, Message: "no rule enabled for the collection needed it"}},
	}
	findings := judgeBuiltin(t, s)
	seen := false
	for _, f := range findings {
		if f.RuleID != "SW-MA-01" || f.Resource.Type != inventory.TypeAccount {
			continue
		}
		seen = true
		if f.Status != StatusUnknown {
			t.Errorf("SW-MA-01 on the account: status %s, want unknown", f.Status)
		}
		for _, bad := range []string{"could not collect", "could not be listed", "failed"} {
			if strings.Contains(f.Message, bad) {
				t.Errorf("SW-MA-01 message %q says %q of a call never made", f.Message, bad)
			}
		}
		if !strings.Contains(f.Message, "memorydb:DescribeClusters was not called") {
			t.Errorf("SW-MA-01 message %q does not say the listing was not called", f.Message)
		}
	}
	if !seen {
		t.Error("no SW-MA-01 finding on the account whose MemoryDB clusters were not listed")
	}
}

// TestNotOfferedInRegionIsNoUnknown: a store listing the service answered is not offered in
// the region is a note, not an error: the region has none of those stores, and no rule is
// unknown for want of them (an error on the same listing makes them unknown).
func TestNotOfferedInRegionIsNoUnknown(t *testing.T) {
	const acct, region = "111122223333", "eu-south-2"
	answer := inventory.CollectionError{Source: inventory.SourceAWS, AccountID: acct, Region: region, Service: "memorydb",
		Operation: "memorydb:DescribeClusters", Code: "UnsupportedOperation", Message: "The functionality you requested is not available in this region."}
	for _, tt := range []struct {
		name        string
		notes, errs []inventory.CollectionError
		wantUnknown bool
	}{
		{"note", []inventory.CollectionError{answer}, nil, false},
		{"error", nil, []inventory.CollectionError{answer}, true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			s := &inventory.Snapshot{
				Accounts: []inventory.Account{{Meta: inventory.Meta{ID: acct, Type: inventory.TypeAccount, AccountID: acct}, Regions: []string{region}}},
				Notes:    tt.notes,
				Errors:   tt.errs,
			}
			unknown := false
			for _, f := range judgeBuiltin(t, s) {
				if f.Status == StatusUnknown && strings.Contains(f.Message, "memorydb:DescribeClusters") {
					unknown = true
				}
			}
			if unknown != tt.wantUnknown {
				t.Errorf("a check left unknown by memorydb:DescribeClusters: %v, want %v", unknown, tt.wantUnknown)
			}
		})
	}
}
