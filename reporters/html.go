package reporters

import (
	"bytes"
	"cmp"
	"crypto/sha256"
	"embed"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"html/template"
	"io"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/klauspost/compress/gzip"

	"github.com/storewatch/storewatch/internal/jsontext"
	"github.com/storewatch/storewatch/inventory/insights"
	"github.com/storewatch/storewatch/policies"
)

const latestEventsQuery = `fields @timestamp, @logStream, @message
| sort @timestamp desc
| limit 100`

//go:embed html/report.html.tmpl html/report.css html/report.js
var htmlAssets embed.FS

// htmlCompressAbove is the size of the embedded data above which it is stored gzipped
// (and base64-encoded): 100,000 findings are tens of MB of JSON but a few MB gzipped, and
// every current browser inflates it offline with DecompressionStream.
const htmlCompressAbove = 1 << 20

// HTML writes the audit report: one self-contained file that makes no network request.
// It opens with the coverage matrix (data stores × monitoring dimensions), then summaries
// by severity, service, region, account and framework, then every finding with its
// evidence and remediation, filtered and searched offline, and for stores with log groups
// ready-to-run CloudWatch Logs Insights queries. Matrix rows and findings are rendered by
// the page from embedded JSON, a page at a time, so that 100,000 findings stay usable.
// Every value from the report is neutralised (see neutralize) and inserted as text, and a
// Content-Security-Policy lets only the report's own script and style run.
//
// The page is written as it is rendered, and the embedded data as it is encoded: findings
// are encoded on every CPU in chunks and compressed on their way to w, so neither the
// data nor the page is ever whole in memory (a million findings are hundreds of MB of JSON).
type HTML struct {
	Options
	// compressAbove replaces htmlCompressAbove in tests; zero means htmlCompressAbove.
	compressAbove int
}

// htmlDataMarker stands for the embedded data in the rendered page, which is written in
// two parts around it. No value of a report can produce it: neutralize escapes NUL.
const htmlDataMarker = "\x00storewatch-data\x00"

type htmlAssetSet struct {
	tmpl      *template.Template
	css, js   string
	cspHeader string
}

var loadHTMLAssets = sync.OnceValues(func() (*htmlAssetSet, error) {
	css, err := htmlAssets.ReadFile("html/report.css")
	if err != nil {
		return nil, fmt.Errorf("html report: %w", err)
	}
	js, err := htmlAssets.ReadFile("html/report.js")
	if err != nil {
		return nil, fmt.Errorf("html report: %w", err)
	}
	tmpl, err := template.New("report.html.tmpl").Funcs(template.FuncMap{
		"statusLabel": statusLabel,
		"dimLabel":    dimensionLabel,
		"dict":        templateDict,
		"num":         formatCount,
	}).ParseFS(htmlAssets, "html/report.html.tmpl")
	if err != nil {
		return nil, fmt.Errorf("html report: %w", err)
	}
	hash := func(b []byte) string {
		s := sha256.Sum256(b)
		return "'sha256-" + base64.StdEncoding.EncodeToString(s[:]) + "'"
	}
	// Only the report's own script and style may run: should a value ever escape its
	// escaping, the browser still refuses to execute it, and nothing may be fetched.
	csp := "default-src 'none'; script-src " + hash(js) + "; style-src " + hash(css) +
		"; img-src data:; base-uri 'none'; form-action 'none'"
	return &htmlAssetSet{tmpl: tmpl, css: string(css), js: string(js), cspHeader: csp}, nil
})

// htmlView is what the template renders on the server side: everything small enough to
// be plain HTML (and so readable without JavaScript and printable).
type htmlView struct {
	Tool, Version, RulesVersion string
	GeneratedAt, CollectedAt    string
	SnapshotFile                string
	Sources                     []string
	Accounts                    []htmlAccount
	Partial                     string
	Gate                        *policies.Gate
	Answer                      htmlAnswer
	Dimensions                  []htmlCountRow
	BySeverity                  []htmlCountRow
	ByService                   []htmlCountRow
	ByRegion                    []htmlCountRow
	ByAccount                   []htmlCountRow
	ByFramework                 []htmlCountRow
	Rules                       []htmlRule
	Total                       int
	Statuses                    []policies.Status
	CollectionErrors            int
	// NotOffered are the snapshot's notes: listings a service answered it does not offer
	// in the region, which is why the region holds none of its resources.
	NotOffered    []string
	WaiverNotices []string
	Frameworks    []htmlFramework
	Data          template.JS
	CSS           template.CSS
	JS            template.JS
	CSP           string
}

// htmlFramework is the control-by-control view of a framework asked for with --framework,
// as the JSON report's frameworks carry it.
type htmlFramework struct {
	Key, Title string
	Controls   []htmlControl
}

type htmlControl struct {
	Control, Title, Rules       string
	Status                      policies.Status
	Fail, Unknown, Waived, Pass int
}

type htmlAccount struct {
	ID, Partition, Regions string
}

// htmlAnswer answers "is every data store watched?".
type htmlAnswer struct {
	Stores, Watched, Gaps, Undecided, Waived, Unchecked int
}

// htmlCountRow is one row of a summary table: counts by status.
type htmlCountRow struct {
	Label  string
	Detail string
	Counts map[policies.Status]int
	NA     int
	Total  int
}

type htmlRule struct {
	ID, Title, Description, Severity, Service, Dimension string
	Frameworks                                           string
	Console, CLI, Terraform                              string
	References                                           []string
}

// Write implements Reporter.
func (h *HTML) Write(w io.Writer, r *policies.Report) error {
	assets, err := loadHTMLAssets()
	if err != nil {
		return err
	}
	rules := newRuleSet(withMissingRules(r))
	payload, cells := buildHTMLPayload(r, rules)
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
		Data:             template.JS(htmlDataMarker), //nolint:gosec // a marker, replaced by JSON from encoding/json: <, >, & and U+2028/9 are escaped, so it cannot close the element.
		CSS:              template.CSS(assets.css),    //nolint:gosec // the report's own embedded style sheet.
		JS:               template.JS(assets.js),      //nolint:gosec // the report's own embedded script.
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
	for _, fw := range r.Frameworks {
		hf := htmlFramework{Key: neutralize(fw.Framework, false), Title: neutralize(nonEmpty(fw.Title, fw.Framework), false)}
		for _, c := range fw.Controls {
			hf.Controls = append(hf.Controls, htmlControl{Control: neutralize(c.Control, false), Title: neutralize(c.Title, false),
				Status: policies.Status(neutralize(c.Status, false)), Rules: neutralize(strings.Join(c.Rules, ", "), false),
				Fail: c.Fail, Unknown: c.Unknown, Waived: c.Waived, Pass: c.Pass})
		}
		v.Frameworks = append(v.Frameworks, hf)
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
	var page bytes.Buffer
	if err := assets.tmpl.Execute(&page, v); err != nil {
		return fmt.Errorf("render html report: %w", err)
	}
	before, after, ok := bytes.Cut(page.Bytes(), []byte(htmlDataMarker))
	if !ok || bytes.Contains(after, []byte(htmlDataMarker)) {
		return fmt.Errorf("render html report: the template must place the data exactly once")
	}
	if _, err := w.Write(before); err != nil {
		return err
	}
	sink := &payloadSink{w: w, limit: cmp.Or(h.compressAbove, htmlCompressAbove)}
	if err := writeHTMLPayload(sink, payload, r, rules); err != nil {
		return fmt.Errorf("encode html report data: %w", err)
	}
	if err := sink.Close(); err != nil {
		return fmt.Errorf("compress html report data: %w", err)
	}
	_, err = w.Write(after)
	return err
}

// htmlPayload is the data the page renders lazily, in compact arrays: 100,000 findings
// repeat the same resources and rules, so they refer to them by index.
type htmlPayload struct {
	Dims     []string     `json:"dims"`
	DimNames []string     `json:"dimNames"`
	Statuses []string     `json:"statuses"`
	Sevs     []string     `json:"sevs"`
	Rules    []htmlPRule  `json:"rules"`
	Res      [][]any      `json:"res"`
	Findings [][]any      `json:"f"`
	Stores   [][]any      `json:"stores"`
	Queries  [][][]string `json:"queries"`
	Errors   [][]string   `json:"cerr"`
	// resOf is the index in Res of each finding's resource; the findings' rows are
	// encoded from it as they are written (writeHTMLPayload), never held.
	resOf []int
	// statusIdx and sevIdx are the indexes of statuses and severities in Statuses and Sevs.
	statusIdx map[policies.Status]int
	sevIdx    map[policies.Severity]int
}

type htmlPRule struct {
	ID         string              `json:"id"`
	Title      string              `json:"title"`
	Sev        int                 `json:"sev"`
	Service    string              `json:"service"`
	Dim        int                 `json:"dim"`
	Frameworks map[string][]string `json:"fw,omitempty"`
	Console    string              `json:"console"`
	CLI        string              `json:"cli"`
	Terraform  string              `json:"terraform"`
}

// storeCells is the coverage matrix: per store, the worst status per dimension.
type storeCells struct {
	dims  []string
	cells [][]policies.Status
}

// cellCodes are the one-letter codes of matrix cells in the payload; "-" is n/a.
var cellCodes = map[policies.Status]byte{
	policies.StatusFail: 'f', policies.StatusUnknown: 'u', policies.StatusWaived: 'w', policies.StatusPass: 'p',
}

func buildHTMLPayload(r *policies.Report, rules ruleSet) (*htmlPayload, storeCells) {
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
	p.resOf = make([]int, len(r.Findings))
	p.statusIdx, p.sevIdx = statusIdx, sevIdx
	// Findings about one resource share its Resource: a pointer is found faster than an
	// account and an id, and so is the store it is, once per resource. Findings come
	// grouped by rule, so a rule's dimension is looked up once per group.
	type resSlot struct{ res, store int }
	byPointer := map[*policies.Resource]resSlot{}
	lastRule, dim := "", -1
	for i := range r.Findings {
		f := &r.Findings[i]
		res := findingResource(f)
		slot, ok := byPointer[res]
		if !ok {
			slot.res = addRes(res.ID, res.Type, res.Name, res.AccountID, res.Region, res.Tags, res.Location)
			if si, ok := storeOf[resKey{res.AccountID, res.ID}]; ok {
				slot.store = si
			} else {
				slot.store = -1
			}
			if f.Resource != nil {
				byPointer[res] = slot
			}
		}
		p.resOf[i] = slot.res
		if i == 0 || f.RuleID != lastRule {
			lastRule, dim = f.RuleID, -1
			if rule := rules.rule(f.RuleID); rule != nil {
				if d, ok := dimIdx[rule.Dimension]; ok {
					dim = d
				}
			}
		}
		if slot.store >= 0 && dim >= 0 {
			cells.cells[slot.store][dim] = worse(cells.cells[slot.store][dim], f.Status)
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

// neutralizeAny neutralises every string (keys too) in decoded JSON evidence.
func neutralizeAny(v any) any {
	if cleanAny(v) {
		return v
	}
	switch x := v.(type) {
	case string:
		return neutralize(x, true)
	case map[string]any:
		out := make(map[string]any, len(x))
		for k, e := range x {
			out[neutralize(k, false)] = neutralizeAny(e)
		}
		return out
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = neutralizeAny(e)
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

// cleanAny reports whether neutralizeAny would leave v as it is, so that the evidence of
// most findings is encoded without a copy. Types it does not know are copied, as before.
func cleanAny(v any) bool {
	switch x := v.(type) {
	case string:
		return firstToNeutralize(x, true) < 0
	case map[string]any:
		for k, e := range x {
			if firstToNeutralize(k, false) >= 0 || !cleanAny(e) {
				return false
			}
		}
		return true
	case []any:
		for _, e := range x {
			if !cleanAny(e) {
				return false
			}
		}
		return true
	case []string:
		return false
	}
	return true
}

// appendHTMLFindingRow appends a finding's row of the payload as json.Marshal encodes it:
// rule, resource, status and severity indexes, the message, then evidence, collection
// errors and waiver, each 0 when absent.
func appendHTMLFindingRow(b []byte, p *htmlPayload, rules ruleSet, f *policies.Finding, ri int, evidence *evidenceCache) ([]byte, error) {
	sev, ok := p.sevIdx[f.Severity]
	if !ok {
		sev = len(p.Sevs) - 1
	}
	b = append(b, '[')
	b = strconv.AppendInt(b, int64(rules.index[f.RuleID]), 10)
	b = append(b, ',')
	b = strconv.AppendInt(b, int64(ri), 10)
	b = append(b, ',')
	b = strconv.AppendInt(b, int64(p.statusIdx[f.Status]), 10)
	b = append(b, ',')
	b = strconv.AppendInt(b, int64(sev), 10)
	b = append(b, ',')
	b = jsontext.AppendString(b, neutralize(f.Message, false))
	b = append(b, ',')
	if len(f.Evidence) > 0 {
		ev, err := evidence.get(f.Evidence, neutralEvidence)
		if err != nil {
			return nil, err
		}
		b = append(b, ev...)
	} else {
		b = append(b, '0')
	}
	b = append(b, ',')
	if len(f.Errors) > 0 {
		errs := make([]string, 0, len(f.Errors))
		for _, e := range f.Errors {
			errs = append(errs, describeCollectionError(e))
		}
		e, err := json.Marshal(errs)
		if err != nil {
			return nil, err
		}
		b = append(b, e...)
	} else {
		b = append(b, '0')
	}
	b = append(b, ',')
	if wv := f.Waiver; wv != nil {
		w, err := json.Marshal([]any{neutralize(wv.Reason, false), neutralize(wv.Owner, false), wv.Expires.Format("2006-01-02"), wv.Expired})
		if err != nil {
			return nil, err
		}
		b = append(b, w...)
	} else {
		b = append(b, '0')
	}
	return append(b, ']'), nil
}

// writeHTMLPayload writes the payload as json.Marshal would, byte for byte, for a
// <script type="application/json"> element: encoding/json escapes <, > and & (and U+2028,
// U+2029), so no value can close the element. The arrays that grow with the report are
// encoded element by element on every CPU; the findings' rows are built as they are.
func writeHTMLPayload(w io.Writer, p *htmlPayload, r *policies.Report, rules ruleSet) error {
	field := func(name string, v any) error {
		b, err := json.Marshal(v)
		if err != nil {
			return err
		}
		if _, err := io.WriteString(w, name); err != nil {
			return err
		}
		_, err = w.Write(b)
		return err
	}
	array := func(name string, n int, elem func(i int) any) error {
		if _, err := io.WriteString(w, name+"["); err != nil {
			return err
		}
		err := writeChunks(w, n, func(buf []byte, i int) ([]byte, error) {
			if i > 0 {
				buf = append(buf, ',')
			}
			b, err := json.Marshal(elem(i))
			return append(buf, b...), err
		})
		if err != nil {
			return err
		}
		_, err = io.WriteString(w, "]")
		return err
	}
	for _, step := range []func() error{
		func() error { return field(`{"dims":`, p.Dims) },
		func() error { return field(`,"dimNames":`, p.DimNames) },
		func() error { return field(`,"statuses":`, p.Statuses) },
		func() error { return field(`,"sevs":`, p.Sevs) },
		func() error { return field(`,"rules":`, p.Rules) },
		func() error { return array(`,"res":`, len(p.Res), func(i int) any { return p.Res[i] }) },
		func() error {
			if _, err := io.WriteString(w, `,"f":[`); err != nil {
				return err
			}
			var evidence evidenceCache
			err := writeChunks(w, len(r.Findings), func(buf []byte, i int) ([]byte, error) {
				if i > 0 {
					buf = append(buf, ',')
				}
				return appendHTMLFindingRow(buf, p, rules, &r.Findings[i], p.resOf[i], &evidence)
			})
			if err != nil {
				return err
			}
			_, err = io.WriteString(w, "]")
			return err
		},
		func() error { return array(`,"stores":`, len(p.Stores), func(i int) any { return p.Stores[i] }) },
		func() error { return field(`,"queries":`, p.Queries) },
		func() error { return field(`,"cerr":`, p.Errors) },
	} {
		if err := step(); err != nil {
			return err
		}
	}
	_, err := io.WriteString(w, "}")
	return err
}

// payloadSink writes the payload as it comes while it is small; once it passes limit, it
// gzips it (and base64-encodes it into a JSON string) on its way to w instead: 100,000
// findings are hundreds of MB of JSON but a few MB gzipped, and every current browser
// inflates it offline with DecompressionStream.
type payloadSink struct {
	w     io.Writer
	limit int
	buf   []byte
	b64   io.WriteCloser
	zw    *gzip.Writer
}

func (s *payloadSink) Write(p []byte) (int, error) {
	if s.zw == nil {
		if len(s.buf)+len(p) <= s.limit {
			s.buf = append(s.buf, p...)
			return len(p), nil
		}
		if _, err := io.WriteString(s.w, `"`); err != nil {
			return 0, err
		}
		s.b64 = base64.NewEncoder(base64.StdEncoding, s.w)
		zw, err := gzip.NewWriterLevel(s.b64, gzip.DefaultCompression)
		if err != nil {
			return 0, err
		}
		s.zw = zw
		if _, err := s.zw.Write(s.buf); err != nil {
			return 0, err
		}
		s.buf = nil
	}
	return s.zw.Write(p)
}

// Close writes what the sink holds and ends the compressed string.
func (s *payloadSink) Close() error {
	if s.zw == nil {
		_, err := s.w.Write(s.buf)
		return err
	}
	if err := s.zw.Close(); err != nil {
		return err
	}
	if err := s.b64.Close(); err != nil {
		return err
	}
	_, err := io.WriteString(s.w, `"`)
	return err
}

// coverageSummary counts stores by their overall status and dimensions by cell status.
func coverageSummary(c storeCells) (htmlAnswer, []htmlCountRow) {
	a := htmlAnswer{Stores: len(c.cells)}
	rows := make([]htmlCountRow, len(c.dims))
	for d, dim := range c.dims {
		rows[d] = htmlCountRow{Label: dimensionLabel(dim), Detail: dim, Counts: map[policies.Status]int{}}
	}
	for _, cs := range c.cells {
		var overall policies.Status
		for d, st := range cs {
			if st == "" {
				rows[d].NA++
			} else {
				rows[d].Counts[st]++
				overall = worse(overall, st)
			}
			rows[d].Total++
		}
		switch overall {
		case policies.StatusFail:
			a.Gaps++
		case policies.StatusUnknown:
			a.Undecided++
		case policies.StatusWaived:
			a.Waived++
		case policies.StatusPass:
			a.Watched++
		default:
			a.Unchecked++
		}
	}
	return a, rows
}

// findingSummaries counts findings by status per severity, service, region, account and
// framework control.
func findingSummaries(r *policies.Report, rules ruleSet) (bySev, bySvc, byRegion, byAccount, byFw []htmlCountRow) {
	type counter struct {
		rows  map[string]*htmlCountRow
		order []string
	}
	newCounter := func() *counter { return &counter{rows: map[string]*htmlCountRow{}} }
	// row returns the counter's row of a label, added on first sight.
	row := func(c *counter, label, detail string) *htmlCountRow {
		cr, ok := c.rows[label]
		if !ok {
			cr = &htmlCountRow{Label: label, Detail: detail, Counts: map[policies.Status]int{}}
			c.rows[label] = cr
			c.order = append(c.order, label)
		}
		return cr
	}
	sev, svc, reg, acc, fw := newCounter(), newCounter(), newCounter(), newCounter(), newCounter()
	for _, s := range policies.Severities() {
		sev.rows[string(s)] = &htmlCountRow{Label: string(s), Counts: map[policies.Status]int{}}
		sev.order = append(sev.order, string(s))
	}
	// A million findings are counted by run and by resource rather than one at a time:
	// findings come grouped by rule, so a rule's service and framework controls are
	// counted once per run of its findings, and a resource's region and account rows are
	// found once per resource.
	type place struct{ region, account *htmlCountRow }
	places := map[*policies.Resource]place{}
	run := map[policies.Status]int{}
	flush := func(ruleID string, f *policies.Finding) {
		if len(run) == 0 {
			return
		}
		var rows []*htmlCountRow
		rows = append(rows, row(svc, rules.serviceOf(f), ""))
		if rule := rules.rule(ruleID); rule != nil {
			for name, controls := range rule.Frameworks {
				for _, c := range controls {
					rows = append(rows, row(fw, neutralize(name+" "+c, false), neutralize(name, false)))
				}
			}
		}
		for st, n := range run {
			for _, cr := range rows {
				cr.Counts[st] += n
				cr.Total += n
			}
		}
		clear(run)
	}
	for i := range r.Findings {
		f := &r.Findings[i]
		if i > 0 && f.RuleID != r.Findings[i-1].RuleID {
			flush(r.Findings[i-1].RuleID, &r.Findings[i-1])
		}
		run[f.Status]++
		res := findingResource(f)
		pl, ok := places[res]
		if !ok {
			pl = place{row(reg, neutralize(nonEmpty(res.Region, "global"), false), ""),
				row(acc, neutralize(nonEmpty(res.AccountID, "unknown"), false), "")}
			if f.Resource != nil {
				places[res] = pl
			}
		}
		for _, cr := range [...]*htmlCountRow{row(sev, string(f.Severity), ""), pl.region, pl.account} {
			cr.Counts[f.Status]++
			cr.Total++
		}
	}
	if n := len(r.Findings); n > 0 {
		flush(r.Findings[n-1].RuleID, &r.Findings[n-1])
	}
	out := func(c *counter, sorted bool) []htmlCountRow {
		labels := c.order
		if sorted {
			labels = slices.Clone(labels)
			sort.Strings(labels)
		}
		rows := make([]htmlCountRow, 0, len(labels))
		for _, l := range labels {
			rows = append(rows, *c.rows[l])
		}
		return rows
	}
	return out(sev, false), out(svc, true), out(reg, true), out(acc, true), out(fw, true)
}

var dimensionLabels = map[string]string{
	policies.DimensionAlarms:           "Metric alarms",
	policies.DimensionAlarmActions:     "Alarm actions",
	policies.DimensionLogExports:       "Log exports",
	policies.DimensionManagementEvents: "Management events",
	policies.DimensionDataEvents:       "Data events",
	policies.DimensionIntegrity:        "Integrity validation",
	policies.DimensionInsights:         "Insights",
	policies.DimensionNotifications:    "Notifications",
}

func dimensionLabel(d string) string {
	if l, ok := dimensionLabels[d]; ok {
		return l
	}
	return d
}

func statusLabel(s policies.Status) string {
	switch s {
	case policies.StatusFail:
		return "Failed"
	case policies.StatusUnknown:
		return "Undecided"
	case policies.StatusWaived:
		return "Waived"
	case policies.StatusPass:
		return "Passed"
	case "not_applicable":
		return "Not applicable"
	}
	return string(s)
}

func formatTime(t time.Time) string {
	if t.IsZero() {
		return "unknown"
	}
	return t.UTC().Format("2006-01-02 15:04 UTC")
}

// formatCount writes a count as the page's script does (toLocaleString('en-US')): 21,605.
func formatCount(n int) string {
	s := strconv.Itoa(n)
	if n < 0 {
		return "-" + formatCount(-n)
	}
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

// templateDict builds a map from key, value pairs, to pass several values to a template.
func templateDict(kv ...any) (map[string]any, error) {
	if len(kv)%2 != 0 {
		return nil, fmt.Errorf("dict: odd number of arguments")
	}
	m := make(map[string]any, len(kv)/2)
	for i := 0; i < len(kv); i += 2 {
		k, ok := kv[i].(string)
		if !ok {
			return nil, fmt.Errorf("dict: key %v is not a string", kv[i])
		}
		m[k] = kv[i+1]
	}
	return m, nil
}

// notOffered describes the snapshot's notes, one line each.
func notOffered(r *policies.Report) []string {
	var out []string
	for _, n := range r.Snapshot.Notes {
		out = append(out, neutralize(fmt.Sprintf("%s in %s of account %s (%s)", n.Operation, nonEmpty(n.Region, "global"), n.AccountID, n.Code), false))
	}
	return out
}
