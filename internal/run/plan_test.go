package run

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/storewatch/storewatch/internal/golden"
	"github.com/storewatch/storewatch/inventory"
	"github.com/storewatch/storewatch/policies"
	"github.com/storewatch/storewatch/reporters"
	"github.com/storewatch/storewatch/triage"
)

const planData = "../../testdata/terraform"

// reportFormats are the formats whose reports of every plan case are kept as goldens. A
// format is added here by name (its reporter must exist), and its goldens with -update.
var reportFormats = []string{
	reporters.FormatJSON,
}

var (
	engineOnce sync.Once
	engine     *policies.Engine
	engineErr  error
)

func testEngine(t *testing.T) *policies.Engine {
	t.Helper()
	engineOnce.Do(func() { engine, engineErr = policies.Load(context.Background(), policies.Options{}) })
	if engineErr != nil {
		t.Fatal(engineErr)
	}
	return engine
}

func planOptions(t *testing.T, input string) Options {
	return Options{
		Input:    input,
		Engine:   testEngine(t),
		Gate:     triage.GateOptions{FailOn: "medium"},
		Stdout:   io.Discard,
		Now:      func() time.Time { return time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC) },
		Reporter: reporters.Options{Width: 120},
	}
}

func planFiles(t *testing.T) []string {
	t.Helper()
	all, err := filepath.Glob(filepath.Join(planData, "*", "plan*.json"))
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, f := range all {
		if !strings.Contains(filepath.Base(f), ".golden.") {
			out = append(out, f)
		}
	}
	if len(out) == 0 {
		t.Fatal("no plans under " + planData)
	}
	return out
}

// verdict is one line of a findings golden: a rule's status on a resource and the lines
// the finding points at.
type verdict struct {
	Rule     string `json:"rule"`
	Resource string `json:"resource"`
	Status   string `json:"status"`
	Location string `json:"location"`
}

func verdicts(r *policies.Report) []verdict {
	out := make([]verdict, 0, len(r.Findings))
	for _, f := range r.Findings {
		v := verdict{Rule: f.RuleID, Resource: f.Resource.ID, Status: string(f.Status)}
		if l := f.Resource.Location; l != nil {
			v.Location = fmt.Sprintf("%s:%d-%d", l.File, l.StartLine, l.EndLine)
		}
		out = append(out, v)
	}
	return out
}

// TestPlanGoldens judges every plan case and keeps, beside the plan, the verdict of every
// rule on every resource (<plan>.findings.golden.json) and the report in each of
// reportFormats (<plan>.report.golden.<format>).
func TestPlanGoldens(t *testing.T) {
	for _, plan := range planFiles(t) {
		name := filepath.Base(filepath.Dir(plan)) + "/" + filepath.Base(plan)
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			o := planOptions(t, plan)
			for _, f := range reportFormats {
				o.Outputs = append(o.Outputs, Output{Format: f, Path: filepath.Join(dir, "report."+f)})
			}
			r, err := Evaluate(context.Background(), o)
			if err != nil {
				t.Fatal(err)
			}
			base := strings.TrimSuffix(plan, ".json")
			data, err := json.MarshalIndent(verdicts(r), "", "  ")
			if err != nil {
				t.Fatal(err)
			}
			golden.Assert(t, base+".findings.golden.json", append(data, '\n'))
			for _, f := range reportFormats {
				got, err := os.ReadFile(filepath.Join(dir, "report."+f))
				if err != nil {
					t.Fatal(err)
				}
				golden.Assert(t, base+".report.golden."+f, got)
			}
		})
	}
}

// TestDoneMeans is the acceptance test: a plan that adds an RDS instance without
// log exports or alarms fails the gate, with the failure on that aws_db_instance block's
// lines; the same resource written correctly passes.
func TestDoneMeans(t *testing.T) {
	bad, err := Evaluate(context.Background(), planOptions(t, filepath.Join(planData, "08-new-rds-bad", "plan.json")))
	if err != nil {
		t.Fatal(err)
	}
	if bad.Gate == nil || bad.Gate.Passed {
		t.Fatalf("gate %+v: want failed", bad.Gate)
	}
	want := policies.Location{File: "testdata/terraform/08-new-rds-bad/main.tf", StartLine: 38, EndLine: 51}
	found := false
	for _, f := range bad.Findings {
		if f.Status == policies.StatusFail && f.Resource.ID == "aws_db_instance.legacy" {
			found = true
			if f.Resource.Location == nil || *f.Resource.Location != want {
				t.Errorf("%s points at %+v, want %+v", f.RuleID, f.Resource.Location, want)
			}
		}
	}
	if !found {
		t.Error("no failed finding on aws_db_instance.legacy")
	}
	good, err := Evaluate(context.Background(), planOptions(t, filepath.Join(planData, "09-new-rds-good", "plan.json")))
	if err != nil {
		t.Fatal(err)
	}
	if good.Gate == nil || !good.Gate.Passed {
		t.Errorf("gate %+v: want passed", good.Gate)
	}
	for _, f := range good.Findings {
		if f.Resource.ID == "aws_db_instance.orders" && f.Status == policies.StatusFail {
			t.Errorf("%s fails the well-written instance: %s", f.RuleID, f.Message)
		}
	}
}

// TestPlanModuleLocation: a resource created by a module points at the module block in the
// calling file.
func TestPlanModuleLocation(t *testing.T) {
	o := planOptions(t, filepath.Join(planData, "09-new-rds-good", "plan.json"))
	snap, in, err := loadPlan(context.Background(), mustRead(t, o.Input), o)
	if err != nil {
		t.Fatal(err)
	}
	r := &policies.Report{}
	for _, a := range snap.Alarms {
		r.Findings = append(r.Findings, policies.Finding{Resource: &policies.Resource{ID: a.ID, Source: a.Source}})
	}
	in.attachLocations(r)
	if len(r.Findings) != 2 {
		t.Fatalf("alarms: %d", len(r.Findings))
	}
	for _, f := range r.Findings {
		want := policies.Location{File: "testdata/terraform/09-new-rds-good/main.tf", StartLine: 140, EndLine: 153}
		if *f.Resource.Location != want {
			t.Errorf("%s points at %+v, want the module block %+v", f.Resource.ID, *f.Resource.Location, want)
		}
	}
}

// TestPlanWithoutConfiguration: a plan alone (no .tf beside it) is judged, and its findings
// point at the plan file.
func TestPlanWithoutConfiguration(t *testing.T) {
	dir := t.TempDir()
	plan := filepath.Join(dir, "plan.json")
	if err := os.WriteFile(plan, mustRead(t, filepath.Join(planData, "08-new-rds-bad", "plan.json")), 0o644); err != nil {
		t.Fatal(err)
	}
	r, err := Evaluate(context.Background(), planOptions(t, plan))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range r.Findings {
		if l := f.Resource.Location; l == nil || !strings.HasSuffix(l.File, "/plan.json") || l.StartLine != 1 {
			t.Errorf("%s on %s points at %+v, want the plan file", f.RuleID, f.Resource.ID, l)
		}
	}
}

// TestPlanWithLiveSnapshot judges the pull-request plan together with the live account:
// the plan's resources point at their .tf blocks, the live ones at their entries in the
// snapshot file, and account-wide facts are no longer out of the plan's reach.
func TestPlanWithLiveSnapshot(t *testing.T) {
	live := &inventory.Snapshot{
		SchemaVersion: inventory.SchemaVersion,
		Tool:          inventory.Tool{Name: "storewatch", Version: "test"},
		Sources:       []inventory.Source{{Kind: inventory.SourceAWS, Accounts: []string{"123456789012"}}},
		Accounts: []inventory.Account{{Meta: inventory.Meta{ID: "123456789012", Type: inventory.TypeAccount, AccountID: "123456789012"},
			Partition: "aws", Regions: []string{"us-east-1"}}},
		DBInstances: []inventory.DBInstance{
			{Meta: inventory.Meta{ID: "arn:aws:rds:us-east-1:123456789012:db:payments-ledger", Type: inventory.TypeDBInstance,
				ARN: "arn:aws:rds:us-east-1:123456789012:db:payments-ledger", Name: "payments-ledger", AccountID: "123456789012", Region: "us-east-1"},
				Engine: "postgres", EnabledLogExports: []string{"postgresql", "upgrade"}},
			{Meta: inventory.Meta{ID: "arn:aws:rds:us-east-1:123456789012:db:reporting", Type: inventory.TypeDBInstance,
				ARN: "arn:aws:rds:us-east-1:123456789012:db:reporting", Name: "reporting", AccountID: "123456789012", Region: "us-east-1"},
				Engine: "mysql", EnabledLogExports: []string{"error"}},
		},
	}
	var buf bytes.Buffer
	if err := inventory.Write(&buf, live); err != nil {
		t.Fatal(err)
	}
	snapPath := filepath.Join(t.TempDir(), "live.json")
	if err := os.WriteFile(snapPath, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	o := planOptions(t, filepath.Join(planData, "07-pull-request-update", "plan.json"))
	o.LiveSnapshot = snapPath
	r, err := Evaluate(context.Background(), o)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]verdict{}
	for _, v := range verdicts(r) {
		got[v.Resource] = v
	}
	ledger := got["aws_db_instance.ledger"]
	if ledger.Status != "fail" || ledger.Location != "testdata/terraform/07-pull-request-update/main.tf:56-70" {
		t.Errorf("planned ledger: %+v", ledger)
	}
	reporting := got["arn:aws:rds:us-east-1:123456789012:db:reporting"]
	if reporting.Status != "fail" || !strings.HasPrefix(reporting.Location, filepath.ToSlash(snapPath)+":") {
		t.Errorf("live instance: %+v", reporting)
	}
	if _, ok := got["arn:aws:rds:us-east-1:123456789012:db:payments-ledger"]; ok {
		t.Error("the live ledger is judged beside the planned one")
	}
	for _, a := range r.Snapshot.Accounts {
		if a.ID != "123456789012" {
			t.Errorf("account %q in the report", a.ID)
		}
	}
}

func TestPlanFlagErrors(t *testing.T) {
	o := planOptions(t, filepath.Join(planData, "08-new-rds-bad", "plan.json"))
	o.TFDir = filepath.Join(t.TempDir(), "missing")
	if _, err := Evaluate(context.Background(), o); !errors.Is(err, ErrUsage) {
		t.Errorf("missing --tf-dir: %v, want a usage error", err)
	}
	snap := filepath.Join(t.TempDir(), "s.json")
	var buf bytes.Buffer
	if err := inventory.Write(&buf, &inventory.Snapshot{}); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(snap, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	o = planOptions(t, snap)
	o.LiveSnapshot = snap
	if _, err := Evaluate(context.Background(), o); !errors.Is(err, ErrUsage) {
		t.Errorf("--snapshot with a snapshot input: %v, want a usage error", err)
	}
	bad := filepath.Join(t.TempDir(), "plan.json")
	if err := os.WriteFile(bad, []byte(`{"format_version":"0.1","terraform_version":"0.12.0","resource_changes":[]}`), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := Evaluate(context.Background(), planOptions(t, bad)); err == nil || !strings.Contains(err.Error(), "format_version") || !errors.Is(err, inventory.ErrInvalid) {
		t.Errorf("old plan format: %v", err)
	}
}

func mustRead(t *testing.T, path string) []byte {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return data
}
