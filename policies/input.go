package policies

import (
	"fmt"
	"reflect"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/open-policy-agent/opa/v1/ast"
)

// toValue converts a snapshot item to the Rego value the rules read, directly from the Go
// value — the document encoding/json would produce with every field present — without the
// detour through JSON text and map[string]any, which cost ten times as much.
func toValue(v reflect.Value) (ast.Value, error) {
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		if v.IsNil() {
			return ast.NullValue, nil
		}
		return toValue(v.Elem())
	case reflect.Struct:
		if v.Type() == timeType {
			// As encoding/json writes it, so rules see the same text as the file holds.
			b, err := v.Interface().(time.Time).MarshalText()
			return ast.String(b), err
		}
		plan := structPlan(v.Type())
		terms := make([][2]*ast.Term, 0, len(plan))
		for _, f := range plan {
			// Every field, omitempty or not: a written snapshot leaves zero values out, but
			// rules see them all, so an absent list is [] and never an undefined value that
			// would silently stop a deny from firing.
			x, err := toValue(v.FieldByIndex(f.index))
			if err != nil {
				return nil, fmt.Errorf("%s: %w", f.name, err)
			}
			terms = append(terms, [2]*ast.Term{f.key, ast.NewTerm(x)})
		}
		return ast.NewObject(terms...), nil
	case reflect.Slice:
		if v.IsNil() {
			return ast.NewArray(), nil
		}
		terms := make([]*ast.Term, v.Len())
		for i := range terms {
			x, err := toValue(v.Index(i))
			if err != nil {
				return nil, err
			}
			terms[i] = ast.NewTerm(x)
		}
		return ast.NewArray(terms...), nil
	case reflect.Map:
		terms := make([][2]*ast.Term, 0, v.Len())
		iter := v.MapRange()
		for iter.Next() {
			x, err := toValue(iter.Value())
			if err != nil {
				return nil, err
			}
			terms = append(terms, [2]*ast.Term{ast.StringTerm(iter.Key().String()), ast.NewTerm(x)})
		}
		return ast.NewObject(terms...), nil
	case reflect.String:
		return ast.String(v.String()), nil
	case reflect.Bool:
		return ast.Boolean(v.Bool()), nil
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return ast.Number(strconv.FormatInt(v.Int(), 10)), nil
	case reflect.Float32, reflect.Float64:
		return ast.Number(strconv.FormatFloat(v.Float(), 'g', -1, 64)), nil
	}
	return nil, fmt.Errorf("cannot convert %s to a rule input value", v.Type())
}

type fieldPlan struct {
	name  string
	key   *ast.Term
	index []int
}

var timeType = reflect.TypeFor[time.Time]()

var plans sync.Map // reflect.Type → []fieldPlan

// structPlan lists the JSON fields of a struct type, with embedded structs flattened the way
// encoding/json flattens them.
func structPlan(t reflect.Type) []fieldPlan {
	if p, ok := plans.Load(t); ok {
		return p.([]fieldPlan)
	}
	var out []fieldPlan
	var walk func(t reflect.Type, index []int)
	walk = func(t reflect.Type, index []int) {
		for i := 0; i < t.NumField(); i++ {
			f := t.Field(i)
			idx := append(append([]int(nil), index...), i)
			tag := f.Tag.Get("json")
			if tag == "-" || !f.IsExported() && !f.Anonymous {
				continue
			}
			name, _, _ := strings.Cut(tag, ",")
			if f.Anonymous && name == "" && f.Type.Kind() == reflect.Struct {
				walk(f.Type, idx)
				continue
			}
			if name == "" {
				name = f.Name
			}
			out = append(out, fieldPlan{name: name, key: ast.InternedTerm(name), index: idx})
		}
	}
	walk(t, nil)
	plans.Store(t, out)
	return out
}
