package reporters

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	cdplog "github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	cdpruntime "github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"github.com/storewatch/storewatch/internal/golden"
	"github.com/storewatch/storewatch/policies"
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

// browser runs headless Chromium for one test, with the flags that keep it from talking
// to the network on its own, and records console errors, exceptions, log errors (CSP
// violations among them) and every request the page makes.
type browser struct {
	ctx      context.Context
	mu       sync.Mutex
	problems []string
	requests []string
}

const chromiumPath = "/usr/bin/chromium"

func newBrowser(t *testing.T) *browser {
	t.Helper()
	exe := requireTool(t, "Chromium", chromiumPath, "./scripts/test-deps.sh (apt-get install chromium)")
	// A fresh profile per test; removed by hand because Chromium's helpers may still be
	// writing to it for a moment after the browser is cancelled.
	profile, err := os.MkdirTemp("", "storewatch-chromium-")
	if err != nil {
		t.Fatal(err)
	}
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(exe),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-extensions", true),
		chromedp.UserDataDir(profile),
		chromedp.WindowSize(1400, 1000),
	}
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelCtx := chromedp.NewContext(actx)
	ctx, cancelTimeout := context.WithTimeout(ctx, 2*time.Minute)
	t.Cleanup(func() {
		cancelTimeout()
		cancelCtx()
		cancelAlloc()
		for i := 0; i < 20; i++ {
			if os.RemoveAll(profile) == nil {
				return
			}
			time.Sleep(100 * time.Millisecond)
		}
	})
	b := &browser{ctx: ctx}
	chromedp.ListenTarget(ctx, func(ev any) {
		b.mu.Lock()
		defer b.mu.Unlock()
		switch ev := ev.(type) {
		case *cdpruntime.EventConsoleAPICalled:
			if ev.Type == cdpruntime.APITypeError || ev.Type == cdpruntime.APITypeAssert {
				var args []string
				for _, a := range ev.Args {
					args = append(args, string(a.Value)+a.Description)
				}
				b.problems = append(b.problems, "console."+string(ev.Type)+": "+strings.Join(args, " "))
			}
		case *cdpruntime.EventExceptionThrown:
			b.problems = append(b.problems, "exception: "+ev.ExceptionDetails.Error())
		case *cdplog.EventEntryAdded:
			if ev.Entry.Level == cdplog.LevelError || ev.Entry.Level == cdplog.LevelWarning {
				b.problems = append(b.problems, "log "+string(ev.Entry.Level)+": "+ev.Entry.Text+" "+ev.Entry.URL)
			}
		case *network.EventRequestWillBeSent:
			b.requests = append(b.requests, ev.Request.URL)
		}
	})
	if err := chromedp.Run(ctx, network.Enable(), cdplog.Enable(), cdpruntime.Enable()); err != nil {
		t.Fatalf("start chromium: %v", err)
	}
	return b
}

// open loads a report file and waits until its script has drawn the page; it returns how
// long that took.
func (b *browser) open(t *testing.T, path string) time.Duration {
	t.Helper()
	abs, err := filepath.Abs(path)
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	var ready string
	if err := chromedp.Run(b.ctx,
		chromedp.Navigate("file://"+abs),
		chromedp.WaitReady(`body[data-ready]`, chromedp.ByQuery),
		chromedp.AttributeValue(`body`, "data-ready", &ready, nil, chromedp.ByQuery),
	); err != nil {
		t.Fatalf("open %s: %v", path, err)
	}
	if ready != "true" {
		t.Fatalf("the report's script did not finish (data-ready=%q); problems: %v", ready, b.problems)
	}
	return time.Since(start)
}

// check fails the test on any console error and any request beyond the file itself.
func (b *browser) check(t *testing.T, path string) {
	t.Helper()
	b.mu.Lock()
	defer b.mu.Unlock()
	abs, _ := filepath.Abs(path)
	for _, p := range b.problems {
		t.Errorf("browser: %s", p)
	}
	for _, u := range b.requests {
		if u != "file://"+abs {
			t.Errorf("the report made a network request: %s", u)
		}
	}
}

// saveArtifact writes a test artifact under $TMPDIR and, when STOREWATCH_ARTIFACTS is
// set, there too, and logs where.
func saveArtifact(t *testing.T, name string, data []byte) {
	t.Helper()
	dirs := []string{filepath.Join(os.TempDir(), "storewatch-artifacts")}
	if d := os.Getenv("STOREWATCH_ARTIFACTS"); d != "" {
		dirs = append(dirs, d)
	}
	for _, d := range dirs {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
		p := filepath.Join(d, name)
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
		t.Logf("artifact: %s", p)
	}
}

func TestHTMLInBrowser(t *testing.T) {
	b := newBrowser(t)
	r := fixtureReport()
	path := filepath.Join(t.TempDir(), "report.html")
	if err := os.WriteFile(path, writeHTML(t, r), 0o644); err != nil {
		t.Fatal(err)
	}
	b.open(t, path)
	var top []byte
	if err := chromedp.Run(b.ctx, chromedp.CaptureScreenshot(&top)); err != nil {
		t.Fatal(err)
	}
	saveArtifact(t, "html-report-top.png", top)

	var storeNames []string
	var pwned bool
	var scripts, imgs int
	var shownHostile bool
	if err := chromedp.Run(b.ctx,
		chromedp.Evaluate(`Array.from(document.querySelectorAll('#matrix tbody tr.store td.name')).map(e => e.textContent)`, &storeNames),
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
		if err := chromedp.Run(b.ctx, chromedp.Evaluate(`document.querySelectorAll('#finding-table tbody tr.finding').length`, &n)); err != nil {
			t.Fatal(err)
		}
		return n
	}
	before := rows()
	want := r.Summary.ByStatus[policies.StatusFail] + r.Summary.ByStatus[policies.StatusUnknown] + r.Summary.ByStatus[policies.StatusWaived]
	if before != want {
		t.Errorf("findings list shows %d rows by default, want %d (failed, undecided and waived)", before, want)
	}
	if err := chromedp.Run(b.ctx, chromedp.Click(`button[data-status="fail"]`, chromedp.ByQuery)); err != nil {
		t.Fatal(err)
	}
	if after := rows(); after != before-r.Summary.ByStatus[policies.StatusFail] {
		t.Errorf("after turning failed findings off the list shows %d rows, want %d", after, before-r.Summary.ByStatus[policies.StatusFail])
	}
	// Search narrows too, and a finding opens with its evidence and remediation.
	var detail string
	if err := chromedp.Run(b.ctx,
		chromedp.Click(`button[data-status="fail"]`, chromedp.ByQuery),
		chromedp.SendKeys(`#f-search`, "billing-db", chromedp.ByQuery),
		chromedp.Sleep(300*time.Millisecond),
		chromedp.Click(`#finding-table tbody tr.finding.fail`, chromedp.ByQuery),
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
	if err := chromedp.Run(b.ctx,
		chromedp.Click(`//table[@id="matrix"]//tr[contains(@class,"store")][td[1][text()="orders-db"]]`, chromedp.BySearch),
		chromedp.Text(`#matrix tr.detail`, &queries, chromedp.ByQuery),
	); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"aws logs start-query", "'/aws/rds/instance/orders-db/error'", "Access denied for user", "Query_time"} {
		if !strings.Contains(queries, want) {
			t.Errorf("store detail lacks %q", want)
		}
	}

	var shot []byte
	var pdf []byte
	if err := chromedp.Run(b.ctx,
		chromedp.FullScreenshot(&shot, 100),
		chromedp.ActionFunc(func(ctx context.Context) error {
			var err error
			pdf, _, err = page.PrintToPDF().WithPrintBackground(true).Do(ctx)
			return err
		}),
	); err != nil {
		t.Fatal(err)
	}
	saveArtifact(t, "html-report.png", shot)
	if len(pdf) < 1000 {
		t.Errorf("printing the report gave %d bytes of PDF", len(pdf))
	}
	saveArtifact(t, "html-report.pdf", pdf)
	b.check(t, path)
}

// TestHTMLLarge opens a report of 100,000 findings and measures its size and load time.
func TestHTMLLarge(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: large report in the browser")
	}
	b := newBrowser(t)
	r := largeReport(100_000)
	start := time.Now()
	out := writeHTML(t, r)
	written := time.Since(start)
	path := filepath.Join(t.TempDir(), "large.html")
	if err := os.WriteFile(path, out, 0o644); err != nil {
		t.Fatal(err)
	}
	load := b.open(t, path)
	var scriptMS float64
	var shown int
	if err := chromedp.Run(b.ctx,
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
	// Filtering 100,000 findings stays interactive.
	var count string
	fstart := time.Now()
	if err := chromedp.Run(b.ctx,
		chromedp.SendKeys(`#f-search`, "db-000123", chromedp.ByQuery),
		chromedp.WaitVisible(`//span[@id="findings-count"][contains(., "of 3 matching") or contains(., "of 2 matching") or contains(., "of 1 matching") or contains(., "of 4 matching")]`, chromedp.BySearch),
		chromedp.Text(`#findings-count`, &count, chromedp.ByQuery),
	); err != nil {
		t.Fatal(err)
	}
	t.Logf("search over 100,000 findings: %s (%s, including the 150 ms debounce)", count, time.Since(fstart).Round(time.Millisecond))
	var shot []byte
	if err := chromedp.Run(b.ctx, chromedp.CaptureScreenshot(&shot)); err != nil {
		t.Fatal(err)
	}
	saveArtifact(t, "html-report-100k.png", shot)
	b.check(t, path)
}

// PAGE mirrors the page size of report.js.
const PAGE = 100

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
