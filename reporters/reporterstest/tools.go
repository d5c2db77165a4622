// Package reporterstest holds what the tests of the reporters, and of the commands that
// write reports, share: Microsoft's SARIF Multitool and headless Chromium.
package reporterstest

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// RequireTool returns the path of an external test tool, or skips the test when the tool
// is missing — except on CI (CI=true), where a missing tool fails the test: the checks it
// runs are part of what "done" means. -short skips them locally.
func RequireTool(t *testing.T, name, path, install string) string {
	t.Helper()
	if testing.Short() {
		t.Skipf("-short: skipping the %s check", name)
	}
	if _, err := os.Stat(path); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("%s is missing at %s (CI=true, so this fails rather than skips); install it with %s", name, path, install)
		}
		t.Skipf("%s is missing at %s; install it with %s", name, path, install)
	}
	return path
}

// multitoolRel is the Multitool's path from the module root (./scripts/test-deps.sh installs it).
const multitoolRel = "tools/sarif/node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool"

// moduleRoot finds the directory of go.mod above the working directory.
func moduleRoot(t *testing.T) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("no go.mod above the working directory")
		}
		dir = parent
	}
}

// MultitoolResult is one problem the SARIF Multitool found.
type MultitoolResult struct {
	RuleID  string `json:"ruleId"`
	Level   string `json:"level"`
	Message struct {
		Text      string   `json:"text"`
		Arguments []string `json:"arguments"`
	} `json:"message"`
}

// ValidateSARIF runs Microsoft's SARIF Multitool with the SARIF and GitHub rule sets on a
// file and fails the test on any error. It returns the warnings, for the caller to judge.
func ValidateSARIF(t *testing.T, file string) []MultitoolResult {
	t.Helper()
	tool := RequireTool(t, "SARIF Multitool", filepath.Join(moduleRoot(t), multitoolRel), "./scripts/test-deps.sh")
	out := filepath.Join(t.TempDir(), "validation.sarif")
	cmd := exec.Command(tool, "validate", "--rule-kind", "Gh;Sarif", "--max-file-size-in-kb", "1000000", "--output", out, file)
	// The Multitool is a .NET program; it needs no telemetry or first-run work.
	cmd.Env = append(os.Environ(), "DOTNET_CLI_TELEMETRY_OPTOUT=1", "DOTNET_NOLOGO=1")
	log, err := cmd.CombinedOutput()
	data, rerr := os.ReadFile(out)
	if rerr != nil {
		t.Fatalf("SARIF Multitool wrote no result (%v): %v\n%s", err, rerr, log)
	}
	var doc struct {
		Runs []struct {
			Results []MultitoolResult `json:"results"`
		} `json:"runs"`
	}
	if err := json.Unmarshal(data, &doc); err != nil {
		t.Fatalf("read SARIF Multitool result: %v", err)
	}
	var warnings []MultitoolResult
	errors := 0
	for _, run := range doc.Runs {
		for _, r := range run.Results {
			// A result without a level is a warning in SARIF.
			switch r.Level {
			case "error":
				errors++
				t.Errorf("SARIF Multitool: %s %s %s", r.RuleID, r.Message.Text, strings.Join(r.Message.Arguments, " | "))
			case "", "warning":
				warnings = append(warnings, r)
			}
		}
	}
	if err != nil && errors == 0 {
		t.Fatalf("SARIF Multitool failed: %v\n%s", err, log)
	}
	return warnings
}
