package policies

import (
	"encoding/json"
	"testing"
	"unsafe"

	"github.com/open-policy-agent/opa/v1/ast"
)

// referenceEvidence is what evidence was before it was kept as text: ast.JSON decoded,
// then written by encoding/json.
func referenceEvidence(t testing.TB, v ast.Value) string {
	t.Helper()
	text, err := tryReferenceEvidence(v)
	if err != nil {
		t.Fatal(err)
	}
	return text
}

func tryReferenceEvidence(v ast.Value) (string, error) {
	x, err := ast.JSON(v)
	if err != nil {
		return "", err
	}
	text, err := json.Marshal(x)
	return string(text), err
}

func TestAppendEvidenceMatchesEncodingJSON(t *testing.T) {
	for _, rego := range []string{
		`{}`,
		`{"b": 1, "a": [true, false, null], "c": {"z": "x", "y": []}}`,
		`{"n": 1.5, "big": 100000000, "e": 1e21, "neg": -0.25}`,
		`{"set": {"b", "a", 3}, "nested": {"k": {"x"}}}`,
		`{"html": "<script>&</script>", "ctl": "a\nb\tc", "uni": "caf\u00e9 \u2028"}`,
		`{"z": 1, "Z": 2, "a b": 3, "": 4}`,
		`{"a": 1, "a": 2}`,
		`{1: "number key", "s": "x"}`,
		`{["array", "key"]: 1}`,
	} {
		v := ast.MustParseTerm(rego).Value
		got, err := appendEvidence(nil, v)
		if err != nil {
			t.Fatalf("%s: %v", rego, err)
		}
		if want := referenceEvidence(t, v); string(got) != want {
			t.Errorf("%s:\n got %s\nwant %s", rego, got, want)
		}
	}
}

func TestAppendEvidenceLazyObject(t *testing.T) {
	cfg := map[string]any{"required": []any{"error", 100000000.0}, "max": 1e21, "n": json.Number("7")}
	v := ast.NewObject([2]*ast.Term{ast.StringTerm("param"), ast.NewTerm(ast.LazyObject(cfg))})
	got, err := appendEvidence(nil, v)
	if err != nil {
		t.Fatal(err)
	}
	if want := referenceEvidence(t, v); string(got) != want {
		t.Errorf("got %s, want %s", got, want)
	}
}

func TestAppendEvidenceRefusesNonObjects(t *testing.T) {
	for _, rego := range []string{`"text"`, `[1]`, `{1, 2}`, `3`} {
		if _, err := appendEvidence(nil, ast.MustParseTerm(rego).Value); err == nil {
			t.Errorf("%s: evidence that is not an object was accepted", rego)
		}
	}
}

func TestEvidenceInternerShares(t *testing.T) {
	in := newEvidenceInterner()
	a, scratch, err := in.encode(nil, ast.MustParseTerm(`{"metric": "CPU", "list": ["x", true, null]}`).Value)
	if err != nil {
		t.Fatal(err)
	}
	b, _, err := in.encode(scratch, ast.MustParseTerm(`{"list": ["x", true, null], "metric": "CPU"}`).Value)
	if err != nil {
		t.Fatal(err)
	}
	if string(a) != `{"list":["x",true,null],"metric":"CPU"}` || unsafe.SliceData(a) != unsafe.SliceData(b) {
		t.Errorf("equal evidence is not shared: %s at %p, %s at %p", a, a, b, b)
	}
	c, _, err := in.encode(nil, ast.MustParseTerm(`{"list": ["x", true], "metric": "CPU"}`).Value)
	if err != nil {
		t.Fatal(err)
	}
	if unsafe.SliceData(c) == unsafe.SliceData(a) || string(c) == string(a) {
		t.Errorf("different evidence is shared: %s", c)
	}
	// The scratch buffer is reused: a shared text must not be overwritten by the next.
	if string(a) != `{"list":["x",true,null],"metric":"CPU"}` {
		t.Errorf("a shared text changed to %s", a)
	}
}

func FuzzAppendEvidence(f *testing.F) {
	f.Add(`{"a": [1, "b", {"c": null}], "d": {"x", "y"}}`)
	f.Add(`{"<": "\u2028", "n": 1e-7}`)
	f.Fuzz(func(t *testing.T, rego string) {
		term, err := ast.ParseTerm(rego)
		if err != nil || !term.IsGround() {
			return
		}
		if _, ok := term.Value.(ast.Object); !ok {
			return
		}
		if _, err := ast.JSON(term.Value); err != nil {
			return
		}
		got, err := appendEvidence(nil, term.Value)
		want, wantErr := tryReferenceEvidence(term.Value)
		switch {
		case (err != nil) != (wantErr != nil):
			t.Fatalf("%s: error %v, encoding/json's %v", rego, err, wantErr)
		case err == nil && string(got) != want:
			t.Fatalf("%s:\n got %s\nwant %s", rego, got, want)
		}
	})
}

// TestVerdictEvidence follows evidence from a rule's deny set to its text: empty evidence
// is none, a later message wins a key, and an object read lazily from the configuration
// keeps encoding/json's numbers when verdicts merge.
func TestVerdictEvidence(t *testing.T) {
	lazyCfg := ast.NewTerm(ast.LazyObject(map[string]any{"max": 100000000.0}))
	tests := []struct {
		name string
		deny *ast.Term
		want string
	}{
		{"empty", ast.MustParseTerm(`{{"id": "r", "msg": "m", "evidence": {}}}`), ""},
		{"all empty", ast.MustParseTerm(`{{"id": "r", "msg": "a", "evidence": {}}, {"id": "r", "msg": "b", "evidence": {}}}`), ""},
		{"none", ast.MustParseTerm(`{{"id": "r", "msg": "m"}}`), ""},
		{"merged", ast.MustParseTerm(`{{"id": "r", "msg": "a", "evidence": {"k": 1, "x": 1}}, {"id": "r", "msg": "b", "evidence": {"k": 2}}}`), `{"k":2,"x":1}`},
		{"lazy merged", ast.SetTerm(
			ast.ObjectTerm([2]*ast.Term{ast.StringTerm("id"), ast.StringTerm("r")}, [2]*ast.Term{ast.StringTerm("msg"), ast.StringTerm("a")},
				[2]*ast.Term{ast.StringTerm("evidence"), lazyCfg}),
			ast.MustParseTerm(`{"id": "r", "msg": "b", "evidence": {"k": 2}}`),
		), `{"k":2,"max":100000000}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out ruleOutput
			if err := out.read(output{kind: outDeny}, tt.deny); err != nil {
				t.Fatal(err)
			}
			_, ev := merge(out.deny["r"])
			got := ""
			if ev != nil {
				text, _, err := newEvidenceInterner().encode(nil, ev)
				if err != nil {
					t.Fatal(err)
				}
				got = string(text)
			}
			if got != tt.want {
				t.Errorf("evidence %q, want %q", got, tt.want)
			}
		})
	}
}
