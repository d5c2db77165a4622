package policies

import (
	"strings"
	"testing"

	"github.com/storewatch/storewatch/inventory"
)

// TestKeyStateUnknownIsNotPass: a log group and a trail whose KMS key could not be
// described are unknown for the rules that need the key's state, with the DescribeKey
// error as evidence; a key known to be pending deletion fails them; a key being created,
// or in a state storewatch does not know, is unknown; only an Enabled or Updating key
// passes.
func TestKeyStateUnknownIsNotPass(t *testing.T) {
	const acct, region = "111122223333", "us-east-1"
	denied := "arn:aws:kms:us-east-1:111122223333:key/denied"
	doomed := "arn:aws:kms:us-east-1:111122223333:key/doomed"
	keyARN := func(name string) string { return "arn:aws:kms:us-east-1:111122223333:key/" + name }
	key := func(name, state string) inventory.KMSKey {
		return inventory.KMSKey{ARN: keyARN(name), AccountID: acct, Region: region, KeyManager: "CUSTOMER", KeyState: state}
	}
	describeErr := inventory.CollectionError{Source: inventory.SourceAWS, AccountID: acct, Region: region, Service: "kms",
		Operation: "kms:DescribeKey", Resource: denied, Code: "AccessDeniedException", Message: "not authorized"}
	group := func(name, key string, errs ...inventory.CollectionError) inventory.LogGroup {
		arn := "arn:aws:logs:us-east-1:111122223333:log-group:" + name
		return inventory.LogGroup{Meta: inventory.Meta{ID: arn, ARN: arn, Type: inventory.TypeLogGroup, Name: name,
			AccountID: acct, Region: region, Errors: errs}, KMSKeyID: key}
	}
	trail := func(name, key string, errs ...inventory.CollectionError) inventory.Trail {
		arn := "arn:aws:cloudtrail:us-east-1:111122223333:trail/" + name
		return inventory.Trail{Meta: inventory.Meta{ID: arn, ARN: arn, Type: inventory.TypeTrail, Name: name,
			AccountID: acct, Region: region, Errors: errs}, HomeRegion: region, KMSKeyID: key, S3BucketName: "logs",
			Status: &inventory.TrailStatus{IsLogging: true}}
	}
	s := &inventory.Snapshot{
		SchemaVersion: inventory.SchemaVersion,
		Accounts: []inventory.Account{{Meta: inventory.Meta{ID: acct, Type: inventory.TypeAccount, AccountID: acct},
			Partition: "aws", Regions: []string{region}}},
		LogGroups: []inventory.LogGroup{group("/denied", denied, describeErr), group("/doomed", doomed)},
		Trails:    []inventory.Trail{trail("denied", denied, describeErr), trail("doomed", doomed)},
		KMSKeys: []inventory.KMSKey{{ARN: doomed, AccountID: acct, Region: region, KeyManager: "CUSTOMER",
			KeyState: inventory.KeyStatePendingDeletion}},
	}
	for _, k := range []inventory.KMSKey{
		key("creating", inventory.KeyStateCreating),
		key("future", "SomeFutureState"),
		key("updating", inventory.KeyStateUpdating),
		key("enabled", inventory.KeyStateEnabled),
	} {
		name := strings.TrimPrefix(k.ARN, keyARN(""))
		s.KMSKeys = append(s.KMSKeys, k)
		s.LogGroups = append(s.LogGroups, group("/"+name, k.ARN))
		s.Trails = append(s.Trails, trail(name, k.ARN))
	}
	got := map[string]Finding{}
	for _, f := range judgeBuiltin(t, s) {
		if f.RuleID == "SW-CWL-03" || f.RuleID == "SW-TI-02" {
			got[f.RuleID+" "+f.Resource.Name] = f
		}
	}
	tests := []struct {
		key        string
		want       Status
		wantErrors bool
	}{
		{"SW-CWL-03 /denied", StatusUnknown, true},
		{"SW-CWL-03 /doomed", StatusFail, false},
		{"SW-TI-02 denied", StatusUnknown, true},
		{"SW-TI-02 doomed", StatusFail, false},
		{"SW-CWL-03 /creating", StatusUnknown, false},
		{"SW-TI-02 creating", StatusUnknown, false},
		{"SW-CWL-03 /future", StatusUnknown, false},
		{"SW-TI-02 future", StatusUnknown, false},
		{"SW-CWL-03 /updating", StatusPass, false},
		{"SW-TI-02 updating", StatusPass, false},
		{"SW-CWL-03 /enabled", StatusPass, false},
		{"SW-TI-02 enabled", StatusPass, false},
	}
	for _, tt := range tests {
		t.Run(tt.key, func(t *testing.T) {
			f, ok := got[tt.key]
			if !ok {
				t.Fatalf("no finding %s", tt.key)
			}
			if f.Status != tt.want || (len(f.Errors) > 0) != tt.wantErrors {
				t.Errorf("%s: status %s, errors %v; want %s, errors %v (%s)", tt.key, f.Status, f.Errors, tt.want, tt.wantErrors, f.Message)
			}
		})
	}
}
