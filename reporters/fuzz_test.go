package reporters

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strings"
	"sync"
	"testing"
	"unicode/utf8"

	jsv "github.com/santhosh-tekuri/jsonschema/v6"
	"golang.org/x/net/html"

	"github.com/storewatch/storewatch/inventory"
	"github.com/storewatch/storewatch/policies"
	"github.com/storewatch/storewatch/reporters/reporterstest"
)

// hostile holds the strings an attacker controls in a report: what they can name or tag a
// resource, what a rule's message quotes, what lands in evidence, a log group's name and a
// collection error's message.
type hostile struct {
	name, tagKey, tagValue, message, evidence, logGroup string
}

// benign is a hostile of the same shape with harmless text: its rendering is the reference
// the structure of a hostile rendering is compared with.
var benign = hostile{"name", "key", "value", "message", "evidence", "/aws/rds/instance/x/audit"}

// hostileReport is the fixture report with the attacker's strings in every place a
// resource, tag, message, evidence, log group, waiver or collection error can carry them.
func hostileReport(h hostile) *policies.Report {
	r := fixtureReport()
	var evil *policies.Resource
	for i := range r.Stores {
		if r.Stores[i].Name == hostileName {
			r.Stores[i].Name = h.name
			r.Stores[i].ID = "arn:aws:s3:::" + h.name
			r.Stores[i].LogGroups = []policies.StoreLogGroup{{Type: h.tagValue, LogGroup: h.logGroup, Found: inventory.StatusYes}}
		}
	}
	for i := range r.Findings {
		f := &r.Findings[i]
		if f.Resource.Name == hostileName {
			if evil == nil {
				evil = &policies.Resource{}
				*evil = *f.Resource
				evil.Name, evil.ID, evil.ARN = h.name, "arn:aws:s3:::"+h.name, "arn:aws:s3:::"+h.name
				evil.Tags = map[string]string{h.tagKey: h.tagValue, "owner": h.name}
			}
			f.Resource = evil
			f.ID = policies.FindingID(f.RuleID, evil)
			f.Message = h.message
			if f.Evidence != nil {
				f.Evidence = evidenceText(map[string]any{"bucket": h.evidence, h.tagKey: []any{h.evidence, h.name}})
			}
		}
		for j := range f.Errors {
			f.Errors[j].Message = h.message
			f.Errors[j].Resource = h.name
		}
		if f.Waiver != nil {
			f.Waiver.Reason, f.Waiver.Owner = h.message, h.tagValue
		}
	}
	for i := range r.CollectionErrors {
		r.CollectionErrors[i].Message = h.message
		r.CollectionErrors[i].Resource = h.name
	}
	return r
}

// FuzzReporters renders a report whose attacker-controlled strings come from the fuzzer
// in every format and checks that each output stays valid and inert: SARIF is JSON of the
// SARIF shape, HTML parses into exactly the report's own elements, JUnit parses as strict
// XML, the markdown summary keeps its table and has no markup, the terminal table carries
// no control character. Seeds: testdata/fuzz/FuzzReporters.
func FuzzReporters(f *testing.F) {
	f.Add(hostileName, "<b>key</b>", "\u202eevil", hostileName, "</script><!--", "/aws/x/"+hostileName)
	f.Add("a|b`c`", "k|", "v]]>", "[link](javascript:alert(1)) ![img](x) <!-- *bold* _it_ # h", "{0} {{1}}", "'; rm -rf ~ #\n\x1b[201~")
	f.Fuzz(func(t *testing.T, name, tagKey, tagValue, message, evidence, logGroup string) {
		h := hostile{name, tagKey, tagValue, message, evidence, logGroup}
		r := hostileReport(h)
		checkSARIF(t, r)
		checkHTML(t, r, h)
		checkJUnit(t, r)
		checkMarkdown(t, "summary", render(t, Markdown{}, r), render(t, Markdown{}, hostileReport(benign)))
		checkTerminal(t, r)
		checkJSON(t, r, h)
	})
}

// FuzzDiff renders a diff whose names, messages and changes come from the fuzzer as text,
// JSON and markdown, with the same checks as the reports. Seeds: testdata/fuzz/FuzzDiff.
func FuzzDiff(f *testing.F) {
	f.Add(hostileName, hostileName, "enabled_log_exports: audit removed", "eu-west-1")
	f.Add("a|b`", "[x](y) <img>", "*\n# h", "\x1b[2J")
	f.Fuzz(func(t *testing.T, name, message, change, region string) {
		d := hostileDiff(name, message, change, region)
		clean := hostileDiff("name", "message", "change", "region")
		var md, cleanMD bytes.Buffer
		if err := WriteDiff(&md, d, DiffMarkdown); err != nil {
			t.Fatal(err)
		}
		if err := WriteDiff(&cleanMD, clean, DiffMarkdown); err != nil {
			t.Fatal(err)
		}
		checkMarkdown(t, "diff", md.String(), cleanMD.String())
		var text bytes.Buffer
		if err := WriteDiff(&text, d, DiffText); err != nil {
			t.Fatal(err)
		}
		checkNoControls(t, "diff text", text.String(), "")
		var js bytes.Buffer
		if err := WriteDiff(&js, d, DiffJSON); err != nil {
			t.Fatal(err)
		}
		var back policies.Diff
		if err := json.Unmarshal(js.Bytes(), &back); err != nil {
			t.Fatalf("diff JSON does not parse: %v", err)
		}
		if utf8.ValidString(name) && back.NewFindings[0].Name != name {
			t.Fatalf("diff JSON changed the name %q to %q", name, back.NewFindings[0].Name)
		}
	})
}

func hostileDiff(name, message, change, region string) *policies.Diff {
	ref := inventory.StoreRef{ID: "arn:aws:s3:::" + name, Type: inventory.TypeS3Bucket, Name: name, AccountID: fixtureAccount, Region: region}
	// A JSON report given to `scanner diff` is a file like any other: its rule ids are
	// strings from the input too.
	fc := policies.FindingChange{ID: "f1", RuleID: region, Severity: policies.SeverityHigh, Resource: ref.ID, Name: name,
		OldStatus: policies.StatusPass, NewStatus: policies.StatusFail, OldMessage: message, Message: message}
	return &policies.Diff{
		Old: "old/" + name, New: "new/" + name,
		Stores:      &inventory.SnapshotDiff{Added: []inventory.StoreRef{ref}, Removed: []inventory.StoreRef{ref}, Changed: []inventory.StoreChange{{Store: ref, Changes: []string{change, message}}}},
		NewFindings: []policies.FindingChange{fc}, Fixed: []policies.FindingChange{fc}, Changed: []policies.FindingChange{fc},
	}
}

func render(t *testing.T, rep Reporter, r *policies.Report) string {
	t.Helper()
	var buf bytes.Buffer
	if err := rep.Write(&buf, r); err != nil {
		t.Fatalf("%T.Write: %v", rep, err)
	}
	return buf.String()
}

//go:embed testdata/sarif-shape.schema.json
var sarifShapeSchema []byte

// sarifShape is the SARIF 2.1.0 structure storewatch writes and GitHub reads, as a JSON
// schema: compiled once, it checks a fuzzed SARIF file in microseconds, where the SARIF
// Multitool (run by the golden and end-to-end tests) takes seconds.
var sarifShape = sync.OnceValues(func() (*jsv.Schema, error) {
	doc, err := jsv.UnmarshalJSON(bytes.NewReader(sarifShapeSchema))
	if err != nil {
		return nil, err
	}
	c := jsv.NewCompiler()
	c.AssertFormat()
	if err := c.AddResource("sarif-shape.json", doc); err != nil {
		return nil, err
	}
	return c.Compile("sarif-shape.json")
})

func checkSARIF(t *testing.T, r *policies.Report) {
	t.Helper()
	out := render(t, &SARIF{Options: Options{SARIFIncludePass: true}}, r)
	sch, err := sarifShape()
	if err != nil {
		t.Fatal(err)
	}
	doc, err := jsv.UnmarshalJSON(strings.NewReader(out))
	if err != nil {
		t.Fatalf("SARIF is not JSON: %v", err)
	}
	if err := sch.Validate(doc); err != nil {
		t.Fatalf("SARIF does not have the SARIF shape: %v", err)
	}
	var d sarifDoc
	if err := json.Unmarshal([]byte(out), &d); err != nil {
		t.Fatal(err)
	}
	want := len(r.Findings) - r.Summary.ByStatus[policies.StatusWaived] // GitHub would open waived ones as alerts
	results := 0
	for _, run := range d.Runs {
		results += len(run.Results)
		for _, res := range run.Results {
			if strings.TrimSpace(res.Message.Text) == "" {
				t.Fatalf("result of %s has an empty message", res.RuleID)
			}
		}
	}
	if results != want {
		t.Fatalf("SARIF has %d results, want %d (one per finding but the waived)", results, want)
	}
}

// htmlShape is what the report's own markup is: the elements and attributes the template
// and a clean report produce. A hostile report may show different text, never other markup.
var htmlShape = sync.OnceValue(func() map[string]bool {
	var buf bytes.Buffer
	if err := (&HTML{}).Write(&buf, hostileReport(benign)); err != nil {
		panic(err)
	}
	shape := map[string]bool{}
	for _, tag := range htmlTags(buf.String()) {
		shape[tag] = true
	}
	return shape
})

// htmlTags tokenises a document and lists each start tag with its attribute names, and
// the text of each script element.
func htmlTags(doc string) []string {
	var out []string
	z := html.NewTokenizer(strings.NewReader(doc))
	for {
		switch z.Next() {
		case html.ErrorToken:
			return out
		case html.StartTagToken, html.SelfClosingTagToken:
			tok := z.Token()
			names := []string{tok.Data}
			for _, a := range tok.Attr {
				names = append(names, a.Key)
			}
			out = append(out, strings.Join(names, " "))
		}
	}
}

var dataElement = regexp.MustCompile(`(?s)<script type="application/json" id="sw-data">(.*?)</script>`)

func checkHTML(t *testing.T, r *policies.Report, h hostile) {
	t.Helper()
	out := render(t, &HTML{}, r)
	shape := htmlShape()
	scripts := 0
	for _, tag := range htmlTags(out) {
		if !shape[tag] {
			t.Fatalf("the hostile report has markup the report never has: <%s>", tag)
		}
		if strings.HasPrefix(tag, "script") {
			scripts++
		}
	}
	if scripts != 2 {
		t.Fatalf("%d script elements, want 2 (the data and the report's script)", scripts)
	}
	if _, err := html.Parse(strings.NewReader(out)); err != nil {
		t.Fatalf("HTML does not parse: %v", err)
	}
	m := dataElement.FindStringSubmatch(out)
	if m == nil {
		t.Fatal("no data element")
	}
	if strings.ContainsAny(m[1], "<\u2028\u2029") {
		t.Fatal("the data element holds a raw <, U+2028 or U+2029")
	}
	var p htmlPayload
	if err := json.Unmarshal([]byte(m[1]), &p); err != nil {
		t.Fatalf("the data element is not JSON: %v", err)
	}
	want := neutralize(h.name, false)
	found := false
	for _, res := range p.Res {
		found = found || res[2] == want
	}
	if !found {
		t.Fatalf("the resource name %q is not in the report's data as %q", h.name, want)
	}
}

func checkJUnit(t *testing.T, r *policies.Report) {
	t.Helper()
	out := render(t, JUnit{}, r)
	dec := xml.NewDecoder(strings.NewReader(out))
	dec.Strict = true
	cases := 0
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatalf("JUnit XML does not parse: %v", err)
		}
		if se, ok := tok.(xml.StartElement); ok && se.Name.Local == "testcase" {
			cases++
		}
	}
	if cases != len(r.Findings) {
		t.Fatalf("JUnit has %d test cases, want %d", cases, len(r.Findings))
	}
	checkNoControls(t, "junit", out, "\t")
}

// checkMarkdown checks a markdown rendering of hostile strings against the rendering of
// benign ones of the same shape: the same lines, every table row with its table's cells,
// no HTML, no link or image, no code span broken open, no control character.
func checkMarkdown(t *testing.T, what, got, clean string) {
	t.Helper()
	checkNoControls(t, what, got, "")
	gotLines, cleanLines := strings.Split(got, "\n"), strings.Split(clean, "\n")
	if len(gotLines) != len(cleanLines) {
		t.Fatalf("%s: %d lines, want %d as for benign strings (a string broke a line):\n%s", what, len(gotLines), len(cleanLines), got)
	}
	for i, line := range gotLines {
		cells, brackets, ticks, html := reporterstest.MarkdownSyntax(line)
		wantCells, _, _, _ := reporterstest.MarkdownSyntax(cleanLines[i])
		// Only a table row splits on pipes; elsewhere a pipe is text.
		if strings.HasPrefix(cleanLines[i], "|") && cells != wantCells {
			t.Fatalf("%s: line %d has %d cell separators, want %d: %q", what, i+1, cells, wantCells, line)
		}
		if html {
			t.Fatalf("%s: line %d holds a raw < outside a code span: %q", what, i+1, line)
		}
		if brackets > 0 {
			t.Fatalf("%s: line %d has link or image syntax: %q", what, i+1, line)
		}
		if ticks%2 != 0 {
			t.Fatalf("%s: line %d has an unbalanced code span: %q", what, i+1, line)
		}
	}
}

// checkNoControls is reporterstest.CheckNoControls, which needsEscape must agree with.
func checkNoControls(t *testing.T, what, out, allowed string) {
	t.Helper()
	reporterstest.CheckNoControls(t, what, out, allowed)
}

var sgr = regexp.MustCompile(`\x1b\[[0-9;]*m`)

func checkTerminal(t *testing.T, r *policies.Report) {
	t.Helper()
	for _, width := range []int{60, 120} {
		checkNoControls(t, fmt.Sprintf("table width %d", width), render(t, &Table{Options: Options{Width: width}}, r), "")
	}
	colored := render(t, &Table{Options: Options{Color: true}}, r)
	for _, seq := range sgr.FindAllString(colored, -1) {
		if !strings.Contains(ansiReset+ansiBold+ansiDim+ansiRed+ansiGreen+ansiYellow+ansiCyan, seq) {
			t.Fatalf("coloured table: escape sequence %q is not one of the table's colours", seq)
		}
	}
	checkNoControls(t, "coloured table", sgr.ReplaceAllString(colored, ""), "")
}

func checkJSON(t *testing.T, r *policies.Report, h hostile) {
	t.Helper()
	out := render(t, JSON{}, r)
	var back policies.Report
	if err := json.Unmarshal([]byte(out), &back); err != nil {
		t.Fatalf("JSON report does not parse: %v", err)
	}
	if !utf8.ValidString(h.name) {
		return
	}
	for _, f := range back.Findings {
		if f.Resource.ARN == "arn:aws:s3:::"+h.name && f.Resource.Name != h.name {
			t.Fatalf("JSON report changed the name %q to %q: it must keep the data exactly", h.name, f.Resource.Name)
		}
	}
}
