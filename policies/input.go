package policies

import (
	"encoding/json"
	"fmt"
	"math"
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
	var c converter
	t, err := c.term(v)
	if err != nil {
		return nil, err
	}
	return t.Value, nil
}

// converter turns Go values into Rego terms. Rego values are immutable, so one term can
// stand in many places, as OPA's own interned terms do: the converter shares the terms of
// zero values (most fields of most resources: a written snapshot omits them, the rules see
// them all) and of the short strings a batch repeats (types, regions, accounts, statuses).
// That halves the objects a batch builds, and with them the conversion and collection time.
//
// A converter is used by one goroutine at a time.
type converter struct {
	// scratch holds the key/value pairs of the objects being built; ast.NewObject copies
	// them, so one buffer serves every object, nested ones further along.
	scratch [][2]*ast.Term
	// strings interns short strings for the converter's lifetime (one batch).
	strings map[string]*ast.Term
	// flats shares the terms of equal flat structs (see flatStruct), by type and content.
	flats map[reflect.Type]map[string]*ast.Term
	key   []byte
}

// maxInterned is the longest string the converter shares: longer ones (ARNs, ids,
// messages) are mostly unique and would only fill the table.
const maxInterned = 32

func (c *converter) term(v reflect.Value) (*ast.Term, error) {
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		if v.IsNil() {
			return ast.InternedNullTerm, nil
		}
		return c.term(v.Elem())
	case reflect.Struct:
		if v.Type() == timeType {
			// As encoding/json writes it, so rules see the same text as the file holds.
			b, err := v.Interface().(time.Time).MarshalText()
			return ast.StringTerm(string(b)), err
		}
		if zero, ok := zeroTerm(v); ok {
			return zero, nil
		}
		if flatStruct(v.Type()) {
			return c.flat(v)
		}
		plan := structPlan(v.Type())
		base := len(c.scratch)
		for _, f := range plan {
			// Every field, omitempty or not: a written snapshot leaves zero values out, but
			// rules see them all, so an absent list is [] and never an undefined value that
			// would silently stop a deny from firing.
			x, err := c.term(v.FieldByIndex(f.index))
			if err != nil {
				c.scratch = c.scratch[:base]
				return nil, fmt.Errorf("%s: %w", f.name, err)
			}
			c.scratch = append(c.scratch, [2]*ast.Term{f.key, x})
		}
		obj := ast.NewObject(c.scratch[base:]...)
		clear(c.scratch[base:])
		c.scratch = c.scratch[:base]
		return ast.NewTerm(obj), nil
	case reflect.Slice:
		if v.Len() == 0 {
			return ast.InternedEmptyArray, nil
		}
		terms := make([]*ast.Term, v.Len())
		for i := range terms {
			x, err := c.term(v.Index(i))
			if err != nil {
				return nil, err
			}
			terms[i] = x
		}
		return ast.ArrayTerm(terms...), nil
	case reflect.Map:
		if v.Len() == 0 {
			return ast.InternedEmptyObject, nil
		}
		base := len(c.scratch)
		iter := v.MapRange()
		for iter.Next() {
			x, err := c.term(iter.Value())
			if err != nil {
				c.scratch = c.scratch[:base]
				return nil, err
			}
			c.scratch = append(c.scratch, [2]*ast.Term{c.str(iter.Key().String()), x})
		}
		obj := ast.NewObject(c.scratch[base:]...)
		clear(c.scratch[base:])
		c.scratch = c.scratch[:base]
		return ast.NewTerm(obj), nil
	case reflect.String:
		return c.str(v.String()), nil
	case reflect.Bool:
		return ast.InternedTerm(v.Bool()), nil
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return ast.InternedTerm(int(v.Int())), nil
	case reflect.Float32, reflect.Float64:
		return ast.NumberTerm(json.Number(formatFloat(v.Float()))), nil
	}
	return nil, fmt.Errorf("cannot convert %s to a rule input value", v.Type())
}

// str returns the term of a string, shared when the converter has seen it before.
func (c *converter) str(s string) *ast.Term {
	if s == "" {
		return ast.InternedEmptyString
	}
	if len(s) > maxInterned {
		return ast.StringTerm(s)
	}
	if t, ok := c.strings[s]; ok {
		return t
	}
	if c.strings == nil {
		c.strings = make(map[string]*ast.Term, 256)
	}
	t := ast.StringTerm(s)
	c.strings[s] = t
	return t
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

var zeroTerms sync.Map // reflect.Type → *ast.Term

// zeroTerm returns the shared term of a struct's zero value when v is one. IsZero stops at
// the first field set, so a resource (whose id comes first) costs one comparison.
func zeroTerm(v reflect.Value) (*ast.Term, bool) {
	t := v.Type()
	if !v.IsZero() {
		return nil, false
	}
	if z, ok := zeroTerms.Load(t); ok {
		return z.(*ast.Term), true
	}
	var c converter
	plan := structPlan(t)
	zero := reflect.Zero(t)
	terms := make([][2]*ast.Term, 0, len(plan))
	for _, f := range plan {
		x, err := c.term(zero.FieldByIndex(f.index))
		if err != nil {
			return nil, false
		}
		terms = append(terms, [2]*ast.Term{f.key, x})
	}
	z := ast.NewTerm(ast.NewObject(terms...))
	zeroTerms.Store(t, z)
	return z, true
}

var flatTypes sync.Map // reflect.Type → bool

// flatStruct reports whether a struct type holds only strings, booleans, integers and lists
// of strings: a value of it (a trail coverage, say) is often repeated from resource to
// resource, and its content is a cheap key to share one term for all.
func flatStruct(t reflect.Type) bool {
	if f, ok := flatTypes.Load(t); ok {
		return f.(bool)
	}
	flat := t != timeType
	for _, f := range structPlan(t) {
		ft := t.FieldByIndex(f.index).Type
		switch ft.Kind() {
		case reflect.String, reflect.Bool, reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		case reflect.Slice:
			flat = flat && ft.Elem().Kind() == reflect.String
		default:
			flat = false
		}
	}
	flatTypes.Store(t, flat)
	return flat
}

// flat converts a flat struct, or returns the term of an equal one converted before.
func (c *converter) flat(v reflect.Value) (*ast.Term, error) {
	plan := structPlan(v.Type())
	k := c.key[:0]
	for _, f := range plan {
		fv := v.FieldByIndex(f.index)
		switch fv.Kind() {
		case reflect.String:
			k = strconv.AppendQuote(k, fv.String())
		case reflect.Bool:
			k = strconv.AppendBool(k, fv.Bool())
		case reflect.Slice:
			k = append(k, '[')
			for i := 0; i < fv.Len(); i++ {
				k = strconv.AppendQuote(k, fv.Index(i).String())
			}
			k = append(k, ']')
		default:
			k = strconv.AppendInt(k, fv.Int(), 10)
		}
		k = append(k, ',')
	}
	c.key = k
	byKey := c.flats[v.Type()]
	if t, ok := byKey[string(k)]; ok {
		return t, nil
	}
	base := len(c.scratch)
	for _, f := range plan {
		x, err := c.term(v.FieldByIndex(f.index))
		if err != nil {
			c.scratch = c.scratch[:base]
			return nil, fmt.Errorf("%s: %w", f.name, err)
		}
		c.scratch = append(c.scratch, [2]*ast.Term{f.key, x})
	}
	t := ast.NewTerm(ast.NewObject(c.scratch[base:]...))
	clear(c.scratch[base:])
	c.scratch = c.scratch[:base]
	if byKey == nil {
		if c.flats == nil {
			c.flats = map[reflect.Type]map[string]*ast.Term{}
		}
		byKey = map[string]*ast.Term{}
		c.flats[v.Type()] = byKey
	}
	byKey[string(k)] = t
	return t, nil
}

// formatFloat writes a number as encoding/json does (and so as the snapshot file and
// `scanner dev rule-input` hold it): 1000000000, not 1e+09, so that a message words a
// threshold the same whatever read it.
func formatFloat(f float64) string {
	format := byte('f')
	if a := math.Abs(f); a != 0 && (a < 1e-6 || a >= 1e21) {
		format = 'e'
	}
	b := strconv.AppendFloat(nil, f, format, -1, 64)
	if format == 'e' {
		// e-07 → e-7, as encoding/json writes it.
		if n := len(b); n >= 4 && b[n-4] == 'e' && b[n-3] == '-' && b[n-2] == '0' {
			b[n-2] = b[n-1]
			b = b[:n-1]
		}
	}
	return string(b)
}
