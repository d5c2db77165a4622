package run

import (
	"bytes"
	"context"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/storewatch/storewatch/internal/demo"
	"github.com/storewatch/storewatch/triage"
)

// TestWaiversNeedingAttentionAreLogged: an expired and a stale waiver are each named by a
// warning at the default log level, where a CI job's reader sees them; an active one is not.
func TestWaiversNeedingAttentionAreLogged(t *testing.T) {
	waivers, err := triage.ParseWaivers("w.yaml", []byte(`waivers:
  - rule: SW-LX-16
    resource: "*"
    reason: old
    owner: o
    expires: 2020-01-01
  - rule: SW-LX-01
    resource: arn:aws:rds:us-east-1:999999999999:db:nothing
    reason: gone
    owner: o
    expires: 2030-01-01
  - rule: "*"
    resource: "*"
    reason: everything
    owner: o
    expires: 2030-01-01
`))
	if err != nil {
		t.Fatal(err)
	}
	var logs bytes.Buffer
	o := Options{Engine: testEngine(t), Triage: Triage{Waivers: waivers},
		Now:    func() time.Time { return time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC) },
		Logger: slog.New(slog.NewTextHandler(&logs, nil))}
	if _, err := Judge(context.Background(), demo.Snapshot(), o); err != nil {
		t.Fatal(err)
	}
	var warnings []string
	for line := range strings.Lines(logs.String()) {
		if strings.Contains(line, "level=WARN") && strings.Contains(line, "waiver for") {
			warnings = append(warnings, line)
		}
	}
	if len(warnings) != 2 ||
		!strings.Contains(warnings[0], "(w.yaml:2) expired on 2020-01-01") || !strings.Contains(warnings[0], "state=expired") ||
		!strings.Contains(warnings[1], "(w.yaml:7) matches no finding") || !strings.Contains(warnings[1], "state=stale") {
		t.Errorf("warnings = %q, want one for the expired waiver and one for the stale one", warnings)
	}
}
