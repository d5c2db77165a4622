package reporterstest

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	cdplog "github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/network"
	cdpruntime "github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

// Browser runs headless Chromium for one test, with the flags that keep it from talking
// to the network on its own, and records console errors, exceptions, log errors (CSP
// violations among them) and every request the page makes.
type Browser struct {
	// Ctx is the browser tab's context for chromedp.Run.
	Ctx      context.Context
	mu       sync.Mutex
	problems []string
	requests []string
}

const chromiumPath = "/usr/bin/chromium"

// NewBrowser starts Chromium for the test; it is stopped when the test ends.
func NewBrowser(t *testing.T) *Browser {
	t.Helper()
	exe := RequireTool(t, "Chromium", chromiumPath, "./scripts/test-deps.sh (apt-get install chromium)")
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
		// Under `make test` every package's race-enabled tests share two CPUs, and Chromium
		// took more than chromedp's default 20 s to print its DevTools address (CI failed
		// TestDemoReports with "websocket url timeout reached").
		chromedp.WSURLReadTimeout(2 * time.Minute),
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
	b := &Browser{Ctx: ctx}
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

// Open loads a report file and waits until its script has drawn the page; it returns how
// long that took.
func (b *Browser) Open(t *testing.T, path string) time.Duration {
	t.Helper()
	abs, err := filepath.Abs(path)
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	var ready string
	if err := chromedp.Run(b.Ctx,
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

// Check fails the test on any console error and any request beyond the file itself.
func (b *Browser) Check(t *testing.T, path string) {
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

// SaveArtifact writes a test artifact under $TMPDIR and, when STOREWATCH_ARTIFACTS is
// set, there too, and logs where.
func SaveArtifact(t *testing.T, name string, data []byte) {
	t.Helper()
	dirs := []string{filepath.Join(os.TempDir(), "storewatch-artifacts")}
	if d := os.Getenv("STOREWATCH_ARTIFACTS"); d != "" {
		dirs = append(dirs, d)
	}
	for _, d := range dirs {
		if err := os.MkdirAll(d, 0o755); err != nil { //nolint:gosec // the artifact directory is the operator's own setting
			t.Fatal(err)
		}
		p := filepath.Join(d, name)
		if err := os.WriteFile(p, data, 0o644); err != nil { //nolint:gosec // as above
			t.Fatal(err)
		}
		t.Logf("artifact: %s", p)
	}
}
