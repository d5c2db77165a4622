package reporters

import (
	"bytes"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	jsv "github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/storewatch/storewatch/internal/golden"
	"github.com/storewatch/storewatch/policies"
)

// TestReportSchemaMatchesTypes regenerates the report schema from the Go types: the
// published schema and the types can only change together.
func TestReportSchemaMatchesTypes(t *testing.T) {
	got, err := GenerateReportSchema("..")
	if err != nil {
		t.Fatal(err)
	}
	golden.Assert(t, "report.schema.json", got)
}

func TestJSONGolden(t *testing.T) {
	var buf bytes.Buffer
	if err := (JSON{}).Write(&buf, fixtureReport()); err != nil {
		t.Fatal(err)
	}
	golden.Assert(t, filepath.Join("testdata", "report.json"), buf.Bytes())
}

// TestJSONConformsToSchema validates the fixture's, an empty and a large report's JSON
// against the published schema.
func TestJSONConformsToSchema(t *testing.T) {
	doc, err := jsv.UnmarshalJSON(bytes.NewReader(ReportSchema()))
	if err != nil {
		t.Fatal(err)
	}
	c := jsv.NewCompiler()
	if err := c.AddResource(ReportSchemaID, doc); err != nil {
		t.Fatal(err)
	}
	sch, err := c.Compile(ReportSchemaID)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		r    *policies.Report
	}{
		{"fixture", fixtureReport()},
		{"empty", &policies.Report{SchemaVersion: policies.ReportVersion}},
		{"large", largeReport(500)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var buf bytes.Buffer
			if err := (JSON{}).Write(&buf, tt.r); err != nil {
				t.Fatal(err)
			}
			inst, err := jsv.UnmarshalJSON(&buf)
			if err != nil {
				t.Fatal(err)
			}
			if err := sch.Validate(inst); err != nil {
				t.Errorf("report does not conform to report.schema.json: %v", err)
			}
		})
	}
}

func TestJSONRoundTrip(t *testing.T) {
	r := fixtureReport()
	var buf bytes.Buffer
	if err := (JSON{}).Write(&buf, r); err != nil {
		t.Fatal(err)
	}
	var back policies.Report
	if err := json.Unmarshal(buf.Bytes(), &back); err != nil {
		t.Fatal(err)
	}
	if len(back.Findings) != len(r.Findings) || len(back.CollectionErrors) != 2 || back.Findings[0].Resource.ID != r.Findings[0].Resource.ID {
		t.Errorf("report does not survive a JSON round trip")
	}
	if !strings.Contains(buf.String(), `"schema_version": "1.0"`) {
		t.Errorf("no schema_version in the JSON report")
	}
	// normalized must not touch the caller's report.
	empty := &policies.Report{}
	buf.Reset()
	_ = (JSON{}).Write(&buf, empty)
	if empty.Findings != nil || strings.Contains(buf.String(), "null") {
		t.Errorf("empty report: caller's report changed, or null in output:\n%s", buf.String())
	}
}
