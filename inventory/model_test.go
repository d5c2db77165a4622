package inventory

import (
	"reflect"
	"slices"
	"strings"
	"testing"
)

// TestNilFieldsAreNullable checks the convention that keeps the schema and the writer in
// agreement: a pointer field is either omitted when nil or declared nullable.
func TestNilFieldsAreNullable(t *testing.T) {
	seen := map[reflect.Type]bool{}
	var walk func(reflect.Type)
	walk = func(typ reflect.Type) {
		for typ.Kind() == reflect.Pointer || typ.Kind() == reflect.Slice || typ.Kind() == reflect.Map {
			typ = typ.Elem()
		}
		if typ.Kind() != reflect.Struct || seen[typ] || typ.PkgPath() != reflect.TypeFor[Snapshot]().PkgPath() {
			return
		}
		seen[typ] = true
		for i := 0; i < typ.NumField(); i++ {
			f := typ.Field(i)
			tag := f.Tag.Get("json")
			if f.Type.Kind() == reflect.Pointer && !strings.Contains(tag, "omitempty") && f.Tag.Get("jsonschema") != "nullable" {
				t.Errorf("%s.%s is a pointer that is neither omitempty nor nullable", typ.Name(), f.Name)
			}
			walk(f.Type)
		}
	}
	walk(reflect.TypeFor[Snapshot]())
}

func TestItemFields(t *testing.T) {
	tests := []struct {
		typ        string
		has, lacks []string
		ok         bool
	}{
		{TypeDBInstance, []string{"engine", "enabled_log_exports", "name", "arn", "unknown_fields"}, []string{"Meta", "log_publishing"}, true},
		{TypeNeptuneCluster, []string{"engine", "parameters"}, []string{"alarm_actions"}, true},
		{TypeAlarm, []string{"alarm_actions"}, []string{"engine"}, true},
		{"AWS::RDS::Nope", nil, nil, false},
	}
	for _, tt := range tests {
		t.Run(tt.typ, func(t *testing.T) {
			got, ok := ItemFields(tt.typ)
			if ok != tt.ok {
				t.Fatalf("ItemFields(%s) ok = %v, want %v", tt.typ, ok, tt.ok)
			}
			for _, f := range tt.has {
				if !slices.Contains(got, f) {
					t.Errorf("ItemFields(%s) = %v, want it to hold %s", tt.typ, got, f)
				}
			}
			for _, f := range tt.lacks {
				if slices.Contains(got, f) {
					t.Errorf("ItemFields(%s) holds %s", tt.typ, f)
				}
			}
		})
	}
}
