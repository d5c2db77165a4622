package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestConfigPathsRelativeToTheFile runs from another directory than the configuration's:
// the waivers, baseline, rules and outputs it names are found beside it, while a path given
// as a flag is still taken from the working directory.
func TestConfigPathsRelativeToTheFile(t *testing.T) {
	dir := t.TempDir()
	files := map[string]string{
		"s.json": withBucket,
		"infra/storewatch.yaml": `version: 1
waivers: waivers.yaml
baseline: .storewatch-baseline.json
policy: [rules]
outputs: [json=report.json]
fail_on: none
`,
		"infra/waivers.yaml":              "waivers:\n  - {rule: ACME-CP-1, resource: 'arn:aws:s3:::b', reason: r, owner: o, expires: 2099-01-01}\n",
		"infra/.storewatch-baseline.json": `{"schema_version": "1.0", "findings": []}`,
		"infra/rules/cp.rego":             userRule("cp", "deny contains {\"id\": b.id, \"msg\": \"m\"} if {\n\tsome b in input.s3_buckets\n}\n"),
		"app/local-waivers.yaml":          "waivers: []\n",
	}
	for name, content := range files {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	t.Chdir(filepath.Join(dir, "app"))

	code, _, stderr := runCLI(t, "evaluate", "../s.json", "--config", "../infra/storewatch.yaml", "--rule", "ACME-*", "--format", "json")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	report, err := os.ReadFile(filepath.Join(dir, "infra", "report.json"))
	if err != nil {
		t.Fatalf("the configured output was not written beside the configuration: %v", err)
	}
	// The rule came from infra/rules, the waiver from infra/waivers.yaml.
	if !strings.Contains(string(report), `"ACME-CP-1"`) || !strings.Contains(string(report), `"waived"`) {
		t.Errorf("report.json holds no waived ACME-CP-1 finding:\n%.2000s", report)
	}
	if _, err := os.Stat(filepath.Join(dir, "app", "report.json")); err == nil {
		t.Error("report.json was also written in the working directory")
	}

	// A flag's path is the working directory's: local-waivers.yaml is in app/, not infra/.
	code, _, stderr = runCLI(t, "evaluate", "../s.json", "--config", "../infra/storewatch.yaml", "--rule", "ACME-*", "--waivers", "local-waivers.yaml", "-q")
	if code != exitOK {
		t.Fatalf("with --waivers from the working directory: exit %d: %s", code, stderr)
	}
}
