package policies

import (
	"encoding/json"
	"testing"
)

func TestEvidenceInterner(t *testing.T) {
	in := newEvidenceInterner()
	a := map[string]any{"metric": "CPU", "n": json.Number("1"), "list": []any{"x", true, nil}, "m": map[string]any{"k": 1.5}}
	b := map[string]any{"m": map[string]any{"k": 1.5}, "list": []any{"x", true, nil}, "n": json.Number("1"), "metric": "CPU"}
	if got := in.intern(a); !same(got, a) {
		t.Fatal("the first evidence is not kept as it is")
	}
	if got := in.intern(b); !same(got, a) {
		t.Error("equal evidence is not shared")
	}
	different := []map[string]any{
		{"metric": "CPU", "n": json.Number("1.0"), "list": []any{"x", true, nil}, "m": map[string]any{"k": 1.5}},
		{"metric": "CPU", "n": 1.0, "list": []any{"x", true, nil}, "m": map[string]any{"k": 1.5}},
		{"metric": "CPU", "n": json.Number("1"), "list": []any{true, "x", nil}, "m": map[string]any{"k": 1.5}},
		{"metric": "CPU", "n": json.Number("1"), "list": []any{"x", true}, "m": map[string]any{"k": 1.5}},
		{"metric": "CPU", "n": json.Number("1"), "list": []any{"x", true, nil}, "m": map[string]any{"k": 2.5}},
		{"metric": "CPU", "n": json.Number("1"), "list": []any(nil), "m": map[string]any{"k": 1.5}},
		{"metric": "CPU", "n": json.Number("1"), "list": []any{}, "m": map[string]any{"k": 1.5}},
		{"metric": "CPU", "n": json.Number("1"), "list": []any{"x", true, nil}, "m": map[string]any{"j": 1.5}},
		{"metric": "CPU", "n": json.Number("1"), "list": []any{"x", true, nil}},
	}
	for _, d := range different {
		if got := in.intern(d); !same(got, d) {
			t.Errorf("%v is shared with %v", d, got)
		}
	}
	odd := map[string]any{"x": []string{"a"}}
	if got := in.intern(odd); !same(got, odd) {
		t.Error("evidence of a type decoded JSON does not hold is shared")
	}
	if got := in.intern(map[string]any{"x": []string{"a"}}); same(got, odd) {
		t.Error("evidence of a type decoded JSON does not hold is shared")
	}
	var none *evidenceInterner
	if got := none.intern(a); !same(got, a) {
		t.Error("a nil interner changes evidence")
	}
}

// same reports whether two maps are the same map.
func same(a, b map[string]any) bool {
	a["\x00probe"] = 1
	_, ok := b["\x00probe"]
	delete(a, "\x00probe")
	return ok
}
