package reporters

import (
	"bytes"
	"cmp"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"html/template"
	"io"
	"strings"

	"github.com/klauspost/compress/gzip"

	"github.com/storewatch/storewatch/inventory/insights"
	"github.com/storewatch/storewatch/policies"
)

// htmlReference is the HTML writer as it was before it streamed: the payload built whole,
// encoded, compressed and rendered into one buffer. TestStreamMatchesReference holds the
// writer to its bytes.
func (h *HTML) htmlReference(w io.Writer, r *policies.Report) error {
	assets, err := loadHTMLAssets()
	if err != nil {
		return err
	}
	rules := newRuleSet(withMissingRules(r))
	payload, cells := buildHTMLPayloadReference(r, rules)
	data, err := encodeHTMLPayloadReference(payload, h.compressAbove)
	if err != nil {
		return err
	}
	v := htmlView{
		Tool:             neutralize(nonEmpty(r.Tool.Name, "storewatch"), false),
		Version:          neutralize(r.Tool.Version, false),
		RulesVersion:     neutralize(r.Tool.RulesVersion, false),
		GeneratedAt:      formatTime(r.GeneratedAt),
		CollectedAt:      formatTime(r.Snapshot.CollectedAt),
		SnapshotFile:     neutralize(r.Snapshot.File, false),
		Partial:          partialSentence(r),
		Gate:             r.Gate,
		Total:            len(r.Findings),
		Statuses:         statuses(),
		CollectionErrors: len(r.CollectionErrors),
		Data:             template.JS(data),        //nolint:gosec // JSON from encoding/json: <, >, & and U+2028/9 are escaped, so it cannot close the element.
		CSS:              template.CSS(assets.css), //nolint:gosec // the report's own embedded style sheet.
		JS:               template.JS(assets.js),   //nolint:gosec // the report's own embedded script.
		CSP:              assets.cspHeader,
	}
	for _, n := range waiverNotices(r) {
		v.WaiverNotices = append(v.WaiverNotices, neutralize(n, false))
	}
	v.NotOffered = notOffered(r)
	for _, s := range r.Snapshot.Sources {
		d := s.Kind
		if s.Detail != "" {
			d += " (" + s.Detail + ")"
		}
		v.Sources = append(v.Sources, neutralize(d, false))
	}
	for _, a := range r.Snapshot.Accounts {
		v.Accounts = append(v.Accounts, htmlAccount{ID: neutralize(a.ID, false), Partition: neutralize(a.Partition, false),
			Regions: neutralize(strings.Join(a.Regions, ", "), false)})
	}
	v.Answer, v.Dimensions = coverageSummary(cells)
	v.BySeverity, v.ByService, v.ByRegion, v.ByAccount, v.ByFramework = findingSummaries(r, rules)
	for _, rule := range rules.sorted {
		v.Rules = append(v.Rules, htmlRule{
			ID: rule.ID, Title: neutralize(rule.Title, false), Description: neutralize(rule.Description, true),
			Severity: string(rule.Severity), Service: rule.Service, Dimension: dimensionLabel(rule.Dimension),
			Frameworks: neutralize(frameworkList(rule), false),
			Console:    neutralize(rule.Remediation.Console, true), CLI: neutralize(rule.Remediation.CLI, true),
			Terraform: neutralize(rule.Remediation.Terraform, true), References: rule.References,
		})
	}
	var buf bytes.Buffer
	if err := assets.tmpl.Execute(&buf, v); err != nil {
		return fmt.Errorf("render html report: %w", err)
	}
	_, err = w.Write(buf.Bytes())
	return err
}

func buildHTMLPayloadReference(r *policies.Report, rules ruleSet) (*htmlPayload, storeCells) {
	dims := policies.Dimensions()
	dimIdx := map[string]int{}
	p := &htmlPayload{Dims: dims, Rules: []htmlPRule{}, Res: [][]any{}, Findings: [][]any{}, Stores: [][]any{}, Queries: [][][]string{}, Errors: [][]string{}}
	for i, d := range dims {
		dimIdx[d] = i
		p.DimNames = append(p.DimNames, dimensionLabel(d))
	}
	statusIdx := map[policies.Status]int{}
	for i, s := range statuses() {
		statusIdx[s] = i
		p.Statuses = append(p.Statuses, string(s))
	}
	sevIdx := map[policies.Severity]int{}
	for i, s := range policies.Severities() {
		sevIdx[s] = i
		p.Sevs = append(p.Sevs, string(s))
	}
	for _, rule := range rules.sorted {
		d, ok := dimIdx[rule.Dimension]
		if !ok {
			d = -1
		}
		sev, ok := sevIdx[rule.Severity]
		if !ok {
			sev = len(p.Sevs) - 1
		}
		p.Rules = append(p.Rules, htmlPRule{ID: rule.ID, Title: neutralize(rule.Title, false), Sev: sev, Service: rule.Service, Dim: d,
			Frameworks: rule.Frameworks, Console: neutralize(rule.Remediation.Console, true),
			CLI: neutralize(rule.Remediation.CLI, true), Terraform: neutralize(rule.Remediation.Terraform, true)})
	}

	type resKey struct{ account, id string }
	resIdx := map[resKey]int{}
	tagsOf := func(tags map[string]string) any {
		if len(tags) == 0 {
			return 0
		}
		nt := make(map[string]string, len(tags))
		for k, v := range tags {
			nt[neutralize(k, false)] = neutralize(v, false)
		}
		return nt
	}
	whereOf := func(loc *policies.Location) string {
		if loc == nil || loc.File == "" {
			return ""
		}
		return fmt.Sprintf("%s:%d-%d", neutralize(loc.File, false), loc.StartLine, loc.EndLine)
	}
	// addRes returns the index of a resource, adding it on first sight. Stores are added
	// first, without tags or location; a finding's resource fills them in.
	addRes := func(id, typ, name, account, region string, tags map[string]string, loc *policies.Location) int {
		k := resKey{account, id}
		if i, ok := resIdx[k]; ok {
			if p.Res[i][5] == 0 {
				p.Res[i][5] = tagsOf(tags)
			}
			if p.Res[i][6] == "" {
				p.Res[i][6] = whereOf(loc)
			}
			return i
		}
		p.Res = append(p.Res, []any{neutralize(id, false), typ, neutralize(name, false), neutralize(account, false),
			neutralize(region, false), tagsOf(tags), whereOf(loc)})
		resIdx[k] = len(p.Res) - 1
		return len(p.Res) - 1
	}
	storeOf := map[resKey]int{}
	for i, s := range r.Stores {
		addRes(s.ID, s.Type, s.Name, s.AccountID, s.Region, nil, nil)
		storeOf[resKey{s.AccountID, s.ID}] = i
	}
	cells := storeCells{dims: dims, cells: make([][]policies.Status, len(r.Stores))}
	for i := range cells.cells {
		cells.cells[i] = make([]policies.Status, len(dims))
	}
	for i := range r.Findings {
		f := &r.Findings[i]
		res := findingResource(f)
		ri := addRes(res.ID, res.Type, res.Name, res.AccountID, res.Region, res.Tags, res.Location)
		rule := rules.rule(f.RuleID)
		sev, ok := sevIdx[f.Severity]
		if !ok {
			sev = len(p.Sevs) - 1
		}
		row := []any{rules.index[f.RuleID], ri, statusIdx[f.Status], sev, neutralize(f.Message, false), 0, 0, 0}
		if len(f.Evidence) > 0 {
			row[5] = neutralizeAnyReference(decodedEvidence(f.Evidence))
		}
		if len(f.Errors) > 0 {
			errs := make([]string, 0, len(f.Errors))
			for _, e := range f.Errors {
				errs = append(errs, describeCollectionError(e))
			}
			row[6] = errs
		}
		if wv := f.Waiver; wv != nil {
			row[7] = []any{neutralize(wv.Reason, false), neutralize(wv.Owner, false), wv.Expires.Format("2006-01-02"), wv.Expired}
		}
		p.Findings = append(p.Findings, row)
		if si, ok := storeOf[resKey{res.AccountID, res.ID}]; ok && rule != nil {
			if d, ok := dimIdx[rule.Dimension]; ok {
				cells.cells[si][d] = worse(cells.cells[si][d], f.Status)
			}
		}
	}

	queryIdx := map[string]int{}
	for i, s := range r.Stores {
		code := make([]byte, len(dims))
		for d, st := range cells.cells[i] {
			if c, ok := cellCodes[st]; ok {
				code[d] = c
			} else {
				code[d] = '-'
			}
		}
		groups := make([][]any, 0, len(s.LogGroups))
		for _, lg := range s.LogGroups {
			key := s.Type + "\x00" + s.Engine + "\x00" + lg.Type
			qi, ok := queryIdx[key]
			if !ok {
				qs := [][]string{}
				for _, q := range insights.Queries(s.Type, s.Engine, lg.Type) {
					qs = append(qs, []string{q.Name, q.Query})
				}
				// Whatever the log's format, its latest events are worth a look.
				qs = append(qs, []string{"Latest events", latestEventsQuery})
				p.Queries = append(p.Queries, qs)
				qi = len(p.Queries) - 1
				queryIdx[key] = qi
			}
			groups = append(groups, []any{neutralize(lg.Type, false), neutralize(lg.LogGroup, false), lg.Found, qi})
		}
		p.Stores = append(p.Stores, []any{resIdx[resKey{s.AccountID, s.ID}], neutralize(s.Engine, false), string(code), groups})
	}
	for _, e := range r.CollectionErrors {
		p.Errors = append(p.Errors, []string{neutralize(e.AccountID, false), neutralize(nonEmpty(e.Region, "global"), false),
			neutralize(e.Service, false), neutralize(e.Operation, false), neutralize(e.Resource, false),
			neutralize(e.Code, false), neutralize(e.Message, false)})
	}
	return p, cells
}

// neutralizeAnyReference neutralises every string (keys too) in decoded JSON evidence.
func neutralizeAnyReference(v any) any {
	switch x := v.(type) {
	case string:
		return neutralize(x, true)
	case map[string]any:
		out := make(map[string]any, len(x))
		for k, e := range x {
			out[neutralize(k, false)] = neutralizeAnyReference(e)
		}
		return out
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = neutralizeAnyReference(e)
		}
		return out
	case []string:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = neutralize(e, true)
		}
		return out
	}
	return v
}

// encodeHTMLPayloadReference encodes the payload as JSON for a <script type="application/json">
// element. encoding/json escapes <, > and & (and U+2028, U+2029), so no value can close
// the element. Large payloads are gzipped and stored as a base64 JSON string.
func encodeHTMLPayloadReference(p *htmlPayload, above int) (string, error) {
	raw, err := json.Marshal(p)
	if err != nil {
		return "", fmt.Errorf("encode html report data: %w", err)
	}
	if len(raw) <= cmp.Or(above, htmlCompressAbove) {
		return string(raw), nil
	}
	var zbuf bytes.Buffer
	zw, err := gzip.NewWriterLevel(&zbuf, gzip.DefaultCompression)
	if err != nil {
		return "", fmt.Errorf("compress html report data: %w", err)
	}
	if _, err := zw.Write(raw); err != nil {
		return "", fmt.Errorf("compress html report data: %w", err)
	}
	if err := zw.Close(); err != nil {
		return "", fmt.Errorf("compress html report data: %w", err)
	}
	return `"` + base64.StdEncoding.EncodeToString(zbuf.Bytes()) + `"`, nil
}
