package reporters

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/storewatch/storewatch/policies"
)

// TestWaiverNoticesAreShown: an expired and a stale waiver are named in the table summary,
// the markdown summary and the HTML report, and an active one is not; a hostile resource
// pattern stays inert.
func TestWaiverNoticesAreShown(t *testing.T) {
	r := fixtureReport()
	r.Waivers = []policies.WaiverState{
		{WaiverRef: policies.WaiverRef{Rule: "SW-LX-01", Resource: "arn:aws:rds:*:db:crm-db", Reason: "r", Owner: "o",
			Expires: time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC), Expired: true}, State: policies.WaiverExpired, Matched: 1, File: "w.yaml", Line: 2},
		{WaiverRef: policies.WaiverRef{Rule: "SW-NOPE-1", Resource: "gone\x1b[31m", Reason: "r", Owner: "o",
			Expires: time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)}, State: policies.WaiverStale, File: "w.yaml", Line: 8},
		{WaiverRef: policies.WaiverRef{Rule: "SW-AL-01", Resource: "*", Reason: "r", Owner: "o",
			Expires: time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)}, State: policies.WaiverActive, Matched: 3, File: "w.yaml", Line: 14},
	}
	tests := []struct {
		name  string
		write func(*bytes.Buffer) error
	}{
		{"table", func(b *bytes.Buffer) error { return (&Table{}).Write(b, r) }},
		{"markdown", func(b *bytes.Buffer) error { return Markdown{}.Write(b, r) }},
		{"html", func(b *bytes.Buffer) error { return (&HTML{}).Write(b, r) }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var buf bytes.Buffer
			if err := tt.write(&buf); err != nil {
				t.Fatal(err)
			}
			out := buf.String()
			for _, want := range []string{
				"SW-LX-01 on arn:aws:rds:",
				"(w.yaml:2) expired on 2020-01-01: the findings it hid are reported again",
				"waiver for SW-NOPE-1 on gone",
				"(w.yaml:8) matches no finding",
			} {
				if !strings.Contains(out, want) {
					t.Errorf("the %s report does not say %q", tt.name, want)
				}
			}
			if strings.Contains(out, "w.yaml:14") {
				t.Errorf("the %s report lists an active waiver as needing attention", tt.name)
			}
			if strings.Contains(out, "gone\x1b") {
				t.Errorf("the %s report carries the escape sequence of a waiver's resource", tt.name)
			}
		})
	}
}
