package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/storewatch/storewatch/internal/awstest"
)

// isolateAWS keeps the user's AWS configuration and credentials out of a test.
func isolateAWS(t *testing.T) {
	dir := t.TempDir()
	for k, v := range map[string]string{
		"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing", "AWS_SESSION_TOKEN": "",
		"AWS_REGION": awstest.RegionA, "AWS_PROFILE": "", "AWS_ENDPOINT_URL": "",
		"AWS_CONFIG_FILE": filepath.Join(dir, "config"), "AWS_SHARED_CREDENTIALS_FILE": filepath.Join(dir, "credentials"),
		"AWS_EC2_METADATA_DISABLED": "true",
	} {
		t.Setenv(k, v)
	}
}

// TestScanMatchesEvaluate is the definition of done: `scanner scan` against the
// seeded emulator produces the same findings as `scanner evaluate` on the snapshot it
// wrote.
func TestScanMatchesEvaluate(t *testing.T) {
	m := awstest.StartMoto(t)
	if err := awstest.Seed(context.Background(), m.URL); err != nil {
		t.Fatal(err)
	}
	p, err := awstest.NewProxy(t, m.URL)
	if err != nil {
		t.Fatal(err)
	}
	isolateAWS(t)
	dir := t.TempDir()
	var stdout, stderr bytes.Buffer
	code := execute(context.Background(), []string{"scanner", "scan",
		"--region", awstest.RegionA, "--region", awstest.RegionB, "--endpoint-url", p.URL,
		"--format", "json", "-o", "json=" + filepath.Join(dir, "scan.json"), "--fail-on", "none", "--all-operations",
	}, &stdout, &stderr)
	if code != exitOK {
		t.Fatalf("scan exit code = %d, stderr:\n%s", code, stderr.String())
	}
	for _, want := range []string{"API calls", "total", "could not be collected"} {
		if !strings.Contains(stderr.String(), want) {
			t.Errorf("scan stderr lacks %q:\n%s", want, stderr.String())
		}
	}
	snapshot := filepath.Join(dir, "snapshot.json")
	if _, err := os.Stat(snapshot); err != nil {
		t.Fatalf("scan did not write the snapshot beside the report: %v", err)
	}
	var evalOut, evalErr bytes.Buffer
	code = execute(context.Background(), []string{"scanner", "evaluate", snapshot, "--format", "json", "--fail-on", "none"}, &evalOut, &evalErr)
	if code != exitOK {
		t.Fatalf("evaluate exit code = %d, stderr:\n%s", code, evalErr.String())
	}
	scanned, evaluated := findings(t, stdout.Bytes()), findings(t, evalOut.Bytes())
	if len(scanned) == 0 {
		t.Fatal("scan produced no findings")
	}
	if diff := cmp.Diff(evaluated, scanned); diff != "" {
		t.Errorf("scan findings differ from evaluate on its snapshot (-evaluate +scan):\n%s", diff)
	}
}

func findings(t *testing.T, report []byte) []any {
	t.Helper()
	var r struct {
		Findings []any `json:"findings"`
	}
	if err := json.Unmarshal(report, &r); err != nil {
		t.Fatalf("decode report: %v\n%s", err, report)
	}
	return r.Findings
}

// TestSDKLogsGoThroughSlog: what the AWS SDK logs (here its fallback to IMDSv1 while it
// looks for credentials) reaches stderr through the run's logger, in its format, not as
// the SDK's own "SDK 2006/01/02 WARN ..." lines written straight to the process's stderr.
func TestSDKLogsGoThroughSlog(t *testing.T) {
	isolateAWS(t)
	imds := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		http.Error(w, "forbidden", http.StatusForbidden)
	}))
	defer imds.Close()
	t.Setenv("AWS_ACCESS_KEY_ID", "")
	t.Setenv("AWS_SECRET_ACCESS_KEY", "")
	t.Setenv("AWS_EC2_METADATA_DISABLED", "")
	t.Setenv("AWS_EC2_METADATA_SERVICE_ENDPOINT", imds.URL)
	dir := t.TempDir()
	code, stdout, stderr := runCLI(t, "collect", "--region", "us-east-1", "--log-format", "json", "-o", filepath.Join(dir, "s.json"))
	if code != exitError || stdout != "" {
		t.Fatalf("exit %d, stdout %q, want 2 and nothing", code, stdout)
	}
	var found bool
	for line := range strings.Lines(stderr) {
		if strings.HasPrefix(line, "storewatch: ") {
			continue
		}
		var rec map[string]any
		if err := json.Unmarshal([]byte(line), &rec); err != nil {
			t.Errorf("a stderr line is not a JSON log record: %q", line)
			continue
		}
		if rec["level"] == "WARN" && rec["source"] == "aws-sdk" && strings.Contains(fmt.Sprint(rec["msg"]), "falling back to IMDSv1") {
			found = true
		}
	}
	if !found {
		t.Errorf("the SDK's IMDS warning is not a JSON record on stderr:\n%s", stderr)
	}
}

// TestMissingCredentialsSayWhatToDo: a first scan without credentials, or with a profile
// the shared config does not have, ends in one line that says how to give them, not in
// the SDK's retelling of its whole credentials chain.
func TestMissingCredentialsSayWhatToDo(t *testing.T) {
	isolateAWS(t)
	t.Setenv("AWS_ACCESS_KEY_ID", "")
	t.Setenv("AWS_SECRET_ACCESS_KEY", "")
	dir := t.TempDir()
	for _, tt := range []struct {
		name string
		args []string
		want []string
	}{
		{"no credentials", []string{"collect", "--region", "us-east-1", "-o", filepath.Join(dir, "s.json")},
			[]string{"storewatch: no usable AWS credentials: none found in the environment, the shared config and credentials files (~/.aws) or an instance role (give them with --profile or AWS_PROFILE, aws sso login, or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY; see docs/aws.md)\n"}},
		{"unknown profile", []string{"scan", "--profile", "audit", "-o", "json=" + filepath.Join(dir, "r.json")},
			[]string{"storewatch: usage error: --profile audit: no such profile in the AWS shared config files (aws configure list-profiles lists them)\n"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			code, stdout, stderr := runCLI(t, tt.args...)
			if code != exitError || stdout != "" {
				t.Fatalf("exit %d, stdout %q, want 2 and nothing", code, stdout)
			}
			last := stderr[strings.LastIndex(strings.TrimSuffix(stderr, "\n"), "\n")+1:]
			if strings.Count(last, "storewatch:") != 1 {
				t.Fatalf("stderr does not end in one storewatch: line:\n%s", stderr)
			}
			for _, w := range tt.want {
				if !strings.Contains(last, w) {
					t.Errorf("stderr lacks %q:\n%s", w, last)
				}
			}
		})
	}
}
