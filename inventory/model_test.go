package inventory

import (
	"reflect"
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
