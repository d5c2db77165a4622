package jsontext

import (
	"encoding/json"
	"testing"
)

func TestAppendStringMatchesEncodingJSON(t *testing.T) {
	for _, s := range []string{"", "plain", "a\"b", `back\slash`, "<script>&", "line\nbreak\t\r\b\f", "\u2028\u2029", "caf\u00e9", "bad \xff utf8", "\x00\x1f"} {
		want, err := json.Marshal(s)
		if err != nil {
			t.Fatal(err)
		}
		if got := AppendString([]byte("x"), s); string(got) != "x"+string(want) {
			t.Errorf("AppendString(%q) = %s, want %s", s, got[1:], want)
		}
	}
}

func FuzzAppendString(f *testing.F) {
	f.Add("plain")
	f.Add("<\u2028\xff>")
	f.Fuzz(func(t *testing.T, s string) {
		want, err := json.Marshal(s)
		if err != nil {
			t.Fatal(err)
		}
		if got := AppendString(nil, s); string(got) != string(want) {
			t.Fatalf("AppendString(%q) = %s, want %s", s, got, want)
		}
	})
}

func TestPlain(t *testing.T) {
	for text, want := range map[string]bool{
		`{"a":["b",1,null]}`: true,
		`{"a":"\n"}`:         false,
		"{\"a\":\"\t\"}":     false,
		`{"a":"é"}`:          false,
		`{"a":"~"}`:          true,
		"\x7f":               false,
	} {
		if got := Plain([]byte(text)); got != want {
			t.Errorf("Plain(%q) = %v, want %v", text, got, want)
		}
	}
}
