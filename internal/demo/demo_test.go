package demo

import (
	"bytes"
	"testing"

	"github.com/storewatch/storewatch/inventory"
)

func TestDemoSnapshotIsValidAndStable(t *testing.T) {
	write := func() []byte {
		s := Snapshot()
		inventory.Resolve(s)
		var buf bytes.Buffer
		if err := inventory.Write(&buf, s); err != nil {
			t.Fatal(err)
		}
		return buf.Bytes()
	}
	data := write()
	s, err := inventory.Parse(data)
	if err != nil {
		t.Fatalf("the demo snapshot does not validate: %v", err)
	}
	if !bytes.Equal(data, write()) {
		t.Error("the demo snapshot is not reproducible")
	}
	if n := s.StoreCount(); n < 24 {
		t.Errorf("the demo has %d data stores, want dozens", n)
	}
	regions := map[string]bool{}
	types := map[string]bool{}
	for _, c := range s.Collections() {
		for i := 0; i < c.Len; i++ {
			m := c.Meta(i)
			if inventory.IsStoreType(m.Type) {
				regions[m.Region] = true
				types[m.Type] = true
			}
		}
	}
	if len(regions) != 2 {
		t.Errorf("the demo's stores are in %d regions, want 2", len(regions))
	}
	for _, typ := range inventory.ResourceTypes() {
		if inventory.IsStoreType(typ) && !types[typ] {
			t.Errorf("the demo has no store of type %s", typ)
		}
	}
}
