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

func TestCanonical(t *testing.T) {
	for _, text := range []string{
		`{"a":["b c",1,null],"d":{}}`,
		`{"a": 1}`,
		"{\"a\":1}\n",
		`{"a":"<b>"}`,
		`{"a":"\u00e9"}`,
		`{"a":"é"}`,
		`{"a":1`,
		`[1,2]`,
		`"x y"`,
	} {
		marshalled, err := json.Marshal(json.RawMessage(text))
		unchanged := err == nil && string(marshalled) == text
		if got := Canonical([]byte(text)); got && !unchanged {
			t.Errorf("Canonical(%s) = true, but json.Marshal writes %s (%v)", text, marshalled, err)
		}
	}
	if !Canonical([]byte(`{"a":["b c",1,null],"d":{}}`)) {
		t.Error("compact plain JSON is not canonical")
	}
}

func FuzzCanonical(f *testing.F) {
	f.Add(`{"a":["b c",1,null]}`)
	f.Add(`{"a" :1}`)
	f.Fuzz(func(t *testing.T, text string) {
		if !Canonical([]byte(text)) {
			return
		}
		marshalled, err := json.Marshal(json.RawMessage(text))
		if err != nil || string(marshalled) != text {
			t.Fatalf("Canonical(%q), but json.Marshal writes %q (%v)", text, marshalled, err)
		}
	})
}

// TestWordNeedsEscapeMatchesTable checks the eight-byte test against the byte table for
// every byte value at every position, among neighbours that sit at the edges of the
// escaped ranges (a borrow from one byte must not hide or invent another).
func TestWordNeedsEscapeMatchesTable(t *testing.T) {
	for _, filler := range []byte{'a', ' ', '~', 0x7f, '!', '#', '=', '?', '[', ']', '%', '\'', 0x21} {
		for pos := range 8 {
			for c := range 256 {
				word := [8]byte{filler, filler, filler, filler, filler, filler, filler, filler}
				word[pos] = byte(c)
				var w uint64
				want := false
				for i, b := range word {
					w |= uint64(b) << (8 * i)
					want = want || needsEscape[b]
				}
				if got := wordNeedsEscape(w); got != want {
					t.Errorf("wordNeedsEscape(%q) = %v, want %v", word[:], got, want)
				}
			}
		}
	}
}
