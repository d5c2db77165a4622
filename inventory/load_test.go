package inventory

import (
	"bytes"
	"errors"
	"strings"
	"testing"
	"time"
)

func validSnapshot(t testing.TB) []byte {
	t.Helper()
	s := &Snapshot{
		SchemaVersion: SchemaVersion,
		Tool:          Tool{Name: "storewatch", Version: "test"},
		CollectedAt:   time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC),
		Sources:       []Source{{Kind: SourceAWS}},
		Accounts:      []Account{{Meta: Meta{ID: "111122223333", Type: TypeAccount, Name: "a", AccountID: "111122223333"}, Partition: "aws", Regions: []string{"us-east-1"}}},
		DBInstances:   []DBInstance{{Meta: Meta{ID: "arn:aws:rds:us-east-1:111122223333:db:a", Type: TypeDBInstance, Name: "a", AccountID: "111122223333", Region: "us-east-1"}, Engine: "mysql"}},
	}
	Resolve(s)
	var buf bytes.Buffer
	if err := Write(&buf, s); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestParseRoundTrip(t *testing.T) {
	data := validSnapshot(t)
	s, err := Parse(data)
	if err != nil {
		t.Fatalf("Parse of a written snapshot: %v", err)
	}
	var again bytes.Buffer
	if err := Write(&again, s); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(data, again.Bytes()) {
		t.Error("a snapshot does not survive Parse → Write unchanged")
	}
}

func TestParseRejectsInvalidSnapshots(t *testing.T) {
	valid := string(validSnapshot(t))
	tests := []struct {
		name string
		data string
		want string
	}{
		{"empty", "", "unexpected end of JSON input (is the file truncated?)"},
		{"truncated", valid[:len(valid)/2], "(is the file truncated?)"},
		{"not json", "hello", "malformed JSON at line 1"},
		{"array", "[]", "want a JSON object, got array"},
		{"no version", `{"accounts": []}`, "/schema_version: missing"},
		{"version is a number", `{"schema_version": 1}`, "/schema_version: want a string"},
		{"newer major", `{"schema_version": "2.0"}`, `schema_version "2.0" is not supported`},
		{"newer minor", `{"schema_version": "1.9"}`, `schema_version "1.9" is not supported`},
		{"garbage version", `{"schema_version": "one"}`, "is not a version"},
		{"wrong type deep", strings.Replace(valid, `"engine": "mysql"`, `"engine": 5`, 1), "schema violation at /db_instances/0/engine"},
		{"unknown field", strings.Replace(valid, `"engine": "mysql"`, `"engine": "mysql", "engin": "x"`, 1), "schema violation at /db_instances/0"},
		{"missing required", strings.Replace(valid, `"id": "arn:aws:rds:us-east-1:111122223333:db:a",`, ``, 1), "schema violation at /db_instances/0: missing property 'id'"},
		{"not utf-8", strings.Replace(valid, `"name": "a"`, "\"name\": \"a\xff\xfe\"", 1), "invalid UTF-8 at line"},
		{"repeated id", strings.Replace(valid, `"db_instances": [`, `"db_instances": [{"id": "arn:aws:rds:us-east-1:111122223333:db:a", "type": "AWS::RDS::DBInstance", "name": "a", "account_id": "111122223333", "region": "us-east-1"},`, 1),
			`resource id "arn:aws:rds:us-east-1:111122223333:db:a" of account "111122223333" appears twice, at /db_instances/0 and /db_instances/1`},
		{"repeated id across collections", strings.Replace(valid, `"accounts": [`, `"s3_buckets": [{"id": "arn:aws:rds:us-east-1:111122223333:db:a", "type": "AWS::S3::Bucket", "name": "a", "account_id": "111122223333", "region": "us-east-1"}], "accounts": [`, 1),
			`appears twice, at /db_instances/0 and /s3_buckets/0`},
		{"repeated key in a resource", strings.Replace(valid, `"engine": "mysql"`, `"engine": "mysql", "engine": "postgres"`, 1),
			`repeated key "engine" in the object at /db_instances/0 (line 187, column 26)`},
		{"repeated key in a map", strings.Replace(valid, `"engine": "mysql"`, `"engine": "mysql", "tags": {"env": "prod", "owner": "x", "env": "dev"}`, 1),
			`repeated key "env" in the object at /db_instances/0/tags (line 187, column 64)`},
		{"repeated key spelt with an escape", strings.Replace(valid, `"engine": "mysql"`, `"engine": "mysql", "tags": {"env": "prod", "\u0065nv": "dev"}`, 1),
			`repeated key "env" in the object at /db_instances/0/tags`},
		{"repeated top-level key", strings.Replace(valid, `"schema_version": "1.0",`, `"schema_version": "1.0", "schema_version": "1.0",`, 1),
			`repeated key "schema_version" in the object at / (line 2, column 28)`},
		{"huge number", strings.Replace(valid, `"engine": "mysql"`, `"engine": "mysql", "allocated_storage": 1e400`, 1), "schema violation at /db_instances/0/allocated_storage (line 187, column 52): want int, got number 1e400"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse([]byte(tt.data))
			if err == nil {
				t.Fatal("Parse accepted an invalid snapshot")
			}
			if !errors.Is(err, ErrInvalid) {
				t.Errorf("error does not wrap ErrInvalid: %v", err)
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Parse error = %q, want it to mention %q", err, tt.want)
			}
		})
	}
}

func TestWriteIsDeterministic(t *testing.T) {
	mk := func(order []string) []byte {
		s := &Snapshot{SchemaVersion: SchemaVersion, Accounts: []Account{{Meta: Meta{ID: "1", Type: TypeAccount, AccountID: "1"}, Regions: []string{"b", "a"}}}}
		for _, n := range order {
			s.S3Buckets = append(s.S3Buckets, S3Bucket{Meta: Meta{ID: "arn:aws:s3:::" + n, Type: TypeS3Bucket, Name: n, AccountID: "1", Region: "a"},
				MetricsConfigurations: []string{"z", "a", "z"}})
		}
		Resolve(s)
		var buf bytes.Buffer
		if err := Write(&buf, s); err != nil {
			t.Fatal(err)
		}
		return buf.Bytes()
	}
	if !bytes.Equal(mk([]string{"x", "y", "z"}), mk([]string{"z", "x", "y"})) {
		t.Error("the same facts in another order serialise differently")
	}
}

func FuzzParse(f *testing.F) {
	f.Add(validSnapshot(f))
	f.Add([]byte(`{"schema_version":"1.0"}`))
	f.Add([]byte(`{"schema_version":"1.0","accounts":[{"id":1}]}`))
	f.Add(bytes.Replace(validSnapshot(f), []byte(`"db_instances": [`),
		[]byte(`"db_instances": [{"id": "arn:aws:rds:us-east-1:111122223333:db:a", "type": "AWS::RDS::DBInstance", "name": "a", "account_id": "111122223333", "region": "us-east-1"},`), 1))
	f.Fuzz(func(t *testing.T, data []byte) {
		s, err := Parse(data)
		if err != nil {
			if !errors.Is(err, ErrInvalid) {
				t.Fatalf("error does not wrap ErrInvalid: %v", err)
			}
			return
		}
		Resolve(s)
		var buf bytes.Buffer
		if err := Write(&buf, s); err != nil {
			t.Fatal(err)
		}
		if _, err := Parse(buf.Bytes()); err != nil {
			t.Fatalf("a snapshot storewatch wrote does not parse: %v", err)
		}
	})
}

func TestRepeatedIDs(t *testing.T) {
	db := func(account string) DBInstance {
		return DBInstance{Meta: Meta{ID: "aws_db_instance.main", Type: TypeDBInstance, Name: "main", AccountID: account, Region: "us-east-1"}}
	}
	tests := []struct {
		name string
		dbs  []DBInstance
		want string
	}{
		{"unique", []DBInstance{db("111122223333")}, ""},
		{"same address in two accounts", []DBInstance{db("111122223333"), db("444455556666")}, ""},
		{"same id in one account", []DBInstance{db("111122223333"), db("111122223333")}, "appears twice, at /db_instances/0 and /db_instances/1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := &Snapshot{SchemaVersion: SchemaVersion, Tool: Tool{Name: "storewatch", Version: "test"},
				Accounts: []Account{
					{Meta: Meta{ID: "111122223333", Type: TypeAccount, AccountID: "111122223333"}, Partition: "aws", Regions: []string{"us-east-1"}},
					{Meta: Meta{ID: "444455556666", Type: TypeAccount, AccountID: "444455556666"}, Partition: "aws", Regions: []string{"us-east-1"}},
				},
				DBInstances: tt.dbs}
			var buf bytes.Buffer
			if err := Write(&buf, s); err != nil {
				t.Fatal(err)
			}
			_, err := Parse(buf.Bytes())
			_, _, errIndexed := ParseIndexed(buf.Bytes())
			for _, err := range []error{err, errIndexed} {
				switch {
				case tt.want == "" && err != nil:
					t.Errorf("refused: %v", err)
				case tt.want != "" && (err == nil || !errors.Is(err, ErrInvalid) || !strings.Contains(err.Error(), tt.want)):
					t.Errorf("error = %v, want ErrInvalid mentioning %q", err, tt.want)
				}
			}
		})
	}
}
