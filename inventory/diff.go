package inventory

import (
	"encoding/json"
	"fmt"
	"reflect"
	"slices"
	"sort"
	"strings"
)

// SnapshotDiff is what changed between two snapshots, store by store.
type SnapshotDiff struct {
	Added   []StoreRef    `json:"added"`
	Removed []StoreRef    `json:"removed"`
	Changed []StoreChange `json:"changed"`
}

// StoreRef names a data store.
type StoreRef struct {
	ID        string `json:"id"`
	Type      string `json:"type"`
	Name      string `json:"name"`
	AccountID string `json:"account_id"`
	Region    string `json:"region"`
}

// StoreChange lists the settings and posture of one store that changed.
type StoreChange struct {
	Store   StoreRef `json:"store"`
	Changes []string `json:"changes"`
}

// CompareSnapshots diffs the data stores of two resolved snapshots: stores added and
// removed, and for each store in both, every setting or posture fact that changed, in
// words ("enabled_log_exports: audit removed").
func CompareSnapshots(old, cur *Snapshot) (*SnapshotDiff, error) {
	before, err := storeDocs(old)
	if err != nil {
		return nil, err
	}
	after, err := storeDocs(cur)
	if err != nil {
		return nil, err
	}
	d := &SnapshotDiff{Added: []StoreRef{}, Removed: []StoreRef{}, Changed: []StoreChange{}}
	for _, k := range sortedDocKeys(after) {
		if _, ok := before[k]; !ok {
			d.Added = append(d.Added, after[k].ref)
		}
	}
	for _, k := range sortedDocKeys(before) {
		b := before[k]
		a, ok := after[k]
		if !ok {
			d.Removed = append(d.Removed, b.ref)
			continue
		}
		var changes []string
		diffValues("", b.doc, a.doc, &changes)
		if len(changes) > 0 {
			d.Changed = append(d.Changed, StoreChange{Store: a.ref, Changes: changes})
		}
	}
	return d, nil
}

type storeDoc struct {
	ref StoreRef
	doc any
}

func storeDocs(s *Snapshot) (map[string]storeDoc, error) {
	out := map[string]storeDoc{}
	for _, c := range s.Collections() {
		for i := 0; i < c.Len; i++ {
			m := c.Meta(i)
			if !IsStoreType(m.Type) {
				continue
			}
			raw, err := json.Marshal(c.Item(i))
			if err != nil {
				return nil, fmt.Errorf("encode %s: %w", m.ID, err)
			}
			var doc map[string]any
			if err := json.Unmarshal(raw, &doc); err != nil {
				return nil, fmt.Errorf("decode %s: %w", m.ID, err)
			}
			// Collection errors and plan bookkeeping are not the store's settings.
			for _, k := range []string{"errors", "unknown_fields", "source"} {
				delete(doc, k)
			}
			out[m.AccountID+"/"+m.ID] = storeDoc{
				ref: StoreRef{ID: m.ID, Type: m.Type, Name: m.Name, AccountID: m.AccountID, Region: m.Region},
				doc: doc,
			}
		}
	}
	return out, nil
}

func sortedDocKeys(m map[string]storeDoc) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// identityKeys name the field that identifies an object inside a list, so lists of alarms
// or log links are compared item by item rather than by position.
var identityKeys = []string{"alarm", "type", "log_type", "name", "id", "arn", "filter"}

func diffValues(path string, a, b any, out *[]string) {
	if reflect.DeepEqual(a, b) {
		return
	}
	switch av := a.(type) {
	case map[string]any:
		bv, ok := b.(map[string]any)
		if !ok {
			break
		}
		keys := map[string]bool{}
		for k := range av {
			keys[k] = true
		}
		for k := range bv {
			keys[k] = true
		}
		sorted := make([]string, 0, len(keys))
		for k := range keys {
			sorted = append(sorted, k)
		}
		sort.Strings(sorted)
		for _, k := range sorted {
			diffValues(join(path, k), av[k], bv[k], out)
		}
		return
	case []any:
		bv, ok := b.([]any)
		if !ok {
			break
		}
		if key := listKey(av, bv); key != "" {
			diffKeyedLists(path, key, av, bv, out)
			return
		}
		if scalars(av) && scalars(bv) {
			added, removed := setDiff(av, bv)
			var parts []string
			if len(added) > 0 {
				parts = append(parts, strings.Join(added, ", ")+" added")
			}
			if len(removed) > 0 {
				parts = append(parts, strings.Join(removed, ", ")+" removed")
			}
			if len(parts) > 0 {
				*out = append(*out, path+": "+strings.Join(parts, "; "))
				return
			}
		}
	}
	*out = append(*out, fmt.Sprintf("%s: %s → %s", path, show(a), show(b)))
}

func diffKeyedLists(path, key string, a, b []any, out *[]string) {
	index := func(l []any) (map[string]any, []string) {
		m := map[string]any{}
		var order []string
		for _, x := range l {
			k := fmt.Sprint(x.(map[string]any)[key])
			if _, dup := m[k]; !dup {
				order = append(order, k)
			}
			m[k] = x
		}
		return m, order
	}
	am, aOrder := index(a)
	bm, bOrder := index(b)
	for _, k := range aOrder {
		if _, ok := bm[k]; !ok {
			*out = append(*out, fmt.Sprintf("%s: %s removed", path, k))
		}
	}
	for _, k := range bOrder {
		if _, ok := am[k]; !ok {
			*out = append(*out, fmt.Sprintf("%s: %s added", path, k))
			continue
		}
		diffValues(path+"["+k+"]", am[k], bm[k], out)
	}
}

func listKey(a, b []any) string {
	all := append(append([]any{}, a...), b...)
	if len(all) == 0 {
		return ""
	}
	for _, key := range identityKeys {
		ok := true
		for _, x := range all {
			m, isMap := x.(map[string]any)
			if !isMap {
				return ""
			}
			if _, has := m[key]; !has {
				ok = false
				break
			}
		}
		if ok {
			return key
		}
	}
	return ""
}

func scalars(l []any) bool {
	for _, x := range l {
		switch x.(type) {
		case map[string]any, []any:
			return false
		}
	}
	return true
}

func setDiff(a, b []any) (added, removed []string) {
	as, bs := map[string]bool{}, map[string]bool{}
	for _, x := range a {
		as[fmt.Sprint(x)] = true
	}
	for _, x := range b {
		bs[fmt.Sprint(x)] = true
	}
	for k := range bs {
		if !as[k] {
			added = append(added, k)
		}
	}
	for k := range as {
		if !bs[k] {
			removed = append(removed, k)
		}
	}
	slices.Sort(added)
	slices.Sort(removed)
	return added, removed
}

func show(v any) string {
	if v == nil {
		return "null"
	}
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprint(v)
	}
	s := string(b)
	if len(s) > 120 {
		s = s[:117] + "..."
	}
	return s
}

func join(path, k string) string {
	if path == "" {
		return k
	}
	return path + "." + k
}
