package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// runCLI runs the CLI in-process and returns its exit code, stdout and stderr.
func runCLI(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	code := execute(context.Background(), append([]string{"scanner"}, args...), &stdout, &stderr)
	return code, stdout.String(), stderr.String()
}

func writeTemp(t *testing.T, name, content string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestExitCodes(t *testing.T) {
	demoDir := t.TempDir()
	if code, _, stderr := runCLI(t, "demo", "--out", demoDir, "-q"); code != exitOK {
		t.Fatalf("demo exit %d: %s", code, stderr)
	}
	snap := filepath.Join(demoDir, "snapshot.json")
	broken := t.TempDir()
	if err := os.WriteFile(filepath.Join(broken, "x.rego"), []byte("package x\ndeny contains"), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name       string
		args       []string
		want       int
		wantStderr string
	}{
		{"gate passes with fail-on none", []string{"evaluate", snap, "--fail-on", "none"}, exitOK, ""},
		{"gate fails on medium findings", []string{"evaluate", snap, "--fail-on", "medium"}, exitGateFail, "gate failed"},
		{"flags after the file count", []string{"evaluate", snap, "--fail-on", "none", "--format", "json"}, exitOK, ""},
		{"unknown flag", []string{"evaluate", "--bogus", snap}, exitError, "flag provided but not defined: -bogus"},
		{"bad severity", []string{"evaluate", snap, "--fail-on", "urgent"}, exitError, `unknown severity "urgent"`},
		{"bad format", []string{"evaluate", snap, "--format", "pdf"}, exitError, `unknown format "pdf"`},
		{"bad output", []string{"evaluate", snap, "-o", "sarif"}, exitError, "want FORMAT=PATH"},
		{"missing file", []string{"evaluate", "/nonexistent/snap.json"}, exitError, "no such file"},
		{"no file", []string{"evaluate"}, exitError, "needs exactly one FILE"},
		{"malformed json", []string{"evaluate", writeTemp(t, "bad.json", `{"schema_version": "1.0",`)}, exitError, "malformed JSON"},
		{"not a snapshot", []string{"evaluate", writeTemp(t, "other.json", `{"hello": 1}`)}, exitError, "neither a storewatch snapshot"},
		{"newer snapshot", []string{"evaluate", writeTemp(t, "new.json", `{"schema_version": "9.0"}`)}, exitError, `schema_version "9.0" is not supported`},
		{"broken rule", []string{"evaluate", snap, "--policy", broken}, exitError, "x.rego:2"},
		{"unknown command", []string{"frobnicate"}, exitError, ""},
		{"unknown rule", []string{"rules", "show", "SW-NOPE-01"}, exitError, `no rule "SW-NOPE-01"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, _, stderr := runCLI(t, tt.args...)
			if code != tt.want {
				t.Errorf("exit code %d, want %d; stderr:\n%s", code, tt.want, stderr)
			}
			if tt.wantStderr != "" && !strings.Contains(stderr, tt.wantStderr) {
				t.Errorf("stderr %q does not mention %q", stderr, tt.wantStderr)
			}
			if strings.Contains(stderr, "goroutine ") || strings.Contains(stderr, "panic:") {
				t.Errorf("stderr shows a stack trace:\n%s", stderr)
			}
			if code == exitError && strings.Count(strings.TrimSpace(stderr), "\n") > 2 {
				t.Errorf("a failure should be one clear message, got:\n%s", stderr)
			}
		})
	}
}

func TestStdoutCarriesOnlyTheOutput(t *testing.T) {
	demoDir := t.TempDir()
	runCLI(t, "demo", "--out", demoDir, "-q")
	code, stdout, _ := runCLI(t, "evaluate", filepath.Join(demoDir, "snapshot.json"), "--format", "json", "--fail-on", "none", "--log-level", "debug")
	if code != exitOK {
		t.Fatalf("exit %d", code)
	}
	if !strings.HasPrefix(stdout, "{") || !strings.HasSuffix(strings.TrimSpace(stdout), "}") {
		t.Errorf("stdout is not just the JSON report: %.200q", stdout)
	}
}

// TestSARIFCategoryFlag: --sarif-category (or STOREWATCH_SARIF_CATEGORY) reaches the runs'
// automationDetails.id, the only category upload-sarif does not override.
func TestSARIFCategoryFlag(t *testing.T) {
	plan := filepath.Join("..", "..", "testdata", "terraform", "08-new-rds-bad", "plan.json")
	ids := func(t *testing.T, args ...string) []string {
		t.Helper()
		out := filepath.Join(t.TempDir(), "out.sarif")
		if code, _, stderr := runCLI(t, append([]string{"evaluate", plan, "--fail-on", "none", "-o", "sarif=" + out}, args...)...); code != exitOK {
			t.Fatalf("exit %d: %s", code, stderr)
		}
		var doc struct {
			Runs []struct {
				AutomationDetails struct{ ID string } `json:"automationDetails"`
			} `json:"runs"`
		}
		data, err := os.ReadFile(out)
		if err != nil {
			t.Fatal(err)
		}
		if err := json.Unmarshal(data, &doc); err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, r := range doc.Runs {
			got = append(got, r.AutomationDetails.ID)
		}
		return got
	}
	if got := ids(t); len(got) != 1 || got[0] != "storewatch/terraform-plan/unknown-account/" {
		t.Errorf("default: %q", got)
	}
	if got := ids(t, "--sarif-category", "storewatch/infra"); len(got) != 1 || got[0] != "storewatch/infra/terraform-plan/unknown-account/" {
		t.Errorf("--sarif-category: %q", got)
	}
	t.Setenv("STOREWATCH_SARIF_CATEGORY", "storewatch/network")
	if got := ids(t); len(got) != 1 || got[0] != "storewatch/network/terraform-plan/unknown-account/" {
		t.Errorf("STOREWATCH_SARIF_CATEGORY: %q", got)
	}
}

// TestOutputToStdout: -o FORMAT=- puts that format on stdout in place of the default
// table, so `scanner evaluate s.json -o sarif=- | upload` gets SARIF and nothing else.
func TestOutputToStdout(t *testing.T) {
	snap := writeTemp(t, "s.json", snapshotWith(`, "s3_buckets": [{"id": "arn:aws:s3:::b", "type": "AWS::S3::Bucket", "name": "b", "account_id": "111122223333", "region": "us-east-1"}]`))
	code, stdout, stderr := runCLI(t, "evaluate", snap, "-o", "sarif=-", "--fail-on", "none")
	if code != exitOK {
		t.Fatalf("exit %d, stderr %s", code, stderr)
	}
	var doc map[string]any
	if err := json.Unmarshal([]byte(stdout), &doc); err != nil || doc["version"] != "2.1.0" {
		t.Errorf("stdout is not one SARIF document (%v):\n%.300s", err, stdout)
	}
}
