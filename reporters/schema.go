package reporters

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"fmt"
	"path/filepath"
	"reflect"
	"strings"

	"github.com/invopop/jsonschema"

	"github.com/storewatch/storewatch/policies"
)

// ReportSchemaID is the $id of the published JSON report schema.
const ReportSchemaID = "https://storewatch.dev/schemas/report-1.json"

//go:embed report.schema.json
var reportSchemaJSON []byte

// ReportSchema returns the published JSON Schema of the JSON report format.
func ReportSchema() []byte { return reportSchemaJSON }

// GenerateReportSchema reflects the JSON Schema of the report from the Go types. The
// published schema is this output, committed; a test regenerates it so the two cannot
// drift. When root is not empty, it is the module's root relative to the working
// directory, made only of ".." segments (".." from this package's tests), and the doc
// comments of the policies and inventory packages become descriptions.
func GenerateReportSchema(root string) ([]byte, error) {
	r := &jsonschema.Reflector{
		// A report with a key this version does not know comes from a newer storewatch;
		// a consumer validating against this schema should notice.
		AllowAdditionalProperties: false,
		Namer:                     func(t reflect.Type) string { return t.Name() },
		Mapper:                    enumSchemas,
	}
	if root != "" {
		// AddGoComments names a package by joining the base with the directory it walks,
		// so the base needs one path element for every ".." of root.
		base := "github.com/storewatch/storewatch"
		for _, seg := range strings.Split(filepath.ToSlash(root), "/") {
			if seg != ".." {
				return nil, fmt.Errorf("report schema comments: root %q is not made of \"..\" segments", root)
			}
			base += "/_"
		}
		for _, pkg := range []string{"policies", "inventory"} {
			if err := r.AddGoComments(base, root+"/"+pkg); err != nil {
				return nil, fmt.Errorf("read doc comments of %s: %w", pkg, err)
			}
		}
	}
	s := r.Reflect(&policies.Report{})
	s.ID = ReportSchemaID
	s.Title = "storewatch report"
	s.Description = "The findings of one storewatch evaluation: what was judged, with which rules, and each rule's verdict on each resource. Version " + policies.ReportVersion + "."
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(s); err != nil {
		return nil, fmt.Errorf("encode report schema: %w", err)
	}
	return buf.Bytes(), nil
}

// enumSchemas gives the closed vocabularies their values, which the Go types (plain
// strings) cannot say by themselves.
func enumSchemas(t reflect.Type) *jsonschema.Schema {
	switch t {
	case reflect.TypeFor[policies.Status]():
		return &jsonschema.Schema{Type: "string", Enum: []any{"pass", "fail", "unknown", "waived"},
			Description: "The verdict of one rule on one resource: unknown when the facts it needs could not be collected (never a pass)."}
	case reflect.TypeFor[policies.Severity]():
		var vals []any
		for _, s := range policies.Severities() {
			vals = append(vals, string(s))
		}
		return &jsonschema.Schema{Type: "string", Enum: vals, Description: "How much a failing rule matters."}
	}
	return nil
}
