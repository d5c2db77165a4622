package policies

import (
	"testing"

	"github.com/storewatch/storewatch/inventory"
)

// TestLogExportAndEventTraps runs the traps of the log-export and event rules end to end,
// snapshot → Resolve → Evaluate, so that the resolution and the rules agree on the posture
// they share and the engine's unknown handling applies to them.
func TestLogExportAndEventTraps(t *testing.T) {
	const (
		account = "111122223333"
		region  = "us-east-1"
		topic   = "arn:aws:sns:us-east-1:111122223333:ops"
		silent  = "arn:aws:sns:us-east-1:111122223333:nobody"
	)
	meta := func(id, typ, name string) inventory.Meta {
		return inventory.Meta{ID: id, ARN: id, Type: typ, Name: name, AccountID: account, Region: region}
	}
	ops := inventory.SNSTopic{Meta: meta(topic, inventory.TypeSNSTopic, "ops"),
		Subscriptions: []inventory.Subscription{{ARN: topic + ":1", Protocol: "email", Confirmed: true}}}
	ops.Posture.ConfirmedSubscribers = 1
	nobody := inventory.SNSTopic{Meta: meta(silent, inventory.TypeSNSTopic, "nobody")}
	sub := func(name, sourceType, topic string, enabled bool, categories ...string) inventory.EventSubscription {
		return inventory.EventSubscription{Meta: meta("arn:aws:rds:us-east-1:111122223333:es:"+name, inventory.TypeRDSEventSubscription, name),
			Service: "rds", SourceType: sourceType, EventCategories: categories, SNSTopicARN: topic, Enabled: enabled, Status: "active"}
	}
	aurora := inventory.DBCluster{Meta: meta("arn:aws:rds:us-east-1:111122223333:cluster:orders", inventory.TypeDBCluster, "orders"),
		Engine: "aurora-mysql", EnabledLogExports: []string{"audit", "error", "general", "slowquery"},
		Parameters: map[string]string{"server_audit_logging": "0"}}
	unread := inventory.DBCluster{Meta: meta("arn:aws:rds:us-east-1:111122223333:cluster:billing", inventory.TypeDBCluster, "billing"),
		Engine: "aurora-mysql", EnabledLogExports: []string{"audit"}}
	unread.Errors = []inventory.CollectionError{{Service: "rds", Operation: "rds:DescribeDBClusterParameters", Resource: "billing-params", Code: "AccessDenied"}}
	docdb := inventory.DBCluster{Meta: meta("arn:aws:rds:us-east-1:111122223333:cluster:docs", inventory.TypeDocDBCluster, "docs"), Engine: "docdb"}
	snap := &inventory.Snapshot{
		Accounts:  []inventory.Account{{Meta: inventory.Meta{ID: account, Type: inventory.TypeAccount, AccountID: account}, Regions: []string{region}}},
		SNSTopics: []inventory.SNSTopic{ops, nobody},
		EventSubscriptions: []inventory.EventSubscription{
			// Covers every cluster category, but is disabled: it must not count.
			sub("all-clusters", "db-cluster", topic, false),
			// Enabled and complete for DocumentDB's db-cluster events, but nobody reads it.
			sub("clusters-silent", "db-cluster", silent, true, "failure", "maintenance"),
		},
		DBClusters: []inventory.DBCluster{aurora, unread, docdb},
	}
	findings := judgeBuiltin(t, snap)
	got := map[[2]string]Status{}
	for _, f := range findings {
		got[[2]string{f.RuleID, f.Resource.ID}] = f.Status
	}
	tests := []struct {
		rule, resource string
		want           Status
	}{
		// Exports the audit log, but Advanced Auditing is off: the log is empty.
		{"SW-LX-05", aurora.ID, StatusPass},
		{"SW-LX-06", aurora.ID, StatusFail},
		{"SW-LX-06", unread.ID, StatusUnknown},
		// The only complete subscription is disabled, the enabled one reaches nobody.
		{"SW-EV-01", account + "/" + region, StatusFail},
		{"SW-EV-06", docdb.ID, StatusFail},
		{"SW-EV-07", snap.EventSubscriptions[0].ID, StatusFail},
		{"SW-EV-07", snap.EventSubscriptions[1].ID, StatusFail},
		// DocumentDB exports nothing and its audit_logs parameter is off.
		{"SW-LX-09", docdb.ID, StatusFail},
	}
	for _, tt := range tests {
		if s, ok := got[[2]string{tt.rule, tt.resource}]; !ok || s != tt.want {
			t.Errorf("%s on %s = %q (judged: %v), want %q", tt.rule, tt.resource, s, ok, tt.want)
		}
	}
	if _, ok := got[[2]string{"SW-LX-09", aurora.ID}]; ok {
		t.Errorf("SW-LX-09 judged Aurora cluster %s", aurora.ID)
	}

	// Once the enabled subscription's topic has a reader, DocumentDB events reach a person.
	snap.EventSubscriptions[1].SNSTopicARN = topic
	for _, f := range judgeBuiltin(t, snap) {
		if f.RuleID == "SW-EV-06" && f.Resource.ID == docdb.ID && f.Status != StatusPass {
			t.Errorf("SW-EV-06 on %s = %q (%s), want pass", docdb.ID, f.Status, f.Message)
		}
		if f.RuleID == "SW-EV-01" && f.Status != StatusPass {
			t.Errorf("SW-EV-01 = %q (%s), want pass", f.Status, f.Message)
		}
	}
}
