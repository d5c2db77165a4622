package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// demoSnapshot writes the demo account's snapshot and returns its path.
func demoSnapshot(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	if code, _, stderr := runCLI(t, "demo", "--out", dir, "-q"); code != exitOK {
		t.Fatalf("demo: exit %d: %s", code, stderr)
	}
	return filepath.Join(dir, "snapshot.json")
}

// modify rewrites a snapshot through fn (on its decoded JSON) into a new file.
func modify(t *testing.T, src string, fn func(map[string]any)) string {
	t.Helper()
	data, err := os.ReadFile(src)
	if err != nil {
		t.Fatal(err)
	}
	var doc map[string]any
	if err := json.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	fn(doc)
	out, err := json.MarshalIndent(doc, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	return writeTemp(t, "modified.json", string(out))
}

func items(doc map[string]any, coll string) []any { return doc[coll].([]any) }

func byName(doc map[string]any, coll, name string) map[string]any {
	for _, x := range items(doc, coll) {
		if m := x.(map[string]any); m["name"] == name {
			return m
		}
	}
	panic("no " + name)
}

func TestWaiverHidesItsFindingUntilItExpires(t *testing.T) {
	snap := demoSnapshot(t)
	waivers := writeTemp(t, "waivers.yaml", `waivers:
  - rule: SW-LX-01
    resource: "arn:aws:rds:eu-west-1:123456789012:db:analytics-mariadb"
    reason: analytics databases are rebuilt nightly from the lake
    owner: data-platform@example.com
    expires: 2026-12-31
`)
	count := func(now string) (int, map[string]string) {
		code, stdout, stderr := runCLI(t, "evaluate", snap, "--waivers", waivers, "--now", now, "--format", "json", "--fail-on", "none")
		if code != exitOK {
			t.Fatalf("exit %d: %s", code, stderr)
		}
		var r struct {
			Findings []struct {
				RuleID   string `json:"rule_id"`
				Status   string `json:"status"`
				Resource struct{ Name string }
			}
			Waivers []struct{ State string }
		}
		if err := json.Unmarshal([]byte(stdout), &r); err != nil {
			t.Fatal(err)
		}
		waived := 0
		statuses := map[string]string{}
		for _, f := range r.Findings {
			if f.RuleID == "SW-LX-01" {
				statuses[f.Resource.Name] = f.Status
			}
			if f.Status == "waived" {
				waived++
			}
		}
		return waived, statuses
	}
	waived, st := count("2026-12-31T23:00:00Z")
	if waived != 1 || st["analytics-mariadb"] != "waived" || st["analytics-pg"] != "fail" {
		t.Errorf("before expiry: %d waived, statuses %v; want only analytics-mariadb waived", waived, st)
	}
	waived, st = count("2027-01-01T00:00:00Z")
	if waived != 0 || st["analytics-mariadb"] != "fail" {
		t.Errorf("after expiry: %d waived, analytics-mariadb %s; want the finding back", waived, st["analytics-mariadb"])
	}
	bad := writeTemp(t, "bad.yaml", "waivers:\n  - {rule: SW-LX-01, resource: x, reason: r, owner: o, expires: soon}\n")
	if code, _, stderr := runCLI(t, "evaluate", snap, "--waivers", bad); code != exitError || !strings.Contains(stderr, `expires "soon" is not a date`) {
		t.Errorf("a malformed waiver date: exit %d, %s; want exit 2 naming the date", code, stderr)
	}
}

func TestBaselineGate(t *testing.T) {
	snap := demoSnapshot(t)
	base := filepath.Join(t.TempDir(), "baseline.json")
	if code, _, stderr := runCLI(t, "baseline", "create", snap, "-o", base); code != exitOK {
		t.Fatalf("baseline create: exit %d: %s", code, stderr)
	}
	if code, _, stderr := runCLI(t, "evaluate", snap, "--baseline", base, "--fail-on", "new", "-q"); code != exitOK {
		t.Errorf("an unchanged scan fails the baseline gate: exit %d: %s", code, stderr)
	}
	worse := modify(t, snap, func(doc map[string]any) {
		byName(doc, "db_instances", "orders-db")["enabled_log_exports"] = []any{"error"}
	})
	code, _, stderr := runCLI(t, "evaluate", worse, "--baseline", base, "--fail-on", "new", "-q")
	if code != exitGateFail || !strings.Contains(stderr, "that the baseline does not know") {
		t.Errorf("a new failing store: exit %d, %s; want the gate to fail", code, stderr)
	}
	if code, _, stderr := runCLI(t, "evaluate", snap, "--fail-on", "new"); code != exitError || !strings.Contains(stderr, "needs --baseline") {
		t.Errorf("--fail-on new without a baseline: exit %d, %s", code, stderr)
	}
}

func TestDiffListsExactlyTheChanges(t *testing.T) {
	snap := demoSnapshot(t)
	changed := modify(t, snap, func(doc map[string]any) {
		byName(doc, "db_instances", "payments-db")["enabled_log_exports"] = []any{"postgresql"}
		tables := items(doc, "dynamodb_tables")
		kept := tables[:0]
		for _, x := range tables {
			if x.(map[string]any)["name"] != "carts" {
				kept = append(kept, x)
			}
		}
		doc["dynamodb_tables"] = kept
	})
	code, stdout, stderr := runCLI(t, "diff", snap, changed, "--format", "json")
	if code != exitOK {
		t.Fatalf("diff: exit %d: %s", code, stderr)
	}
	var d struct {
		Stores struct {
			Added   []any
			Removed []struct{ Name string }
			Changed []struct {
				Store   struct{ Name string }
				Changes []string
			}
		}
		NewFindings []struct {
			RuleID string `json:"rule_id"`
			Name   string
		} `json:"new_findings"`
	}
	if err := json.Unmarshal([]byte(stdout), &d); err != nil {
		t.Fatal(err)
	}
	if len(d.Stores.Added) != 0 || len(d.Stores.Removed) != 1 || d.Stores.Removed[0].Name != "carts" {
		t.Errorf("stores added %v, removed %v; want only carts removed", d.Stores.Added, d.Stores.Removed)
	}
	if len(d.Stores.Changed) != 1 || d.Stores.Changed[0].Store.Name != "payments-db" ||
		!strings.Contains(strings.Join(d.Stores.Changed[0].Changes, "\n"), "enabled_log_exports: upgrade removed") {
		t.Errorf("changed stores %+v; want payments-db's upgrade export removed", d.Stores.Changed)
	}
	found := false
	for _, f := range d.NewFindings {
		if f.RuleID == "SW-LX-01" && f.Name == "payments-db" {
			found = true
		}
	}
	if !found {
		t.Errorf("new findings %+v lack SW-LX-01 on payments-db", d.NewFindings)
	}
}

// TestCommandsThatDoNotGateIgnoreTheConfiguredBaseline: storewatch.yaml names the baseline
// and fail_on: new, as the README's example does, before the baseline exists. baseline
// create is what writes that file, and diff and iam-policy never gate, so none of them may
// refuse to run because the file is missing (or was made by another version).
func TestCommandsThatDoNotGateIgnoreTheConfiguredBaseline(t *testing.T) {
	snap := demoSnapshot(t)
	dir := t.TempDir()
	base := filepath.Join(dir, "baseline.json")
	cfg := filepath.Join(dir, "storewatch.yaml")
	if err := os.WriteFile(cfg, []byte("version: 1\nbaseline: "+base+"\nfail_on: new\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		args []string
	}{
		{"diff", []string{"diff", snap, snap, "--config", cfg}},
		{"iam-policy", []string{"iam-policy", "--config", cfg}},
		{"baseline create", []string{"baseline", "create", snap, "--config", cfg, "-o", base}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if code, _, stderr := runCLI(t, tt.args...); code != exitOK {
				t.Errorf("exit %d: %s", code, stderr)
			}
		})
	}
	// The baseline create above wrote the file the configuration names: the gate uses it.
	if code, _, stderr := runCLI(t, "evaluate", snap, "--config", cfg, "-q"); code != exitOK {
		t.Errorf("evaluate with the new baseline: exit %d: %s", code, stderr)
	}
	// A baseline of another format version is recreated with baseline create, as the error
	// about it says.
	if err := os.WriteFile(base, []byte(`{"schema_version":"0.9","findings":[]}`), 0o644); err != nil {
		t.Fatal(err)
	}
	if code, _, stderr := runCLI(t, "evaluate", snap, "--config", cfg, "-q"); code != exitError || !strings.Contains(stderr, "recreate it with scanner baseline create") {
		t.Errorf("evaluate with an old baseline: exit %d, %s; want exit 2 saying to recreate it", code, stderr)
	}
	if code, _, stderr := runCLI(t, "baseline", "create", snap, "--config", cfg, "-o", base); code != exitOK {
		t.Errorf("baseline create over an old baseline: exit %d: %s", code, stderr)
	}
}

// TestEmptyGateVariableLeavesTheConfiguration: an environment variable that is set but empty
// (a workflow's `STOREWATCH_FAIL_ON: ${{ vars.FAIL_ON }}` with the variable undefined) gives
// no value, so storewatch.yaml decides. It used to count as given: fail-on became high and
// fail-on-unknown false over the file, and the gate passed what the file fails.
func TestEmptyGateVariableLeavesTheConfiguration(t *testing.T) {
	snap := demoSnapshot(t)
	dir := t.TempDir()
	cfg := filepath.Join(dir, "storewatch.yaml")
	if err := os.WriteFile(cfg, []byte("version: 1\nfail_on: medium\nfail_on_unknown: true\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	// In the demo, SW-CWL-02 fails at medium only and SW-MA-02 is undecided only.
	tests := []struct {
		name string
		env  map[string]string
		args []string
		want int
	}{
		{"empty fail-on", map[string]string{"STOREWATCH_FAIL_ON": ""}, []string{"--rule", "SW-CWL-02"}, exitGateFail},
		{"empty fail-on-unknown", map[string]string{"STOREWATCH_FAIL_ON_UNKNOWN": ""}, []string{"--rule", "SW-MA-02"}, exitGateFail},
		{"fail-on variable", map[string]string{"STOREWATCH_FAIL_ON": "high"}, []string{"--rule", "SW-CWL-02"}, exitOK},
		{"fail-on-unknown variable", map[string]string{"STOREWATCH_FAIL_ON_UNKNOWN": "false"}, []string{"--rule", "SW-MA-02"}, exitOK},
		{"fail-on flag", map[string]string{"STOREWATCH_FAIL_ON": ""}, []string{"--rule", "SW-CWL-02", "--fail-on", "high"}, exitOK},
		{"fail-on-unknown flag", nil, []string{"--rule", "SW-MA-02", "--fail-on-unknown=false"}, exitOK},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for k, v := range tt.env {
				t.Setenv(k, v)
			}
			args := append([]string{"evaluate", snap, "--config", cfg, "-q"}, tt.args...)
			if code, _, stderr := runCLI(t, args...); code != tt.want {
				t.Errorf("exit %d, want %d: %s", code, tt.want, stderr)
			}
		})
	}
}
