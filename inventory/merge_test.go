package inventory

import (
	"bytes"
	"strings"
	"testing"
	"time"
)

func mergeAccount(id, org string, at time.Time) *Snapshot {
	return &Snapshot{
		SchemaVersion: SchemaVersion,
		CollectedAt:   at,
		Sources:       []Source{{Kind: SourceAWS, Accounts: []string{id}}},
		Accounts: []Account{{Meta: Meta{ID: id, Type: TypeAccount, Name: id, AccountID: id}, Partition: "aws",
			OrganizationID: org, Regions: []string{"us-east-1"}}},
	}
}

func TestMerge(t *testing.T) {
	t0 := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	mgmt := mergeAccount("111111111111", "o-1", t0)
	trail := "arn:aws:cloudtrail:us-east-1:111111111111:trail/org"
	mgmt.Trails = []Trail{{Meta: Meta{ID: trail, ARN: trail, Type: TypeTrail, Name: "org", AccountID: "111111111111", Region: "us-east-1"},
		HomeRegion: "us-east-1", IsMultiRegion: true, IsOrganizationTrail: true, IncludeGlobalServiceEvents: true, LogFileValidationEnabled: true,
		Status:         &TrailStatus{IsLogging: true},
		EventSelectors: []EventSelector{{ReadWriteType: "All", IncludeManagementEvents: true}}}}
	member := mergeAccount("222222222222", "o-1", t0.Add(time.Hour))
	member.Partial = true
	db := "arn:aws:rds:us-east-1:222222222222:db:a"
	member.DBInstances = []DBInstance{{Meta: Meta{ID: db, ARN: db, Type: TypeDBInstance, Name: "a", AccountID: "222222222222", Region: "us-east-1"}, Engine: "mysql"}}
	Resolve(member)
	if got := member.DBInstances[0].Posture.ManagementEvents.Status; got == StatusYes {
		t.Fatalf("alone, the member account's store is covered (%s): the test proves nothing", got)
	}

	m, err := Merge(Tool{Name: "storewatch", Version: "test"}, mgmt, member)
	if err != nil {
		t.Fatal(err)
	}
	if len(m.Accounts) != 2 || m.StoreCount() != 1 || len(m.Trails) != 1 || len(m.Regions) != 2 {
		t.Errorf("merged %d accounts, %d stores, %d trails, %d regions; want 2, 1, 1, 2", len(m.Accounts), m.StoreCount(), len(m.Trails), len(m.Regions))
	}
	if !m.CollectedAt.Equal(t0) || !m.Partial || len(m.Sources) != 2 {
		t.Errorf("collected_at %s, partial %v, %d sources; want the oldest, true, 2", m.CollectedAt, m.Partial, len(m.Sources))
	}
	if got := m.DBInstances[0].Posture.ManagementEvents; got.Status != StatusYes {
		t.Errorf("the management account's organisation trail does not cover the member's store after merging: %+v", got)
	}
	var buf bytes.Buffer
	if err := Write(&buf, m); err != nil {
		t.Fatal(err)
	}
	if _, err := Parse(buf.Bytes()); err != nil {
		t.Errorf("the merged snapshot does not validate: %v", err)
	}
}

func TestMergeRefusesAnAccountTwice(t *testing.T) {
	at := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	_, err := Merge(Tool{}, mergeAccount("1", "", at), mergeAccount("2", "", at), mergeAccount("1", "", at))
	if err == nil || !strings.Contains(err.Error(), "account 1 is in snapshots 1 and 3") {
		t.Errorf("Merge error = %v, want it to name the account and both snapshots", err)
	}
	if _, err := Merge(Tool{}); err == nil {
		t.Error("Merge of nothing succeeded")
	}
}
