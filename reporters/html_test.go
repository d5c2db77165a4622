package reporters

import (
	"bytes"
	"context"
	"fmt"
	"html/template"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
	"github.com/google/go-cmp/cmp"

	"github.com/storewatch/storewatch/internal/golden"
	"github.com/storewatch/storewatch/policies"
	"github.com/storewatch/storewatch/reporters/reporterstest"
)

func writeHTML(t testing.TB, r *policies.Report) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := (&HTML{}).Write(&buf, r); err != nil {
		t.Fatalf("HTML.Write: %v", err)
	}
	return buf.Bytes()
}

func TestHTMLGolden(t *testing.T) {
	golden.Assert(t, filepath.Join("testdata", "report.html"), writeHTML(t, fixtureReport()))
}

// TestHTMLSelfContained checks the file for anything a browser would fetch: external
// scripts, styles, images, fonts, frames, and CSS imports or URLs.
func TestHTMLSelfContained(t *testing.T) {
	full := string(writeHTML(t, fixtureReport()))
	// The embedded data is JSON inside a non-executed script element; its escaped text
	// may spell anything. Check the markup around it.
	start := strings.Index(full, `<script type="application/json" id="sw-data">`)
	end := start + strings.Index(full[start:], "</script>")
	if start < 0 || end < start {
		t.Fatal("no data element")
	}
	out := full[:start] + full[end:]
	if data := full[start+len(`<script type="application/json" id="sw-data">`) : end]; strings.ContainsAny(data, "<\u2028\u2029") {
		t.Errorf("the data element contains a raw <, U+2028 or U+2029")
	}
	for _, pat := range []string{`(?i)\ssrc\s*=`, `(?i)<link\b`, `(?i)@import`, `(?i)url\(`, `(?i)<iframe`, `(?i)<object`, `(?i)<embed`} {
		if loc := regexp.MustCompile(pat).FindStringIndex(out); loc != nil {
			t.Errorf("report contains %s: %q", pat, out[max(0, loc[0]-40):min(len(out), loc[1]+40)])
		}
	}
	if n := strings.Count(full, "</script>"); n != 2 {
		t.Errorf("%d </script> in the file, want 2 (the data and the report's own script): a value escaped its escaping", n)
	}
	if !strings.Contains(out, `http-equiv="Content-Security-Policy" content="default-src &#39;none&#39;`) {
		t.Errorf("no Content-Security-Policy forbidding network access")
	}
	for _, bad := range []string{"\x1b", "\u202e", "<img", "window.__pwned=1</script>"} {
		if strings.Contains(full, bad) {
			t.Errorf("report contains %q raw", bad)
		}
	}
}

func TestHTMLCoverage(t *testing.T) {
	r := fixtureReport()
	p, cells := buildHTMLPayload(r, newRuleSet(r.Rules))
	got := map[string]string{}
	for _, s := range p.Stores {
		got[p.Res[s[0].(int)][2].(string)] = s[2].(string)
	}
	// Dimensions: alarms, alarm actions, log exports, management events, data events,
	// integrity, insights, notifications.
	want := map[string]string{
		"orders-db":  "f-pp----",
		"billing-db": "w-fp----",
		"crm-db":     "p-fu----",
		"logs-222":   "----u---",
	}
	for name, w := range want {
		if got[name] != w {
			t.Errorf("matrix row %s = %q, want %q", name, got[name], w)
		}
	}
	a, _ := coverageSummary(cells)
	if a != (htmlAnswer{Stores: 5, Gaps: 4, Undecided: 1}) {
		t.Errorf("answer = %+v", a)
	}
}

func TestHTMLInBrowser(t *testing.T) {
	b := reporterstest.NewBrowser(t)
	r := fixtureReport()
	path := filepath.Join(t.TempDir(), "report.html")
	if err := os.WriteFile(path, writeHTML(t, r), 0o644); err != nil {
		t.Fatal(err)
	}
	b.Open(t, path)
	var top []byte
	if err := chromedp.Run(b.Ctx, chromedp.CaptureScreenshot(&top)); err != nil {
		t.Fatal(err)
	}
	reporterstest.SaveArtifact(t, "html-report-top.png", top)

	var storeNames []string
	var pwned bool
	var scripts, imgs int
	var shownHostile bool
	if err := chromedp.Run(b.Ctx,
		chromedp.Evaluate(`Array.from(document.querySelectorAll('#matrix tbody tr.store th.name')).map(e => e.textContent)`, &storeNames),
		chromedp.Evaluate(`window.__pwned !== undefined`, &pwned),
		chromedp.Evaluate(`document.querySelectorAll('script').length`, &scripts),
		chromedp.Evaluate(`document.querySelectorAll('img').length`, &imgs),
		chromedp.Evaluate(`Array.from(document.querySelectorAll('#finding-table td.name')).some(e => e.textContent.includes('evil</script><script>window.__pwned=1'))`, &shownHostile),
	); err != nil {
		t.Fatal(err)
	}
	if len(storeNames) != len(r.Stores) {
		t.Errorf("matrix shows %d stores %q, want %d", len(storeNames), storeNames, len(r.Stores))
	}
	for _, want := range []string{"orders-db", "billing-db", "crm-db", "logs-222"} {
		found := false
		for _, n := range storeNames {
			found = found || n == want
		}
		if !found {
			t.Errorf("matrix does not show store %s (it shows %q)", want, storeNames)
		}
	}
	if pwned || scripts != 2 || imgs != 0 {
		t.Errorf("a value injected markup or ran script: __pwned set %v, %d scripts, %d images", pwned, scripts, imgs)
	}
	if !shownHostile {
		t.Errorf("the hostile resource name is not shown as text")
	}

	// A filter click narrows the list: turning failed findings off leaves fewer rows.
	rows := func() int {
		var n int
		if err := chromedp.Run(b.Ctx, chromedp.Evaluate(`document.querySelectorAll('#finding-table tbody tr.finding').length`, &n)); err != nil {
			t.Fatal(err)
		}
		return n
	}
	before := rows()
	want := r.Summary.ByStatus[policies.StatusFail] + r.Summary.ByStatus[policies.StatusUnknown] + r.Summary.ByStatus[policies.StatusWaived]
	if before != want {
		t.Errorf("findings list shows %d rows by default, want %d (failed, undecided and waived)", before, want)
	}
	if err := chromedp.Run(b.Ctx, chromedp.Click(`button[data-status="fail"]`, chromedp.ByQuery)); err != nil {
		t.Fatal(err)
	}
	if after := rows(); after != before-r.Summary.ByStatus[policies.StatusFail] {
		t.Errorf("after turning failed findings off the list shows %d rows, want %d", after, before-r.Summary.ByStatus[policies.StatusFail])
	}
	// Search narrows too, and a finding opens with its evidence and remediation.
	var detail string
	if err := chromedp.Run(b.Ctx,
		chromedp.Click(`button[data-status="fail"]`, chromedp.ByQuery),
		chromedp.SendKeys(`#f-search`, "billing-db", chromedp.ByQuery),
		chromedp.Sleep(300*time.Millisecond),
		chromedp.Click(`#finding-table tbody tr.finding.st-fail`, chromedp.ByQuery),
		chromedp.Text(`#finding-table tbody tr.detail`, &detail, chromedp.ByQuery),
	); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"upgrade", "modify-db-instance", "compliance/snapshot.json:10-19"} {
		if !strings.Contains(detail, want) {
			t.Errorf("finding detail lacks %q: %q", want, detail)
		}
	}
	// A store opens with its Logs Insights queries, ready to run.
	var queries string
	if err := chromedp.Run(b.Ctx,
		chromedp.Click(`//table[@id="matrix"]//tr[contains(@class,"store")][th[1][text()="orders-db"]]`, chromedp.BySearch),
		chromedp.Text(`#matrix tr.detail`, &queries, chromedp.ByQuery),
	); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"aws logs start-query", "'/aws/rds/instance/orders-db/error'", "Access denied for user", "Query_time"} {
		if !strings.Contains(queries, want) {
			t.Errorf("store detail lacks %q", want)
		}
	}

	checkHostileDetails(t, b)

	var shot []byte
	var pdf []byte
	if err := chromedp.Run(b.Ctx,
		chromedp.FullScreenshot(&shot, 100),
		chromedp.ActionFunc(func(ctx context.Context) error {
			var err error
			pdf, _, err = page.PrintToPDF().WithPrintBackground(true).Do(ctx)
			return err
		}),
	); err != nil {
		t.Fatal(err)
	}
	reporterstest.SaveArtifact(t, "html-report.png", shot)
	if len(pdf) < 1000 {
		t.Errorf("printing the report gave %d bytes of PDF", len(pdf))
	}
	reporterstest.SaveArtifact(t, "html-report.pdf", pdf)
	b.Check(t, path)
}

// TestHTMLLarge opens a report of 100,000 findings and measures its size and load time.
func TestHTMLLarge(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: large report in the browser")
	}
	b := reporterstest.NewBrowser(t)
	r := largeReport(100_000)
	start := time.Now()
	out := writeHTML(t, r)
	written := time.Since(start)
	path := filepath.Join(t.TempDir(), "large.html")
	if err := os.WriteFile(path, out, 0o644); err != nil {
		t.Fatal(err)
	}
	load := b.Open(t, path)
	var scriptMS float64
	var shown int
	if err := chromedp.Run(b.Ctx,
		chromedp.Evaluate(`window.storewatchReady`, &scriptMS),
		chromedp.Evaluate(`document.querySelectorAll('#finding-table tbody tr.finding').length`, &shown),
	); err != nil {
		t.Fatal(err)
	}
	t.Logf("100,000 findings, %d stores: HTML %.1f MB written in %s; Chromium load to ready %s (script ready at %.0f ms)",
		len(r.Stores), float64(len(out))/1e6, written.Round(time.Millisecond), load.Round(time.Millisecond), scriptMS)
	if len(out) > 10<<20 {
		t.Errorf("HTML is %d bytes: want a few MB", len(out))
	}
	// "A few seconds" on a quiet machine; the bound leaves room for a busy CI runner.
	if load > 20*time.Second {
		t.Errorf("loading took %s", load)
	}
	if shown != PAGE {
		t.Errorf("%d finding rows drawn, want one page of %d", shown, PAGE)
	}
	// Printing draws the first PRINT_ROWS rows of each table, not the page on screen, and
	// the printed count says so.
	var printed int
	var printedCount string
	if err := chromedp.Run(b.Ctx,
		chromedp.Evaluate(`window.dispatchEvent(new Event('beforeprint'))`, nil),
		chromedp.Evaluate(`document.querySelectorAll('#finding-table tbody tr.finding').length`, &printed),
		chromedp.Text(`#findings-count`, &printedCount, chromedp.ByQuery),
	); err != nil {
		t.Fatal(err)
	}
	if printed != printRows || !strings.Contains(printedCount, "Showing 2,000 of") {
		t.Errorf("printing drew %d finding rows (%q), want %d", printed, printedCount, printRows)
	}
	// Filtering 100,000 findings stays interactive.
	var count string
	fstart := time.Now()
	if err := chromedp.Run(b.Ctx,
		chromedp.SendKeys(`#f-search`, "db-000123", chromedp.ByQuery),
		chromedp.WaitVisible(`//span[@id="findings-count"][contains(., "of 3 matching") or contains(., "of 2 matching") or contains(., "of 1 matching") or contains(., "of 4 matching")]`, chromedp.BySearch),
		chromedp.Text(`#findings-count`, &count, chromedp.ByQuery),
	); err != nil {
		t.Fatal(err)
	}
	t.Logf("search over 100,000 findings: %s (%s, including the 150 ms debounce)", count, time.Since(fstart).Round(time.Millisecond))
	var shot []byte
	if err := chromedp.Run(b.Ctx, chromedp.CaptureScreenshot(&shot)); err != nil {
		t.Fatal(err)
	}
	reporterstest.SaveArtifact(t, "html-report-100k.png", shot)
	b.Check(t, path)
}

// PAGE and printRows mirror the page size and the printed rows of report.js.
const (
	PAGE      = 100
	printRows = 2000
)

func BenchmarkHTMLWrite100k(b *testing.B) {
	r := largeReport(100_000)
	var size int
	for b.Loop() {
		var buf bytes.Buffer
		if err := (&HTML{}).Write(&buf, r); err != nil {
			b.Fatal(err)
		}
		size = buf.Len()
	}
	b.ReportMetric(float64(size)/1e6, "MB")
}

func ExampleHTML() {
	var buf bytes.Buffer
	_ = (&HTML{}).Write(&buf, fixtureReport())
	fmt.Println(strings.HasPrefix(buf.String(), "<!DOCTYPE html>"))
	// Output: true
}

// checkHostileDetails opens what the script draws only on demand for the store and the
// findings named by hostileName: the store's log groups and Logs Insights commands, the
// findings' tags, message, evidence and collection errors. Each must show the hostile
// strings as text, and none may add an element or run script.
func checkHostileDetails(t *testing.T, b *reporterstest.Browser) {
	t.Helper()
	var storePanel, findingPanels string
	var pwned bool
	var scripts, imgs, bolds, panels int
	if err := chromedp.Run(b.Ctx,
		chromedp.Evaluate(`(() => {
			const row = Array.from(document.querySelectorAll('#matrix tbody tr.store')).find(tr => tr.querySelector('th.name').textContent.includes('evil</script>'));
			row.click();
			return row.nextElementSibling.textContent;
		})()`, &storePanel),
		chromedp.Evaluate(`(() => {
			const s = document.getElementById('f-search');
			s.value = 'evil</script>';
			s.dispatchEvent(new Event('input'));
			document.querySelectorAll('#finding-controls button[data-status]').forEach(b => { if (b.getAttribute('aria-pressed') !== 'true') { b.click(); } });
			return true;
		})()`, nil),
		chromedp.Sleep(400*time.Millisecond),
		chromedp.Evaluate(`(() => {
			const rows = Array.from(document.querySelectorAll('#finding-table tbody tr.finding'));
			rows.forEach(r => r.click());
			return Array.from(document.querySelectorAll('#finding-table tbody tr.detail')).map(d => d.textContent).join('\n----\n');
		})()`, &findingPanels),
		chromedp.Evaluate(`document.querySelectorAll('#finding-table tbody tr.detail').length`, &panels),
		chromedp.Evaluate(`window.__pwned !== undefined`, &pwned),
		chromedp.Evaluate(`document.querySelectorAll('script').length`, &scripts),
		chromedp.Evaluate(`document.querySelectorAll('img, svg, iframe, object, embed').length`, &imgs),
		chromedp.Evaluate(`document.querySelectorAll('b').length`, &bolds),
	); err != nil {
		t.Fatal(err)
	}
	if pwned || scripts != 2 || imgs != 0 || bolds != 0 {
		t.Errorf("a hostile value injected markup or ran script when its details opened: __pwned set %v, %d scripts, %d images, %d <b>", pwned, scripts, imgs, bolds)
	}
	// The Logs Insights panel: the hostile log group, shown as text, quoted for the shell.
	for _, want := range []string{"CloudWatch Logs Insights queries", "/aws/x/evil</script><script>window.__pwned=1</script>", `\x1b[31mRED`, `--log-group-name '/aws/x/evil</script>`, `'\''`} {
		if !strings.Contains(storePanel, want) {
			t.Errorf("hostile store's panel lacks %q:\n%s", want, storePanel)
		}
	}
	if strings.ContainsAny(storePanel, "\x1b\u202e\u200b\x00") {
		t.Errorf("hostile store's panel shows raw control or bidi characters: %q", storePanel)
	}
	if panels < 3 {
		t.Fatalf("%d finding details opened, want the hostile store's 3 findings", panels)
	}
	// Tags (key and value), message and evidence of the hostile findings, as text.
	for _, want := range []string{"owner = evil</script>", "<b>key</b> = \\u202eevil", "no trail records data events of evil</script>", `"note": "</script><!--"`} {
		if !strings.Contains(findingPanels, want) {
			t.Errorf("hostile findings' details lack %q:\n%s", want, findingPanels)
		}
	}
	if strings.ContainsAny(findingPanels, "\x1b\u202e\u200b\x00") {
		t.Errorf("hostile findings' details show raw control or bidi characters: %q", findingPanels)
	}
}

// TestHTMLSummariesIgnoreOrder: the summaries are counted by run of a rule and by resource,
// which must count every finding once whatever the order findings come in (a report whose
// findings are not grouped by rule included), as counting them one at a time did.
func TestHTMLSummariesIgnoreOrder(t *testing.T) {
	r := fixtureReport()
	rules := newRuleSet(r.Rules)
	wantSev, wantSvc, wantReg, wantAcc, wantFw := findingSummaries(r, rules)
	_, wantCells := buildHTMLPayload(r, rules)
	for _, order := range []string{"reversed", "interleaved"} {
		shuffled := *r
		shuffled.Findings = slices.Clone(r.Findings)
		switch order {
		case "reversed":
			slices.Reverse(shuffled.Findings)
		case "interleaved":
			var odd, even []policies.Finding
			for i, f := range shuffled.Findings {
				if i%2 == 0 {
					even = append(even, f)
				} else {
					odd = append(odd, f)
				}
			}
			shuffled.Findings = append(odd, even...)
		}
		sev, svc, reg, acc, fw := findingSummaries(&shuffled, rules)
		for _, c := range []struct {
			name      string
			got, want []htmlCountRow
		}{{"severity", sev, wantSev}, {"service", svc, wantSvc}, {"region", reg, wantReg}, {"account", acc, wantAcc}, {"framework", fw, wantFw}} {
			if diff := cmp.Diff(c.want, c.got); diff != "" {
				t.Errorf("%s: counts by %s differ from the report in order (-want +got):\n%s", order, c.name, diff)
			}
		}
		if _, cells := buildHTMLPayload(&shuffled, rules); !cmp.Equal(wantCells.cells, cells.cells) {
			t.Errorf("%s: store cells differ from the report in order", order)
		}
	}
	var total int
	for _, row := range wantSev {
		total += row.Total
	}
	if total != len(r.Findings) {
		t.Errorf("severity rows count %d findings, the report has %d", total, len(r.Findings))
	}
}

// TestHTMLFrameworkView: --framework adds the control-by-control view to the HTML report as
// to the JSON one (README): every control with its title, status and resource counts.
func TestHTMLFrameworkView(t *testing.T) {
	r := fixtureReport()
	view, err := policies.BuildFrameworkView(r, policies.FrameworkCIS30)
	if err != nil {
		t.Fatal(err)
	}
	r.Frameworks = []policies.FrameworkView{view}
	out := string(writeHTML(t, r))
	start := strings.Index(out, `<section id="frameworks">`)
	if start < 0 {
		t.Fatalf("no framework section in the report of --framework %s", policies.FrameworkCIS30)
	}
	section := out[start : start+strings.Index(out[start:], "</section>")]
	if len(view.Controls) == 0 {
		t.Fatal("the fixture maps no CIS control")
	}
	for _, c := range view.Controls {
		row := fmt.Sprintf(`<th scope="row">%s</th><td>%s</td><td class="status %s">%s</td><td class="num fail`,
			c.Control, template.HTMLEscapeString(c.Title), strings.ReplaceAll(c.Status, "not_applicable", "na"), statusLabel(policies.Status(c.Status)))
		if !strings.Contains(section, row) {
			t.Errorf("control %s: no row %q in\n%s", c.Control, row, section)
		}
		counts := fmt.Sprintf(`">%d</td><td class="num unknown`, c.Fail)
		if !strings.Contains(section[strings.Index(section, c.Control):], counts) {
			t.Errorf("control %s: failed count %d not shown", c.Control, c.Fail)
		}
	}
	if !strings.Contains(section, template.HTMLEscapeString(view.Title)) {
		t.Errorf("framework title %q not shown", view.Title)
	}
	if strings.Contains(string(writeHTML(t, fixtureReport())), `<section id="frameworks">`) {
		t.Errorf("a report without --framework has a framework section")
	}
}

// TestHTMLPrintSaysWhatIsLeftOut: the matrix and the findings are drawn a page at a time, and
// print hides the controls; a printed report must still say that it holds only some rows.
func TestHTMLPrintSaysWhatIsLeftOut(t *testing.T) {
	b := reporterstest.NewBrowser(t)
	r := largeReport(300)
	path := filepath.Join(t.TempDir(), "report.html")
	if err := os.WriteFile(path, writeHTML(t, r), 0o644); err != nil {
		t.Fatal(err)
	}
	b.Open(t, path)
	var shown map[string]string
	if err := chromedp.Run(b.Ctx,
		emulation.SetEmulatedMedia().WithMedia("print"),
		chromedp.Evaluate(`(() => { const o = {}; for (const id of ['findings-count', 'matrix-count']) {
			const e = document.getElementById(id); o[id] = e.getClientRects().length ? e.textContent : ''; } return o; })()`, &shown),
	); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(shown["findings-count"], fmt.Sprintf("Showing %d of ", PAGE)) {
		t.Errorf("printed, the findings do not say how many of them are left out: %q", shown["findings-count"])
	}
	if shown["matrix-count"] == "" {
		t.Errorf("printed, the matrix does not say how many stores it shows")
	}
	b.Check(t, path)
}

// TestHTMLStoreFindings: "Show this store's findings" lists that store's findings, all of
// them: not those of another store whose id its id begins (orders-db, orders-db-replica),
// and not only those that filters set earlier let through.
func TestHTMLStoreFindings(t *testing.T) {
	r := fixtureReport()
	orders := r.Findings[0].Resource
	if orders.Name != "orders-db" {
		t.Fatalf("fixture's first finding is about %s", orders.Name)
	}
	replica := *orders
	replica.ID, replica.ARN, replica.Name = orders.ID+"-replica", orders.ARN+"-replica", "orders-db-replica"
	r.Stores = append(r.Stores, policies.StoreInfo{ID: replica.ID, Type: replica.Type, Name: replica.Name, AccountID: replica.AccountID, Region: replica.Region})
	r.Findings = append(r.Findings, policies.Finding{ID: policies.FindingID("SW-AL-01", &replica), RuleID: "SW-AL-01", Status: policies.StatusFail,
		Severity: policies.SeverityHigh, Message: "orders-db-replica has no alarm on CPUUtilization", Resource: &replica})
	r.Summarize()
	var want []string
	for _, f := range r.Findings {
		if f.Resource.ID == orders.ID {
			want = append(want, f.RuleID)
		}
	}
	slices.Sort(want)

	b := reporterstest.NewBrowser(t)
	path := filepath.Join(t.TempDir(), "report.html")
	if err := os.WriteFile(path, writeHTML(t, r), 0o644); err != nil {
		t.Fatal(err)
	}
	b.Open(t, path)
	var got [][]string
	if err := chromedp.Run(b.Ctx,
		// The auditor had hidden high findings and picked a region earlier.
		chromedp.Click(`#sev-toggles button[data-sev="high"]`, chromedp.ByQuery),
		chromedp.SetValue(`#f-region`, "eu-west-1", chromedp.ByQuery),
		chromedp.Evaluate(`document.getElementById('f-region').dispatchEvent(new Event('change'))`, nil),
		chromedp.Click(`//table[@id="matrix"]//tr[contains(@class,"store")][th[1][text()="orders-db"]]`, chromedp.BySearch),
		chromedp.Click(`#matrix tr.detail button`, chromedp.ByQuery),
		chromedp.Evaluate(`Array.from(document.querySelectorAll('#finding-table tbody tr.finding')).map(tr => [tr.children[3].title, tr.children[2].textContent])`, &got),
	); err != nil {
		t.Fatal(err)
	}
	var rules []string
	for _, row := range got {
		if row[0] != orders.ID {
			t.Errorf("the findings of orders-db include one about %s (%s)", row[0], row[1])
			continue
		}
		rules = append(rules, row[1])
	}
	slices.Sort(rules)
	if !slices.Equal(rules, want) {
		t.Errorf("the findings of orders-db list rules %v, want %v", rules, want)
	}
	b.Check(t, path)
}

// TestHTMLContrast: every text the report shows, zeros and n/a cells included, reaches the
// WCAG AA contrast ratio against the background it sits on (4.5:1; 3:1 for large text).
func TestHTMLContrast(t *testing.T) {
	b := reporterstest.NewBrowser(t)
	path := filepath.Join(t.TempDir(), "report.html")
	if err := os.WriteFile(path, writeHTML(t, fixtureReport()), 0o644); err != nil {
		t.Fatal(err)
	}
	b.Open(t, path)
	var low []string
	if err := chromedp.Run(b.Ctx, chromedp.Evaluate(`(() => {
		const rgb = s => (s.match(/[\d.]+/g) || []).map(Number);
		const lum = c => { const v = c.slice(0, 3).map(x => { x /= 255; return x <= 0.03928 ? x / 12.92 : Math.pow((x + 0.055) / 1.055, 2.4); });
			return 0.2126 * v[0] + 0.7152 * v[1] + 0.0722 * v[2]; };
		const bg = e => { for (; e; e = e.parentElement) { const c = rgb(getComputedStyle(e).backgroundColor); if (c.length === 3 || c[3] > 0) { return c; } } return [255, 255, 255]; };
		const out = new Set();
		for (const e of document.querySelectorAll('body *')) {
			if (!Array.from(e.childNodes).some(n => n.nodeType === 3 && n.textContent.trim()) || !e.getClientRects().length) { continue; }
			const st = getComputedStyle(e), a = lum(rgb(st.color)), c = lum(bg(e));
			const ratio = (Math.max(a, c) + 0.05) / (Math.min(a, c) + 0.05);
			const large = parseFloat(st.fontSize) >= 24 || (parseFloat(st.fontSize) >= 18.66 && Number(st.fontWeight) >= 700);
			if (ratio < (large ? 3 : 4.5)) { out.add(e.tagName.toLowerCase() + '.' + e.className + ' "' + e.textContent.trim().slice(0, 20) + '" ' + ratio.toFixed(2)); }
		}
		return Array.from(out).slice(0, 30);
	})()`, &low)); err != nil {
		t.Fatal(err)
	}
	for _, l := range low {
		t.Errorf("low contrast: %s", l)
	}
}

// TestHTMLErrorsCount: collection errors are drawn 100 at a time like the findings, and say
// so, on screen and in print, as the findings do.
func TestHTMLErrorsCount(t *testing.T) {
	r := fixtureReport()
	for i := 0; len(r.CollectionErrors) < 150; i++ {
		e := r.CollectionErrors[0]
		e.Resource = fmt.Sprintf("arn:aws:s3:::bucket-%d", i)
		r.CollectionErrors = append(r.CollectionErrors, e)
	}
	b := reporterstest.NewBrowser(t)
	path := filepath.Join(t.TempDir(), "report.html")
	if err := os.WriteFile(path, writeHTML(t, r), 0o644); err != nil {
		t.Fatal(err)
	}
	b.Open(t, path)
	var screen, print string
	rows := 0
	shown := `(() => { const e = document.getElementById('errors-count'); return e && e.getClientRects().length ? e.textContent : ''; })()`
	if err := chromedp.Run(b.Ctx,
		chromedp.Evaluate(`document.querySelectorAll('#error-table tbody tr').length`, &rows),
		chromedp.Evaluate(shown, &screen),
		emulation.SetEmulatedMedia().WithMedia("print"),
		chromedp.Evaluate(shown, &print),
	); err != nil {
		t.Fatal(err)
	}
	want := fmt.Sprintf("Showing %d of %d collection errors", rows, len(r.CollectionErrors))
	if rows >= len(r.CollectionErrors) || screen != want || print != want {
		t.Errorf("%d of %d errors drawn; the count says %q on screen and %q in print, want %q", rows, len(r.CollectionErrors), screen, print, want)
	}
	b.Check(t, path)
}

// TestHTMLKeyboardAndHeadings: a store or finding row opens from the keyboard (Enter or
// Space) and says whether it is open (aria-expanded); the headings of what opens continue the
// outline (no level skipped).
func TestHTMLKeyboardAndHeadings(t *testing.T) {
	b := reporterstest.NewBrowser(t)
	path := filepath.Join(t.TempDir(), "report.html")
	if err := os.WriteFile(path, writeHTML(t, fixtureReport()), 0o644); err != nil {
		t.Fatal(err)
	}
	b.Open(t, path)
	var before, after []string
	var skipped []string
	state := `['#matrix tbody tr.store', '#finding-table tbody tr.finding'].map(q => { const tr = document.querySelector(q);
		return String(tr.getAttribute('aria-expanded')) + ' ' + String(!!(tr.nextElementSibling && tr.nextElementSibling.classList.contains('detail'))); })`
	if err := chromedp.Run(b.Ctx,
		chromedp.Evaluate(state, &before),
		chromedp.Focus(`#matrix tbody tr.store`, chromedp.ByQuery),
		chromedp.KeyEvent(" "),
		chromedp.Focus(`#finding-table tbody tr.finding`, chromedp.ByQuery),
		chromedp.KeyEvent(" "),
		chromedp.Evaluate(state, &after),
		// Open everything that has headings: every finding, and a store with log groups.
		chromedp.Evaluate(`document.querySelectorAll('#finding-table tbody tr.finding[aria-expanded="false"]').forEach(tr => tr.click())`, nil),
		chromedp.Click(`//table[@id="matrix"]//tr[contains(@class,"store")][th[1][text()="orders-db"]]`, chromedp.BySearch),
		chromedp.Evaluate(`(() => { const out = []; let last = 0;
			for (const h of document.querySelectorAll('h1, h2, h3, h4, h5, h6')) { const n = Number(h.tagName[1]);
				if (n > last + 1) { out.push(h.tagName + ' "' + h.textContent.slice(0, 30) + '" after h' + last); } last = n; }
			return out; })()`, &skipped),
	); err != nil {
		t.Fatal(err)
	}
	if want := []string{"false false", "false false"}; !slices.Equal(before, want) {
		t.Errorf("closed rows (store, finding): %q, want %q", before, want)
	}
	if want := []string{"true true", "true true"}; !slices.Equal(after, want) {
		t.Errorf("after Space on each row (store, finding): %q, want %q", after, want)
	}
	for _, s := range skipped {
		t.Errorf("heading level skipped: %s", s)
	}
	b.Check(t, path)
}

// TestHTMLPrintMatrixNames: printed on A4 (about 720 CSS pixels wide), the matrix keeps
// its store names readable: a name of up to 24 characters takes one line, not one line per
// few letters.
func TestHTMLPrintMatrixNames(t *testing.T) {
	r := fixtureReport()
	// The longest store type there is takes its width from the name column.
	r.Stores = append(r.Stores, policies.StoreInfo{ID: "arn:aws:redshift-serverless:us-east-1:" + fixtureAccount + ":namespace/analytics-datalake-raw",
		Type: "AWS::RedshiftServerless::Namespace", Name: "analytics-datalake-raw", AccountID: fixtureAccount, Region: "us-east-1"})
	b := reporterstest.NewBrowser(t)
	path := filepath.Join(t.TempDir(), "report.html")
	if err := os.WriteFile(path, writeHTML(t, r), 0o644); err != nil {
		t.Fatal(err)
	}
	b.Open(t, path)
	var broken []string
	if err := chromedp.Run(b.Ctx,
		emulation.SetEmulatedMedia().WithMedia("print"),
		chromedp.EmulateViewport(720, 1000),
		chromedp.Evaluate(`Array.from(document.querySelectorAll('#matrix tbody tr.store th.name')).filter(td => td.textContent.length <= 24).map(td => {
			const r = document.createRange(); r.selectNodeContents(td);
			return [td.textContent, new Set(Array.from(r.getClientRects()).map(x => Math.round(x.top))).size];
		}).filter(x => x[1] > 1).map(x => x[0] + ' on ' + x[1] + ' lines')`, &broken),
	); err != nil {
		t.Fatal(err)
	}
	for _, s := range broken {
		t.Errorf("printed matrix breaks the store name %s", s)
	}
	b.Check(t, path)
}

// TestHTMLMatrixCellNames: a matrix cell is a symbol (✗ ? W ✓ ·); a screen reader must hear
// what it means, not "multiplication x".
func TestHTMLMatrixCellNames(t *testing.T) {
	b := reporterstest.NewBrowser(t)
	path := filepath.Join(t.TempDir(), "report.html")
	if err := os.WriteFile(path, writeHTML(t, fixtureReport()), 0o644); err != nil {
		t.Fatal(err)
	}
	b.Open(t, path)
	var cells []string
	if err := chromedp.Run(b.Ctx, chromedp.Evaluate(`Array.from(document.querySelectorAll('#matrix tbody tr.store'))[0].querySelectorAll('span.cell')
		.values().map(s => s.getAttribute('role') + ' ' + s.getAttribute('aria-label')).toArray()`, &cells)); err != nil {
		t.Fatal(err)
	}
	if len(cells) == 0 {
		t.Fatal("no matrix cells")
	}
	for _, c := range cells {
		if !regexp.MustCompile(`^img [A-Z][a-z ]+: (failed|undecided|waived|passed|no rule)$`).MatchString(c) {
			t.Errorf("matrix cell is announced as %q, want role img and a label such as \"Metric alarms: failed\"", c)
		}
	}
	b.Check(t, path)
}

// TestHTMLCountsFormatted: the page's counts read as its script writes them ("21,605"), not
// "21605" in a heading above "Showing 100 of 21,605".
func TestHTMLCountsFormatted(t *testing.T) {
	r := largeReport(1500)
	out := string(writeHTML(t, r))
	for _, want := range []string{"<h2>Summary of 1,500 checks</h2>"} {
		if !strings.Contains(out, want) {
			t.Errorf("report lacks %q", want)
		}
	}
	if got := regexp.MustCompile(`<td class="num">(\d+)</td>`).FindAllStringSubmatch(out, -1); len(got) > 0 {
		for _, m := range got {
			if len(m[1]) > 3 {
				t.Errorf("a total is written %s, without a thousands separator", m[1])
				break
			}
		}
	}
	for n, want := range map[int]string{0: "0", 999: "999", 1000: "1,000", 21605: "21,605", 1234567: "1,234,567"} {
		if got := formatCount(n); got != want {
			t.Errorf("formatCount(%d) = %q, want %q", n, got, want)
		}
	}
}

// TestHTMLTableHeaders: every table cell has headers a screen reader can name it by: in the
// matrix, the store (a row header) and the dimension; no header cell is empty.
func TestHTMLTableHeaders(t *testing.T) {
	b := reporterstest.NewBrowser(t)
	path := filepath.Join(t.TempDir(), "report.html")
	if err := os.WriteFile(path, writeHTML(t, fixtureReport()), 0o644); err != nil {
		t.Fatal(err)
	}
	b.Open(t, path)
	var rowHeaders []string
	var empty []string
	if err := chromedp.Run(b.Ctx,
		chromedp.Evaluate(`Array.from(document.querySelectorAll('#matrix tbody tr.store')).map(tr => { const h = tr.querySelector('th[scope=row]'); return h ? h.textContent : ''; })`, &rowHeaders),
		chromedp.Evaluate(`Array.from(document.querySelectorAll('th')).filter(th => !th.textContent.trim()).map(th => th.closest('table').id)`, &empty),
	); err != nil {
		t.Fatal(err)
	}
	for i, h := range rowHeaders {
		if h == "" {
			t.Errorf("matrix row %d has no row header (the store)", i)
		}
	}
	for _, id := range empty {
		t.Errorf("table %s has an empty header cell", id)
	}
	b.Check(t, path)
}

// TestHTMLMatrixNarrow: on a laptop at 1024 px, a tablet or a phone the coverage matrix
// stays readable. Its header cells neither overlap each other nor spill out of the header
// row, the page itself never scrolls sideways (the matrix scrolls inside its own box), and
// the store column stays in view while the dimensions scroll.
func TestHTMLMatrixNarrow(t *testing.T) {
	r := fixtureReport()
	// Long names and types, as the demo account has: they widen the matrix past 800 px.
	for _, s := range []policies.StoreInfo{
		{ID: "arn:aws:redshift-serverless:eu-west-1:" + fixtureAccount + ":namespace/analytics-warehouse-namespace", Type: "AWS::RedshiftServerless::Namespace",
			Name: "analytics-warehouse-namespace", AccountID: fixtureAccount, Region: "eu-west-1"},
		{ID: "arn:aws:s3:::analytics-trail-logs-" + fixtureAccount, Type: "AWS::S3::Bucket", Name: "analytics-trail-logs-" + fixtureAccount,
			AccountID: fixtureAccount, Region: "eu-west-1"},
	} {
		s.LogGroups = []policies.StoreLogGroup{}
		r.Stores = append(r.Stores, s)
	}
	r.Summarize()
	b := reporterstest.NewBrowser(t)
	path := filepath.Join(t.TempDir(), "report.html")
	if err := os.WriteFile(path, writeHTML(t, r), 0o644); err != nil {
		t.Fatal(err)
	}
	type layout struct {
		Inner, Scroll int
		BoxRight      float64
		Headers       []string
		Overlaps      []string
		Spills        []string
		StoreLeft     float64
		BoxLeft       float64
		Scrolled      bool
	}
	for _, width := range []int64{360, 800, 1024} {
		t.Run(fmt.Sprint(width), func(t *testing.T) {
			if err := chromedp.Run(b.Ctx, chromedp.EmulateViewport(width, 1200)); err != nil {
				t.Fatal(err)
			}
			b.Open(t, path)
			var got layout
			if err := chromedp.Run(b.Ctx, chromedp.Evaluate(`(() => {
				const o = { Inner: window.innerWidth, Scroll: document.documentElement.scrollWidth, Headers: [], Overlaps: [], Spills: [] };
				const ths = Array.from(document.querySelectorAll('#matrix thead th'));
				const row = document.querySelector('#matrix thead tr').getBoundingClientRect();
				const above = document.getElementById('matrix-controls').getBoundingClientRect();
				const text = e => { const r = document.createRange(); r.selectNodeContents(e); return r.getBoundingClientRect(); };
				for (let i = 0; i < ths.length; i++) {
					const a = ths[i].getBoundingClientRect(), ta = text(ths[i]), name = ths[i].textContent;
					o.Headers.push(name);
					if (i + 1 < ths.length) {
						const b = ths[i + 1].getBoundingClientRect(), tb = text(ths[i + 1]);
						if (a.right > b.left + 0.5 || ta.right > tb.left + 0.5) { o.Overlaps.push(name + ' / ' + ths[i + 1].textContent); }
					}
					if (ta.top < row.top - 0.5 || ta.bottom > row.bottom + 0.5 || ta.left < a.left - 0.5 || ta.right > a.right + 0.5 || ta.top < above.bottom) {
						o.Spills.push(name);
					}
				}
				const box = document.getElementById('matrix').parentElement;
				o.BoxRight = box.getBoundingClientRect().right;
				box.scrollLeft = box.scrollWidth;
				o.Scrolled = box.scrollLeft > 0;
				o.BoxLeft = box.getBoundingClientRect().left;
				o.StoreLeft = document.querySelector('#matrix tbody tr.store th.name').getBoundingClientRect().left;
				box.scrollLeft = 0;
				return o;
			})()`, &got)); err != nil {
				t.Fatal(err)
			}
			if got.BoxRight > float64(got.Inner) {
				t.Errorf("the matrix reaches x=%.0f in a %d px window", got.BoxRight, got.Inner)
			}
			if got.Scroll > got.Inner {
				t.Errorf("the page is %d px wide in a %d px window: it scrolls sideways", got.Scroll, got.Inner)
			}
			if len(got.Headers) < 5 {
				t.Fatalf("the matrix has %d header cells: %v", len(got.Headers), got.Headers)
			}
			for _, o := range got.Overlaps {
				t.Errorf("matrix header cells overlap: %s", o)
			}
			for _, s := range got.Spills {
				t.Errorf("matrix header %q spills out of its cell", s)
			}
			if got.Scrolled && got.StoreLeft > got.BoxLeft+1 {
				t.Errorf("scrolled to the last dimension, the store column is at x=%.0f, want it kept at the matrix's left edge x=%.0f", got.StoreLeft, got.BoxLeft)
			}
			b.Check(t, path)
		})
	}
}

// TestHTMLLongNamesClipped: a store with a 5,000-character name (a snapshot or rule can
// hold anything) and a finding whose message quotes it keep their matrix and findings rows
// a few lines tall: the rows show the first 200 characters (an emoji is not split), the
// title and the selected finding's details the whole text.
func TestHTMLLongNamesClipped(t *testing.T) {
	r := fixtureReport()
	long := strings.Repeat("a", 5000)
	res := *r.Findings[0].Resource
	res.ID, res.ARN, res.Name = res.ID+"-long", res.ARN+"-long", long
	r.Stores = append(r.Stores, policies.StoreInfo{ID: res.ID, Type: res.Type, Name: long, AccountID: res.AccountID, Region: res.Region, LogGroups: []policies.StoreLogGroup{}})
	r.Findings = append(r.Findings, policies.Finding{ID: policies.FindingID("SW-AL-01", &res), RuleID: "SW-AL-01", Status: policies.StatusFail,
		Severity: policies.SeverityCritical, Message: long + " has no alarm on CPUUtilization", Resource: &res})
	r.Stores = append(r.Stores, policies.StoreInfo{ID: res.ID + "-emoji", Type: res.Type, Name: strings.Repeat("😀", 1000), AccountID: res.AccountID, Region: res.Region, LogGroups: []policies.StoreLogGroup{}})
	r.Summarize()
	b := reporterstest.NewBrowser(t)
	path := filepath.Join(t.TempDir(), "report.html")
	if err := os.WriteFile(path, writeHTML(t, r), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Run(b.Ctx, chromedp.EmulateViewport(1024, 1200)); err != nil {
		t.Fatal(err)
	}
	b.Open(t, path)
	var got struct {
		StoreHeight, FindingHeight float64
		StoreText, FindingName     string
		FindingMessage, Title      string
		Detail                     string
	}
	if err := chromedp.Run(b.Ctx, chromedp.Evaluate(`(() => {
		const id = `+"`"+res.ID+"`"+`;
		const store = Array.from(document.querySelectorAll('#matrix tbody tr.store')).find(tr => tr.querySelector('th.name').title === id);
		const finding = Array.from(document.querySelectorAll('#finding-table tbody tr.finding')).find(tr => tr.children[3].title === id);
		if (!store || !finding) { return {}; }
		finding.click();
		return { StoreHeight: store.getBoundingClientRect().height, FindingHeight: finding.getBoundingClientRect().height,
			StoreText: store.querySelector('th.name').textContent, FindingName: finding.children[3].textContent,
			FindingMessage: finding.children[5].textContent, Title: finding.children[3].title,
			Detail: finding.nextElementSibling.textContent };
	})()`, &got)); err != nil {
		t.Fatal(err)
	}
	if got.StoreText == "" {
		t.Fatal("no matrix row or finding row for the store with the long name")
	}
	want := strings.Repeat("a", 199) + "…"
	for what, text := range map[string]string{"matrix row": got.StoreText, "finding's resource": got.FindingName, "finding's message": got.FindingMessage} {
		if text != want {
			t.Errorf("the %s shows %d characters (%.40q…), want the first 199 and …", what, len([]rune(text)), text)
		}
	}
	if got.StoreHeight > 200 || got.FindingHeight > 200 {
		t.Errorf("rows are %.0f px (matrix) and %.0f px (findings) tall, want at most 200 (a few lines)", got.StoreHeight, got.FindingHeight)
	}
	if got.Title != res.ID || !strings.Contains(got.Detail, long+" has no alarm") {
		t.Error("the title or the selected finding's details do not hold the whole text")
	}
	// Cut among emoji, no surrogate pair is split.
	var emoji string
	if err := chromedp.Run(b.Ctx, chromedp.Evaluate(`Array.from(document.querySelectorAll('#matrix tbody tr.store th.name')).find(th => th.title === `+"`"+res.ID+"-emoji`"+`).textContent`, &emoji)); err != nil {
		t.Fatal(err)
	}
	if want := strings.Repeat("😀", 199) + "…"; emoji != want {
		t.Errorf("the matrix row of a name of 1,000 emoji shows %d characters, want the first 199 emoji and …", len([]rune(emoji)))
	}
	b.Check(t, path)
}
