package inventory

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestCompareSnapshots(t *testing.T) {
	mk := func() *Snapshot {
		s := &Snapshot{Accounts: []Account{{Meta: Meta{ID: "1", Type: TypeAccount, AccountID: "1"}, Regions: []string{"us-east-1"}}}}
		s.DBInstances = []DBInstance{
			{Meta: Meta{ID: "arn:db:orders", Type: TypeDBInstance, Name: "orders-db", AccountID: "1", Region: "us-east-1"}, Engine: "mysql",
				EnabledLogExports: []string{"audit", "error"}, MonitoringInterval: diffInt(60)},
			{Meta: Meta{ID: "arn:db:old", Type: TypeDBInstance, Name: "old-db", AccountID: "1", Region: "us-east-1"}, Engine: "postgres"},
		}
		return s
	}
	old, cur := mk(), mk()
	cur.DBInstances[0].EnabledLogExports = []string{"error", "slowquery"}
	cur.DBInstances[0].MonitoringInterval = diffInt(0)
	cur.DBInstances = cur.DBInstances[:1]
	cur.DynamoDBTables = []DynamoDBTable{{Meta: Meta{ID: "arn:t:new", Type: TypeDynamoDBTable, Name: "new", AccountID: "1", Region: "us-east-1"}}}
	Resolve(old)
	Resolve(cur)
	d, err := CompareSnapshots(old, cur)
	if err != nil {
		t.Fatal(err)
	}
	if len(d.Added) != 1 || d.Added[0].Name != "new" || len(d.Removed) != 1 || d.Removed[0].Name != "old-db" {
		t.Errorf("added %v, removed %v", d.Added, d.Removed)
	}
	want := []StoreChange{{
		Store: StoreRef{ID: "arn:db:orders", Type: TypeDBInstance, Name: "orders-db", AccountID: "1", Region: "us-east-1"},
		Changes: []string{"enabled_log_exports: slowquery added; audit removed", "monitoring_interval: 60 → 0",
			"posture.logs: audit removed", "posture.logs: slowquery added"},
	}}
	if diff := cmp.Diff(want, d.Changed); diff != "" {
		t.Errorf("changes (-want +got):\n%s", diff)
	}
}

func diffInt(v int) *int { return &v }
