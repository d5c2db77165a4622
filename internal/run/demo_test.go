package run

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/storewatch/storewatch/internal/demo"
	"github.com/storewatch/storewatch/inventory"
	"github.com/storewatch/storewatch/policies"
	"github.com/storewatch/storewatch/reporters/reporterstest"
	"github.com/storewatch/storewatch/triage"
)

// TestDemoReports runs the demo as `scanner demo` does and checks what a user gets: every
// format written, a SARIF file GitHub would accept (the SARIF Multitool with GitHub's
// rules finds nothing), and an HTML report that shows every demo store in Chromium.
func TestDemoReports(t *testing.T) {
	ctx := context.Background()
	eng, err := policies.Load(ctx, policies.Options{})
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	var stdout bytes.Buffer
	snap := demo.Snapshot()
	files, err := Demo(ctx, snap, dir, Options{Engine: eng, Gate: triage.GateOptions{FailOn: triage.FailOnNone}, Stdout: &stdout})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]bool{"snapshot.json": true, "report.json": true, "report.sarif": true, "report.html": true, "report.junit.xml": true}
	for _, f := range files {
		delete(want, filepath.Base(f))
	}
	if len(want) > 0 {
		t.Errorf("the demo did not write %v", want)
	}
	if !strings.Contains(stdout.String(), "checks on") {
		t.Errorf("the demo printed no table summary:\n%s", stdout.String())
	}

	sarifPath := filepath.Join(dir, "report.sarif")
	places, _ := readSARIFPlaces(t, sarifPath)
	for _, p := range places {
		if !strings.HasSuffix(p.URI, "/snapshot.json") || p.StartLine <= 1 {
			t.Errorf("result points at %s line %d, want the resource's entry in the demo snapshot", p.URI, p.StartLine)
		}
	}
	for _, w := range reporterstest.ValidateSARIF(t, sarifPath) {
		t.Errorf("SARIF Multitool warning on the demo: %s %s %v", w.RuleID, w.Message.Text, w.Message.Arguments)
	}

	b := reporterstest.NewBrowser(t)
	htmlPath := filepath.Join(dir, "report.html")
	b.Open(t, htmlPath)
	var names []string
	var shot []byte
	if err := chromedp.Run(b.Ctx,
		// The matrix draws 100 stores at a time.
		chromedp.Evaluate(`{ const m = document.getElementById('matrix-more'); while (!m.hidden) { m.click(); } }`, nil),
		chromedp.Evaluate(`Array.from(document.querySelectorAll('#matrix tbody tr.store .name')).map(e => e.textContent)`, &names),
		chromedp.FullScreenshot(&shot, 100),
	); err != nil {
		t.Fatal(err)
	}
	inventory.Resolve(snap)
	var stores []string
	for _, c := range snap.Collections() {
		for i := 0; i < c.Len; i++ {
			if m := c.Meta(i); inventory.IsStoreType(m.Type) {
				stores = append(stores, m.Name)
			}
		}
	}
	shown := strings.Join(names, "\n")
	for _, s := range stores {
		if !strings.Contains("\n"+shown+"\n", "\n"+s+"\n") {
			t.Errorf("the matrix does not show demo store %s (it shows %q)", s, names)
		}
	}
	reporterstest.SaveArtifact(t, "demo-report.png", shot)
	b.Check(t, htmlPath)
}
