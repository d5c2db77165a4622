package policies

import (
	"context"
	"io/fs"
	"slices"
	"testing"

	"github.com/open-policy-agent/opa/v1/rego"

	"github.com/storewatch/storewatch/inventory"
)

// TestKeyStateSetsMatchInventory holds the Rego library's usable and unusable key states
// to the inventory's: merge ranks copies of a key by the Go lists, the rules judge by the
// Rego ones, and a state added to one alone would be usable to one and undecided to the
// other.
func TestKeyStateSetsMatchInventory(t *testing.T) {
	src, err := fs.ReadFile(FS, "lib/kms.rego")
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		set  string
		want []string
	}{
		{"usable_states", inventory.UsableKeyStates},
		{"unusable_states", inventory.UnusableKeyStates},
	} {
		rs, err := rego.New(rego.Query("data.storewatch.lib.kms."+tt.set), rego.Module("lib/kms.rego", string(src))).Eval(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		if len(rs) != 1 || len(rs[0].Expressions) != 1 {
			t.Fatalf("%s: %d results, want 1", tt.set, len(rs))
		}
		values, ok := rs[0].Expressions[0].Value.([]any)
		if !ok {
			t.Fatalf("%s is %T, want a set", tt.set, rs[0].Expressions[0].Value)
		}
		var got []string
		for _, v := range values {
			got = append(got, v.(string))
		}
		slices.Sort(got)
		want := slices.Sorted(slices.Values(tt.want))
		if !slices.Equal(got, want) {
			t.Errorf("kms.rego's %s = %v, inventory's = %v", tt.set, got, want)
		}
	}
}
