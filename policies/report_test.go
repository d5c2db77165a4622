package policies

import (
	"encoding/json"
	"testing"
	"time"
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
