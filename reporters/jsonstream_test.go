package reporters

import (
	"bytes"
	"encoding/json"
	"strconv"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/storewatch/storewatch/inventory"
	"github.com/storewatch/storewatch/policies"
)

// encoderOutput is what writeIndentedJSON must reproduce.
func encoderOutput(t *testing.T, v any) []byte {
	t.Helper()
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestWriteIndentedJSONMatchesEncoder(t *testing.T) {
	res := &policies.Resource{ID: "arn:aws:s3:::b<&>", Type: inventory.TypeS3Bucket, Name: "b \"quoted\" \\ é \u2028", AccountID: "1", Region: "r",
		Tags: map[string]string{"z": "1", "a": ""}, Location: &policies.Location{File: "s.json", StartLine: 3, EndLine: 9}}
	full := &policies.Report{
		SchemaVersion: policies.ReportVersion,
		GeneratedAt:   time.Date(2026, 1, 2, 3, 4, 5, 6, time.UTC),
		Stores:        []policies.StoreInfo{{ID: "a", LogGroups: []policies.StoreLogGroup{}}, {ID: "b"}},
		Findings: []policies.Finding{
			{ID: "1", RuleID: "SW-X-01", Status: policies.StatusFail, Severity: policies.SeverityHigh, Message: "m <b>", Resource: res,
				Evidence: evidenceText(map[string]any{"list": []any{}, "n": json.Number("1.5"), "nested": map[string]any{"x": nil, "y": []any{"a", 2.0, true}}})},
			{ID: "2", RuleID: "SW-X-01", Status: policies.StatusPass, Resource: res},
		},
		CollectionErrors: []inventory.CollectionError{},
		Summary:          policies.Summary{ByStatus: map[policies.Status]int{policies.StatusFail: 1}},
		Gate:             &policies.Gate{Passed: true},
	}
	many := *full
	many.Findings = nil
	for i := range 1000 {
		f := full.Findings[i%2]
		f.ID = strconv.Itoa(i)
		many.Findings = append(many.Findings, f)
	}
	tests := map[string]any{
		"many findings":   &many,
		"empty report":    &policies.Report{},
		"full report":     full,
		"report by value": *full,
		"not a struct":    []int{1, 2},
		"nil":             nil,
		"nil pointer":     (*policies.Report)(nil),
		"empty struct":    &struct{}{},
		"only omitted": &struct {
			A []int `json:"a,omitempty"`
		}{},
		"bytes":          &struct{ B []byte }{B: []byte("xyz")},
		"nested empties": &struct{ A, B any }{A: map[string]any{}, B: [][]int{{}, {1}}},
		"string option": &struct {
			N int `json:"n,string"`
		}{N: 3},
		"time slice":         &struct{ T []time.Time }{T: []time.Time{time.Unix(0, 0).UTC()}},
		"embedded":           &struct{ policies.Location }{policies.Location{File: "f"}},
		"escapes in strings": &struct{ S []string }{S: []string{`a"b`, `c\`, `\"`, "{[,:]}", ""}},
	}
	for name, v := range tests {
		t.Run(name, func(t *testing.T) {
			var got bytes.Buffer
			if err := writeIndentedJSON(&got, v); err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(string(encoderOutput(t, v)), got.String()); diff != "" {
				t.Errorf("output differs from json.Encoder with SetIndent (-encoder +streamed):\n%s", diff)
			}
		})
	}
}

func FuzzAppendIndented(f *testing.F) {
	f.Add(`{"a":[1,{"b":"c\"}"},[]],"d":{}}`)
	f.Add(`"\\\\"`)
	f.Fuzz(func(t *testing.T, s string) {
		compact, err := json.Marshal(json.RawMessage(s))
		if err != nil {
			return // not JSON
		}
		var want bytes.Buffer
		if err := json.Indent(&want, compact, "", "  "); err != nil {
			t.Fatal(err)
		}
		if got := appendIndented(nil, compact, 0); string(got) != want.String() {
			t.Fatalf("appendIndented(%q) = %q, json.Indent gives %q", compact, got, want.String())
		}
	})
}
