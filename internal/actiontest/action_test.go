// Package actiontest checks the GitHub Action and the example workflows.
package actiontest

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

type action struct {
	Name        string `yaml:"name"`
	Description string `yaml:"description"`
	Inputs      map[string]struct {
		Description string `yaml:"description"`
		Required    bool   `yaml:"required"`
		Default     any    `yaml:"default"`
	} `yaml:"inputs"`
	Outputs map[string]struct {
		Description string `yaml:"description"`
		Value       string `yaml:"value"`
	} `yaml:"outputs"`
	Runs struct {
		Using string `yaml:"using"`
		Steps []struct {
			Name  string            `yaml:"name"`
			Uses  string            `yaml:"uses"`
			Run   string            `yaml:"run"`
			Shell string            `yaml:"shell"`
			Env   map[string]string `yaml:"env"`
		} `yaml:"steps"`
	} `yaml:"runs"`
}

var expansion = regexp.MustCompile(`\$\{\{[^}]*\}\}`)

// TestActionMetadata checks what actionlint does not: the composite action's own metadata
// (GitHub's action.yml rules) and that no step script expands an input inline, which
// would let a hostile input inject shell.
func TestActionMetadata(t *testing.T) {
	data, err := os.ReadFile("../../action.yml")
	if err != nil {
		t.Fatal(err)
	}
	var a action
	dec := yaml.NewDecoder(strings.NewReader(string(data)))
	dec.KnownFields(false)
	if err := dec.Decode(&a); err != nil {
		t.Fatal(err)
	}
	if a.Name == "" || a.Description == "" {
		t.Error("action.yml needs a name and a description")
	}
	if a.Runs.Using != "composite" {
		t.Errorf("runs.using = %q, want composite", a.Runs.Using)
	}
	for name, in := range a.Inputs {
		if in.Description == "" {
			t.Errorf("input %s has no description", name)
		}
	}
	for name, out := range a.Outputs {
		if out.Description == "" || out.Value == "" {
			t.Errorf("output %s needs a description and a value", name)
		}
	}
	for i, s := range a.Runs.Steps {
		if s.Run != "" && s.Shell == "" {
			t.Errorf("step %d (%s): a composite run step needs a shell", i, s.Name)
		}
		if s.Run != "" && expansion.MatchString(s.Run) {
			t.Errorf("step %d (%s) expands %q inside its script; pass it through env", i, s.Name, expansion.FindString(s.Run))
		}
		for k, v := range s.Env {
			if m := regexp.MustCompile(`inputs\.([a-z0-9-]+)`).FindStringSubmatch(v); m != nil {
				if _, ok := a.Inputs[m[1]]; !ok {
					t.Errorf("step %d env %s reads undeclared input %s", i, k, m[1])
				}
			}
		}
	}
}

// TestWorkflowsLint runs actionlint on the example workflows and on the self-test that
// calls the action locally (so actionlint also checks the inputs it passes).
func TestWorkflowsLint(t *testing.T) {
	bin, err := exec.LookPath("actionlint")
	if err != nil {
		if gopath, e := exec.Command("go", "env", "GOPATH").Output(); e == nil {
			candidate := filepath.Join(strings.TrimSpace(string(gopath)), "bin", "actionlint")
			if _, statErr := os.Stat(candidate); statErr == nil {
				bin, err = candidate, nil
			}
		}
	}
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("actionlint is not installed (go install github.com/rhysd/actionlint/cmd/actionlint@v1.7.12)")
		}
		t.Skip("actionlint is not installed")
	}
	files, _ := filepath.Glob("../../examples/github/*.yml")
	files = append(files, "../../.github/workflows/action-selftest.yml", "../../.github/workflows/bench.yml")
	cmd := exec.Command(bin, append([]string{"-no-color"}, files...)...)
	cmd.Dir = "."
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Errorf("actionlint: %v\n%s", err, out)
	}
}

// TestActionScanStepRuns runs the action's scan script, in both modes, with the real
// scanner behind it: a flag the CLI does not know (account mode once passed --out, which
// scan never had) only shows when the script is run, not when it is linted.
func TestActionScanStepRuns(t *testing.T) {
	if _, err := exec.LookPath("bash"); err != nil {
		t.Skip("bash is not installed")
	}
	script, env := scanStep(t)
	runner := t.TempDir()
	bin := filepath.Join(runner, "storewatch", "scanner")
	build := exec.Command("go", "build", "-o", bin, "../../cmd/scanner")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	plan, err := filepath.Abs("../../testdata/terraform/08-new-rds-bad/plan.json")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name     string
		inputs   map[string]string
		wantCode string
		wantErr  string
	}{
		{name: "plan", inputs: map[string]string{"SW_MODE": "plan", "SW_PLAN": plan, "STOREWATCH_FAIL_ON": "low",
			"STOREWATCH_SARIF_CATEGORY": "storewatch/infra"}, wantCode: "1"},
		// No AWS here: the scan must get as far as calling the (unreachable) endpoint.
		{name: "account", inputs: map[string]string{"SW_MODE": "account", "SW_REGIONS": "us-east-1,eu-west-1",
			"STOREWATCH_ENDPOINT_URL": "http://127.0.0.1:1", "AWS_ACCESS_KEY_ID": "x", "AWS_SECRET_ACCESS_KEY": "x"},
			wantCode: "2", wantErr: "127.0.0.1:1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			ghOutput := filepath.Join(dir, "github_output")
			cmd := exec.Command("bash", "-c", script)
			cmd.Dir = dir
			cmd.Env = append(os.Environ(), "RUNNER_TEMP="+runner, "GITHUB_OUTPUT="+ghOutput,
				"HOME="+dir, "AWS_CONFIG_FILE=/dev/null", "AWS_SHARED_CREDENTIALS_FILE=/dev/null")
			cmd.Env = append(cmd.Env, env...)
			cmd.Env = append(cmd.Env, "SW_OUT=out", "STOREWATCH_MAX_ATTEMPTS=1")
			for k, v := range tt.inputs {
				cmd.Env = append(cmd.Env, k+"="+v)
			}
			out, err := cmd.CombinedOutput()
			if err != nil {
				t.Fatalf("the step failed: %v\n%s", err, out)
			}
			for _, bad := range []string{"flag provided but not defined", "Incorrect Usage"} {
				if strings.Contains(string(out), bad) {
					t.Fatalf("the scanner rejected the step's arguments:\n%s", out)
				}
			}
			if !strings.Contains(string(out), tt.wantErr) {
				t.Errorf("output lacks %q:\n%s", tt.wantErr, out)
			}
			got, err := os.ReadFile(ghOutput)
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(string(got), "exit-code="+tt.wantCode+"\n") {
				t.Errorf("GITHUB_OUTPUT = %q, want exit-code=%s\n%s", got, tt.wantCode, out)
			}
			if tt.wantCode != "2" {
				data, err := os.ReadFile(filepath.Join(dir, "out", "storewatch.sarif"))
				if err != nil {
					t.Fatalf("no SARIF written: %v", err)
				}
				// The category reaches the file, where upload-sarif cannot override it.
				if want := `"id": "storewatch/infra/terraform-plan/unknown-account/"`; !strings.Contains(string(data), want) {
					t.Errorf("the SARIF lacks %s", want)
				}
			}
		})
	}
}

// TestActionKeepsTheConfiguredGate: the action's config input (or ./storewatch.yaml) may set
// fail_on and fail_on_unknown, and the environment wins over the file. The scan step once
// exported the fail-on and fail-on-unknown inputs at their defaults (high, false) whether
// the workflow gave them or not, so a storewatch.yaml with fail_on: medium or
// fail_on_unknown: true passed the job on the findings it was written to fail on.
func TestActionKeepsTheConfiguredGate(t *testing.T) {
	if _, err := exec.LookPath("bash"); err != nil {
		t.Skip("bash is not installed")
	}
	script, env := scanStep(t)
	runner := t.TempDir()
	build := exec.Command("go", "build", "-o", filepath.Join(runner, "storewatch", "scanner"), "../../cmd/scanner")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	// 08 fails medium and low checks only; 09 fails none, and leaves some undecided.
	bad, err := filepath.Abs("../../testdata/terraform/08-new-rds-bad/plan.json")
	if err != nil {
		t.Fatal(err)
	}
	good, err := filepath.Abs("../../testdata/terraform/09-new-rds-good/plan.json")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name     string
		config   string // ./storewatch.yaml, when not empty
		plan     string
		inputs   map[string]string
		wantCode string
	}{
		{name: "defaults", plan: bad, wantCode: "0"},
		{name: "config fail_on", config: "version: 1\nfail_on: medium\n", plan: bad, wantCode: "1"},
		{name: "config fail_on_unknown", config: "version: 1\nfail_on_unknown: true\n", plan: good, wantCode: "1"},
		{name: "fail-on input", plan: bad, inputs: map[string]string{"STOREWATCH_FAIL_ON": "medium"}, wantCode: "1"},
		{name: "fail-on input over the config", config: "version: 1\nfail_on: medium\n", plan: bad,
			inputs: map[string]string{"STOREWATCH_FAIL_ON": "high"}, wantCode: "0"},
		{name: "fail-on-unknown input over the config", config: "version: 1\nfail_on_unknown: true\n", plan: good,
			inputs: map[string]string{"STOREWATCH_FAIL_ON_UNKNOWN": "false"}, wantCode: "0"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			if tt.config != "" {
				if err := os.WriteFile(filepath.Join(dir, "storewatch.yaml"), []byte(tt.config), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			ghOutput := filepath.Join(dir, "github_output")
			cmd := exec.Command("bash", "-c", script)
			cmd.Dir = dir
			cmd.Env = append(os.Environ(), "RUNNER_TEMP="+runner, "GITHUB_OUTPUT="+ghOutput, "HOME="+dir)
			cmd.Env = append(cmd.Env, env...)
			cmd.Env = append(cmd.Env, "SW_MODE=plan", "SW_PLAN="+tt.plan)
			for k, v := range tt.inputs {
				cmd.Env = append(cmd.Env, k+"="+v)
			}
			out, err := cmd.CombinedOutput()
			if err != nil {
				t.Fatalf("the step failed: %v\n%s", err, out)
			}
			got, err := os.ReadFile(ghOutput)
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(string(got), "exit-code="+tt.wantCode+"\n") {
				t.Errorf("GITHUB_OUTPUT = %q, want exit-code=%s\n%s", got, tt.wantCode, out)
			}
		})
	}
}

// TestActionCategory: upload-sarif fills automationDetails only in runs that have none, and
// storewatch's runs always have one, so the category must reach the scanner: the Category
// step runs before the scan, whose environment passes its value as
// STOREWATCH_SARIF_CATEGORY; its default is one category per Terraform root.
func TestActionCategory(t *testing.T) {
	if _, err := exec.LookPath("bash"); err != nil {
		t.Skip("bash is not installed")
	}
	a := readAction(t)
	category, scan := -1, -1
	for i, s := range a.Runs.Steps {
		switch s.Name {
		case "Category":
			category = i
		case "Run storewatch":
			scan = i
			if got := s.Env["STOREWATCH_SARIF_CATEGORY"]; got != "${{ steps.category.outputs.value }}" {
				t.Errorf("the scan step passes STOREWATCH_SARIF_CATEGORY=%q, want the Category step's value", got)
			}
		}
	}
	if category < 0 || scan < 0 || category > scan {
		t.Fatalf("the Category step (%d) must run before the scan (%d)", category, scan)
	}
	for _, tt := range []struct{ category, mode, plan, tfDir, want string }{
		{"mine/x", "plan", "infra/plan.json", "", "mine/x"},
		{"", "plan", "infra/plan.json", "", "storewatch/infra"},
		{"", "plan", "/tmp/runner/plan.json", "stacks/payments/", "storewatch/stacks/payments"},
		{"", "plan", "./stacks/db/plan.json", "", "storewatch/stacks/db"},
		{"", "plan", "plan.json", "", "storewatch"},
		{"", "account", "", "", "storewatch/account"},
	} {
		dir := t.TempDir()
		out := filepath.Join(dir, "github_output")
		cmd := exec.Command("bash", "-c", a.Runs.Steps[category].Run)
		cmd.Env = append(os.Environ(), "GITHUB_OUTPUT="+out, "SW_CATEGORY="+tt.category, "SW_MODE="+tt.mode,
			"SW_PLAN="+tt.plan, "SW_TF_DIR="+tt.tfDir)
		if b, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("%+v: %v\n%s", tt, err, b)
		}
		got, err := os.ReadFile(out)
		if err != nil {
			t.Fatal(err)
		}
		if string(got) != "value="+tt.want+"\n" {
			t.Errorf("%+v: %q, want value=%s", tt, got, tt.want)
		}
	}
}

func readAction(t *testing.T) action {
	t.Helper()
	data, err := os.ReadFile("../../action.yml")
	if err != nil {
		t.Fatal(err)
	}
	var a action
	if err := yaml.Unmarshal(data, &a); err != nil {
		t.Fatal(err)
	}
	return a
}

var inputRef = regexp.MustCompile(`^\$\{\{\s*inputs\.([a-z0-9-]+)\s*\}\}$`)

// scanStep returns the script of the action's "Run storewatch" step and its environment as
// a workflow that gives no input sees it: each input at its default in action.yml, so the
// tests run what users run rather than defaults copied into the test.
func scanStep(t *testing.T) (string, []string) {
	t.Helper()
	a := readAction(t)
	for _, s := range a.Runs.Steps {
		if s.Name != "Run storewatch" {
			continue
		}
		var env []string
		for k, v := range s.Env {
			if m := inputRef.FindStringSubmatch(v); m != nil {
				in, ok := a.Inputs[m[1]]
				if !ok {
					t.Fatalf("env %s reads undeclared input %s", k, m[1])
				}
				def := ""
				if in.Default != nil {
					def = fmt.Sprint(in.Default)
				}
				env = append(env, k+"="+def)
			} else if !strings.HasPrefix(v, "${{") {
				env = append(env, k+"="+v)
			}
		}
		return s.Run, env
	}
	t.Fatal("action.yml has no step named Run storewatch")
	return "", nil
}
