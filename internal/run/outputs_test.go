package run

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/storewatch/storewatch/internal/demo"
	"github.com/storewatch/storewatch/policies"
	"github.com/storewatch/storewatch/reporters"
	"github.com/storewatch/storewatch/triage"
)

// TestWriteOutputsAtOnce holds the concurrent writers to what each writes alone, byte for
// byte (under -race it also proves they only read the report), and a failure of one to
// leaving no file at all.
func TestWriteOutputsAtOnce(t *testing.T) {
	ctx := context.Background()
	eng, err := policies.Load(ctx, policies.Options{})
	if err != nil {
		t.Fatal(err)
	}
	r, err := Judge(ctx, demo.Snapshot(), Options{Engine: eng, Gate: triage.GateOptions{FailOn: triage.FailOnNone}})
	if err != nil {
		t.Fatal(err)
	}
	together, alone := t.TempDir(), t.TempDir()
	var outs []Output
	for _, f := range reporters.Formats() {
		outs = append(outs, Output{Format: f, Path: filepath.Join(together, f)})
	}
	var stdout bytes.Buffer
	if err := writeOutputs(append(outs, Output{Format: "table"}), r, &stdout, reporters.Options{}); err != nil {
		t.Fatal(err)
	}
	for _, out := range outs {
		one := Output{Format: out.Format, Path: filepath.Join(alone, out.Format)}
		if err := writeOutputs([]Output{one}, r, &bytes.Buffer{}, reporters.Options{}); err != nil {
			t.Fatal(err)
		}
		got, err := os.ReadFile(out.Path)
		if err != nil {
			t.Fatal(err)
		}
		want, err := os.ReadFile(one.Path)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s written with the other formats differs from %s written alone", out.Format, out.Format)
		}
	}
	if stdout.Len() == 0 {
		t.Error("the table went nowhere")
	}

	failed := t.TempDir()
	broken := []Output{
		{Format: "json", Path: filepath.Join(failed, "report.json")},
		{Format: "sarif", Path: filepath.Join(failed, "missing", "report.sarif")},
		{Format: "html", Path: filepath.Join(failed, "report.html")},
	}
	stdout.Reset()
	if err := writeOutputs(broken, r, &stdout, reporters.Options{}); err == nil {
		t.Fatal("writing into a missing directory succeeded")
	}
	if left, _ := os.ReadDir(failed); len(left) != 0 {
		t.Errorf("a failed run left %d files behind", len(left))
	}
}

// TestTableFileHasNoTerminalSettings: colour and width are for the table on stdout, a
// terminal; a table written to a file gets neither, so the file holds no escape sequence
// and does not depend on the size of the terminal it was written from.
func TestTableFileHasNoTerminalSettings(t *testing.T) {
	r := &policies.Report{Findings: []policies.Finding{{RuleID: "SW-AL-01", Status: policies.StatusFail, Severity: policies.SeverityHigh,
		Resource: &policies.Resource{ID: "orders-db", Name: "orders-db"}, Message: strings.Repeat("no alarm on CPUUtilization ", 8)}}}
	r.Summarize()
	file := filepath.Join(t.TempDir(), "table.txt")
	var stdout bytes.Buffer
	terminal := reporters.Options{Color: true, Width: 70}
	if err := writeOutputs([]Output{{Format: "table"}, {Format: "table", Path: file}}, r, &stdout, terminal); err != nil {
		t.Fatal(err)
	}
	var want bytes.Buffer
	if err := (&reporters.Table{}).Write(&want, r); err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want.String(), string(got)); diff != "" {
		t.Errorf("table file is not the table without colour at the default width (-want +got):\n%s", diff)
	}
	var onTerminal bytes.Buffer
	if err := (&reporters.Table{Options: terminal}).Write(&onTerminal, r); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(onTerminal.String(), stdout.String()); diff != "" {
		t.Errorf("stdout is not the table with the terminal's colour and width (-want +got):\n%s", diff)
	}
}
