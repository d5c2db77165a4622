package main

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
)

// TestListParams passes a list parameter on the command line and in the environment: a
// comma inside the JSON value must not split it into two parameters.
func TestListParams(t *testing.T) {
	demoDir := t.TempDir()
	if code, _, stderr := runCLI(t, "demo", "--out", demoDir, "-q"); code != exitOK {
		t.Fatalf("demo exit %d: %s", code, stderr)
	}
	snap := filepath.Join(demoDir, "snapshot.json")
	tests := []struct {
		name string
		env  string
		args []string
	}{
		{name: "flag", args: []string{"--param", `SW-LX-02.log_types=["postgresql","storewatch-test"]`}},
		{name: "environment, one per line", env: "SW-CWL-02.min_retention_days=30\n" + `SW-LX-02.log_types=["postgresql","storewatch-test"]` + "\n"},
		// The command line replaces the environment, whose bad value would end the run.
		{name: "flag over environment", env: "SW-CWL-02.min_retention_days=abc", args: []string{"--param", `SW-LX-02.log_types=["postgresql","storewatch-test"]`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Setenv("STOREWATCH_PARAM", tt.env)
			args := append([]string{"evaluate", snap, "--format", "json", "--fail-on", "none", "--rule", "SW-LX-02"}, tt.args...)
			code, stdout, stderr := runCLI(t, args...)
			if code != exitOK {
				t.Fatalf("exit %d: %s", code, stderr)
			}
			var r struct {
				Findings []struct {
					Status, Message string
				} `json:"findings"`
			}
			if err := json.Unmarshal([]byte(stdout), &r); err != nil {
				t.Fatal(err)
			}
			asked := 0
			for _, f := range r.Findings {
				if f.Status == "fail" && strings.Contains(f.Message, "storewatch-test") {
					asked++
				}
			}
			if asked == 0 {
				t.Errorf("no SW-LX-02 failure names the second log type of the list: %d findings", len(r.Findings))
			}
		})
	}
}
