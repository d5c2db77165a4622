package config

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/storewatch/storewatch/policies"
)

func TestParse(t *testing.T) {
	good := `version: 1
rules:
  include: ["SW-*"]
  exclude: [SW-LX-16]
  services: [rds, s3]
  min_severity: low
severity_overrides:
  SW-LX-01: high
params:
  SW-CWL-02:
    min_retention_days: 400
waivers: waivers.yaml
baseline: baseline.json
fail_on: medium
fail_on_unknown: true
frameworks: [aws-fsbp]
`
	f, err := Parse("storewatch.yaml", []byte(good))
	if err != nil {
		t.Fatal(err)
	}
	if f.FailOn != "medium" || f.FailOnUnknown == nil || !*f.FailOnUnknown || f.Params["SW-CWL-02"]["min_retention_days"] != 400 {
		t.Errorf("Parse = %+v", f)
	}
	tests := []struct{ name, yaml, want string }{
		{"unknown key", "fail_onn: high\n", `storewatch.yaml:1: /fail_onn: unknown key "fail_onn" (scanner config schema lists the keys)`},
		{"unknown nested key", "rules:\n  includes: [x]\n", `storewatch.yaml:2: /rules/includes: unknown key "includes" (scanner config schema lists the keys)`},
		{"bad fail_on", "fail_on: urgent\n", "storewatch.yaml:1: /fail_on: value must be one of"},
		{"bad min severity", "rules:\n  min_severity: 3\n", "storewatch.yaml:2: /rules/min_severity"},
		{"bad override", "severity_overrides:\n  SW-LX-01: loud\n", `severity_overrides.SW-LX-01: unknown severity "loud"`},
		{"bad glob", "rules:\n  include: ['SW-[']\n", `"SW-[" is not a valid glob`},
		{"bad framework", "frameworks: [pci]\n", `unknown framework "pci"`},
		{"not yaml", "fail_on: [\n", "storewatch.yaml:2: did not find expected node content"},
		{"syntax error past the first lines", "version: 1\nfail_on: high\nrules:\n  include: [SW-*\n", "storewatch.yaml:4: did not find expected ',' or ']'"},
		{"a key twice", "version: 1\nfail_on: high\nfail_on: low\n", `storewatch.yaml:3: mapping key "fail_on" already defined at line 2`},
		{"wrong version", "version: 2\n", "/version"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse("storewatch.yaml", []byte(tt.yaml))
			if err == nil || !errors.Is(err, ErrConfig) || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Parse error = %v, want ErrConfig mentioning %q", err, tt.want)
			}
		})
	}
}

func TestSelection(t *testing.T) {
	r := &policies.Rule{ID: "SW-LX-16", Service: "s3", Severity: policies.SeverityMedium, Frameworks: map[string][]string{"aws-fsbp": {"S3.9"}}}
	tests := []struct {
		name string
		sel  Selection
		want bool
	}{
		{"empty selects all", Selection{}, true},
		{"glob include", Selection{Include: []string{"SW-LX-*"}}, true},
		{"include misses", Selection{Include: []string{"SW-TC-*"}}, false},
		{"exclude wins", Selection{Include: []string{"SW-*"}, Exclude: []string{"SW-LX-16"}}, false},
		{"service", Selection{Services: []string{"rds"}}, false},
		{"framework", Selection{Frameworks: []string{"aws-fsbp"}}, true},
		{"framework misses", Selection{Frameworks: []string{"cis-aws-v3.0"}}, false},
		{"min severity", Selection{MinSeverity: "high"}, false},
	}
	for _, tt := range tests {
		if got := tt.sel.Selects(r); got != tt.want {
			t.Errorf("%s: Selects = %v, want %v", tt.name, got, tt.want)
		}
	}
}

func FuzzParse(f *testing.F) {
	f.Add([]byte("version: 1\nfail_on: high\n"))
	f.Add([]byte("rules: {include: [a]}\nparams: {X: {y: 1}}\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		if _, err := Parse("fuzz.yaml", data); err != nil && !errors.Is(err, ErrConfig) {
			t.Fatalf("error does not wrap ErrConfig: %v", err)
		}
	})
}

func TestRuleParams(t *testing.T) {
	f := &File{Params: map[string]map[string]any{"SW-CWL-02": {"min_retention_days": 400}}}
	got := f.RuleParams()
	want := map[string]any{"SW-CWL-02": map[string]any{"min_retention_days": 400}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("RuleParams() (-want +got):\n%s", diff)
	}
	// Flags add to the result; the file's own maps stay as they were.
	got["SW-CWL-02"].(map[string]any)["log_group_prefixes"] = []any{"/aws/rds/"}
	if len(f.Params["SW-CWL-02"]) != 1 {
		t.Errorf("RuleParams shares its maps with the file: %v", f.Params)
	}
}

// TestLoadResolvesPaths: the paths storewatch.yaml holds are relative to its own
// directory, not to the working directory; absolute paths and - (stdout) stay as they are.
func TestLoadResolvesPaths(t *testing.T) {
	dir := t.TempDir()
	conf := filepath.Join(dir, "infra", "storewatch.yaml")
	if err := os.MkdirAll(filepath.Dir(conf), 0o755); err != nil {
		t.Fatal(err)
	}
	abs := filepath.Join(dir, "abs")
	yaml := `version: 1
waivers: .storewatch/waivers.yaml
baseline: ../baseline.json
policy: [rules, ` + abs + `]
outputs: [sarif=out/r.sarif, json=-, html=` + abs + `/r.html]
`
	if err := os.WriteFile(conf, []byte(yaml), 0o644); err != nil {
		t.Fatal(err)
	}
	infra := filepath.Join(dir, "infra")
	tests := []struct {
		name string
		file string // as given: absolute, or relative to the working directory
		wd   string
		base string // what relative paths are joined to
	}{
		{"absolute configuration path", conf, t.TempDir(), infra},
		{"configuration path relative to another directory", "../infra/storewatch.yaml", filepath.Join(dir, "app"), "../infra"},
		{"configuration in the working directory", "storewatch.yaml", infra, "."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := os.MkdirAll(tt.wd, 0o755); err != nil {
				t.Fatal(err)
			}
			t.Chdir(tt.wd)
			f, err := Load(tt.file, true)
			if err != nil {
				t.Fatal(err)
			}
			got := &File{Waivers: f.Waivers, Baseline: f.Baseline, Policy: f.Policy, Outputs: f.Outputs}
			want := &File{
				Waivers:  filepath.Join(tt.base, ".storewatch/waivers.yaml"),
				Baseline: filepath.Join(tt.base, "../baseline.json"),
				Policy:   []string{filepath.Join(tt.base, "rules"), abs},
				Outputs:  []string{"sarif=" + filepath.Join(tt.base, "out/r.sarif"), "json=-", "html=" + abs + "/r.html"},
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("Load paths (-want +got):\n%s", diff)
			}
		})
	}
}
