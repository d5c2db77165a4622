package reporters

import (
	"bytes"
	"encoding/json"
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/storewatch/storewatch/inventory"
	"github.com/storewatch/storewatch/policies"
)

// TestFindingJSONFields fails when policies.Finding gains, loses or renames a JSON field:
// appendFindingJSON writes them by hand and must learn of it.
func TestFindingJSONFields(t *testing.T) {
	for typ, want := range map[reflect.Type][]string{
		reflect.TypeFor[policies.Finding](): {"id", "rule_id", "status", "severity", "message", "resource",
			"evidence,omitempty", "errors,omitempty", "waiver,omitempty", "baseline,omitempty"},
		reflect.TypeFor[policies.Resource](): {"id", "type", "name", "arn,omitempty", "account_id", "region", "tags,omitempty", "source,omitempty", "location,omitempty"},
		reflect.TypeFor[policies.Location](): {"file", "start_line", "end_line"},
	} {
		var tags []string
		for i := range typ.NumField() {
			tags = append(tags, typ.Field(i).Tag.Get("json"))
		}
		if !slices.Equal(tags, want) {
			t.Errorf("%s's JSON fields are %v; appendFindingJSON writes %v", typ, tags, want)
		}
	}
}

func TestFindingJSONMatchesMarshal(t *testing.T) {
	res := &policies.Resource{ID: "arn:aws:rds:us-east-1:1:db:<a&b>", Type: inventory.TypeDBInstance, Name: hostileName,
		AccountID: "1", Region: "us-east-1", Tags: map[string]string{"z": "\u2028", "a": ""},
		Source:   &inventory.SourceRef{Address: "aws_db_instance.x", File: "main.tf", StartLine: 3, EndLine: 9},
		Location: &policies.Location{File: "main.tf", StartLine: 3, EndLine: 9}}
	findings := []policies.Finding{
		{ID: "1", RuleID: "SW-X-01", Status: policies.StatusPass, Severity: policies.SeverityLow, Message: "ok", Resource: res},
		{ID: "2", RuleID: "SW-X-01", Status: policies.StatusFail, Severity: policies.SeverityHigh, Message: hostileName, Resource: res,
			Evidence: json.RawMessage(`{"a": [1, "<b>"],  "c": {"\u2028": null}}`)},
		{ID: "2b", RuleID: "SW-X-01", Status: policies.StatusFail, Message: "canonical", Resource: res,
			Evidence: json.RawMessage(`{"a":[1,"b c"],"d":{}}`)},
		{ID: "3", RuleID: "SW-X-02", Status: policies.StatusUnknown, Message: "m", Resource: res,
			Errors: []inventory.CollectionError{{Source: inventory.SourceAWS, AccountID: "1", Region: "us-east-1", Service: "rds",
				Operation: "rds:DescribeDBInstances", Code: "Throttling", Message: "rate <exceeded>"}}},
		{ID: "4", RuleID: "SW-X-02", Status: policies.StatusWaived, Message: "m", Resource: res, Baseline: "new",
			Waiver: &policies.WaiverRef{Rule: "SW-X-02", Reason: "r & d", Owner: "o", Expires: time.Date(2027, 1, 2, 0, 0, 0, 0, time.UTC), Expired: true}},
		{ID: "5", RuleID: "SW-X-03", Status: policies.StatusPass, Message: "no resource"},
		{ID: "6", RuleID: "SW-X-03", Status: policies.StatusPass, Message: "bare", Resource: &policies.Resource{ID: "r"}},
		{ID: "7", RuleID: "SW-X-03", Status: policies.StatusPass, Message: "planned", Resource: &policies.Resource{ID: "aws_s3_bucket.b",
			Tags: map[string]string{}, Source: &inventory.SourceRef{Address: "module.m.aws_s3_bucket.b",
				ModuleCalls: []inventory.ModuleCallRef{{Name: "m", File: "main.tf", StartLine: 1, EndLine: 4}}}}},
	}
	for i := range findings {
		compact, err := json.Marshal(&findings[i])
		if err != nil {
			t.Fatal(err)
		}
		// A finding two levels deep: every line after the first starts four spaces in.
		var indented bytes.Buffer
		if err := json.Indent(&indented, compact, "    ", "  "); err != nil {
			t.Fatal(err)
		}
		want := indented.Bytes()
		{
			got, err := appendFindingJSON(nil, &findings[i])
			if err != nil {
				t.Fatal(err)
			}
			if string(got) != string(want) {
				t.Fatalf("finding %s:\n got %s\nwant %s", findings[i].ID, got, want)
			}
		}
	}
}
