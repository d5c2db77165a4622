package triage

import (
	"bytes"
	"errors"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/storewatch/storewatch/policies"
)

// fuzzReport is a small report the fuzzed waivers and baselines are applied to, so that
// matching (globs over ids, ARNs, names and tags) runs on whatever the input holds.
func fuzzReport() *policies.Report {
	return report(
		finding("SW-LX-16", "arn:aws:s3:::analytics-raw", policies.StatusFail, policies.SeverityMedium, map[string]string{"env": "prod"}),
		finding("SW-MA-01", "arn:aws:dynamodb:us-east-1:111122223333:table/t", policies.StatusUnknown, policies.SeverityLow, map[string]string{"env": "sandbox"}),
		finding("SW-TC-02", "111122223333", policies.StatusPass, policies.SeverityHigh, nil),
	)
}

// FuzzParseWaivers feeds arbitrary bytes to the waivers parser. It never panics; every
// refusal wraps ErrWaivers; every waiver it accepts is complete (fail closed: a rule, a
// resource or tags, a reason, an owner, an expiry) and can be applied to a report.
// Seeds: testdata/fuzz/FuzzParseWaivers.
func FuzzParseWaivers(f *testing.F) {
	f.Add([]byte(waiversYAML))
	f.Add([]byte("waivers: []\n"))
	f.Add([]byte("waivers:\n  - rule: SW-LX-01\n    resource: x\n    reason: r\n    owner: o\n    expires: next week\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		ws, err := ParseWaivers("fuzz.yaml", data)
		if err != nil {
			if !errors.Is(err, ErrWaivers) {
				t.Fatalf("error does not wrap ErrWaivers: %v", err)
			}
			return
		}
		for i, w := range ws {
			if w.Rule == "" || (w.Resource == "" && len(w.Tags) == 0) || w.Reason == "" || w.Owner == "" || w.Expires.IsZero() {
				t.Fatalf("waiver %d accepted incomplete: %+v", i+1, w.WaiverRef)
			}
		}
		r := fuzzReport()
		ApplyWaivers(r, ws, time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC))
		if len(r.Waivers) != len(ws) {
			t.Fatalf("report lists %d waivers, want %d", len(r.Waivers), len(ws))
		}
		for _, f := range r.Findings {
			if f.Status == policies.StatusWaived && (f.Waiver == nil || f.Waiver.Expired) {
				t.Fatalf("finding %s waived without an active waiver", f.ID)
			}
		}
	})
}

// FuzzParseBaseline feeds arbitrary bytes to the baseline parser. It never panics, every
// refusal wraps ErrBaseline, and an accepted baseline survives a write and a re-read.
// Seeds: testdata/fuzz/FuzzParseBaseline.
func FuzzParseBaseline(f *testing.F) {
	var buf bytes.Buffer
	if err := NewBaseline(fuzzReport()).Write(&buf); err != nil {
		f.Fatal(err)
	}
	f.Add(buf.Bytes())
	f.Add([]byte(`{"schema_version": "1.0", "findings": [{"id": ""}]}`))
	f.Add([]byte(`{"schema_version": "9"}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		b, err := ParseBaseline("fuzz.json", data)
		if err != nil {
			if !errors.Is(err, ErrBaseline) {
				t.Fatalf("error does not wrap ErrBaseline: %v", err)
			}
			return
		}
		r := fuzzReport()
		ApplyBaseline(r, b, "fuzz.json")
		if r.Baseline == nil {
			t.Fatal("no baseline result")
		}
		var out bytes.Buffer
		if err := b.Write(&out); err != nil {
			t.Fatalf("write: %v", err)
		}
		again, err := ParseBaseline("again.json", out.Bytes())
		if err != nil {
			t.Fatalf("a baseline storewatch wrote does not parse: %v\n%s", err, out.Bytes())
		}
		if diff := cmp.Diff(b, again); diff != "" {
			t.Fatalf("baseline changed through a write and a read (-first +second):\n%s", diff)
		}
	})
}
