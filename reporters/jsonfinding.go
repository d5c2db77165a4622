package reporters

import (
	"encoding/json"
	"maps"
	"slices"
	"strconv"
	"strings"

	"github.com/storewatch/storewatch/internal/jsontext"
	"github.com/storewatch/storewatch/policies"
)

// A finding sits two levels deep in the JSON report; appendFindingJSON writes it there.
const (
	findingDepth = 2
	// fieldIndent starts a line of a finding's field.
	fieldIndent = "\n      "
)

// appendFindingJSON writes a finding as json.Marshal and json.Indent would, without
// reflecting over each of a million of them nor indenting a gigabyte a second time: the
// fields by hand, evidence as the engine wrote it (canonical JSON) or else through
// encoding/json, and the rare fields (a plan's source, collection errors, waiver) through
// encoding/json. Nothing is kept between findings: caches of the 130,000 resources and
// 103,000 evidence texts of 100,000 stores, beside the other writers', raised the peak of
// every report by 100 MB for half a CPU-second. TestFindingJSONFields fails when
// policies.Finding or policies.Resource gains a field this does not write.
func appendFindingJSON(b []byte, f *policies.Finding) ([]byte, error) {
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
	b, err := appendResource(b, f.Resource)
	if err != nil {
		return b, err
	}
	if ev := f.Evidence; len(ev) > 0 {
		if !jsontext.Canonical(ev) {
			if ev, err = json.Marshal(ev); err != nil {
				return b, err
			}
		}
		b = append(b, ","+fieldIndent+`"evidence": `...)
		b = appendIndented(b, ev, findingDepth+1)
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

// appendResource writes a finding's resource, a field of the finding.
func appendResource(b []byte, r *policies.Resource) ([]byte, error) {
	if r == nil {
		return append(b, "null"...), nil
	}
	const in = fieldIndent + "  "
	b = append(b, "{"+in+`"id": `...)
	b = jsontext.AppendString(b, r.ID)
	b = append(b, ","+in+`"type": `...)
	b = jsontext.AppendString(b, r.Type)
	b = append(b, ","+in+`"name": `...)
	b = jsontext.AppendString(b, r.Name)
	if r.ARN != "" {
		b = append(b, ","+in+`"arn": `...)
		b = jsontext.AppendString(b, r.ARN)
	}
	b = append(b, ","+in+`"account_id": `...)
	b = jsontext.AppendString(b, r.AccountID)
	b = append(b, ","+in+`"region": `...)
	b = jsontext.AppendString(b, r.Region)
	if len(r.Tags) > 0 {
		b = append(b, ","+in+`"tags": {`...)
		for i, k := range slices.Sorted(maps.Keys(r.Tags)) {
			if i > 0 {
				b = append(b, ',')
			}
			b = append(b, in+"  "...)
			b = jsontext.AppendString(b, k)
			b = append(b, ": "...)
			b = jsontext.AppendString(b, r.Tags[k])
		}
		b = append(b, in+"}"...)
	}
	if r.Source != nil {
		text, err := json.Marshal(r.Source)
		if err != nil {
			return b, err
		}
		b = append(b, ","+in+`"source": `...)
		b = appendIndented(b, text, findingDepth+2)
	}
	if l := r.Location; l != nil {
		b = append(b, ","+in+`"location": {`+in+`  "file": `...)
		b = jsontext.AppendString(b, l.File)
		b = append(b, ","+in+`  "start_line": `...)
		b = strconv.AppendInt(b, int64(l.StartLine), 10)
		b = append(b, ","+in+`  "end_line": `...)
		b = strconv.AppendInt(b, int64(l.EndLine), 10)
		b = append(b, in+"}"...)
	}
	return append(b, fieldIndent+"}"...), nil
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
