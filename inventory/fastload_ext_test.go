package inventory_test

import (
	"bytes"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/storewatch/storewatch/internal/demo"
	"github.com/storewatch/storewatch/internal/synth"
	"github.com/storewatch/storewatch/inventory"
)

// TestParseFastReadsRealisticSnapshots checks the fast path on the demo account and a
// synthetic organisation, which use most of the model: it must accept them (or the fast
// path would silently never run) and agree with the reference path.
func TestParseFastReadsRealisticSnapshots(t *testing.T) {
	for name, s := range map[string]*inventory.Snapshot{
		"demo":      demo.Snapshot(),
		"synthetic": synth.Generate(synth.Options{Stores: 300, Seed: 7}),
	} {
		t.Run(name, func(t *testing.T) {
			inventory.Resolve(s)
			var buf bytes.Buffer
			if err := inventory.Write(&buf, s); err != nil {
				t.Fatal(err)
			}
			fast, ok := inventory.ParseFast(buf.Bytes())
			if !ok {
				t.Fatal("the fast path refused a snapshot storewatch wrote")
			}
			ref, err := inventory.ParseReference(buf.Bytes())
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(ref, fast); diff != "" {
				t.Errorf("fast and reference paths disagree (-reference +fast):\n%s", diff)
			}
			_, spans, err := inventory.ParseIndexed(buf.Bytes())
			if err != nil {
				t.Fatal(err)
			}
			if len(spans) == 0 {
				t.Fatal("no entry spans")
			}
			if diff := cmp.Diff(inventory.LineIndex(buf.Bytes()), spans); diff != "" {
				t.Errorf("ParseIndexed spans differ from LineIndex (-LineIndex +ParseIndexed):\n%s", diff)
			}
		})
	}
}
