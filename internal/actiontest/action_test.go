// Package actiontest checks the GitHub Action and the example workflows.
package actiontest

import (
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
