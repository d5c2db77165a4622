package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/organizations"
	orgtypes "github.com/aws/aws-sdk-go-v2/service/organizations/types"

	"github.com/storewatch/storewatch/internal/awstest"
)

// buildScanner builds the real binary once per test that needs it.
func buildScanner(t *testing.T) string {
	t.Helper()
	if testing.Short() {
		t.Skip("-short: builds the binary")
	}
	bin := filepath.Join(t.TempDir(), "scanner")
	cmd := exec.Command("go", "build", "-o", bin, ".")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// TestSignalStopsAScan starts the real binary on a scan of the emulator whose every call
// (after the identity check) answers after half a minute, sends SIGINT or SIGTERM once the
// scan is under way, and checks that the process stops within a second with exit code 2,
// writes no report, and leaves the snapshot marked partial, whole, and nothing half
// written.
func TestSignalStopsAScan(t *testing.T) {
	bin := buildScanner(t)
	m := awstest.StartMoto(t)
	if err := awstest.Seed(context.Background(), m.URL); err != nil {
		t.Fatal(err)
	}
	p, err := awstest.NewProxy(t, m.URL)
	if err != nil {
		t.Fatal(err)
	}
	isolateAWS(t)
	for _, sig := range []syscall.Signal{syscall.SIGINT, syscall.SIGTERM} {
		t.Run(sig.String(), func(t *testing.T) {
			p.ClearFaults()
			p.ResetCalls()
			p.Inject(awstest.Fault{Operation: "*", Kind: awstest.Latency, Delay: 30 * time.Second, After: 1})
			dir := t.TempDir()
			cmd := exec.Command(bin, "scan", "--region", awstest.RegionA, "--region", awstest.RegionB,
				"--endpoint-url", p.URL, "--fail-on", "none", "-o", "json="+filepath.Join(dir, "report.json"))
			cmd.Dir = dir
			var stderr bytes.Buffer
			cmd.Stderr = &stderr
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			defer func() { _ = cmd.Process.Kill() }()
			// Wait until the scan is under way: a delayed call is in flight.
			deadline := time.Now().Add(30 * time.Second)
			for !slices.ContainsFunc(p.Calls(), func(c awstest.Call) bool { return c.Fault == awstest.Latency }) {
				if time.Now().After(deadline) {
					t.Fatalf("the scan made no call; stderr:\n%s", stderr.String())
				}
				time.Sleep(20 * time.Millisecond)
			}
			time.Sleep(100 * time.Millisecond)
			sent := time.Now()
			if err := cmd.Process.Signal(sig); err != nil {
				t.Fatal(err)
			}
			err := cmd.Wait()
			took := time.Since(sent)
			var exit *exec.ExitError
			if !errors.As(err, &exit) || exit.ExitCode() != exitError {
				t.Errorf("exit = %v, want exit code 2; stderr:\n%s", err, stderr.String())
			}
			if took > time.Second {
				t.Errorf("the scan took %s to stop after %s, want under a second", took, sig)
			}
			t.Logf("%s: stopped in %s", sig, took.Round(time.Millisecond))
			if !strings.Contains(stderr.String(), "interrupted") {
				t.Errorf("stderr does not say the scan was interrupted:\n%s", stderr.String())
			}
			entries, err := os.ReadDir(dir)
			if err != nil {
				t.Fatal(err)
			}
			var names []string
			for _, e := range entries {
				names = append(names, e.Name())
			}
			if !slices.Equal(names, []string{"snapshot.json"}) {
				t.Errorf("the interrupted scan left %v, want only the partial snapshot", names)
			}
			data, err := os.ReadFile(filepath.Join(dir, "snapshot.json"))
			if err != nil {
				t.Fatal(err)
			}
			var snap struct {
				Partial bool `json:"partial"`
			}
			if err := json.Unmarshal(data, &snap); err != nil || !snap.Partial {
				t.Errorf("the snapshot is not a whole snapshot marked partial (%v)", err)
			}
		})
	}
}

// TestReadOnly records every operation the real collector calls through the proxy, for a
// scan of every operation it knows and for an organisation scan entering member accounts,
// and checks each is read-only (List, Describe, Get, and sts:AssumeRole) and one of those
// `scanner iam-policy --list` declares.
func TestReadOnly(t *testing.T) {
	m := awstest.StartMoto(t)
	ctx := context.Background()
	if err := awstest.Seed(ctx, m.URL); err != nil {
		t.Fatal(err)
	}
	org := organizations.NewFromConfig(awstest.Config(m.URL, awstest.RegionA))
	if _, err := org.CreateOrganization(ctx, &organizations.CreateOrganizationInput{FeatureSet: orgtypes.OrganizationFeatureSetAll}); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"workload", "sandbox"} {
		if _, err := org.CreateAccount(ctx, &organizations.CreateAccountInput{AccountName: aws.String(name), Email: aws.String(name + "@example.com")}); err != nil {
			t.Fatal(err)
		}
	}
	p, err := awstest.NewProxy(t, m.URL)
	if err != nil {
		t.Fatal(err)
	}
	isolateAWS(t)
	declared := func(args ...string) []string {
		code, stdout, stderr := runCLI(t, append([]string{"iam-policy", "--list"}, args...)...)
		if code != exitOK {
			t.Fatalf("iam-policy exit %d: %s", code, stderr)
		}
		return strings.Fields(stdout)
	}
	tests := []struct {
		name, scope string
		args        []string
		want        []string // operations the scan must have called
	}{
		{"every operation", "", []string{"--all-operations"}, []string{"s3:GetBucketPolicy", "rds:DescribeDBParameters", "logs:DescribeSubscriptionFilters"}},
		{"organisation", "--org", []string{"--all-operations", "--org"}, []string{"organizations:ListAccounts", "sts:AssumeRole", "dynamodb:ListTables"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			allowed := declared(tt.args...)
			p.ResetCalls()
			dir := t.TempDir()
			args := append([]string{"scan", "--region", awstest.RegionA, "--region", awstest.RegionB, "--endpoint-url", p.URL,
				"--fail-on", "none", "-o", "json=" + filepath.Join(dir, "report.json")}, tt.args...)
			code, _, stderr := runCLI(t, args...)
			if code != exitOK {
				t.Fatalf("scan exit %d: %s", code, stderr)
			}
			calls := p.Operations()
			if len(calls) < 20 {
				t.Fatalf("the proxy recorded %d operations: %v", len(calls), calls)
			}
			for op, n := range calls {
				if !awstest.IsReadOnly(op) {
					t.Errorf("the collector called %s (%d times), which is not read-only", op, n)
				}
				if !slices.Contains(allowed, op) {
					t.Errorf("the collector called %s, which iam-policy --list does not declare", op)
				}
			}
			for _, op := range tt.want {
				if calls[op] == 0 {
					t.Errorf("the scan never called %s: it did not exercise what it should", op)
				}
			}
			t.Logf("%s: %d distinct operations, all read-only", tt.name, len(calls))
		})
	}
}
