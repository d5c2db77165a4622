package inventory

import (
	"bytes"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestLineIndex(t *testing.T) {
	s := &Snapshot{SchemaVersion: SchemaVersion}
	s.Accounts = []Account{{Meta: Meta{ID: "111122223333", Type: TypeAccount, Name: "a \"quoted\" {name}", AccountID: "111122223333"}}}
	s.DBInstances = []DBInstance{
		{Meta: Meta{ID: "arn:db:b", Type: TypeDBInstance, Name: "b"}, Engine: "mysql"},
		{Meta: Meta{ID: "arn:db:a", Type: TypeDBInstance, Name: "a", Tags: map[string]string{"id": "not-this"}}, Engine: "postgres"},
	}
	var buf bytes.Buffer
	if err := Write(&buf, s); err != nil {
		t.Fatal(err)
	}
	got := LineIndex(buf.Bytes())
	lines := bytes.Split(buf.Bytes(), []byte("\n"))
	for _, k := range []EntryKey{{"accounts", "111122223333"}, {"db_instances", "arn:db:a"}, {"db_instances", "arn:db:b"}} {
		sp, ok := got[k]
		if !ok {
			t.Fatalf("LineIndex has no entry for %v; got %v", k, got)
		}
		if string(bytes.TrimSpace(lines[sp.StartLine-1])) != "{" || !bytes.HasPrefix(bytes.TrimSpace(lines[sp.EndLine-1]), []byte("}")) {
			t.Errorf("%v spans lines %d-%d, which are %q .. %q", k, sp.StartLine, sp.EndLine, lines[sp.StartLine-1], lines[sp.EndLine-1])
		}
		if !bytes.Contains(bytes.Join(lines[sp.StartLine-1:sp.EndLine], nil), []byte(`"id": "`+k.ID+`"`)) {
			t.Errorf("%v span does not contain its id", k)
		}
	}
	if diff := cmp.Diff(3, len(got)); diff != "" {
		t.Errorf("entries (-want +got):\n%s", diff)
	}
}

func FuzzLineIndex(f *testing.F) {
	f.Add([]byte(`{"db_instances":[{"id":"x"}]}`))
	f.Add([]byte(`{"a":[{"id":"\"}"},{"id":1}]`))
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, sp := range LineIndex(data) {
			if sp.StartLine < 1 || sp.EndLine < sp.StartLine {
				t.Fatalf("bad span %v", sp)
			}
		}
	})
}

// FuzzLineIndexMatchesReference holds the fast string skipping to the byte-by-byte scanner
// it replaced, on any text.
func FuzzLineIndexMatchesReference(f *testing.F) {
	f.Add([]byte(`{"db_instances":[{"id":"x"}]}`))
	f.Add([]byte("{\"a\":[{\"id\":\"\\\"}\\\\\"},{\"id\":1}]\n}"))
	f.Add([]byte("{\"a\":[{\"id\":\"x\ny\\\n\"}]}"))
	f.Add([]byte("{\"a\":[\n  {\n    \"id\": \"p\\\\\\\"q\",\n    \"n\": \"unterminated\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		if diff := cmp.Diff(lineIndexReference(data), LineIndex(data)); diff != "" {
			t.Fatalf("LineIndex differs from the reference (-reference +fast):\n%s", diff)
		}
	})
}

// lineIndexReference is LineIndex as it was first written, one byte at a time.
func lineIndexReference(data []byte) map[EntryKey]Span {
	out := map[EntryKey]Span{}
	var (
		line       = 1
		depth      = 0
		inString   = false
		escaped    = false
		strStart   = 0
		lastKey    string // the last string at depth 1 (a collection name) or depth 2 key
		collection string
		entryStart int
		entryID    string
		expectID   bool
		keyPending bool
	)
	for i := 0; i < len(data); i++ {
		c := data[i]
		if inString {
			switch {
			case escaped:
				escaped = false
			case c == '\\':
				escaped = true
			case c == '"':
				inString = false
				s := string(data[strStart:i])
				switch {
				case expectID:
					entryID = s
					expectID = false
				case keyPending && depth == 1:
					lastKey = s
				case keyPending && depth == 3 && s == "id":
					lastKey = "id"
				case keyPending && depth == 3:
					lastKey = ""
				}
				keyPending = false
			case c == '\n':
				line++
			}
			continue
		}
		switch c {
		case '\n':
			line++
		case '"':
			inString = true
			strStart = i + 1
			// A string right after '{' or ',' in an object is a key.
			keyPending = isKeyPosition(data, i)
		case ':':
			if depth == 3 && lastKey == "id" && entryID == "" {
				expectID = true
			}
		case '{', '[':
			depth++
			if depth == 2 && c == '[' {
				collection = lastKey
			}
			if depth == 3 && c == '{' && collection != "" {
				entryStart, entryID = line, ""
			}
		case '}', ']':
			if depth == 3 && c == '}' && collection != "" && entryID != "" {
				out[EntryKey{collection, entryID}] = Span{entryStart, line}
			}
			if depth == 2 {
				collection = ""
			}
			depth--
		}
	}
	return out
}
