package run

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/storewatch/storewatch/inventory"
	"github.com/storewatch/storewatch/policies"
	"github.com/storewatch/storewatch/reporters"
)

// FuzzDiffReports gives `scanner diff` an arbitrary file beside a report storewatch wrote.
// It never panics: it compares, or refuses the file as invalid input. The first crash it
// stands guard against was a JSON report whose finding had no resource. Seeds:
// testdata/fuzz/FuzzDiffReports.
func FuzzDiffReports(f *testing.F) {
	var buf bytes.Buffer
	if err := (reporters.JSON{}).Write(&buf, &policies.Report{SchemaVersion: policies.ReportVersion}); err != nil {
		f.Fatal(err)
	}
	empty := buf.Bytes()
	f.Add(empty)
	f.Add(bytes.Replace(empty, []byte(`"findings": []`), []byte(`"findings": [{"id": "x", "rule_id": "SW-LX-01", "status": "fail", "severity": "high", "message": "m"}]`), 1))
	f.Add([]byte(`{"schema_version": "1.0", "findings": [{"id": "x", "status": "fail"}]}`))
	dir := f.TempDir()
	old := filepath.Join(dir, "old.json")
	if err := os.WriteFile(old, empty, 0o644); err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		cur := filepath.Join(t.TempDir(), "new.json")
		if err := os.WriteFile(cur, data, 0o644); err != nil {
			t.Fatal(err)
		}
		d, err := Diff(context.Background(), old, cur, Options{Engine: testEngine(t)})
		if err != nil {
			if !errors.Is(err, inventory.ErrInvalid) && !errors.Is(err, ErrUsage) {
				t.Fatalf("error is neither invalid input nor a usage error: %v", err)
			}
			return
		}
		var out bytes.Buffer
		for _, format := range []string{reporters.DiffText, reporters.DiffJSON, reporters.DiffMarkdown} {
			if err := reporters.WriteDiff(&out, d, format); err != nil {
				t.Fatalf("write %s diff: %v", format, err)
			}
		}
	})
}
