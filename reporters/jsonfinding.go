package reporters

import (
	"encoding/json"
	"strings"
	"sync"

	"github.com/storewatch/storewatch/internal/jsontext"
	"github.com/storewatch/storewatch/policies"
)

// findingJSON writes findings as json.Marshal and json.Indent would, without reflecting
// over each of a million of them nor indenting a gigabyte a second time: the strings by
// hand, each shared resource and evidence text encoded and indented once (a resource has
// about eight findings, an evidence text four), and the rare fields (collection errors,
// waiver) through encoding/json. A finding sits two levels deep in the report, where
// the JSON report's findings are. TestFindingJSONFields fails when policies.Finding
// gains a field this does not write.
type findingJSON struct {
	resources sync.Map // *policies.Resource → []byte, indented
	evidence  evidenceCache
}

const (
	findingDepth = 2
	// fieldIndent starts a line of a finding's field.
	fieldIndent = "\n      "
)

func (e *findingJSON) appendFinding(b []byte, f *policies.Finding) ([]byte, error) {
	b = append(b, "{"+fieldIndent+`"id": `...)
	b = jsontext.AppendString(b, f.ID)
	b = append(b, ","+fieldIndent+`"rule_id": `...)
	b = jsontext.AppendString(b, f.RuleID)
	b = append(b, ","+fieldIndent+`"status": `...)
	b = jsontext.AppendString(b, string(f.Status))
	b = append(b, ","+fieldIndent+`"severity": `...)
	b = jsontext.AppendString(b, string(f.Severity))
	b = append(b, ","+fieldIndent+`"message": `...)
	b = jsontext.AppendString(b, f.Message)
	b = append(b, ","+fieldIndent+`"resource": `...)
	res, err := e.resource(f.Resource)
	if err != nil {
		return b, err
	}
	b = append(b, res...)
	if len(f.Evidence) > 0 {
		ev, err := e.evidence.get(f.Evidence, func(ev json.RawMessage) ([]byte, error) { return indentedField(ev) })
		if err != nil {
			return b, err
		}
		b = append(b, ","+fieldIndent+`"evidence": `...)
		b = append(b, ev...)
	}
	if len(f.Errors) > 0 {
		if b, err = appendField(b, "errors", f.Errors); err != nil {
			return b, err
		}
	}
	if f.Waiver != nil {
		if b, err = appendField(b, "waiver", f.Waiver); err != nil {
			return b, err
		}
	}
	if f.Baseline != "" {
		b = append(b, ","+fieldIndent+`"baseline": `...)
		b = jsontext.AppendString(b, f.Baseline)
	}
	return append(b, "\n"+strings.Repeat("  ", findingDepth)+"}"...), nil
}

// resource returns the indented encoding of a finding's resource, made on first sight.
func (e *findingJSON) resource(r *policies.Resource) ([]byte, error) {
	if r == nil {
		return []byte("null"), nil
	}
	if b, ok := e.resources.Load(r); ok {
		return b.([]byte), nil
	}
	b, err := indentedField(r)
	if err != nil {
		return nil, err
	}
	e.resources.Store(r, b)
	return b, nil
}

// indentedField is v as json.Marshal writes it, indented as a field of a finding.
func indentedField(v any) ([]byte, error) {
	text, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	return appendIndented(nil, text, findingDepth+1), nil
}

func appendField(b []byte, key string, v any) ([]byte, error) {
	text, err := indentedField(v)
	if err != nil {
		return b, err
	}
	b = append(b, ","+fieldIndent+`"`...)
	b = append(b, key...)
	b = append(b, `": `...)
	return append(b, text...), nil
}
