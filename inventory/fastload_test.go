package inventory

import (
	"bytes"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"
)

func TestParseFastReadsWrittenSnapshots(t *testing.T) {
	data := validSnapshot(t)
	fast, ok := parseFast(data)
	if !ok {
		t.Fatal("the fast path refused a snapshot storewatch wrote")
	}
	ref, err := parseReference(data)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(ref, fast); diff != "" {
		t.Errorf("fast and reference paths disagree (-reference +fast):\n%s", diff)
	}
}

// TestParseFastDefers lists documents the fast path must leave to the reference path: the
// invalid ones (so their errors keep their wording) and those it cannot be sure of.
func TestParseFastDefers(t *testing.T) {
	valid := string(validSnapshot(t))
	replace := func(old, new string) string {
		if !strings.Contains(valid, old) {
			t.Fatalf("the valid snapshot has no %q", old)
		}
		return strings.Replace(valid, old, new, 1)
	}
	tests := map[string]string{
		"empty":                  "",
		"truncated":              valid[:len(valid)/2],
		"trailing garbage":       valid + "x",
		"two documents":          valid + valid,
		"array":                  "[]",
		"no version":             replace(`"schema_version": "1.0",`, ""),
		"newer version":          replace(`"schema_version": "1.0"`, `"schema_version": "1.9"`),
		"duplicate top-level":    replace(`"schema_version": "1.0",`, `"schema_version": "1.0", "schema_version": "1.0",`),
		"unknown top-level":      replace(`"schema_version": "1.0",`, `"schema_version": "1.0", "extra": 1,`),
		"duplicate key deep":     replace(`"engine": "mysql"`, `"engine": "mysql", "engine": "postgres"`),
		"duplicate map key":      replace(`"engine": "mysql"`, `"engine": "mysql", "tags": {"a": "1", "b": "2", "a": "3"}`),
		"duplicate escaped key":  replace(`"engine": "mysql"`, `"engine": "mysql", "tags": {"a": "1", "\u0061": "3"}`),
		"wrong type deep":        replace(`"engine": "mysql"`, `"engine": 5`),
		"unknown field deep":     replace(`"engine": "mysql"`, `"engine": "mysql", "engin": "x"`),
		"missing required deep":  replace(`"id": "arn:aws:rds:us-east-1:111122223333:db:a",`, ``),
		"integer written as 1.0": replace(`"engine": "mysql"`, `"engine": "mysql", "allocated_storage": 1.0`),
		"integer too large":      replace(`"engine": "mysql"`, `"engine": "mysql", "allocated_storage": 1e400`),
		"bad escape":             replace(`"engine": "mysql"`, `"engine": "my\qsql"`),
		"control character":      replace(`"engine": "mysql"`, "\"engine\": \"my\x01sql\""),
		"trailing comma":         replace(`"engine": "mysql"`, `"engine": "mysql",`),
		"null collection":        replace(`"db_instances": [`, `"db_instances": null, "x": [`),
		"bad date":               replace(`"collected_at": "2026-01-02T03:04:05Z"`, `"collected_at": "yesterday"`),
		"leading zero":           replace(`"engine": "mysql"`, `"engine": "mysql", "allocated_storage": 01`),
	}
	for name, data := range tests {
		t.Run(name, func(t *testing.T) {
			if _, ok := parseFast([]byte(data)); ok {
				t.Error("the fast path accepted it")
			}
		})
	}
}

func TestParseFastAcceptsWhatItCan(t *testing.T) {
	valid := string(validSnapshot(t))
	tests := map[string]string{
		"compact":        compact(t, valid),
		"escaped key":    strings.Replace(valid, `"engine": "mysql"`, `"engin\u0065": "mysql"`, 1),
		"escaped string": strings.Replace(valid, `"engine": "mysql"`, `"engine": "my\"sql\u00e9"`, 1),
		"tags":           strings.Replace(valid, `"engine": "mysql"`, `"engine": "mysql", "tags": {"a": "b", "c": ""}`, 1),
		"number":         strings.Replace(valid, `"engine": "mysql"`, `"engine": "mysql", "allocated_storage": -12`, 1),
		"empty lists and maps": strings.Replace(valid, `"engine": "mysql"`,
			`"engine": "mysql", "enabled_log_exports": [], "parameters": {}, "tags": {}`, 1),
		"escapes in a map": strings.Replace(valid, `"engine": "mysql"`, `"engine": "mysql", "tags": {"k\"ey": "v\u00e9", "\u0041": "\ud83d\ude00"}`, 1),
		"broken surrogate": strings.Replace(valid, `"engine": "mysql"`, `"engine": "\ud800x"`, 1),
		"nullable null and numbers": strings.Replace(valid, `"accounts": [`, `"alarms": [{"id": "a", "type": "AWS::CloudWatch::Alarm", "arn": "a", "name": "a", "account_id": "1", "region": "r",
			"threshold": null, "period": 60, "evaluation_periods": 0},
			{"id": "b", "type": "AWS::CloudWatch::Alarm", "arn": "b", "name": "b", "account_id": "1", "region": "r", "threshold": -1.5e-7}], "accounts": [`, 1),
	}
	for name, data := range tests {
		t.Run(name, func(t *testing.T) {
			fast, ok := parseFast([]byte(data))
			if !ok {
				t.Fatal("the fast path refused a valid snapshot")
			}
			ref, err := parseReference([]byte(data))
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(ref, fast); diff != "" {
				t.Errorf("fast and reference paths disagree (-reference +fast):\n%s", diff)
			}
		})
	}
}

func compact(t *testing.T, s string) string {
	var buf bytes.Buffer
	if err := jsonCompact(&buf, []byte(s)); err != nil {
		t.Fatal(err)
	}
	return buf.String()
}

// FuzzParseFastMatchesReference holds the fast path to its contract: whatever it accepts,
// the reference path accepts with the same result.
func FuzzParseFastMatchesReference(f *testing.F) {
	f.Add(validSnapshot(f))
	f.Add([]byte(`{"schema_version":"1.0"}`))
	f.Add([]byte(`{"schema_version":"1.0","tool":{"name":"a","version":"b"},"collected_at":"2026-01-02T03:04:05Z","sources":[],"accounts":[]}`))
	// Text that is not UTF-8 never reaches either path: Parse refuses it first, where the
	// reference decoder would otherwise replace the bad bytes and the fast one keep them.
	f.Add(bytes.Replace(validSnapshot(f), []byte(`"test"`), []byte("\"te\xcdst\""), 1))
	f.Fuzz(func(t *testing.T, data []byte) {
		if !utf8.Valid(data) {
			if _, err := Parse(data); err == nil {
				t.Fatal("Parse accepted text that is not UTF-8")
			}
			return
		}
		fast, fields, ok := parseFastFields(data)
		if !ok {
			return
		}
		ref, err := parseReference(data)
		if err != nil {
			t.Fatalf("the fast path accepted what the reference path refuses: %v", err)
		}
		if diff := cmp.Diff(ref, fast); diff != "" {
			t.Fatalf("fast and reference paths disagree (-reference +fast):\n%s", diff)
		}
		if diff := cmp.Diff(LineIndex(data), entrySpans(data, fast, fields)); diff != "" {
			t.Fatalf("entry spans differ from LineIndex (-LineIndex +fast):\n%s", diff)
		}
	})
}

// TestDecodePlansCoverTheModel keeps every collection on the fast decoder: a model type it
// does not handle would quietly fall back to encoding/json, three times slower.
func TestDecodePlansCoverTheModel(t *testing.T) {
	st := reflect.TypeFor[Snapshot]()
	for i := 0; i < st.NumField(); i++ {
		f := st.Field(i)
		ft := f.Type
		if ft.Kind() == reflect.Slice {
			ft = ft.Elem()
		}
		if planFor(ft) == nil {
			t.Errorf("the fast decoder does not handle %s (%s): extend fastdecode.go", f.Name, ft)
		}
	}
}
