package policies

import (
	"context"
	"reflect"
	"testing"

	"github.com/storewatch/storewatch/internal/synth"
	"github.com/storewatch/storewatch/inventory"
)

// TestEvaluateAndReleaseJudgesAlike holds the releasing evaluation to the findings of the
// plain one, and to what it promises to leave: every item's Meta and nothing else.
func TestEvaluateAndReleaseJudgesAlike(t *testing.T) {
	ctx := context.Background()
	eng, err := Load(ctx, Options{BatchSize: 16})
	if err != nil {
		t.Fatal(err)
	}
	kept := synth.Generate(synth.Options{Stores: 300, Seed: 7})
	released := synth.Generate(synth.Options{Stores: 300, Seed: 7})
	eng.Resolve(kept)
	eng.Resolve(released)
	metas := map[string][]inventory.Meta{}
	for _, c := range released.Collections() {
		for i := 0; i < c.Len; i++ {
			metas[c.Name] = append(metas[c.Name], *c.Meta(i))
		}
	}
	want, err := eng.Evaluate(ctx, kept)
	if err != nil {
		t.Fatal(err)
	}
	got, err := eng.EvaluateAndRelease(ctx, released)
	if err != nil {
		t.Fatal(err)
	}
	if len(want) == 0 || !reflect.DeepEqual(got, want) {
		t.Fatalf("released evaluation: %d findings, plain: %d; they differ", len(got), len(want))
	}
	judged := 0
	for _, c := range released.Collections() {
		if len(eng.byCollection[c.Name]) == 0 {
			continue
		}
		for i := 0; i < c.Len; i++ {
			if got := *c.Meta(i); !reflect.DeepEqual(got, metas[c.Name][i]) {
				t.Fatalf("%s item %d: Meta changed to %+v", c.Name, i, got)
			}
			item := reflect.ValueOf(c.Item(i)).Elem()
			for f := 0; f < item.NumField(); f++ {
				if item.Type().Field(f).Name != "Meta" && !item.Field(f).IsZero() {
					t.Fatalf("%s item %d: %s kept after release", c.Name, i, item.Type().Field(f).Name)
				}
			}
			judged++
		}
	}
	if judged == 0 {
		t.Fatal("no item was judged")
	}
}
