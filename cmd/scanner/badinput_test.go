package main

import (
	"bytes"
	"compress/gzip"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf16"

	"github.com/storewatch/storewatch/policies"
	"github.com/storewatch/storewatch/reporters"
)

// badInput is one hostile or malformed input and what the CLI must answer: one line on
// stderr, word for word (with the temporary directory written as DIR), and exit code 2.
type badInput struct {
	name  string
	files map[string]string // written into DIR before the run
	args  []string          // DIR in an argument is replaced by the directory
	want  string
}

func snapshotWith(extra string) string {
	return `{"schema_version": "1.0", "tool": {"name": "t", "version": "1"}, "collected_at": "2026-01-01T00:00:00Z", "sources": [{"kind": "aws"}], "accounts": [{"id": "111122223333", "type": "AWS::::Account", "name": "a", "account_id": "111122223333", "region": ""}]` + extra + `}`
}

// planWith is a minimal plan from `terraform show -json`: one bucket created with the
// given planned values.
func planWith(version, after string) string {
	return `{"format_version": "` + version + `", "terraform_version": "1.11.4", "resource_changes": [{"address": "aws_s3_bucket.b", "mode": "managed", "type": "aws_s3_bucket", "name": "b", "provider_name": "registry.terraform.io/hashicorp/aws", "change": {"actions": ["create"], "before": null, "after": ` + after + `, "after_unknown": {"arn": true}}}]}`
}

// planOf is a minimal plan creating one resource of type typ, named x, with the given
// planned values and after_unknown mask (JSON).
func planOf(typ, after, unknown string) string {
	return `{"format_version": "1.2", "terraform_version": "1.11.4", "resource_changes": [{"address": "` + typ + `.x", "mode": "managed", "type": "` + typ + `", "name": "x", "provider_name": "registry.terraform.io/hashicorp/aws", "change": {"actions": ["create"], "before": null, "after": ` + after + `, "after_unknown": ` + unknown + `}}]}`
}

// userRule is a user rule file judging S3 buckets with the given body.
func userRule(pkg, body string) string {
	return "# METADATA\n# title: T\n# description: D\n# custom: {id: ACME-" + strings.ToUpper(pkg) + "-1, severity: low, service: s3, resource_types: [AWS::S3::Bucket], remediation: {console: x, cli: x, terraform: x}}\npackage acme." + pkg + "\n\n" + body
}

// withBucket is a snapshot with one bucket, so that rules on buckets are evaluated.
var withBucket = snapshotWith(`, "s3_buckets": [{"id": "arn:aws:s3:::b", "type": "AWS::S3::Bucket", "name": "b", "account_id": "111122223333", "region": "us-east-1"}]`)

// emptyReport is a JSON report of no findings, as storewatch writes it.
func emptyReport() string {
	var buf bytes.Buffer
	if err := (reporters.JSON{}).Write(&buf, &policies.Report{SchemaVersion: policies.ReportVersion}); err != nil {
		panic(err)
	}
	return buf.String()
}

func badInputs() []badInput {
	nested := strings.Repeat("[", 20000) + strings.Repeat("]", 20000)
	plan := planWith("1.2", `{"bucket": "orders-data"}`)
	report := emptyReport()
	return []badInput{
		{"empty file", map[string]string{"s.json": ""}, []string{"evaluate", "DIR/s.json"},
			"storewatch: DIR/s.json: invalid snapshot: malformed JSON at line 1, column 1: unexpected end of JSON input (is the file truncated?)"},
		{"truncated json", map[string]string{"s.json": snapshotWith("")[:60]}, []string{"evaluate", "DIR/s.json"},
			"storewatch: DIR/s.json: invalid snapshot: malformed JSON at line 1, column 61: unexpected end of JSON input (is the file truncated?)"},
		{"not json", map[string]string{"s.json": "snapshot"}, []string{"evaluate", "DIR/s.json"},
			"storewatch: DIR/s.json: invalid snapshot: malformed JSON at line 1, column 2: invalid character 's' looking for beginning of value"},
		{"json array", map[string]string{"s.json": "[1, 2]"}, []string{"evaluate", "DIR/s.json"},
			"storewatch: DIR/s.json: invalid snapshot: schema violation at /: want a JSON object, got array"},
		{"json null", map[string]string{"s.json": "null"}, []string{"evaluate", "DIR/s.json"},
			"storewatch: DIR/s.json: invalid snapshot: neither a storewatch snapshot (no schema_version) nor a Terraform plan from `terraform show -json` (no format_version)"},
		{"unrelated json", map[string]string{"s.json": `{"hello": "world"}`}, []string{"evaluate", "DIR/s.json"},
			"storewatch: DIR/s.json: invalid snapshot: neither a storewatch snapshot (no schema_version) nor a Terraform plan from `terraform show -json` (no format_version)"},
		{"empty terraform state", map[string]string{"s.json": `{"format_version":"1.0"}`}, []string{"evaluate", "DIR/s.json"},
			"storewatch: DIR/s.json: invalid snapshot: format_version without resource_changes or planned_values: this looks like a Terraform state (`terraform show -json` without a plan file), not a plan; run `terraform show -json PLANFILE` on a saved plan"},
		{"version is a number", map[string]string{"s.json": `{"schema_version": 1.0}`}, []string{"evaluate", "DIR/s.json"},
			"storewatch: DIR/s.json: invalid snapshot: schema violation at /schema_version: want a string such as \"1.0\""},
		{"newer major version", map[string]string{"s.json": `{"schema_version": "2.0"}`}, []string{"evaluate", "DIR/s.json"},
			"storewatch: DIR/s.json: invalid snapshot: schema_version \"2.0\" is not supported: this storewatch reads 1.0 to 1.0"},
		{"newer minor version", map[string]string{"s.json": `{"schema_version": "1.7"}`}, []string{"evaluate", "DIR/s.json"},
			"storewatch: DIR/s.json: invalid snapshot: schema_version \"1.7\" is not supported: this storewatch reads 1.0 to 1.0"},
		{"version not a version", map[string]string{"s.json": `{"schema_version": "latest"}`}, []string{"evaluate", "DIR/s.json"},
			"storewatch: DIR/s.json: invalid snapshot: schema violation at /schema_version: \"latest\" is not a version such as \"1.0\""},
		{"wrong type deep", map[string]string{"s.json": snapshotWith(`, "db_instances": [{"id": "x", "type": "AWS::RDS::DBInstance", "name": "x", "account_id": "1", "region": "r", "engine": 7}]`)}, []string{"evaluate", "DIR/s.json"},
			"storewatch: DIR/s.json: invalid snapshot: schema violation at /db_instances/0/engine: got number, want string"},
		{"unknown field", map[string]string{"s.json": snapshotWith(`, "db_instance": []`)}, []string{"evaluate", "DIR/s.json"},
			`storewatch: DIR/s.json: invalid snapshot: schema violation at /db_instance: unknown key "db_instance" (misspelt, or written by a newer storewatch?)`},
		{"missing id", map[string]string{"s.json": snapshotWith(`, "s3_buckets": [{"type": "AWS::S3::Bucket", "name": "b", "account_id": "1", "region": "r"}]`)}, []string{"evaluate", "DIR/s.json"},
			"storewatch: DIR/s.json: invalid snapshot: schema violation at /s3_buckets/0: missing property 'id'"},
		{"repeated resource id", map[string]string{"s.json": snapshotWith(`, "db_instances": [{"id": "x", "type": "AWS::RDS::DBInstance", "name": "x", "account_id": "1", "region": "r"}], "s3_buckets": [{"id": "x", "type": "AWS::S3::Bucket", "name": "x", "account_id": "1", "region": "r"}]`)}, []string{"evaluate", "DIR/s.json"},
			`storewatch: DIR/s.json: invalid snapshot: resource id "x" of account "1" appears twice, at /db_instances/0 and /s3_buckets/0`},
		{"repeated key", map[string]string{"s.json": snapshotWith(`, "s3_buckets": [{"id": "arn:aws:s3:::b", "type": "AWS::S3::Bucket", "name": "b", "account_id": "1", "region": "r", "mfa_delete": false, "versioning": "Enabled", "mfa_delete": true}]`)}, []string{"evaluate", "DIR/s.json"},
			`storewatch: DIR/s.json: invalid snapshot: repeated key "mfa_delete" in the object at /s3_buckets/0 (line 1, column 417): a key may appear once, or readers disagree on its value`},
		{"huge number", map[string]string{"s.json": snapshotWith(`, "db_instances": [{"id": "x", "type": "AWS::RDS::DBInstance", "name": "x", "account_id": "1", "region": "r", "engine": "mysql", "allocated_storage": 1e999}]`)}, []string{"evaluate", "DIR/s.json"},
			"storewatch: DIR/s.json: invalid snapshot: schema violation at /db_instances/0/allocated_storage (line 1, column 410): want int, got number 1e999"},
		{"deeply nested json", map[string]string{"s.json": `{"schema_version": "1.0", "accounts": ` + nested + `}`}, []string{"evaluate", "DIR/s.json"},
			"storewatch: DIR/s.json: invalid snapshot: malformed JSON at line 1, column 10039: nested more than 10000 levels deep"},
		{"not utf-8", map[string]string{"s.json": snapshotWith(`, "s3_buckets": [{"id": "b", "type": "AWS::S3::Bucket", "name": "b` + "\xff\xfe" + `", "account_id": "1", "region": "r"}]`)}, []string{"evaluate", "DIR/s.json"},
			"storewatch: DIR/s.json: invalid snapshot: invalid UTF-8 at line 1, column 321 (JSON text must be UTF-8)"},
		{"gzip-compressed snapshot", map[string]string{"s.json.gz": gzipped(snapshotWith(""))}, []string{"evaluate", "DIR/s.json.gz"},
			"storewatch: DIR/s.json.gz: invalid snapshot: the file is gzip-compressed; decompress it first (gunzip -k FILE)"},
		{"snapshot with a UTF-8 byte-order mark", map[string]string{"s.json": "\xef\xbb\xbf" + snapshotWith("")}, []string{"evaluate", "DIR/s.json"},
			"storewatch: DIR/s.json: invalid snapshot: the file starts with a UTF-8 byte-order mark, which JSON text must not have; save it as UTF-8 without one"},
		{"UTF-16 plan", map[string]string{"plan.json": utf16LE(plan)}, []string{"evaluate", "DIR/plan.json"},
			"storewatch: DIR/plan.json: invalid snapshot: the file is UTF-16 (it starts with a UTF-16 byte-order mark); JSON text must be UTF-8: convert it (iconv -f UTF-16 -t UTF-8), or write it with Out-File -Encoding utf8NoBOM in PowerShell"},
		{"UTF-16 live snapshot beside a plan", map[string]string{"plan.json": plan, "live.json": utf16LE(snapshotWith(""))}, []string{"evaluate", "DIR/plan.json", "--snapshot", "DIR/live.json", "--log-level", "error"},
			"storewatch: --snapshot: DIR/live.json: invalid snapshot: the file is UTF-16 (it starts with a UTF-16 byte-order mark); JSON text must be UTF-8: convert it (iconv -f UTF-16 -t UTF-8), or write it with Out-File -Encoding utf8NoBOM in PowerShell"},
		{"missing file", nil, []string{"evaluate", "DIR/absent.json"},
			"storewatch: DIR/absent.json: no such file or directory"},
		{"missing live snapshot beside a plan", map[string]string{"plan.json": plan}, []string{"evaluate", "DIR/plan.json", "--snapshot", "DIR/absent.json", "--log-level", "error"},
			"storewatch: --snapshot: DIR/absent.json: no such file or directory"},
		{"diff of one file", nil, []string{"diff", "a.json"},
			"storewatch: diff needs OLD and NEW (two snapshots or two JSON reports), got 1 argument"},
		{"directory as input", nil, []string{"evaluate", "DIR"},
			"storewatch: usage error: DIR is a directory, not a snapshot or plan file"},
		{"two inputs", nil, []string{"evaluate", "a.json", "b.json"},
			"storewatch: evaluate needs exactly one FILE (a snapshot or a plan), got 2 arguments"},
		{"unknown flag", nil, []string{"evaluate", "--colour", "x.json"},
			"storewatch: flag provided but not defined: -colour (see scanner evaluate --help)"},
		{"bad fail-on", map[string]string{"s.json": snapshotWith("")}, []string{"evaluate", "DIR/s.json", "--fail-on", "urgent"},
			"storewatch: --fail-on: unknown severity \"urgent\" (want critical, high, medium, low or info), new or none"},
		{"bad format", map[string]string{"s.json": snapshotWith("")}, []string{"evaluate", "DIR/s.json", "--format", "pdf"},
			"storewatch: --format: unknown format \"pdf\" (want one of " + strings.Join(formatsForTest(), ", ") + ")"},
		{"bad output", map[string]string{"s.json": snapshotWith("")}, []string{"evaluate", "DIR/s.json", "-o", "sarif:out.sarif"},
			"storewatch: usage error: --output \"sarif:out.sarif\": want FORMAT=PATH, for example sarif=results.sarif"},
		{"duration flag that is not a duration", map[string]string{"s.json": snapshotWith("")}, []string{"evaluate", "DIR/s.json", "--eval-timeout", "ten"},
			"storewatch: usage error: --eval-timeout \"ten\": want a duration such as 90s, 10m or 1h30m (see scanner evaluate --help)"},
		{"boolean flag that is not a boolean", map[string]string{"s.json": snapshotWith("")}, []string{"evaluate", "DIR/s.json", "--fail-on-unknown=maybe"},
			"storewatch: usage error: --fail-on-unknown \"maybe\": want true or false (see scanner evaluate --help)"},
		{"number flag that is not a number", nil, []string{"scan", "--rate", "fast"},
			"storewatch: usage error: --rate \"fast\": want a number (see scanner scan --help)"},
		{"count flag that is not a whole number", nil, []string{"dev", "generate", "--stores", "1.5"},
			"storewatch: usage error: --stores \"1.5\": want a whole number (see scanner dev generate --help)"},
		{"mistyped flag", map[string]string{"s.json": snapshotWith("")}, []string{"evaluate", "DIR/s.json", "--fail-onn", "high"},
			"storewatch: flag provided but not defined: -fail-onn (did you mean --fail-on? see scanner evaluate --help)"},
		{"mistyped global flag", nil, []string{"--log-levl", "debug", "version"},
			"storewatch: flag provided but not defined: -log-levl (did you mean --log-level? see scanner --help)"},
		{"heap profile into a missing directory", nil, []string{"--memprofile", "DIR/missing/mem.prof", "version"},
			"storewatch: --memprofile: create DIR/missing/mem.prof: no such file or directory"},
		{"CPU profile onto a directory", map[string]string{"adir/keep": ""}, []string{"--cpuprofile", "DIR/adir", "version"},
			"storewatch: --cpuprofile DIR/adir: is a directory"},
		{"mistyped command", nil, []string{"scna"},
			"storewatch: no command \"scna\" (did you mean scan? see scanner --help)"},
		{"help on an unknown command", nil, []string{"help", "evalute"},
			`storewatch: no command "evalute" to help with (did you mean evaluate? see scanner --help)`},
		{"unknown command", nil, []string{"inspect"},
			"storewatch: no command \"inspect\" (see scanner --help)"},
		{"mistyped subcommand", nil, []string{"rules", "lst"},
			"storewatch: usage error: no command \"lst\" under scanner rules (did you mean list? see scanner rules --help)"},
		{"extra argument to a command that takes none", nil, []string{"rules", "list", "extra"},
			"storewatch: usage error: scanner rules list takes no arguments, got [\"extra\"]"},
		{"second file to config check", map[string]string{"a.yaml": "", "b.yaml": ""}, []string{"config", "check", "DIR/a.yaml", "DIR/b.yaml"},
			"storewatch: usage error: scanner config check takes at most one argument ([FILE]), got [\"DIR/a.yaml\" \"DIR/b.yaml\"]"},
		{"check-opa without its files", nil, []string{"dev", "check-opa"},
			"storewatch: usage error: scanner dev check-opa needs --opa FILE (the output of opa eval --format json) and --report FILE (a storewatch JSON report)"},
		{"synthetic snapshot too large to build", nil, []string{"dev", "generate", "--stores", "99999999999"},
			"storewatch: --stores 99999999999: at most 1000000 (the synthetic snapshot is built in memory)"},
		{"rego that does not parse", map[string]string{"s.json": snapshotWith(""), "rules/bad.rego": "package acme\n\ndeny contains x if {\n"}, []string{"evaluate", "DIR/s.json", "--policy", "DIR/rules"},
			"storewatch: policy error: DIR/rules/bad.rego:4: rego_parse_error: unexpected eof token"},
		{"rego that does not compile", map[string]string{"s.json": snapshotWith(""), "rules/bad.rego": "# METADATA\n# title: T\n# description: D\n# custom: {id: X-1, severity: low, service: s3, resource_types: [AWS::S3::Bucket], remediation: {console: x, cli: x, terraform: x}}\npackage acme\n\ndeny contains {\"id\": b.id, \"msg\": undefined_thing} if {\n\tsome b in input.s3_buckets\n}\n"}, []string{"evaluate", "DIR/s.json", "--policy", "DIR/rules"},
			"storewatch: policy error: compile rules:\nDIR/rules/bad.rego:7: rego_unsafe_var_error: var undefined_thing is unsafe"},
		{"rule without metadata", map[string]string{"s.json": snapshotWith(""), "rules/x.rego": "package acme\n\ndeny contains {\"id\": \"x\", \"msg\": \"m\"} if { false }\n"}, []string{"evaluate", "DIR/s.json", "--policy", "DIR/rules"},
			"storewatch: policy error:\nDIR/rules/x.rego:1: package acme yields findings but has no package METADATA with custom.id"},
		{"rule that requires an operation the collector does not know", map[string]string{"s.json": withBucket, "rules/x.rego": strings.Replace(userRule("typo", "deny contains {\"id\": b.id, \"msg\": \"m\"} if {\n\tsome b in input.s3_buckets\n\tb.public_access_block.block_public_acls == false\n}\n"), "resource_types:", "requires: [s3:GetPublicAcessBlock], collects: [s3:GetBucketLoging], resource_types:", 1)}, []string{"evaluate", "DIR/s.json", "--policy", "DIR/rules"},
			"storewatch: policy error:\nDIR/rules/x.rego:1: rule metadata: custom.collects: \"s3:GetBucketLoging\" is not an operation storewatch collects (see scanner iam-policy --all-operations --list)\nDIR/rules/x.rego:1: rule metadata: custom.requires: \"s3:GetPublicAcessBlock\" is not an operation storewatch collects (see scanner iam-policy --all-operations --list)"},
		{"rule that sends an HTTP request", map[string]string{"s.json": withBucket, "rules/x.rego": userRule("exfil", "deny contains {\"id\": b.id, \"msg\": \"m\"} if {\n\tsome b in input.s3_buckets\n\thttp.send({\"method\": \"POST\", \"url\": \"http://127.0.0.1:9/\", \"body\": input})\n}\n")}, []string{"evaluate", "DIR/s.json", "--policy", "DIR/rules"},
			"storewatch: policy error: compile rules:\nDIR/rules/x.rego:9: rego_type_error: http.send is not available to storewatch rules: it sends HTTP requests, through which a rule could send the snapshot (which describes the account) anywhere"},
		{"rules list with a rule that reads the runtime", map[string]string{"rules/x.rego": userRule("env", "deny contains {\"id\": b.id, \"msg\": sprintf(\"%v\", [opa.runtime()])} if {\n\tsome b in input.s3_buckets\n}\n")}, []string{"rules", "list", "--policy", "DIR/rules"},
			"storewatch: policy error: compile rules:\nDIR/rules/x.rego:7: rego_type_error: opa.runtime is not available to storewatch rules: it exposes the process's environment, which in a live scan holds AWS credentials"},
		{"empty policy directory", map[string]string{"s.json": snapshotWith(""), "rules/README": "nothing"}, []string{"evaluate", "DIR/s.json", "--policy", "DIR/rules"},
			"storewatch: policy error: DIR/rules: no rules (no .rego files)"},
		{"config with unknown key", map[string]string{"s.json": snapshotWith(""), "storewatch.yaml": "fail_on: high\nfailon_unknown: true\n"}, []string{"evaluate", "DIR/s.json", "--config", "DIR/storewatch.yaml"},
			`storewatch: invalid configuration: DIR/storewatch.yaml:2: /failon_unknown: unknown key "failon_unknown" (scanner config schema lists the keys)`},
		{"config that is not yaml", map[string]string{"s.json": snapshotWith(""), "storewatch.yaml": "rules: [\n"}, []string{"evaluate", "DIR/s.json", "--config", "DIR/storewatch.yaml"},
			"storewatch: invalid configuration: DIR/storewatch.yaml:2: did not find expected node content"},
		{"config with a syntax error past its first lines", map[string]string{"s.json": snapshotWith(""), "storewatch.yaml": "version: 1\nfail_on: high\nrules:\n  exclude: [SW-AH-06\n"}, []string{"evaluate", "DIR/s.json", "--config", "DIR/storewatch.yaml"},
			"storewatch: invalid configuration: DIR/storewatch.yaml:4: did not find expected ',' or ']'"},
		{"config with a key twice", map[string]string{"s.json": snapshotWith(""), "storewatch.yaml": "version: 1\nfail_on: high\nfail_on: low\n"}, []string{"evaluate", "DIR/s.json", "--config", "DIR/storewatch.yaml"},
			`storewatch: invalid configuration: DIR/storewatch.yaml:3: mapping key "fail_on" already defined at line 2`},
		{"waivers file with a syntax error", map[string]string{"s.json": snapshotWith(""), "w.yaml": "waivers:\n  - rule: SW-LX-16\n    resource: x\n   reason: r\n"}, []string{"evaluate", "DIR/s.json", "--waivers", "DIR/w.yaml"},
			"storewatch: invalid waivers: DIR/w.yaml:2: did not find expected '-' indicator"},
		{"waivers file with an error on its first line", map[string]string{"s.json": snapshotWith(""), "w.yaml": "waivers: x: y\n"}, []string{"evaluate", "DIR/s.json", "--waivers", "DIR/w.yaml"},
			"storewatch: invalid waivers: DIR/w.yaml:1: mapping values are not allowed in this context"},
		{"waivers file with a control character", map[string]string{"s.json": snapshotWith(""), "w.yaml": "waivers:\n  - rule: SW-LX-16\n    reason: \x01\n"}, []string{"evaluate", "DIR/s.json", "--waivers", "DIR/w.yaml"},
			"storewatch: invalid waivers: DIR/w.yaml:3: control characters are not allowed"},
		{"baseline with a JSON syntax error", map[string]string{"s.json": snapshotWith(""), "b.json": "{\"schema_version\": \"1.0\",\n \"findings\": [\n  {\"id\": \"x\",}\n]}\n"}, []string{"evaluate", "DIR/s.json", "--baseline", "DIR/b.json"},
			"storewatch: invalid baseline: DIR/b.json: malformed JSON at line 3, column 15: invalid character '}' looking for beginning of object key string"},
		{"missing config", map[string]string{"s.json": snapshotWith("")}, []string{"evaluate", "DIR/s.json", "--config", "DIR/nope.yaml"},
			"storewatch: invalid configuration: DIR/nope.yaml: no such file or directory"},
		{"config that is a directory", map[string]string{"s.json": snapshotWith(""), "conf/keep": ""}, []string{"evaluate", "DIR/s.json", "--config", "DIR/conf"},
			"storewatch: invalid configuration: DIR/conf is a directory, not a file"},
		{"missing waivers file", map[string]string{"s.json": snapshotWith("")}, []string{"evaluate", "DIR/s.json", "--waivers", "DIR/waivers.yaml"},
			"storewatch: invalid waivers: DIR/waivers.yaml: no such file or directory"},
		{"waivers file that is a directory", map[string]string{"s.json": snapshotWith(""), "w/keep": ""}, []string{"evaluate", "DIR/s.json", "--waivers", "DIR/w"},
			"storewatch: invalid waivers: DIR/w is a directory, not a file"},
		{"missing waivers file the config names", map[string]string{"s.json": snapshotWith(""), "conf/storewatch.yaml": "version: 1\nwaivers: .storewatch/absent-waivers.yaml\n"}, []string{"evaluate", "DIR/s.json", "--config", "DIR/conf/storewatch.yaml"},
			"storewatch: invalid waivers: DIR/conf/.storewatch/absent-waivers.yaml: no such file or directory (named by waivers: in DIR/conf/storewatch.yaml; a relative path is taken from that file's directory)"},
		{"missing baseline", map[string]string{"s.json": snapshotWith("")}, []string{"evaluate", "DIR/s.json", "--baseline", "DIR/b.json"},
			"storewatch: invalid baseline: DIR/b.json: no such file or directory"},
		{"baseline that is a directory", map[string]string{"s.json": snapshotWith(""), "b/keep": ""}, []string{"evaluate", "DIR/s.json", "--baseline", "DIR/b"},
			"storewatch: invalid baseline: DIR/b is a directory, not a file"},
		{"missing policy directory", map[string]string{"s.json": snapshotWith("")}, []string{"evaluate", "DIR/s.json", "--policy", "DIR/rules"},
			"storewatch: policy error: policy directory DIR/rules: no such file or directory"},
		{"endless waivers file", map[string]string{"s.json": snapshotWith("")}, []string{"evaluate", "DIR/s.json", "--waivers", "/dev/zero"},
			"storewatch: invalid waivers: /dev/zero is larger than 64 MiB: is it the right file?"},
		{"endless config file", map[string]string{"s.json": snapshotWith("")}, []string{"evaluate", "DIR/s.json", "--config", "/dev/zero"},
			"storewatch: invalid configuration: /dev/zero is larger than 16 MiB: is it the right file?"},
		{"waiver with a bad date", map[string]string{"s.json": snapshotWith(""), "w.yaml": "waivers:\n  - rule: SW-LX-01\n    resource: x\n    reason: r\n    owner: o\n    expires: next week\n"}, []string{"evaluate", "DIR/s.json", "--waivers", "DIR/w.yaml"},
			"storewatch: invalid waivers: DIR/w.yaml:2: waiver 1: expires \"next week\" is not a date (YYYY-MM-DD)"},
		{"waivers file that is a list", map[string]string{"s.json": snapshotWith(""), "w.yaml": "- {rule: SW-LX-01, resource: x, reason: r, owner: o, expires: 2030-01-01}\n"}, []string{"evaluate", "DIR/s.json", "--waivers", "DIR/w.yaml"},
			"storewatch: invalid waivers: DIR/w.yaml:1: want a mapping with a waivers: list, got a list"},
		{"waivers that are not a list", map[string]string{"s.json": snapshotWith(""), "w.yaml": "waivers: 5\n"}, []string{"evaluate", "DIR/s.json", "--waivers", "DIR/w.yaml"},
			"storewatch: invalid waivers: DIR/w.yaml:1: waivers: want a list of waivers, got a number 5"},
		{"misspelt waivers key", map[string]string{"s.json": snapshotWith(""), "w.yaml": "waiver:\n  - {rule: SW-LX-01}\n"}, []string{"evaluate", "DIR/s.json", "--waivers", "DIR/w.yaml"},
			`storewatch: invalid waivers: DIR/w.yaml:1: unknown key "waiver" (a waivers file holds one key, waivers: a list)`},
		{"waiver with a list for its rule", map[string]string{"s.json": snapshotWith(""), "w.yaml": "waivers:\n  - resource: x\n    rule: [SW-LX-01, SW-LX-02]\n"}, []string{"evaluate", "DIR/s.json", "--waivers", "DIR/w.yaml"},
			"storewatch: invalid waivers: DIR/w.yaml:2: waiver 1: rule at line 3: want a string, got a list"},
		{"waiver with a number for its tags", map[string]string{"s.json": snapshotWith(""), "w.yaml": "waivers:\n  - rule: SW-LX-01\n    tags: 5\n"}, []string{"evaluate", "DIR/s.json", "--waivers", "DIR/w.yaml"},
			"storewatch: invalid waivers: DIR/w.yaml:2: waiver 1: tags at line 3: want a mapping of tag keys to values, got a number 5"},
		{"waiver with a misspelt key", map[string]string{"s.json": snapshotWith(""), "w.yaml": "waivers:\n  - rule: SW-LX-01\n    expiry: 2030-01-01\n"}, []string{"evaluate", "DIR/s.json", "--waivers", "DIR/w.yaml"},
			`storewatch: invalid waivers: DIR/w.yaml:2: waiver 1: unknown key "expiry" at line 3 (want rule, resource, tags, reason, owner, expires)`},
		{"waiver that is a number", map[string]string{"s.json": snapshotWith(""), "w.yaml": "waivers:\n  - 5\n"}, []string{"evaluate", "DIR/s.json", "--waivers", "DIR/w.yaml"},
			"storewatch: invalid waivers: DIR/w.yaml:2: waiver 1: want a mapping of rule, resource, tags, reason, owner, expires, got a number 5"},
		{"waiver without owner", map[string]string{"s.json": snapshotWith(""), "w.yaml": "waivers:\n  - {rule: SW-LX-01, resource: x, reason: r, expires: 2030-01-01}\n"}, []string{"evaluate", "DIR/s.json", "--waivers", "DIR/w.yaml"},
			"storewatch: invalid waivers: DIR/w.yaml:2: waiver 1: owner is missing"},
		{"baseline that is not a baseline", map[string]string{"s.json": snapshotWith(""), "b.json": `{"schema_version": "9"}`}, []string{"evaluate", "DIR/s.json", "--baseline", "DIR/b.json"},
			"storewatch: invalid baseline: DIR/b.json: schema_version \"9\" is not supported (want 1.0; recreate it with scanner baseline create)"},
		{"baseline with a number for its findings", map[string]string{"s.json": snapshotWith(""), "b.json": `{"schema_version": "1.0", "findings": 5}`}, []string{"evaluate", "DIR/s.json", "--baseline", "DIR/b.json"},
			"storewatch: invalid baseline: DIR/b.json: at /findings: want a list, got number: not a storewatch baseline (write one with scanner baseline create)"},
		{"baseline with a number for a finding id", map[string]string{"s.json": snapshotWith(""), "b.json": `{"schema_version": "1.0", "findings": [{"id": 7}]}`}, []string{"evaluate", "DIR/s.json", "--baseline", "DIR/b.json"},
			"storewatch: invalid baseline: DIR/b.json: at /findings/0/id: want a string, got number: not a storewatch baseline (write one with scanner baseline create)"},
		{"baseline that is a JSON array", map[string]string{"s.json": snapshotWith(""), "b.json": `[]`}, []string{"evaluate", "DIR/s.json", "--baseline", "DIR/b.json"},
			"storewatch: invalid baseline: DIR/b.json: at /: want an object, got array: not a storewatch baseline (write one with scanner baseline create)"},
		{"SARIF file as the baseline", map[string]string{"s.json": snapshotWith(""), "b.json": `{"$schema": "https://json.schemastore.org/sarif-2.1.0.json", "version": "2.1.0", "runs": []}`}, []string{"evaluate", "DIR/s.json", "--baseline", "DIR/b.json"},
			"storewatch: invalid baseline: DIR/b.json: no schema_version: not a storewatch baseline (write one with scanner baseline create)"},
		{"baseline finding of an unknown status", map[string]string{"s.json": snapshotWith(""), "b.json": `{"schema_version": "1.0", "findings": [{"id": "x", "status": "Unknown"}]}`}, []string{"evaluate", "DIR/s.json", "--baseline", "DIR/b.json"},
			`storewatch: invalid baseline: DIR/b.json: finding 1 has status "Unknown" (want fail, unknown or waived)`},
		{"fail-on new without baseline", map[string]string{"s.json": snapshotWith("")}, []string{"evaluate", "DIR/s.json", "--fail-on", "new"},
			"storewatch: --fail-on new needs --baseline FILE (create one with scanner baseline create)"},
		{"unknown framework", map[string]string{"s.json": snapshotWith("")}, []string{"evaluate", "DIR/s.json", "--framework", "pci-dss"},
			"storewatch: --framework \"pci-dss\": unknown framework (see scanner frameworks list)"},
		{"bad severity override", map[string]string{"s.json": snapshotWith("")}, []string{"evaluate", "DIR/s.json", "--severity-override", "SW-LX-01"},
			"storewatch: --severity-override \"SW-LX-01\": want ID=SEVERITY"},
		{"override of an unknown rule", map[string]string{"s.json": snapshotWith("")}, []string{"evaluate", "DIR/s.json", "--severity-override", "SW-NOPE-1=low"},
			"storewatch: policy error: severity override for unknown rule \"SW-NOPE-1\""},
		{"parameter of the wrong type", map[string]string{"s.json": snapshotWith("")}, []string{"evaluate", "DIR/s.json", "--param", "SW-CWL-02.min_retention_days=abc"},
			`storewatch: policy error: parameter SW-CWL-02.min_retention_days: want a number (default 365), got a string "abc"`},
		{"negative retention parameter", map[string]string{"s.json": snapshotWith("")}, []string{"evaluate", "DIR/s.json", "--param", "SW-TI-07.min_retention_days=-5"},
			`storewatch: policy error: parameter SW-TI-07.min_retention_days: want 1 or more (default 365), got -5`},
		{"negative retention parameter in the configuration", map[string]string{"s.json": snapshotWith(""), "c.yaml": "version: 1\nparams:\n  SW-CWL-02: {min_retention_days: -5}\n"}, []string{"evaluate", "DIR/s.json", "--config", "DIR/c.yaml"},
			`storewatch: policy error: parameter SW-CWL-02.min_retention_days: want 1 or more (default 365), got -5`},
		{"parameter map with a string for a list", map[string]string{"s.json": snapshotWith("")}, []string{"evaluate", "DIR/s.json", "--param", `SW-LX-01.required={"mysql": "audit"}`},
			`storewatch: policy error: parameter SW-LX-01.required: at key "mysql": want a list (default ["audit","error","general","slowquery"]), got a string "audit"`},
		{"parameter map with a number for a new key", map[string]string{"s.json": snapshotWith("")}, []string{"evaluate", "DIR/s.json", "--param", `SW-LX-01.required={"mysql": ["audit"], "tidb": 5}`},
			`storewatch: policy error: parameter SW-LX-01.required: at key "tidb": want a list, as every value of the default is, got a number 5`},
		{"skip-rule glob that cannot match", map[string]string{"s.json": snapshotWith("")}, []string{"evaluate", "DIR/s.json", "--skip-rule", "SW-[LX-01"},
			`storewatch: usage error: --skip-rule "SW-[LX-01" is not a valid glob (a [ opens a set that needs its ])`},
		{"rule framework unknown", map[string]string{"s.json": snapshotWith("")}, []string{"evaluate", "DIR/s.json", "--rule-framework", "pci"},
			`storewatch: usage error: --rule-framework "pci": unknown framework (see scanner frameworks list)`},
		{"severity override of an unknown severity", map[string]string{"s.json": snapshotWith("")}, []string{"evaluate", "DIR/s.json", "--severity-override", "SW-LX-01=urgent"},
			`storewatch: --severity-override "SW-LX-01=urgent": unknown severity "urgent" (want critical, high, medium, low or info)`},
		{"misspelt parameter", map[string]string{"s.json": snapshotWith("")}, []string{"evaluate", "DIR/s.json", "--param", "SW-CWL-02.min_retention_dayz=1"},
			`storewatch: policy error: rule SW-CWL-02 has no parameter "min_retention_dayz" (it takes log_group_prefixes, min_retention_days)`},
		{"parameter of an unknown rule", map[string]string{"s.json": snapshotWith("")}, []string{"evaluate", "DIR/s.json", "--param", "SW-NOPE.x=1"},
			`storewatch: policy error: parameter for unknown rule "SW-NOPE"`},
		{"config check of a parameter of the wrong type", map[string]string{"storewatch.yaml": "params:\n  SW-CWL-02:\n    min_retention_days: abc\n"}, []string{"config", "check", "DIR/storewatch.yaml"},
			`storewatch: DIR/storewatch.yaml: policy error: parameter SW-CWL-02.min_retention_days: want a number (default 365), got a string "abc"`},
		{"selection that keeps nothing", map[string]string{"s.json": snapshotWith("")}, []string{"evaluate", "DIR/s.json", "--rule", "NOTHING-*"},
			"storewatch: policy error: the rule selection keeps no rule: check --rule, --skip-rule, --service, --rule-framework, --min-severity and the rules: of storewatch.yaml against scanner rules list"},
		{"plan from an unsupported format version", map[string]string{"plan.json": planWith("2.0", `{"bucket": "b"}`)}, []string{"evaluate", "DIR/plan.json"},
			"storewatch: DIR/plan.json: invalid snapshot: not a usable Terraform plan: format_version \"2.0\" is not supported: storewatch reads the plan format 1.x that Terraform 1.0 and later write"},
		{"plan format version not a version", map[string]string{"plan.json": planWith("one", `{"bucket": "b"}`)}, []string{"evaluate", "DIR/plan.json", "--input-type", "terraform-plan"},
			"storewatch: DIR/plan.json: invalid snapshot: not a usable Terraform plan: format_version \"one\" is not a version such as \"1.2\""},
		{"truncated plan", map[string]string{"plan.json": plan[:200]}, []string{"evaluate", "DIR/plan.json"},
			"storewatch: DIR/plan.json: invalid snapshot: malformed JSON at line 1, column 201: unexpected end of JSON input (is the file truncated?)"},
		{"truncated plan read as a plan", map[string]string{"plan.json": plan[:200]}, []string{"evaluate", "DIR/plan.json", "--input-type", "terraform-plan"},
			"storewatch: DIR/plan.json: invalid snapshot: not a usable Terraform plan: malformed JSON at line 1, column 201: unexpected end of JSON input"},
		{"plan with wrong types", map[string]string{"plan.json": `{"format_version": "1.2", "terraform_version": "1.11.4", "resource_changes": {"aws_s3_bucket.b": {}}}`}, []string{"evaluate", "DIR/plan.json"},
			"storewatch: DIR/plan.json: invalid snapshot: not a usable Terraform plan: wrong type at line 1, column 79 (resource_changes): want []terraform.ResourceChange, got object"},
		{"plan with a number for planned values", map[string]string{"plan.json": planWith("1.2", `7`)}, []string{"evaluate", "DIR/plan.json", "--log-level", "error"},
			"storewatch: DIR/plan.json: invalid snapshot: not a usable Terraform plan: resource change \"aws_s3_bucket.b\": the planned values are a number, want an object"},
		{"plan with a string for a number", map[string]string{"plan.json": planOf("aws_cloudwatch_log_group", `{"name": "/app", "retention_in_days": "thirty"}`, `{"arn": true}`)}, []string{"evaluate", "DIR/plan.json", "--log-level", "error"},
			"storewatch: DIR/plan.json: invalid snapshot: not a usable Terraform plan: resource aws_cloudwatch_log_group.x: retention_in_days: the plan gives a string, want a number"},
		{"plan with an object for a number", map[string]string{"plan.json": planOf("aws_cloudwatch_log_group", `{"name": "/app", "retention_in_days": {"days": 30}}`, `{"arn": true}`)}, []string{"evaluate", "DIR/plan.json", "--log-level", "error"},
			"storewatch: DIR/plan.json: invalid snapshot: not a usable Terraform plan: resource aws_cloudwatch_log_group.x: retention_in_days: the plan gives an object, want a number"},
		{"plan with a string for a list", map[string]string{"plan.json": planOf("aws_db_instance", `{"identifier": "orders", "engine": "postgres", "enabled_cloudwatch_logs_exports": "postgresql"}`, `{"arn": true}`)}, []string{"evaluate", "DIR/plan.json", "--log-level", "error"},
			"storewatch: DIR/plan.json: invalid snapshot: not a usable Terraform plan: resource aws_db_instance.x: enabled_cloudwatch_logs_exports: the plan gives a string, want an array"},
		{"plan with a list for a map", map[string]string{"plan.json": planOf("aws_cloudwatch_metric_alarm", `{"alarm_name": "a", "namespace": "AWS/RDS", "metric_name": "CPUUtilization", "dimensions": ["orders"], "metric_query": []}`, `{"arn": true}`)}, []string{"evaluate", "DIR/plan.json", "--log-level", "error"},
			"storewatch: DIR/plan.json: invalid snapshot: not a usable Terraform plan: resource aws_cloudwatch_metric_alarm.x: dimensions: the plan gives an array, want an object"},
		{"plan with an object for nested blocks", map[string]string{"plan.json": planOf("aws_elasticache_replication_group", `{"replication_group_id": "s", "engine": "redis", "log_delivery_configuration": {"log_type": "slow-log"}}`, `{"arn": true, "member_clusters": true}`)}, []string{"evaluate", "DIR/plan.json", "--log-level", "error"},
			"storewatch: DIR/plan.json: invalid snapshot: not a usable Terraform plan: resource aws_elasticache_replication_group.x: log_delivery_configuration: the plan gives an object, want an array"},
		{"plan with a string in after_unknown", map[string]string{"plan.json": planOf("aws_s3_bucket", `{"bucket": "b"}`, `{"arn": "yes"}`)}, []string{"evaluate", "DIR/plan.json", "--log-level", "error"},
			"storewatch: DIR/plan.json: invalid snapshot: not a usable Terraform plan: resource change \"aws_s3_bucket.x\": after_unknown.arn is a string, want true, false, an object or an array"},
		{"plan with an object for an index", map[string]string{"plan.json": strings.Replace(planWith("1.2", `{"bucket": "b"}`), `"name": "b",`, `"name": "b", "index": {"k": 1},`, 1)}, []string{"evaluate", "DIR/plan.json", "--log-level", "error"},
			"storewatch: DIR/plan.json: invalid snapshot: not a usable Terraform plan: resource change \"aws_s3_bucket.b\": index is an object, want a number (count) or a string (for_each)"},
		{"plan with non-UTF-8 names", map[string]string{"plan.json": planWith("1.2", `{"bucket": "orders-`+"\xff\xfe"+`"}`)}, []string{"evaluate", "DIR/plan.json"},
			"storewatch: DIR/plan.json: invalid snapshot: not a usable Terraform plan: invalid UTF-8 at line 1, column 301 (JSON text must be UTF-8)"},
		{"plan that errored", map[string]string{"plan.json": strings.Replace(plan, `"resource_changes"`, `"errored": true, "resource_changes"`, 1)}, []string{"evaluate", "DIR/plan.json"},
			"storewatch: DIR/plan.json: invalid snapshot: not a usable Terraform plan: the plan errored, so its end state is not what apply would produce; fix the plan first"},
		{"state instead of a plan", map[string]string{"state.json": `{"format_version": "1.0", "terraform_version": "1.11.4", "values": {"root_module": {}}}`}, []string{"evaluate", "DIR/state.json", "--input-type", "terraform-plan"},
			"storewatch: DIR/state.json: invalid snapshot: not a usable Terraform plan: this is a state, not a plan: run `terraform show -json PLANFILE` on a saved plan"},
		{"user rule that loops", map[string]string{"s.json": withBucket, "rules/loop.rego": userRule("loop", "deny contains {\"id\": b.id, \"msg\": \"never\"} if {\n\tsome b in input.s3_buckets\n\tsome i in numbers.range(1, 100000)\n\tsome j in numbers.range(1, 100000)\n\ti + j < 0\n}\n")},
			[]string{"evaluate", "DIR/s.json", "--policy", "DIR/rules", "--eval-timeout", "1s"},
			"storewatch: evaluation error: rules did not finish within 1s"},
		{"user rule that allocates without bound", map[string]string{"s.json": withBucket, "rules/mem.rego": userRule("mem", "deny contains {\"id\": b.id, \"msg\": sprintf(\"%d\", [count(big)])} if {\n\tsome b in input.s3_buckets\n\tbig := [sprintf(\"%01048576d\", [i]) | some i in numbers.range(1, 1000000)]\n}\n")},
			[]string{"evaluate", "DIR/s.json", "--policy", "DIR/rules", "--memory-limit", "256MiB"},
			"storewatch: evaluation error: memory limit: the rules used more than 256 MiB"},
		{"bad memory limit", map[string]string{"s.json": snapshotWith("")}, []string{"evaluate", "DIR/s.json", "--memory-limit", "lots"},
			"storewatch: --memory-limit \"lots\": want a size such as 512MiB or 4GiB"},
		{"zero memory limit", map[string]string{"s.json": snapshotWith("")}, []string{"evaluate", "DIR/s.json", "--memory-limit", "0MiB"},
			"storewatch: --memory-limit \"0MiB\": want a size such as 512MiB or 4GiB"},
		{"negative evaluation timeout", map[string]string{"s.json": snapshotWith("")}, []string{"evaluate", "DIR/s.json", "--eval-timeout", "-1s"},
			"storewatch: --eval-timeout -1s: want a positive duration, or 0 for no bound"},
		{"escape sequence in a waiver key", map[string]string{"s.json": snapshotWith(""), "w.yaml": "waivers:\n  - rule: X\n    \"\\e[31mred\\e]0;title\\a\": 1\n"}, []string{"evaluate", "DIR/s.json", "--waivers", "DIR/w.yaml"},
			`storewatch: invalid waivers: DIR/w.yaml:2: waiver 1: unknown key "\x1b[31mred\x1b]0;title\x07" at line 3 (want rule, resource, tags, reason, owner, expires)`},
		{"escape sequence in a snapshot key", map[string]string{"s.json": snapshotWith(`, "\u001b[2J": 1`)}, []string{"evaluate", "DIR/s.json"},
			`storewatch: DIR/s.json: invalid snapshot: schema violation at /\x1b[2J: unknown key "\x1b[2J" (misspelt, or written by a newer storewatch?)`},
		{"report as the baseline", map[string]string{"s.json": snapshotWith(""), "r.json": emptyReport()}, []string{"evaluate", "DIR/s.json", "--baseline", "DIR/r.json"},
			"storewatch: invalid baseline: DIR/r.json is a storewatch JSON report, not a baseline (write one with scanner baseline create SNAPSHOT)"},
		{"report as the snapshot", map[string]string{"r.json": emptyReport()}, []string{"evaluate", "DIR/r.json"},
			"storewatch: DIR/r.json: invalid snapshot: this is a storewatch JSON report, not a snapshot: give the snapshot it judged (the report's snapshot.file), or compare reports with scanner diff"},
		{"baseline as the snapshot", map[string]string{"b.json": `{"schema_version": "1.0", "tool": {"name": "storewatch"}, "findings": []}`}, []string{"evaluate", "DIR/b.json"},
			"storewatch: DIR/b.json: invalid snapshot: this is a storewatch baseline (scanner baseline create), not a snapshot: give it with --baseline"},
		{"snapshot as the baseline", map[string]string{"s.json": snapshotWith("")}, []string{"evaluate", "DIR/s.json", "--baseline", "DIR/s.json", "--fail-on", "new"},
			"storewatch: invalid baseline: DIR/s.json: no findings list: not a baseline (write one with scanner baseline create)"},
		{"truncated baseline", map[string]string{"s.json": snapshotWith(""), "b.json": `{"schema_version": "1.0", "findings": [`}, []string{"evaluate", "DIR/s.json", "--baseline", "DIR/b.json"},
			"storewatch: invalid baseline: DIR/b.json: malformed JSON at line 1, column 40: unexpected end of JSON input"},
		{"diff of a report whose finding has no resource", map[string]string{"a.json": report, "b.json": strings.Replace(report, `"findings": []`, `"findings": [{"id": "x", "rule_id": "SW-LX-01", "status": "fail", "severity": "high", "message": "m"}]`, 1)}, []string{"diff", "DIR/a.json", "DIR/b.json"},
			"storewatch: DIR/b.json: invalid snapshot: report schema violation at /findings/0: missing property 'resource'"},
		{"diff of a report that is not a report", map[string]string{"a.json": report, "b.json": `{"schema_version": "1.0", "findings": []}`}, []string{"diff", "DIR/a.json", "DIR/b.json"},
			"storewatch: DIR/b.json: invalid snapshot: report schema violation at /: missing properties 'tool', 'generated_at', 'snapshot', 'rules', 'stores', 'collection_errors', 'summary'"},
		{"report into a missing directory", map[string]string{"s.json": withBucket}, []string{"evaluate", "DIR/s.json", "-o", "html=DIR/missing/report.html"},
			"storewatch: write html report: create DIR/missing/report.html: no such file or directory"},
		{"report onto a directory", map[string]string{"s.json": withBucket, "adir/keep": ""}, []string{"evaluate", "DIR/s.json", "-o", "sarif=DIR/adir"},
			"storewatch: write sarif report: create DIR/adir: is a directory"},
		{"two reports to one path", map[string]string{"s.json": withBucket}, []string{"evaluate", "DIR/s.json", "-o", "json=DIR/out.json", "-o", "sarif=DIR/./out.json"},
			"storewatch: usage error: the json report and the sarif report would both be written to DIR/./out.json"},
		{"report over its snapshot", map[string]string{"s.json": withBucket}, []string{"evaluate", "DIR/s.json", "-o", "sarif=DIR/s.sarif", "-o", "json=DIR/./s.json"},
			"storewatch: usage error: the json report would be written over the input DIR/s.json"},
		{"two reports to stdout", map[string]string{"s.json": withBucket}, []string{"evaluate", "DIR/s.json", "--format", "table", "-o", "sarif=-"},
			"storewatch: usage error: the table report and the sarif report would both be written to standard output: ask for one there (--format, or -o FORMAT=-), the other into a file"},
		{"baseline into a missing directory", map[string]string{"s.json": withBucket}, []string{"baseline", "create", "DIR/s.json", "-o", "DIR/missing/baseline.json"},
			"storewatch: create DIR/missing/baseline.json: no such file or directory"},
		{"baseline onto a directory", map[string]string{"s.json": withBucket, "adir/keep": ""}, []string{"baseline", "create", "DIR/s.json", "-o", "DIR/adir"},
			"storewatch: create DIR/adir: is a directory"},
		{"merged snapshot onto a directory", map[string]string{"s.json": withBucket, "adir/keep": ""}, []string{"merge", "DIR/s.json", "-o", "DIR/adir"},
			"storewatch: create DIR/adir: is a directory"},
		{"merge of a directory", map[string]string{"s.json": withBucket, "adir/keep": ""}, []string{"merge", "DIR/s.json", "DIR/adir"},
			"storewatch: usage error: DIR/adir is a directory, not a snapshot file"},
		{"merge of a missing file", map[string]string{"s.json": withBucket}, []string{"merge", "DIR/s.json", "DIR/absent.json"},
			"storewatch: DIR/absent.json: no such file or directory"},
		{"merge with a missing account list", map[string]string{"s.json": withBucket}, []string{"merge", "DIR/s.json", "--accounts", "DIR/accounts.txt"},
			"storewatch: --accounts: DIR/accounts.txt: no such file or directory"},
		{"merge with an endless account list", map[string]string{"s.json": withBucket}, []string{"merge", "DIR/s.json", "--accounts", "/dev/zero"},
			"storewatch: --accounts: /dev/zero is larger than 16 MiB: is it the right file?"},
		{"demo into a file", map[string]string{"s.json": withBucket}, []string{"demo", "--out", "DIR/s.json"},
			"storewatch: usage error: --out DIR/s.json is a file, not a directory: name a directory for the demo's reports"},
		{"diff of two baselines", map[string]string{"b.json": `{"schema_version": "1.0", "tool": {"name": "storewatch"}, "findings": [{"id": "x", "rule_id": "SW-LX-01", "resource": "r", "status": "fail"}]}`}, []string{"diff", "DIR/b.json", "DIR/b.json"},
			"storewatch: usage error: DIR/b.json is a baseline (scanner baseline create): diff compares two snapshots or two JSON reports (-o json=FILE)"},
		{"diff of two SARIF files", map[string]string{"r.sarif": `{"version": "2.1.0", "runs": []}`}, []string{"diff", "DIR/r.sarif", "DIR/r.sarif"},
			"storewatch: usage error: DIR/r.sarif is a SARIF file: diff compares two snapshots or two JSON reports (-o json=FILE)"},
		{"diff of a snapshot and a report", map[string]string{"s.json": snapshotWith(""), "r.json": report}, []string{"diff", "DIR/s.json", "DIR/r.json"},
			"storewatch: usage error: diff compares two snapshots or two JSON reports, not one of each"},
	}
}

// gzipped is s compressed with gzip.
func gzipped(s string) string {
	var buf bytes.Buffer
	w := gzip.NewWriter(&buf)
	_, _ = w.Write([]byte(s))
	_ = w.Close()
	return buf.String()
}

// utf16LE is s in UTF-16LE with a byte-order mark, as Windows PowerShell 5.1 writes `>`.
func utf16LE(s string) string {
	b := []byte{0xff, 0xfe}
	for _, u := range utf16.Encode([]rune(s)) {
		b = append(b, byte(u), byte(u>>8))
	}
	return string(b)
}

func formatsForTest() []string {
	return strings.Split(strings.TrimPrefix(joinFormats(), ""), ", ")
}

func TestBadInputs(t *testing.T) {
	for _, tt := range badInputs() {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			for name, content := range tt.files {
				p := filepath.Join(dir, name)
				if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			args := make([]string, 0, len(tt.args)+2*len(reporters.Formats()))
			for _, a := range tt.args {
				args = append(args, strings.ReplaceAll(a, "DIR", dir))
			}
			if args[0] == "evaluate" {
				// Ask for every report: a failed run must write none of them.
				for _, f := range reporters.Formats() {
					args = append(args, "-o", f+"="+filepath.Join(dir, "report."+f))
				}
			}
			code, stdout, stderr := runCLI(t, args...)
			got := strings.TrimSpace(strings.ReplaceAll(stderr, dir, "DIR"))
			if code != exitError {
				t.Errorf("exit code %d, want 2", code)
			}
			if got != tt.want {
				t.Errorf("stderr:\n%s\nwant:\n%s", got, tt.want)
			}
			if stdout != "" {
				t.Errorf("stdout is not empty: %.200q", stdout)
			}
			assertOnlyFiles(t, dir, tt.files)
		})
	}
}

// assertOnlyFiles fails when dir holds anything but the given files: a report, a snapshot
// or a temporary file left by a failed run.
func assertOnlyFiles(t *testing.T, dir string, want map[string]string) {
	t.Helper()
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		if _, ok := want[filepath.ToSlash(rel)]; !ok {
			t.Errorf("a failed run left %s behind", rel)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestHugeInput feeds a 100 MB file that is not JSON: one clear error, quickly, and no
// output files.
func TestHugeInput(t *testing.T) {
	if testing.Short() {
		t.Skip("writes 100 MB")
	}
	dir := t.TempDir()
	p := filepath.Join(dir, "huge.json")
	data := bytes.Repeat([]byte("storewatch "), 100<<20/11)
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "report.json")
	code, _, stderr := runCLI(t, "evaluate", p, "-o", "json="+out)
	if code != exitError || !strings.Contains(stderr, "invalid snapshot: malformed JSON at line 1, column 2") {
		t.Errorf("exit %d, stderr %q", code, stderr)
	}
	if _, err := os.Stat(out); !os.IsNotExist(err) {
		t.Errorf("a failed run left %s behind", out)
	}
}

// TestFailedCollectionWritesNothing covers the commands that write a snapshot: a
// collection that cannot start (an endpoint that refuses connections, a mistyped region or
// endpoint service) or whose outputs cannot be written fails with one message and exit
// code 2, before any call for the outputs, and leaves no snapshot, report or temporary
// file behind.
func TestFailedCollectionWritesNothing(t *testing.T) {
	isolateAWS(t)
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	closed := "http://" + l.Addr().String()
	_ = l.Close()
	aws := []string{"--endpoint-url", closed, "--region", "us-east-1", "--max-attempts", "1", "--call-timeout", "2s"}
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"collect with an endpoint that refuses connections", []string{"collect", "-o", "DIR/snapshot.json"},
			"storewatch: the AWS endpoint could not be reached: sts:GetCallerIdentity: "},
		{"scan with an endpoint that refuses connections", []string{"scan", "-o", "json=DIR/report.json", "-o", "sarif=DIR/report.sarif"},
			"storewatch: the AWS endpoint could not be reached: sts:GetCallerIdentity: "},
		{"scan of a mistyped region", []string{"scan", "-o", "json=DIR/report.json", "--region", "eu-west1"},
			`storewatch: usage error: --region "eu-west1" is not a region name such as eu-west-1 or us-gov-west-1`},
		{"collect with an endpoint of an unknown service", []string{"collect", "-o", "DIR/snapshot.json", "--endpoint", "nosuch=http://x"},
			`storewatch: usage error: --endpoint "nosuch=http://x": unknown service "nosuch"`},
		{"collect into a missing directory", []string{"collect", "-o", "DIR/missing/snapshot.json"},
			"storewatch: write snapshot: create DIR/missing/snapshot.json: no such file or directory"},
		{"scan with a report into a missing directory", []string{"scan", "-o", "json=DIR/report.json", "-o", "html=DIR/missing/report.html"},
			"storewatch: write html report: create DIR/missing/report.html: no such file or directory"},
		{"scan with its snapshot where a report goes", []string{"scan", "-o", "json=DIR/report.json", "--snapshot", "DIR/report.json"},
			"storewatch: usage error: the snapshot and the json report would both be written to DIR/report.json"},
		{"scan with its snapshot into a missing directory", []string{"scan", "-o", "json=DIR/report.json", "--snapshot", "DIR/missing/snapshot.json"},
			"storewatch: write snapshot: create DIR/missing/snapshot.json: no such file or directory"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			var args []string
			for _, a := range append(tt.args, aws...) {
				args = append(args, strings.ReplaceAll(a, "DIR", dir))
			}
			code, stdout, stderr := runCLI(t, args...)
			got := strings.TrimSpace(strings.ReplaceAll(stderr, dir, "DIR"))
			if code != exitError || !strings.HasPrefix(got, tt.want) || strings.Count(got, "\n") > 0 {
				t.Errorf("exit %d, stderr:\n%s\nwant exit 2 and one line starting:\n%s", code, got, tt.want)
			}
			if stdout != "" {
				t.Errorf("stdout is not empty: %.200q", stdout)
			}
			assertOnlyFiles(t, dir, nil)
		})
	}
}

// TestBadCollectionFlags: a value the collector cannot use is refused before any call,
// rather than silently replaced by the default (or, for a rate that is not a number,
// silently turning pacing off; for an AWS_ENDPOINT_URL without a scheme, taken by the SDK
// and failing as missing credentials). An argument ENV:NAME=VALUE sets a variable.
func TestBadCollectionFlags(t *testing.T) {
	isolateAWS(t)
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"collect with a negative call timeout", []string{"collect", "-o", "DIR/snapshot.json", "--region", "us-east-1", "--endpoint-url", "http://127.0.0.1:1", "--call-timeout", "-1s"},
			"storewatch: usage error: --call-timeout -1s: want a positive duration such as 30s"},
		{"collect with no attempts", []string{"collect", "-o", "DIR/snapshot.json", "--region", "us-east-1", "--endpoint-url", "http://127.0.0.1:1", "--max-attempts", "0"},
			"storewatch: usage error: --max-attempts 0: want 1 or more"},
		{"collect with negative concurrency", []string{"collect", "-o", "DIR/snapshot.json", "--region", "us-east-1", "--endpoint-url", "http://127.0.0.1:1", "--concurrency", "-3"},
			"storewatch: usage error: --concurrency -3: want 1 or more"},
		{"collect at a rate that is not a number", []string{"collect", "-o", "DIR/snapshot.json", "--region", "us-east-1", "--endpoint-url", "http://127.0.0.1:1", "--rate", "NaN"},
			"storewatch: usage error: --rate NaN: want calls per second above 0, such as 20 (negative: unpaced)"},
		{"collect at a rate of 0", []string{"collect", "-o", "DIR/snapshot.json", "--region", "us-east-1", "--endpoint-url", "http://127.0.0.1:1", "--rate", "0"},
			"storewatch: usage error: --rate 0: want calls per second above 0, such as 20 (negative: unpaced)"},
		{"scan at a rate of 0", []string{"scan", "-o", "json=DIR/r.json", "--region", "us-east-1", "--endpoint-url", "http://127.0.0.1:1", "--rate", "0"},
			"storewatch: usage error: --rate 0: want calls per second above 0, such as 20 (negative: unpaced)"},
		{"collect with a directory for the AWS config file", []string{"collect", "-o", "DIR/snapshot.json", "--region", "us-east-1", "ENV:AWS_CONFIG_FILE=DIR"},
			"storewatch: AWS shared config file (AWS_CONFIG_FILE, AWS_SHARED_CREDENTIALS_FILE or ~/.aws): DIR is a directory, not a file"},
		{"collect assuming something that is not a role", []string{"collect", "-o", "DIR/snapshot.json", "--region", "us-east-1", "--role-arn", "storewatch-audit"},
			`storewatch: usage error: --role-arn "storewatch-audit" is not a role ARN such as arn:aws:iam::111122223333:role/storewatch-audit`},
		{"collect with an external id for no role", []string{"collect", "-o", "DIR/snapshot.json", "--region", "us-east-1", "--external-id", "X"},
			"storewatch: usage error: --external-id is for the role of --role-arn or --org-role; give one of them"},
		{"collect with an endpoint URL that does not parse", []string{"collect", "-o", "DIR/snapshot.json", "--region", "us-east-1", "--endpoint-url", ":::"},
			`storewatch: usage error: --endpoint-url: endpoint URL ":::": want http://HOST[:PORT] or https://HOST[:PORT]`},
		{"collect with AWS_ENDPOINT_URL without a scheme", []string{"collect", "-o", "DIR/snapshot.json", "--region", "us-east-1", "ENV:AWS_ENDPOINT_URL=localhost:4566"},
			`storewatch: usage error: AWS_ENDPOINT_URL: endpoint URL "localhost:4566": want http://HOST[:PORT] or https://HOST[:PORT]`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			var args []string
			for _, a := range tt.args {
				if env, ok := strings.CutPrefix(a, "ENV:"); ok {
					k, v, _ := strings.Cut(env, "=")
					t.Setenv(k, strings.ReplaceAll(v, "DIR", dir))
					continue
				}
				args = append(args, strings.ReplaceAll(a, "DIR", dir))
			}
			code, stdout, stderr := runCLI(t, args...)
			if got := strings.TrimSpace(strings.ReplaceAll(stderr, dir, "DIR")); code != exitError || got != tt.want {
				t.Errorf("exit %d, stderr:\n%s\nwant exit 2 and:\n%s", code, got, tt.want)
			}
			if stdout != "" {
				t.Errorf("stdout is not empty: %.200q", stdout)
			}
			assertOnlyFiles(t, dir, nil)
		})
	}
}

// TestBadEnvironmentValues: a value an environment variable gives a flag that does not
// parse, or that the flag does not take, is named with the variable, the flag and what it
// wants: not with Go's parser error (`strconv.ParseBool: parsing "maybe": invalid
// syntax`), nor as a --fail-on the user never typed.
func TestBadEnvironmentValues(t *testing.T) {
	snap := writeTemp(t, "s.json", snapshotWith(""))
	tests := []struct {
		env, value string
		want       string
	}{
		{"STOREWATCH_FAIL_ON_UNKNOWN", "maybe",
			`storewatch: usage error: STOREWATCH_FAIL_ON_UNKNOWN="maybe" (--fail-on-unknown): want true or false (see scanner evaluate --help)`},
		{"STOREWATCH_FAIL_ON", "urgent",
			`storewatch: STOREWATCH_FAIL_ON="urgent" (--fail-on): want a severity (critical, high, medium, low or info), new or none`},
		{"STOREWATCH_MIN_SEVERITY", "severe",
			`storewatch: STOREWATCH_MIN_SEVERITY="severe" (--min-severity): want critical, high, medium, low or info`},
		{"STOREWATCH_EVAL_TIMEOUT", "10 minutes",
			`storewatch: usage error: STOREWATCH_EVAL_TIMEOUT="10 minutes" (--eval-timeout): want a duration such as 90s, 10m or 1h30m (see scanner evaluate --help)`},
		{"STOREWATCH_EVAL_TIMEOUT", "-5m",
			`storewatch: STOREWATCH_EVAL_TIMEOUT="-5m" (--eval-timeout): want a positive duration, or 0 for no bound`},
		{"STOREWATCH_MEMORY_LIMIT", "0",
			`storewatch: STOREWATCH_MEMORY_LIMIT="0" (--memory-limit): want a size such as 512MiB or 4GiB`},
		{"STOREWATCH_MEMORY_LIMIT", "-1GiB",
			`storewatch: STOREWATCH_MEMORY_LIMIT="-1GiB" (--memory-limit): want a size such as 512MiB or 4GiB`},
	}
	for _, tt := range tests {
		t.Run(tt.env+"="+tt.value, func(t *testing.T) {
			t.Setenv(tt.env, tt.value)
			code, stdout, stderr := runCLI(t, "evaluate", snap)
			if got := strings.TrimSpace(stderr); code != exitError || got != tt.want {
				t.Errorf("exit %d, stderr:\n%s\nwant exit 2 and:\n%s", code, got, tt.want)
			}
			if stdout != "" {
				t.Errorf("stdout is not empty: %.200q", stdout)
			}
		})
	}
}
