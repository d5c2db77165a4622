package synth

import (
	"bytes"
	"testing"

	"github.com/storewatch/storewatch/inventory"
)

func TestGenerateIsValidDeterministicAndSized(t *testing.T) {
	write := func(seed uint64) []byte {
		s := Generate(Options{Stores: 1000, Seed: seed})
		inventory.Resolve(s)
		var buf bytes.Buffer
		if err := inventory.Write(&buf, s); err != nil {
			t.Fatal(err)
		}
		return buf.Bytes()
	}
	a := write(1)
	if !bytes.Equal(a, write(1)) {
		t.Error("the same seed gives different snapshots")
	}
	if bytes.Equal(a, write(2)) {
		t.Error("different seeds give the same snapshot")
	}
	s, err := inventory.Parse(a)
	if err != nil {
		t.Fatalf("the generated snapshot does not validate: %v", err)
	}
	// Cluster members are instances too, so there are somewhat more stores than asked.
	if n := s.StoreCount(); n < 1000 || n > 1300 {
		t.Errorf("%d stores, want about 1000", n)
	}
	if n := len(s.Alarms); n < 120 || n > 320 {
		t.Errorf("%d alarms, want about 200 per 1,000 stores", n)
	}
	filters := 0
	for _, g := range s.LogGroups {
		filters += len(g.MetricFilters)
	}
	if filters < 25 || filters > 100 {
		t.Errorf("%d metric filters, want about 50 per 1,000 stores", filters)
	}
	types := map[string]bool{}
	for _, c := range s.Collections() {
		for i := 0; i < c.Len; i++ {
			types[c.Meta(i).Type] = true
		}
	}
	for _, typ := range inventory.ResourceTypes() {
		if inventory.IsStoreType(typ) && typ != inventory.TypeElastiCacheCacheCluster && !types[typ] {
			t.Errorf("no store of type %s", typ)
		}
	}
}
