package inventory

import (
	"reflect"
	"slices"
	"strings"
)

// fillEmpty replaces nil slices and maps with empty ones, everywhere in v (a pointer), except
// in fields whose JSON tag has omitempty. Every field a rule may read is therefore present in
// a written snapshot: a rule never meets an undefined value where it expected an empty list,
// which in Rego would silently stop a deny from firing.
func fillEmpty(v reflect.Value) {
	switch v.Kind() {
	case reflect.Pointer:
		if !v.IsNil() {
			fillEmpty(v.Elem())
		}
	case reflect.Struct:
		t := v.Type()
		for i := 0; i < v.NumField(); i++ {
			f := v.Field(i)
			sf := t.Field(i)
			if !sf.IsExported() {
				continue
			}
			if hasOmitEmpty(sf) && (f.Kind() == reflect.Slice || f.Kind() == reflect.Map) && f.Len() == 0 {
				f.Set(reflect.Zero(f.Type()))
				continue
			}
			switch f.Kind() {
			case reflect.Slice:
				if f.IsNil() {
					f.Set(reflect.MakeSlice(f.Type(), 0, 0))
				}
			case reflect.Map:
				if f.IsNil() {
					f.Set(reflect.MakeMap(f.Type()))
				}
			}
			fillEmpty(f)
		}
	case reflect.Slice:
		if v.Type().Elem().Kind() == reflect.String {
			return
		}
		for i := 0; i < v.Len(); i++ {
			fillEmpty(v.Index(i))
		}
	}
}

func hasOmitEmpty(f reflect.StructField) bool {
	opts := strings.Split(f.Tag.Get("json"), ",")
	return slices.Contains(opts[1:], "omitempty")
}
