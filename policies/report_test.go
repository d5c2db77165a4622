package policies

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/storewatch/storewatch/inventory"
)

// TestNewReportTimeInWholeSeconds: the report's time is written without a fraction of a
// second, which jq's fromdate (strptime "%Y-%m-%dT%H:%M:%SZ") refuses.
func TestNewReportTimeInWholeSeconds(t *testing.T) {
	now := time.Date(2026, 11, 2, 10, 30, 0, 123456789, time.FixedZone("CET", 3600))
	r := NewReport(&SnapshotDescription{}, nil, nil, ToolInfo{}, now)
	got, err := json.Marshal(r.GeneratedAt)
	if err != nil {
		t.Fatal(err)
	}
	if want := `"2026-11-02T09:30:00Z"`; string(got) != want {
		t.Errorf("generated_at = %s, want %s", got, want)
	}
}

// TestDescribeSnapshotKeepsNotes: a region with none of a service's resources because the
// service is not offered there says so in the report, not only in the snapshot.
func TestDescribeSnapshotKeepsNotes(t *testing.T) {
	note := inventory.CollectionError{Source: inventory.SourceAWS, AccountID: "111122223333", Region: "ap-east-2",
		Service: "memorydb", Operation: "memorydb:DescribeClusters", Code: "InvalidAction"}
	snap := &inventory.Snapshot{Notes: []inventory.CollectionError{note}}
	d := DescribeSnapshot(snap)
	if len(d.Info.Notes) != 1 || d.Info.Notes[0] != note {
		t.Errorf("notes = %+v, want the snapshot's note", d.Info.Notes)
	}
	if len(d.CollectionErrors) != 0 {
		t.Errorf("a note became a collection error: %+v", d.CollectionErrors)
	}
}
