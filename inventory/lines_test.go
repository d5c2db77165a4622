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
