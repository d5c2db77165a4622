package policies

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/storewatch/storewatch/inventory"
)

func table(name string, tags map[string]string) inventory.DynamoDBTable {
	arn := "arn:aws:dynamodb:us-east-1:111122223333:table/" + name
	return inventory.DynamoDBTable{Meta: inventory.Meta{ID: arn, ARN: arn, Type: inventory.TypeDynamoDBTable,
		Name: name, AccountID: "111122223333", Region: "us-east-1", Tags: tags}}
}

func instance(name, engine string, exports ...string) inventory.DBInstance {
	arn := "arn:aws:rds:us-east-1:111122223333:db:" + name
	return inventory.DBInstance{Meta: inventory.Meta{ID: arn, ARN: arn, Type: inventory.TypeDBInstance,
		Name: name, AccountID: "111122223333", Region: "us-east-1"}, Engine: engine, EnabledLogExports: exports}
}

func statuses(findings []Finding, rule string) map[string]Status {
	out := map[string]Status{}
	for _, f := range findings {
		if f.RuleID == rule {
			out[f.Resource.Name] = f.Status
		}
	}
	return out
}

func TestEvaluateDerivesPassesAndFailures(t *testing.T) {
	ctx := context.Background()
	eng, err := Load(ctx, Options{PolicyDirs: []string{"testdata/userrules/good"}})
	if err != nil {
		t.Fatal(err)
	}
	s := &inventory.Snapshot{
		DBInstances: []inventory.DBInstance{
			instance("full", "mysql", "audit", "error", "general", "slowquery"),
			instance("partial", "mysql", "error"),
			instance("unreadable", "mysql"),
			instance("planned", "postgres"),
		},
		DynamoDBTables: []inventory.DynamoDBTable{table("owned", map[string]string{"owner": "orders"}), table("orphan", nil)},
	}
	// A detail call failed for one instance; a plan left another's exports unknown.
	s.DBInstances[2].Errors = []inventory.CollectionError{{Service: "rds", Operation: "rds:DescribeDBInstances", Code: "AccessDenied", Region: "us-east-1"}}
	s.DBInstances[3].UnknownFields = []string{"enabled_log_exports"}
	s.Normalize()
	findings, err := eng.Evaluate(ctx, s)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]Status{"full": StatusPass, "partial": StatusFail, "unreadable": StatusUnknown, "planned": StatusUnknown}
	if diff := cmp.Diff(want, statuses(findings, "SW-LX-01")); diff != "" {
		t.Errorf("SW-LX-01 statuses (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(map[string]Status{"owned": StatusPass, "orphan": StatusFail}, statuses(findings, "ACME-TAG-01")); diff != "" {
		t.Errorf("user rule statuses (-want +got):\n%s", diff)
	}
	for _, f := range findings {
		if f.Resource.Name == "unreadable" && f.RuleID == "SW-LX-01" {
			if len(f.Errors) != 1 || !strings.Contains(f.Message, "AccessDenied") {
				t.Errorf("unknown finding does not carry its collection error: %+v", f)
			}
		}
		if f.ID == "" || f.ID != FindingID(f.RuleID, f.Resource) {
			t.Errorf("finding %s/%s has id %q", f.RuleID, f.Resource.ID, f.ID)
		}
	}
}

func TestRegionWideErrorsMakeVerdictsUnknown(t *testing.T) {
	ctx := context.Background()
	eng, err := Load(ctx, Options{})
	if err != nil {
		t.Fatal(err)
	}
	east := instance("east", "mysql")
	west := instance("west", "mysql")
	west.Region = "us-west-2"
	other := instance("other-account", "mysql")
	other.AccountID = "444455556666"
	s := &inventory.Snapshot{
		DBInstances: []inventory.DBInstance{east, west, other},
		Errors: []inventory.CollectionError{
			{AccountID: "111122223333", Region: "us-east-1", Service: "rds", Operation: "rds:DescribeDBInstances", Code: "ThrottlingException"},
		},
	}
	s.Normalize()
	findings, err := eng.Evaluate(ctx, s)
	if err != nil {
		t.Fatal(err)
	}
	// The failed listing may have hidden instances in us-east-1: the rule says so there.
	want := map[string]Status{"east": StatusUnknown, "west": StatusFail, "other-account": StatusFail, "us-east-1": StatusUnknown}
	if diff := cmp.Diff(want, statuses(findings, "SW-LX-01")); diff != "" {
		t.Errorf("statuses (-want +got):\n%s", diff)
	}
}

// TestUnknownNameFallsBackToID: a plan leaves an instance's name unknown until apply
// (identifier_prefix); rules see its id in its place, so messages say which resource fails,
// while a known name, even an empty-looking one of another resource, is left alone.
func TestUnknownNameFallsBackToID(t *testing.T) {
	ctx := context.Background()
	eng, err := Load(ctx, Options{})
	if err != nil {
		t.Fatal(err)
	}
	planned := instance("", "mysql")
	planned.ID = "aws_db_instance.legacy"
	planned.ARN = ""
	planned.UnknownFields = []string{"arn", "name"}
	named := instance("orders", "mysql")
	s := &inventory.Snapshot{DBInstances: []inventory.DBInstance{planned, named}}
	s.Normalize()
	findings, err := eng.Evaluate(ctx, s)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, f := range findings {
		if f.RuleID == "SW-LX-01" {
			got[f.Resource.ID] = f.Message
		}
	}
	if m := got["aws_db_instance.legacy"]; !strings.HasPrefix(m, "aws_db_instance.legacy (mysql) does not export") {
		t.Errorf("planned instance: %q, want the message to name it by its id", m)
	}
	if m := got[named.ID]; !strings.HasPrefix(m, "orders (mysql) does not export") {
		t.Errorf("named instance: %q", m)
	}
	for _, f := range findings {
		if f.Resource.ID == "aws_db_instance.legacy" && f.Resource.Name != "" {
			t.Errorf("%s: the finding's resource name is %q; the fallback is for messages only", f.RuleID, f.Resource.Name)
		}
	}
}

func TestFindingIDIsStable(t *testing.T) {
	a := FindingID("SW-LX-01", &Resource{ID: "arn:x", AccountID: "1", Name: "a"})
	b := FindingID("SW-LX-01", &Resource{ID: "arn:x", AccountID: "1", Name: "renamed", Region: "elsewhere"})
	if a != b {
		t.Errorf("finding id depends on more than rule, account and resource id: %s != %s", a, b)
	}
	// Baselines and waivers store ids: the derivation (the first half of the SHA-256 of
	// rule, account and resource id, each NUL-terminated, in hex) must never change.
	if a != "f6d8c8a3533993d3da995dbb6dccc8e9" {
		t.Errorf("finding id derivation changed: %s", a)
	}
	if a == FindingID("SW-LX-02", &Resource{ID: "arn:x", AccountID: "1"}) || a == FindingID("SW-LX-01", &Resource{ID: "arn:x", AccountID: "2"}) {
		t.Error("finding ids collide across rules or accounts")
	}
}

func TestLoadRejectsBadRules(t *testing.T) {
	tests := []struct {
		name, dir string
		want      []string
	}{
		{"syntax error names file and line", "testdata/userrules/broken", []string{"syntax.rego:9", "rego_parse_error"}},
		{"rule without metadata", "testdata/userrules/nometa", []string{"nometa.rego", "no package METADATA"}},
		{"duplicate id names the user's file", "testdata/userrules/dup", []string{"\ntestdata/userrules/dup/dup.rego:", "SW-LX-01 is already used by the built-in rule in policies/aws/rds/"}},
		{"missing directory", "testdata/userrules/absent", []string{"policy directory"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Load(context.Background(), Options{PolicyDirs: []string{tt.dir}})
			if err == nil {
				t.Fatal("Load succeeded")
			}
			if !errors.Is(err, ErrPolicy) {
				t.Errorf("error does not wrap ErrPolicy: %v", err)
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not mention %q", err, w)
				}
			}
		})
	}
}

func TestRuleMetadataValidation(t *testing.T) {
	tests := []struct {
		name, custom, want string
	}{
		{"bad id", `{id: "lx1", severity: low, service: rds, resource_types: [AWS::RDS::DBInstance], remediation: {console: x, cli: x, terraform: x}}`, "not an id"},
		{"bad severity", `{id: X-1, severity: urgent, service: rds, resource_types: [AWS::RDS::DBInstance], remediation: {console: x, cli: x, terraform: x}}`, "unknown severity"},
		{"unknown type", `{id: X-1, severity: low, service: rds, resource_types: [AWS::RDS::Nope], remediation: {console: x, cli: x, terraform: x}}`, "not a resource type"},
		{"unknown key", `{id: X-1, severity: low, service: rds, resource_types: [AWS::RDS::DBInstance], remediation: {console: x, cli: x, terraform: x}, colour: red}`, "unknown field"},
		{"score outside band", `{id: X-1, severity: low, security_severity: 9.9, service: rds, resource_types: [AWS::RDS::DBInstance], remediation: {console: x, cli: x, terraform: x}}`, "outside the band"},
		{"no remediation", `{id: X-1, severity: low, service: rds, resource_types: [AWS::RDS::DBInstance]}`, "remediation"},
		{"bad operation", `{id: X-1, severity: low, service: rds, resource_types: [AWS::RDS::DBInstance], requires: [DescribeDBInstances], remediation: {console: x, cli: x, terraform: x}}`, "not an operation"},
		{"misspelt field", `{id: X-1, severity: low, service: rds, resource_types: [AWS::RDS::DBInstance], fields: [enabled_log_export], remediation: {console: x, cli: x, terraform: x}}`, `custom.fields: "enabled_log_export" is not a field of AWS::RDS::DBInstance`},
		{"misspelt applies field", `{id: X-1, severity: low, service: rds, resource_types: [AWS::RDS::DBInstance], applies_fields: [engin], remediation: {console: x, cli: x, terraform: x}}`, `custom.applies_fields: "engin" is not a field`},
		{"applies fields without applies", `{id: X-1, severity: low, service: rds, resource_types: [AWS::RDS::DBInstance], applies_fields: [engine], remediation: {console: x, cli: x, terraform: x}}`, "lists custom.applies_fields but has no applies rule"},
		{"scoped operation not required", `{id: X-1, severity: low, service: rds, resource_types: [AWS::RDS::DBInstance], requires: [rds:DescribeDBInstances], scoped_requires: [rds:DescribeOptionGroups], remediation: {console: x, cli: x, terraform: x}}`, `custom.scoped_requires: "rds:DescribeOptionGroups" is not in custom.requires`},
		{"scoped requires without depends", `{id: X-1, severity: low, service: rds, resource_types: [AWS::RDS::DBInstance], requires: [rds:DescribeOptionGroups], scoped_requires: [rds:DescribeOptionGroups], remediation: {console: x, cli: x, terraform: x}}`, "lists custom.scoped_requires or custom.scoped_fields but has no depends rule"},
		{"scoped field not a field", `{id: X-1, severity: low, service: rds, resource_types: [AWS::RDS::DBInstance], fields: [engine], scoped_fields: [options], remediation: {console: x, cli: x, terraform: x}}`, `custom.scoped_fields: "options" is not in custom.fields`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			src := "# METADATA\n# title: T\n# description: D\n# custom: " + tt.custom + "\npackage acme.x\n\ndeny contains {\"id\": \"x\", \"msg\": \"m\"} if { false }\n"
			writeFile(t, dir+"/x.rego", src)
			_, err := Load(context.Background(), Options{PolicyDirs: []string{dir}})
			if err == nil || !strings.Contains(err.Error(), tt.want) || !strings.Contains(err.Error(), "x.rego:1") {
				t.Errorf("Load error = %v, want one naming x.rego:1 and %q", err, tt.want)
			}
		})
	}
}

// TestDependsNeedsScopedRequires: a depends rule is read only for the operations of
// custom.scoped_requires; without them it would be silently ignored.
func TestDependsNeedsScopedRequires(t *testing.T) {
	dir := t.TempDir()
	src := "# METADATA\n# title: T\n# description: D\n# custom: {id: X-1, severity: low, service: rds, resource_types: [AWS::RDS::DBInstance], " +
		"requires: [rds:DescribeOptionGroups], remediation: {console: x, cli: x, terraform: x}}\npackage acme.x\n\n" +
		"deny contains {\"id\": \"x\", \"msg\": \"m\"} if { false }\n\n" +
		"depends[\"rds:DescribeOptionGroups\"] contains db.id if { some db in input.db_instances }\n"
	writeFile(t, dir+"/x.rego", src)
	_, err := Load(context.Background(), Options{PolicyDirs: []string{dir}})
	if err == nil || !strings.Contains(err.Error(), "has a depends rule but lists no custom.scoped_requires or custom.scoped_fields") || !strings.Contains(err.Error(), "x.rego:1") {
		t.Errorf("Load error = %v, want one naming x.rego:1 and the missing scoped_requires", err)
	}
}

func TestEvaluationTimeoutStopsRunawayRule(t *testing.T) {
	ctx := context.Background()
	eng, err := Load(ctx, Options{PolicyDirs: []string{"testdata/userrules/loop"}, Timeout: 300 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	s := &inventory.Snapshot{DynamoDBTables: []inventory.DynamoDBTable{table("t", nil)}}
	s.Normalize()
	start := time.Now()
	_, err = eng.Evaluate(ctx, s)
	if err == nil || !errors.Is(err, ErrEvaluation) {
		t.Fatalf("Evaluate error = %v, want a timeout wrapping ErrEvaluation", err)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("the runaway rule ran for %s", d)
	}
}

func TestMemoryGuardStopsHungryRule(t *testing.T) {
	ctx := context.Background()
	eng, err := Load(ctx, Options{PolicyDirs: []string{"testdata/userrules/hog"}, MemoryLimit: 256 << 20, Timeout: time.Minute})
	if err != nil {
		t.Fatal(err)
	}
	s := &inventory.Snapshot{DynamoDBTables: []inventory.DynamoDBTable{table("t", nil)}}
	s.Normalize()
	_, err = eng.Evaluate(ctx, s)
	if err == nil || !errors.Is(err, ErrEvaluation) || !strings.Contains(err.Error(), "more than 256 MiB") {
		t.Fatalf("Evaluate error = %v, want the memory limit", err)
	}
}

func TestWaiverStateDescribe(t *testing.T) {
	expires := time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		name      string
		w         WaiverState
		want      string
		attention bool
	}{
		{"expired", WaiverState{WaiverRef: WaiverRef{Rule: "SW-LX-16", Resource: "arn:aws:s3:::scratch-*", Expires: expires, Expired: true}, State: WaiverExpired, File: "w.yaml", Line: 3, Matched: 2},
			"waiver for SW-LX-16 on arn:aws:s3:::scratch-* (w.yaml:3) expired on 2020-01-01: the findings it hid are reported again", true},
		{"expired, matching nothing", WaiverState{WaiverRef: WaiverRef{Rule: "SW-LX-16", Resource: "arn:aws:s3:::gone", Expires: expires, Expired: true}, State: WaiverExpired, File: "w.yaml", Line: 5},
			"waiver for SW-LX-16 on arn:aws:s3:::gone (w.yaml:5) expired on 2020-01-01 and matches no finding: remove it", true},
		{"stale by tags", WaiverState{WaiverRef: WaiverRef{Rule: "SW-*", Tags: map[string]string{"team": "x", "env": "dev"}, Expires: expires}, State: WaiverStale, File: "w.yaml", Line: 9},
			"waiver for SW-* tagged env=dev, team=x (w.yaml:9) matches no finding: remove it, or correct its rule or resource", true},
		{"active", WaiverState{WaiverRef: WaiverRef{Rule: "SW-LX-01", Resource: "db"}, State: WaiverActive, Matched: 2},
			"waiver for SW-LX-01 on db", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.w.Describe(); got != tt.want {
				t.Errorf("Describe() = %q, want %q", got, tt.want)
			}
			if got := tt.w.NeedsAttention(); got != tt.attention {
				t.Errorf("NeedsAttention() = %v, want %v", got, tt.attention)
			}
		})
	}
}

// TestSameIDInTwoAccounts judges two accounts' items of one id (a Terraform address in two
// accounts' plans): rules name items by id alone, so each must be judged on its own facts.
func TestSameIDInTwoAccounts(t *testing.T) {
	bucket := func(account string, logging *inventory.BucketLogging) inventory.S3Bucket {
		return inventory.S3Bucket{Meta: inventory.Meta{ID: "aws_s3_bucket.data", Type: inventory.TypeS3Bucket,
			Name: "data", AccountID: account, Region: "eu-west-1"}, Logging: logging}
	}
	s := &inventory.Snapshot{S3Buckets: []inventory.S3Bucket{
		bucket("111111111111", &inventory.BucketLogging{TargetBucket: "logs"}),
		bucket("222222222222", nil),
	}}
	s.Normalize()
	for _, size := range []int{1, 2, 256} {
		eng, err := Load(context.Background(), Options{BatchSize: size})
		if err != nil {
			t.Fatal(err)
		}
		findings, err := eng.Evaluate(context.Background(), s)
		if err != nil {
			t.Fatal(err)
		}
		got := map[string]Status{}
		for _, f := range findings {
			if f.RuleID == "SW-LX-16" {
				got[f.Resource.AccountID] = f.Status
			}
		}
		if got["111111111111"] != StatusPass || got["222222222222"] != StatusFail {
			t.Errorf("batch size %d: SW-LX-16 by account = %v, want the logged bucket to pass and the other to fail", size, got)
		}
	}
}
