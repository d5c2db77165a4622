package policies

import (
	"context"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/open-policy-agent/opa/v1/ast"

	"github.com/storewatch/storewatch/inventory"
)

// sandboxRule is a user rule on DynamoDB tables whose deny rule binds msg in body.
func sandboxRule(body string) string {
	return `# METADATA
# title: T
# description: D
# custom:
#   id: ACME-SANDBOX-01
#   severity: low
#   service: dynamodb
#   resource_types: [AWS::DynamoDB::Table]
#   remediation: {console: x, cli: x, terraform: x}
package acme.sandbox

deny contains {"id": t.id, "msg": msg} if {
	some t in input.dynamodb_tables
` + body + `
}
`
}

// loadAndJudge loads the rule file beside the built-in rules and, if that works, judges one
// table. It returns the messages of the rule's findings and the load or evaluation error.
func loadAndJudge(t *testing.T, rule string) ([]string, error) {
	t.Helper()
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "sandbox.rego"), rule)
	ctx := context.Background()
	eng, err := Load(ctx, Options{PolicyDirs: []string{dir}})
	if err != nil {
		return nil, err
	}
	s := &inventory.Snapshot{DynamoDBTables: []inventory.DynamoDBTable{table("orders", nil)}}
	inventory.Resolve(s)
	findings, err := eng.Evaluate(ctx, s)
	var msgs []string
	for _, f := range findings {
		if f.RuleID == "ACME-SANDBOX-01" {
			msgs = append(msgs, f.Message)
		}
	}
	return msgs, err
}

// listener counts the requests that reach it.
func listener(t *testing.T) (*httptest.Server, *atomic.Int32) {
	t.Helper()
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		hits.Add(1)
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{}`))
	}))
	t.Cleanup(srv.Close)
	return srv, &hits
}

// wantUnavailable checks that err is the one load error for builtin, at line 14 of the
// rule file (the body's first line).
func wantUnavailable(t *testing.T, err error, builtin string) {
	t.Helper()
	if err == nil {
		t.Fatalf("a rule calling %s loaded and ran", builtin)
	}
	lines := strings.Split(err.Error(), "\n")
	last := lines[len(lines)-1]
	want := "sandbox.rego:14: rego_type_error: " + builtin + " is not available to storewatch rules: "
	if len(lines) != 2 || lines[0] != "policy error: compile rules:" || !strings.Contains(last, want) {
		t.Errorf("error:\n%v\nwant one line containing %q", err, want)
	}
}

// A rule in a pull request must not be able to send the snapshot anywhere: http.send is
// refused at load time, and no request reaches the listener.
func TestUserRuleCannotSendHTTP(t *testing.T) {
	srv, hits := listener(t)
	msgs, err := loadAndJudge(t, sandboxRule(`	resp := http.send({"method": "POST", "url": "`+srv.URL+`", "body": input})
	msg := sprintf("%v", [resp.status_code])`))
	if n := hits.Load(); n != 0 {
		t.Errorf("a user rule reached the listener %d times (findings %q)", n, msgs)
	}
	wantUnavailable(t, err, "http.send")
}

// json.match_schema fetches a schema's remote $ref: the URL alone carries data out.
func TestUserRuleCannotFetchSchemaRefs(t *testing.T) {
	srv, hits := listener(t)
	msgs, err := loadAndJudge(t, sandboxRule(`	r := json.match_schema({}, {"$ref": concat("/", ["`+srv.URL+`", t.name])})
	msg := sprintf("%v", [r])`))
	if n := hits.Load(); n != 0 {
		t.Errorf("a user rule reached the listener %d times (findings %q)", n, msgs)
	}
	wantUnavailable(t, err, "json.match_schema")
}

// A file:// $ref reads a local file, whose values come back in the built-in's errors.
func TestUserRuleCannotReadFilesThroughSchemas(t *testing.T) {
	secret := filepath.Join(t.TempDir(), "creds.json")
	writeFile(t, secret, `{"Credentials": {"type": "s3cr3t-value"}}`)
	msgs, err := loadAndJudge(t, sandboxRule(`	r := json.verify_schema({"$ref": "file://`+secret+`#/Credentials"})
	msg := sprintf("%v", [r])`))
	if strings.Contains(strings.Join(msgs, "\n"), "s3cr3t-value") {
		t.Errorf("a user rule read a local file: %q", msgs)
	}
	wantUnavailable(t, err, "json.verify_schema")
}

// opa.runtime() is where OPA exposes the process's environment. (storewatch gives the
// engine no runtime, so today it reads {}; it is taken away so that no change can hand a
// rule the environment of a live scan, AWS credentials included.)
func TestUserRuleCannotReadEnvironment(t *testing.T) {
	t.Setenv("STOREWATCH_TEST_SECRET", "s3cr3t-value")
	msgs, err := loadAndJudge(t, sandboxRule(`	msg := sprintf("%v", [opa.runtime()])`))
	if strings.Contains(strings.Join(msgs, "\n"), "s3cr3t-value") {
		t.Errorf("a user rule read the environment: %q", msgs)
	}
	wantUnavailable(t, err, "opa.runtime")
}

// net.lookup_ip_addr leaks through DNS: the name looked up carries the data.
func TestUserRuleCannotLookUpNames(t *testing.T) {
	_, err := loadAndJudge(t, sandboxRule(`	addrs := net.lookup_ip_addr(concat(".", [t.name, "invalid"]))
	msg := sprintf("%v", [addrs])`))
	wantUnavailable(t, err, "net.lookup_ip_addr")
}

// Every built-in taken away is one this OPA has (a rename would otherwise make it
// available again under its new name, unnoticed), and the rest are still there.
func TestCapabilities(t *testing.T) {
	c := capabilities()
	have := map[string]bool{}
	for _, b := range c.Builtins {
		have[b.Name] = true
	}
	for name := range unavailableBuiltins {
		if have[name] {
			t.Errorf("%s is still available", name)
		}
		found := false
		for _, b := range capabilitiesOfOPA() {
			found = found || b == name
		}
		if !found {
			t.Errorf("%s is not a built-in of this OPA: remove it from unavailableBuiltins, and find what replaced it", name)
		}
	}
	for _, name := range []string{"sprintf", "time.now_ns", "print", "trace", "rego.metadata.rule", "providers.aws.sign_req", "io.jwt.decode_verify"} {
		if !have[name] {
			t.Errorf("%s is not available", name)
		}
	}
	if c.AllowNet == nil || len(c.AllowNet) != 0 {
		t.Errorf("AllowNet = %#v, want empty (no host); nil would allow any", c.AllowNet)
	}
}

func capabilitiesOfOPA() []string {
	var names []string
	for _, b := range ast.CapabilitiesForThisVersion().Builtins {
		names = append(names, b.Name)
	}
	return names
}
