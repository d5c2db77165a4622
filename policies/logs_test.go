package policies

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/storewatch/storewatch/inventory"
)

// TestLogRulesEndToEnd resolves a small snapshot and evaluates it with the CloudWatch Logs
// rules, so that the resolution, the rules' collections and applies, and the engine's
// unknown handling are tested together.
func TestLogRulesEndToEnd(t *testing.T) {
	const acct, region = "111122223333", "us-east-1"
	meta := func(typ, id, name string) inventory.Meta {
		return inventory.Meta{ID: id, Type: typ, ARN: id, Name: name, AccountID: acct, Region: region}
	}
	group := func(name string, days *int, key string) inventory.LogGroup {
		arn := "arn:aws:logs:" + region + ":" + acct + ":log-group:" + name + ":*"
		return inventory.LogGroup{Meta: meta(inventory.TypeLogGroup, arn, name), RetentionDays: days, KMSKeyID: key}
	}
	year, month := 365, 30
	key := "arn:aws:kms:us-east-1:111122223333:key/k"
	// A key disabled since the group was encrypted with it: the group's events can be
	// neither written nor read.
	disabledKey := "arn:aws:kms:us-east-1:111122223333:key/off"
	// A group whose key a plan leaves unknown: the store is unknown for SW-CWL-05 unless
	// another of its links fails.
	planned := group("/aws/rds/instance/ledger/upgrade", &year, "")
	planned.UnknownFields = []string{"kms_key_id"}
	s := &inventory.Snapshot{
		SchemaVersion: inventory.SchemaVersion,
		Accounts: []inventory.Account{{
			Meta: inventory.Meta{ID: acct, Type: inventory.TypeAccount, AccountID: acct}, Partition: "aws", Regions: []string{region, "eu-west-1"},
			LogResourcePolicies: []inventory.LogResourcePolicy{{Name: "open", Region: region,
				Document: `{"Statement":[{"Effect":"Allow","Principal":"*","Action":"logs:GetLogEvents","Resource":"arn:aws:logs:us-east-1:111122223333:log-group:/aws/rds/instance/billing/*"}]}`}},
		}},
		LogGroups: []inventory.LogGroup{
			group("/aws/rds/instance/orders/error", &year, key),
			group("/aws/rds/instance/billing/postgresql", &month, ""),
			group("/aws/rds/instance/ledger/postgresql", &month, disabledKey),
			planned,
		},
		KMSKeys: []inventory.KMSKey{
			{ARN: key, AccountID: acct, Region: region, KeyManager: "CUSTOMER", KeyState: inventory.KeyStateEnabled},
			{ARN: disabledKey, AccountID: acct, Region: region, KeyManager: "CUSTOMER", KeyState: inventory.KeyStateDisabled},
		},
		DBInstances: []inventory.DBInstance{
			{Meta: meta(inventory.TypeDBInstance, "arn:aws:rds:us-east-1:111122223333:db:orders", "orders"), Engine: "mysql", EnabledLogExports: []string{"error"}},
			{Meta: meta(inventory.TypeDBInstance, "arn:aws:rds:us-east-1:111122223333:db:billing", "billing"), Engine: "postgres", EnabledLogExports: []string{"postgresql"}},
			{Meta: meta(inventory.TypeDBInstance, "arn:aws:rds:us-east-1:111122223333:db:quiet", "quiet"), Engine: "postgres"},
			{Meta: meta(inventory.TypeDBInstance, "arn:aws:rds:us-east-1:111122223333:db:ledger", "ledger"), Engine: "postgres", EnabledLogExports: []string{"postgresql", "upgrade"}},
		},
		DBClusters: []inventory.DBCluster{
			{Meta: inventory.Meta{ID: "arn:aws:rds:eu-west-1:111122223333:cluster:catalog", Type: inventory.TypeDocDBCluster, Name: "catalog", AccountID: acct, Region: "eu-west-1"},
				Engine: "docdb", EnabledLogExports: []string{"audit"}},
		},
		Errors: []inventory.CollectionError{{AccountID: acct, Region: "eu-west-1", Service: "logs", Operation: "logs:DescribeLogGroups", Code: "AccessDeniedException"}},
	}
	findings := judgeBuiltin(t, s)
	got := map[string]Status{}
	for _, f := range findings {
		switch f.RuleID {
		case "SW-CWL-02", "SW-CWL-03", "SW-CWL-04", "SW-CWL-05", "SW-CWL-08", "SW-CWL-09":
			got[f.RuleID+" "+f.Resource.Name] = f.Status
		}
	}
	want := map[string]Status{
		"SW-CWL-02 /aws/rds/instance/orders/error":       StatusPass,
		"SW-CWL-02 /aws/rds/instance/billing/postgresql": StatusFail,
		"SW-CWL-02 /aws/rds/instance/ledger/postgresql":  StatusFail,
		"SW-CWL-02 /aws/rds/instance/ledger/upgrade":     StatusPass,
		"SW-CWL-03 /aws/rds/instance/orders/error":       StatusPass,
		"SW-CWL-03 /aws/rds/instance/billing/postgresql": StatusFail,
		"SW-CWL-03 /aws/rds/instance/ledger/postgresql":  StatusFail, // its key is disabled
		"SW-CWL-03 /aws/rds/instance/ledger/upgrade":     StatusUnknown,
		"SW-CWL-04 /aws/rds/instance/orders/error":       StatusPass,
		"SW-CWL-04 /aws/rds/instance/billing/postgresql": StatusFail,
		"SW-CWL-04 /aws/rds/instance/ledger/postgresql":  StatusPass,
		"SW-CWL-04 /aws/rds/instance/ledger/upgrade":     StatusPass,
		// Log groups of eu-west-1 could not be listed: the log group rules say so there.
		"SW-CWL-02 eu-west-1": StatusUnknown,
		"SW-CWL-03 eu-west-1": StatusUnknown,
		"SW-CWL-04 eu-west-1": StatusUnknown,
		"SW-CWL-05 orders":    StatusPass,
		"SW-CWL-05 billing":   StatusFail,
		"SW-CWL-05 catalog":   StatusUnknown,
		"SW-CWL-05 ledger":    StatusFail,
		"SW-CWL-08 orders":    StatusFail,
		"SW-CWL-08 billing":   StatusFail,
		"SW-CWL-08 ledger":    StatusFail,
		// Whether the rule applies to catalog depends on facts that could not be collected.
		"SW-CWL-08 catalog": StatusUnknown,
		"SW-CWL-09 orders":  StatusFail,
		"SW-CWL-09 billing": StatusFail,
		"SW-CWL-09 catalog": StatusUnknown,
		"SW-CWL-09 ledger":  StatusFail,
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("statuses (-want +got):\n%s", diff)
	}
}
