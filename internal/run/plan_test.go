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
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/storewatch/storewatch/internal/golden"
	"github.com/storewatch/storewatch/inventory"
	"github.com/storewatch/storewatch/policies"
	"github.com/storewatch/storewatch/reporters"
	"github.com/storewatch/storewatch/reporters/reporterstest"
	"github.com/storewatch/storewatch/triage"
)

const planData = "../../testdata/terraform"

// reportFormats are the formats whose reports of every plan case are kept as goldens. A
// format is added here by name (its reporter must exist), and its goldens with -update.
var reportFormats = []string{
	reporters.FormatJSON,
	reporters.FormatSARIF,
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
				if f == reporters.FormatSARIF {
					checkPlanSARIF(t, got, filepath.Base(filepath.Dir(plan)))
				}
			}
		})
	}
}

// TestPlanSARIFMultitool validates the golden SARIF of every plan case with Microsoft's
// SARIF Multitool, SARIF and GitHub rules: no error, no warning.
func TestPlanSARIFMultitool(t *testing.T) {
	for _, plan := range planFiles(t) {
		file := strings.TrimSuffix(plan, ".json") + ".report.golden." + reporters.FormatSARIF
		t.Run(filepath.Base(filepath.Dir(plan))+"/"+filepath.Base(file), func(t *testing.T) {
			t.Parallel()
			for _, w := range reporterstest.ValidateSARIF(t, file) {
				t.Errorf("SARIF Multitool warning: %s %s %v", w.RuleID, w.Message.Text, w.Message.Arguments)
			}
		})
	}
}

// checkPlanSARIF: every result of a plan case points at lines of a .tf file of the case,
// by a URI relative to the repository root (forward slashes, no scheme, no leading slash),
// as GitHub code scanning needs to annotate a pull request's diff.
func checkPlanSARIF(t *testing.T, data []byte, caseDir string) {
	t.Helper()
	var doc struct {
		Runs []struct {
			Results []struct {
				RuleID    string `json:"ruleId"`
				Locations []struct {
					PhysicalLocation struct {
						ArtifactLocation struct{ URI string } `json:"artifactLocation"`
						Region           struct{ StartLine, EndLine int }
					} `json:"physicalLocation"`
				} `json:"locations"`
			} `json:"results"`
		} `json:"runs"`
	}
	if err := json.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, run := range doc.Runs {
		for _, r := range run.Results {
			n++
			if len(r.Locations) != 1 {
				t.Errorf("%s: %d locations", r.RuleID, len(r.Locations))
				continue
			}
			pl := r.Locations[0].PhysicalLocation
			uri := pl.ArtifactLocation.URI
			if !strings.HasPrefix(uri, "testdata/terraform/"+caseDir+"/") || !strings.HasSuffix(uri, ".tf") || strings.Contains(uri, `\`) {
				t.Errorf("%s points at %q, want a .tf file of the case relative to the repository root", r.RuleID, uri)
			}
			if pl.Region.StartLine < 1 || pl.Region.EndLine <= pl.Region.StartLine {
				t.Errorf("%s points at lines %d-%d, want a block", r.RuleID, pl.Region.StartLine, pl.Region.EndLine)
			}
		}
	}
	if n == 0 {
		t.Error("no results")
	}
}

// TestPlanPathsRepoRelative: whether the plan (and --snapshot) is given relative to the
// working directory or absolute, locations are relative to the repository root when the
// files lie inside it; outside it they stay absolute.
func TestPlanPathsRepoRelative(t *testing.T) {
	rel := filepath.Join(planData, "08-new-rds-bad", "plan.json")
	abs, err := filepath.Abs(rel)
	if err != nil {
		t.Fatal(err)
	}
	// A live snapshot inside the repository, kept beside case 08 (-update rewrites it).
	liveRel := filepath.Join(planData, "08-new-rds-bad", "live.golden.json")
	golden.Assert(t, liveRel, liveSnapshot(t))
	live, err := filepath.Abs(liveRel)
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct{ name, plan, live string }{
		{"relative", rel, liveRel},
		{"absolute", abs, live},
	} {
		t.Run(tt.name, func(t *testing.T) {
			o := planOptions(t, tt.plan)
			o.LiveSnapshot = tt.live
			r, err := Evaluate(context.Background(), o)
			if err != nil {
				t.Fatal(err)
			}
			if r.Snapshot.File != "testdata/terraform/08-new-rds-bad/plan.json" {
				t.Errorf("report file %q", r.Snapshot.File)
			}
			files := map[string]bool{}
			for _, f := range r.Findings {
				// What neither file holds (an account of the plan) has no location.
				if l := f.Resource.Location; l != nil {
					files[l.File] = true
				}
			}
			want := map[string]bool{"testdata/terraform/08-new-rds-bad/main.tf": true,
				"testdata/terraform/08-new-rds-bad/live.golden.json": true}
			if diff := cmp.Diff(want, files); diff != "" {
				t.Errorf("location files (-want +got):\n%s", diff)
			}
		})
	}
	// Outside the repository (and the working directory) a file has no relative name.
	dir := t.TempDir()
	plan := filepath.Join(dir, "plan.json")
	if err := os.WriteFile(plan, mustRead(t, rel), 0o644); err != nil {
		t.Fatal(err)
	}
	r, err := Evaluate(context.Background(), planOptions(t, plan))
	if err != nil {
		t.Fatal(err)
	}
	if want := filepath.ToSlash(plan); r.Snapshot.File != want {
		t.Errorf("outside the repository: %q, want %q", r.Snapshot.File, want)
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
	// What the instance lacks, each by its own rule: log exports, alarms, Enhanced
	// Monitoring, Performance Insights, the audit plugin of its engine's default option group.
	for _, id := range []string{"SW-LX-01", "SW-MA-01", "SW-MON-01", "SW-MON-02", "SW-LX-08"} {
		if st := statusOf(bad, id, "aws_db_instance.legacy"); st != policies.StatusFail {
			t.Errorf("%s on aws_db_instance.legacy: %q, want fail", id, st)
		}
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
	// The rules the change is about pass outright: none is merely left unknown.
	for _, id := range []string{"SW-LX-01", "SW-LX-02", "SW-LX-08", "SW-MA-01", "SW-MA-02", "SW-MA-04", "SW-AH-06",
		"SW-MON-01", "SW-MON-02", "SW-MON-03", "SW-MON-04"} {
		if st := statusOf(good, id, "aws_db_instance.orders"); st != policies.StatusPass {
			t.Errorf("%s on aws_db_instance.orders: %q, want pass", id, st)
		}
	}
	// What stays unknown is what a plan cannot hold: the trails and the log groups around
	// it (the instance's log groups are not in the plan). --snapshot decides them.
	for _, f := range good.Findings {
		if f.Resource.ID == "aws_db_instance.orders" && f.Status == policies.StatusUnknown &&
			!strings.Contains(f.Message, "not in the Terraform plan") {
			t.Errorf("%s on aws_db_instance.orders is unknown for another reason than the plan's scope: %s", f.RuleID, f.Message)
		}
	}
}

// TestPlanUnknownMetricQueries: an alarm whose metric_query blocks come from a collection
// known only after apply (testdata/plan-unknown-metric-queries, planned by Terraform) might
// watch any store of its Region once applied. SW-MA-01 is unknown for those stores, naming
// the alarm and why, not failed as if no alarm could watch them; a store in another Region
// still fails.
func TestPlanUnknownMetricQueries(t *testing.T) {
	o := planOptions(t, filepath.Join("testdata", "plan-unknown-metric-queries", "plan.json"))
	r, err := Evaluate(context.Background(), o)
	if err != nil {
		t.Fatal(err)
	}
	const why = "aws_cloudwatch_metric_alarm.fleet_cpu (its metric queries are known only after apply)"
	tests := []struct {
		store string
		want  policies.Status
	}{
		{"aws_db_instance.orders", policies.StatusUnknown},
		{"aws_dynamodb_table.events", policies.StatusUnknown},
		// In eu-west-1: an alarm in us-east-1 cannot read its metrics.
		{"aws_dynamodb_table.archive", policies.StatusFail},
	}
	for _, tt := range tests {
		var f *policies.Finding
		for i := range r.Findings {
			if r.Findings[i].RuleID == "SW-MA-01" && r.Findings[i].Resource.ID == tt.store {
				f = &r.Findings[i]
			}
		}
		switch {
		case f == nil:
			t.Errorf("SW-MA-01 did not judge %s", tt.store)
		case f.Status != tt.want:
			t.Errorf("SW-MA-01 on %s: %s (%s), want %s", tt.store, f.Status, f.Message, tt.want)
		case tt.want == policies.StatusUnknown && !strings.HasSuffix(f.Message, "might watch it: "+why):
			t.Errorf("SW-MA-01 on %s says %q, want it to name %s", tt.store, f.Message, why)
		}
	}
}

// TestPlanMetricQuerySet: the metric_query blocks of an alarm are a set, which the plan
// lists in an order of its own (testdata/plan-metric-query-set, planned by Terraform: the
// expression written first comes last). Each query is joined with its configuration block
// on its id, so each table is watched for the metric of its own query: read throttling on
// orders, write throttling on audit. Without the .tf files the dimensions, unknown as a
// whole, tie the alarm to no table, and SW-MA-01 is unknown.
func TestPlanMetricQuerySet(t *testing.T) {
	plan := filepath.Join("testdata", "plan-metric-query-set", "plan.json")
	tests := []struct {
		withTF  bool
		store   string
		status  policies.Status
		alarmed []string
	}{
		{true, "aws_dynamodb_table.orders", policies.StatusFail, []string{"ReadThrottleEvents"}},
		{true, "aws_dynamodb_table.audit", policies.StatusFail, []string{"WriteThrottleEvents"}},
		{false, "aws_dynamodb_table.orders", policies.StatusUnknown, nil},
		{false, "aws_dynamodb_table.audit", policies.StatusUnknown, nil},
	}
	reports := map[bool]*policies.Report{}
	for _, withTF := range []bool{true, false} {
		o := planOptions(t, plan)
		if !withTF {
			o.TFDir = t.TempDir()
		}
		r, err := Evaluate(context.Background(), o)
		if err != nil {
			t.Fatal(err)
		}
		reports[withTF] = r
	}
	for _, tt := range tests {
		var f *policies.Finding
		for i, g := range reports[tt.withTF].Findings {
			if g.RuleID == "SW-MA-01" && g.Resource.ID == tt.store {
				f = &reports[tt.withTF].Findings[i]
			}
		}
		if f == nil {
			t.Errorf(".tf files %v: SW-MA-01 did not judge %s", tt.withTF, tt.store)
			continue
		}
		var ev struct{ Alarmed []string }
		if err := json.Unmarshal(f.Evidence, &ev); err != nil {
			t.Fatal(err)
		}
		if f.Status != tt.status || !slices.Equal(ev.Alarmed, tt.alarmed) {
			t.Errorf(".tf files %v: SW-MA-01 on %s: %s, alarmed %v (%s), want %s, alarmed %v",
				tt.withTF, tt.store, f.Status, ev.Alarmed, f.Message, tt.status, tt.alarmed)
		}
	}
}

func statusOf(r *policies.Report, rule, resource string) policies.Status {
	for _, f := range r.Findings {
		if f.RuleID == rule && f.Resource.ID == resource {
			return f.Status
		}
	}
	return ""
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
	if len(r.Findings) != 8 {
		t.Fatalf("alarms: %d, want the 8 instances of module.rds_alarm", len(r.Findings))
	}
	for _, f := range r.Findings {
		want := policies.Location{File: "testdata/terraform/09-new-rds-good/main.tf", StartLine: 214, EndLine: 231}
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
	o := planOptions(t, plan)
	sarifPath := filepath.Join(dir, "r.sarif")
	o.Outputs = []Output{{Format: reporters.FormatSARIF, Path: sarifPath}}
	r, err := Evaluate(context.Background(), o)
	if err != nil {
		t.Fatal(err)
	}
	// No finding has lines of its own: the report names no place for any ...
	for _, f := range r.Findings {
		if l := f.Resource.Location; l != nil {
			t.Errorf("%s on %s points at %+v, want no location of its own", f.RuleID, f.Resource.ID, *l)
		}
	}
	// ... and SARIF, which must name one, points at line 1 of the plan and says so.
	places, notes := readSARIFPlaces(t, sarifPath)
	for _, p := range places {
		if !strings.HasSuffix(p.URI, "/plan.json") || p.StartLine != 1 {
			t.Errorf("a SARIF result points at %s:%d, want line 1 of the plan", p.URI, p.StartLine)
		}
	}
	results := len(places)
	noted := slices.ContainsFunc(notes, func(n string) bool { return strings.Contains(n, "have no file of their own") })
	if results == 0 || !noted {
		t.Errorf("%d SARIF results, notification of results without a file: %v", results, noted)
	}
}

// TestPlanWithLiveSnapshot judges the pull-request plan together with the live account:
// the plan's resources point at their .tf blocks, the live ones at their entries in the
// snapshot file, and account-wide facts are no longer out of the plan's reach.
func TestPlanWithLiveSnapshot(t *testing.T) {
	snapPath := filepath.Join(t.TempDir(), "live.json")
	if err := os.WriteFile(snapPath, liveSnapshot(t), 0o644); err != nil {
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

// liveSnapshot is the payments account as a live scan sees it: the ledger instance the
// pull request of case 07 changes, and one it does not manage.
func liveSnapshot(t *testing.T) []byte {
	t.Helper()
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
	return buf.Bytes()
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

// TestPlanDBInstanceID: since aws provider 5.0, aws_db_instance's id is its DbiResourceId,
// never a DBInstanceIdentifier (testdata/plan-db-instance-id, planned by Terraform). The
// alarm whose dimension reads byid's id watches no instance: SW-MA-01 fails on byid with
// nothing alarmed, rather than counting CPUUtilization, while the alarm that reads byname's
// identifier still counts for byname.
func TestPlanDBInstanceID(t *testing.T) {
	r, err := Evaluate(context.Background(), planOptions(t, filepath.Join("testdata", "plan-db-instance-id", "plan.json")))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		store   string
		alarmed []string
	}{
		{"aws_db_instance.byid", nil},
		{"aws_db_instance.byname", []string{"CPUUtilization"}},
	}
	for _, tt := range tests {
		var f *policies.Finding
		for i, g := range r.Findings {
			if g.RuleID == "SW-MA-01" && g.Resource.ID == tt.store {
				f = &r.Findings[i]
			}
		}
		if f == nil {
			t.Errorf("SW-MA-01 did not judge %s", tt.store)
			continue
		}
		var ev struct{ Alarmed []string }
		if err := json.Unmarshal(f.Evidence, &ev); err != nil {
			t.Fatal(err)
		}
		if f.Status != policies.StatusFail || !slices.Equal(ev.Alarmed, tt.alarmed) {
			t.Errorf("SW-MA-01 on %s: %s, alarmed %v (%s), want fail, alarmed %v", tt.store, f.Status, ev.Alarmed, f.Message, tt.alarmed)
		}
	}
	for _, rule := range []string{"SW-MA-02", "SW-MA-04"} {
		if got := statusOf(r, rule, "aws_db_instance.byid"); got == policies.StatusPass {
			t.Errorf("%s on aws_db_instance.byid: pass, want no alarm to be judged", rule)
		}
	}
}
