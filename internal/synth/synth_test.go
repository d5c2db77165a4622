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
	if n := s.StoreCount(); n != 1000 {
		t.Errorf("%d stores, want 1000", n)
	}
	if n := len(s.Alarms); n < 160 || n > 240 {
		t.Errorf("%d alarms, want about 200 per 1,000 stores", n)
	}
	errs := len(s.Errors)
	for _, c := range s.Collections() {
		for i := 0; i < c.Len; i++ {
			errs += len(c.Meta(i).Errors)
		}
	}
	if errs < 5 {
		t.Errorf("%d collection errors, want some sprinkled in", errs)
	}
	var basic, advanced bool
	for _, tr := range s.Trails {
		basic = basic || len(tr.EventSelectors) > 0
		advanced = advanced || len(tr.AdvancedEventSelectors) > 0
	}
	if !basic || !advanced {
		t.Error("want trails with basic and with advanced event selectors")
	}
	filters := 0
	for _, g := range s.LogGroups {
		filters += len(g.MetricFilters)
	}
	if filters < 35 || filters > 70 {
		t.Errorf("%d metric filters, want about 50 per 1,000 stores", filters)
	}
	types := map[string]bool{}
	for _, c := range s.Collections() {
		for i := 0; i < c.Len; i++ {
			types[c.Meta(i).Type] = true
		}
	}
	for _, typ := range inventory.ResourceTypes() {
		if inventory.IsStoreType(typ) && !types[typ] {
			t.Errorf("no store of type %s", typ)
		}
	}
}
