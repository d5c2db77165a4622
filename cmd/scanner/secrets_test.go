package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/storewatch/storewatch/internal/awstest"
	"github.com/storewatch/storewatch/reporters"
)

// Credentials the emulator tests configure: distinctive, so that finding one in an
// output cannot be a coincidence.
const (
	testAccessKey    = "AKIASTOREWATCHLEAK01"
	testSecretKey    = "storewatchSecretKeyThatMustNeverLeak0001"
	testSessionToken = "storewatch-session-token-that-must-never-leak-FwoGZXIvYXdzEJr"
)

// secretPatterns are what no snapshot, report or log line may contain: credentials of any
// shape, and the secrets of SNS subscriptions (an address, a URL's path and query).
var secretPatterns = []struct {
	name string
	re   *regexp.Regexp
}{
	{"AWS access key id", regexp.MustCompile(`\b(AKIA|ASIA|AROA|AIDA)[A-Z0-9]{16}\b`)},
	{"labelled secret access key", regexp.MustCompile(`(?i)(secret_?access_?key|aws_secret)["'\s:=]+[A-Za-z0-9/+=]{30,}`)},
	{"session token label", regexp.MustCompile(`(?i)aws_session_token|x-amz-security-token|"SessionToken"`)},
	{"private key", regexp.MustCompile(`-----BEGIN [A-Z ]*PRIVATE KEY-----`)},
	{"email address", regexp.MustCompile(`[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}`)},
	{"subscription URL path", regexp.MustCompile(`https?://[A-Za-z0-9.-]+(:[0-9]+)?/[^\s"'<>]*(services|hooks|token|secret)`)},
}

// literalSecrets are the exact values the tests configured or the inputs hold.
func literalSecrets(extra ...string) []string {
	return append([]string{testAccessKey, testSecretKey, testSessionToken,
		"secret-token", "oncall@example.com", awstest.PendingEndpoint, "hooks.example.com/services"}, extra...)
}

// scanForSecrets fails the test for every secret found in the text.
func scanForSecrets(t *testing.T, what, text string, literals []string) {
	t.Helper()
	for _, p := range secretPatterns {
		if loc := p.re.FindStringIndex(text); loc != nil {
			t.Errorf("%s contains a %s: %q", what, p.name, text[max(0, loc[0]-60):min(len(text), loc[1]+20)])
		}
	}
	for _, s := range literals {
		if i := strings.Index(text, s); i >= 0 {
			t.Errorf("%s contains the secret %q: %q", what, s, text[max(0, i-60):min(len(text), i+len(s)+20)])
		}
	}
}

// scanDir scans every file under dir.
func scanDir(t *testing.T, dir string, literals []string) int {
	t.Helper()
	n := 0
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		n++
		scanForSecrets(t, p, string(data), literals)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// everyOutput asks for every report format in dir.
func everyOutput(dir string) []string {
	var args []string
	for _, f := range reporters.Formats() {
		args = append(args, "-o", f+"="+filepath.Join(dir, "report."+f))
	}
	return args
}

// sensitiveValues collects the values a Terraform plan marks sensitive (after_sensitive,
// before_sensitive): the passwords Terraform wrote into the plan.
func sensitiveValues(t *testing.T, plan []byte) []string {
	t.Helper()
	var p struct {
		ResourceChanges []struct {
			Change struct {
				Before          any `json:"before"`
				After           any `json:"after"`
				BeforeSensitive any `json:"before_sensitive"`
				AfterSensitive  any `json:"after_sensitive"`
			} `json:"change"`
		} `json:"resource_changes"`
	}
	if err := json.Unmarshal(plan, &p); err != nil {
		t.Fatal(err)
	}
	var out []string
	var walk func(v, sensitive any)
	walk = func(v, sensitive any) {
		switch s := sensitive.(type) {
		case bool:
			if s {
				collectStrings(v, &out)
			}
		case map[string]any:
			m, _ := v.(map[string]any)
			for k, sv := range s {
				walk(m[k], sv)
			}
		case []any:
			l, _ := v.([]any)
			for i, sv := range s {
				if i < len(l) {
					walk(l[i], sv)
				}
			}
		}
	}
	for _, rc := range p.ResourceChanges {
		walk(rc.Change.After, rc.Change.AfterSensitive)
		walk(rc.Change.Before, rc.Change.BeforeSensitive)
	}
	return out
}

func collectStrings(v any, out *[]string) {
	switch x := v.(type) {
	case string:
		// Short values ("", "x") would match anywhere; the plans' secrets are passwords.
		if len(x) >= 8 {
			*out = append(*out, x)
		}
	case map[string]any:
		for _, e := range x {
			collectStrings(e, out)
		}
	case []any:
		for _, e := range x {
			collectStrings(e, out)
		}
	}
}

// TestNoSecretsInOutputs runs the demo, every Terraform plan of the test data and the
// emulator account end to end with every output, and scans every file written and every
// line logged for credentials, the plans' sensitive values and SNS subscription secrets.
// It first proves that the scan finds them: a snapshot collected with --no-redact holds
// the subscription addresses.
func TestNoSecretsInOutputs(t *testing.T) {
	t.Run("demo", func(t *testing.T) {
		dir := t.TempDir()
		code, stdout, stderr := runCLI(t, "demo", "--out", dir, "--log-level", "debug")
		if code != exitOK {
			t.Fatalf("demo exit %d: %s", code, stderr)
		}
		if err := os.MkdirAll(filepath.Join(dir, "all"), 0o755); err != nil {
			t.Fatal(err)
		}
		code, stdout2, stderr2 := runCLI(t, append([]string{"evaluate", filepath.Join(dir, "snapshot.json"), "--fail-on", "none", "--log-level", "debug"}, everyOutput(filepath.Join(dir, "all"))...)...)
		if code != exitOK {
			t.Fatalf("evaluate exit %d: %s", code, stderr2)
		}
		if n := scanDir(t, dir, literalSecrets()); n < 10 {
			t.Errorf("scanned %d files, want the demo's and every format's", n)
		}
		scanForSecrets(t, "demo output", stdout+stderr+stdout2+stderr2, literalSecrets())
	})

	t.Run("terraform plans", func(t *testing.T) {
		plans, err := filepath.Glob(filepath.Join("..", "..", "testdata", "terraform", "*", "plan*.json"))
		if err != nil {
			t.Fatal(err)
		}
		plans = slices.DeleteFunc(plans, func(p string) bool { return strings.Contains(p, "golden") })
		if len(plans) < 9 {
			t.Fatalf("found %d plans in testdata/terraform", len(plans))
		}
		var secrets []string
		for _, p := range plans {
			data, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			secrets = append(secrets, sensitiveValues(t, data)...)
		}
		if !slices.Contains(secrets, "not-a-real-password-123") {
			t.Fatalf("the plans' sensitive values %q lack not-a-real-password-123: the walk over *_sensitive is broken", secrets)
		}
		literals := literalSecrets(secrets...)
		for _, p := range plans {
			t.Run(filepath.Base(filepath.Dir(p))+"/"+filepath.Base(p), func(t *testing.T) {
				dir := t.TempDir()
				args := append([]string{"evaluate", p, "--tf-dir", filepath.Dir(p), "--fail-on", "none", "--log-level", "debug"}, everyOutput(dir)...)
				code, stdout, stderr := runCLI(t, args...)
				if code != exitOK {
					t.Fatalf("evaluate exit %d: %s", code, stderr)
				}
				code, _, stderr2 := runCLI(t, "baseline", "create", p, "-o", filepath.Join(dir, "baseline.json"))
				if code != exitOK {
					t.Fatalf("baseline create exit %d: %s", code, stderr2)
				}
				scanDir(t, dir, literals)
				scanForSecrets(t, "evaluate output", stdout+stderr+stderr2, literals)
			})
		}
		// The snapshots storewatch makes of the plans, kept as goldens.
		goldens, _ := filepath.Glob(filepath.Join("..", "..", "testdata", "terraform", "*", "*.golden.json"))
		for _, g := range goldens {
			data, err := os.ReadFile(g)
			if err != nil {
				t.Fatal(err)
			}
			scanForSecrets(t, g, string(data), literals)
		}
	})

	t.Run("emulator", func(t *testing.T) {
		m := awstest.StartMoto(t)
		if err := awstest.Seed(context.Background(), m.URL); err != nil {
			t.Fatal(err)
		}
		p, err := awstest.NewProxy(t, m.URL)
		if err != nil {
			t.Fatal(err)
		}
		p.MarkPending(awstest.PendingEndpoint)
		isolateAWS(t)
		t.Setenv("AWS_ACCESS_KEY_ID", testAccessKey)
		t.Setenv("AWS_SECRET_ACCESS_KEY", testSecretKey)
		t.Setenv("AWS_SESSION_TOKEN", testSessionToken)
		common := []string{"--region", awstest.RegionA, "--region", awstest.RegionB, "--endpoint-url", p.URL, "--log-level", "debug"}

		// The scan must be able to see a secret: unredacted, the subscriptions are there.
		raw := filepath.Join(t.TempDir(), "raw.json")
		code, _, stderr := runCLI(t, append([]string{"collect", "--no-redact", "--all-operations", "-o", raw}, common...)...)
		if code != exitOK {
			t.Fatalf("collect --no-redact exit %d: %s", code, stderr)
		}
		data, err := os.ReadFile(raw)
		if err != nil {
			t.Fatal(err)
		}
		for _, want := range []string{"oncall@example.com", "https://hooks.example.com/services/T000/B000/secret-token"} {
			if !bytes.Contains(data, []byte(want)) {
				t.Errorf("--no-redact snapshot lacks %q", want)
			}
		}
		if found := findsSecret(string(data), literalSecrets()); !found {
			t.Error("the secret scan finds nothing in an unredacted snapshot: it cannot fail")
		}

		for _, tt := range []struct {
			name string
			args []string
		}{
			{"scan", []string{"scan", "--all-operations", "--fail-on", "none"}},
			{"scan through a role", []string{"scan", "--role-arn", "arn:aws:iam::" + awstest.Account + ":role/storewatch-audit", "--external-id", "ext-123", "--fail-on", "none"}},
		} {
			t.Run(tt.name, func(t *testing.T) {
				dir := t.TempDir()
				args := append(append(append([]string{}, tt.args...), common...), everyOutput(dir)...)
				code, stdout, stderr := runCLI(t, args...)
				if code != exitOK {
					t.Fatalf("%s exit %d: %s", tt.name, code, stderr)
				}
				code, _, stderr2 := runCLI(t, append([]string{"collect", "-o", filepath.Join(dir, "collected.json")}, common...)...)
				if code != exitOK {
					t.Fatalf("collect exit %d: %s", code, stderr2)
				}
				if n := scanDir(t, dir, literalSecrets()); n < len(reporters.Formats())+2 {
					t.Errorf("scanned %d files, want every report, the scan's snapshot and the collected one", n)
				}
				scanForSecrets(t, tt.name+" output", stdout+stderr+stderr2, literalSecrets())
			})
		}
	})
}

// findsSecret reports whether scanForSecrets would fail on the text.
func findsSecret(text string, literals []string) bool {
	for _, p := range secretPatterns {
		if p.re.MatchString(text) {
			return true
		}
	}
	for _, s := range literals {
		if strings.Contains(text, s) {
			return true
		}
	}
	return false
}
