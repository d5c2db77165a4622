package terraform

import (
	"math"
	"slices"

	"github.com/storewatch/storewatch/inventory"
)

// reader reads typed values of one instance into one snapshot item and records in the
// item's Meta.UnknownFields, by their JSON name, the fields it could not know.
type reader struct {
	c  *converter
	in *instance
	m  *inventory.Meta
}

func (c *converter) reader(in *instance, m *inventory.Meta) reader {
	return reader{c: c, in: in, m: m}
}

func (r reader) unknown(field string) { addUnknown(r.m, field) }

// configured reports whether the configuration sets the attribute at path: where it does
// not, the provider or AWS default applies.
func (r reader) configured(path ...any) bool {
	// An attribute set to null is not set: the default applies.
	if r.in.block != nil {
		body := r.c.ev.instanceBody(r.in)
		v, ok := ctyPath(body, path)
		return ok && (!v.IsKnown() || !v.IsNull())
	}
	if r.in.cfg != nil {
		if e, ok := expressionAt(r.in.cfg.Expressions, path); ok {
			return len(e.References) > 0 || string(e.ConstantValue) != "null"
		}
		// A nested block is a list of expression maps, not an expression.
		return blocksAt(r.in.cfg.Expressions, path) > 0
	}
	return true
}

// str is a known string (null reads as ""); an unknown one makes the field unknown.
func (r reader) str(field string, path ...any) string {
	v := r.c.get(r.in, path...)
	if !v.known {
		r.unknown(field)
		return ""
	}
	s, _ := r.text(field, v, path)
	return s
}

// ref is a known string, or for an unknown one the snapshot id of the resource it comes
// from (an SNS topic's ARN becomes the topic's address).
func (r reader) ref(field string, path ...any) string {
	v := r.c.get(r.in, path...)
	switch {
	case v.known:
		s, _ := r.text(field, v, path)
		return s
	case v.ref != "":
		return v.ref
	}
	r.unknown(field)
	return ""
}

// boolean is a known bool; null reads as def.
func (r reader) boolean(field string, def bool, path ...any) bool {
	v := r.c.get(r.in, path...)
	if !v.known {
		r.unknown(field)
		return def
	}
	x, ok := r.typed(field, v, kindBool, path)
	if !ok {
		return def
	}
	return x.(bool)
}

// boolOrNew is boolean where an unknown value of a new resource takes newDefault, the value
// AWS gives a new resource when nobody sets it.
func (r reader) boolOrNew(field string, newDefault bool, path ...any) bool {
	v := r.c.get(r.in, path...)
	if !v.known && r.in.isNew && !r.configured(path...) {
		return newDefault
	}
	return r.boolean(field, newDefault, path...)
}

func (r reader) boolPtr(field string, path ...any) *bool {
	v := r.c.get(r.in, path...)
	if !v.known {
		r.unknown(field)
		return nil
	}
	x, ok := r.typed(field, v, kindBool, path)
	if !ok {
		return nil
	}
	b := x.(bool)
	return &b
}

// number is a known number; null reads as nil.
func (r reader) number(field string, path ...any) *float64 {
	v := r.c.get(r.in, path...)
	if !v.known {
		r.unknown(field)
		return nil
	}
	x, ok := r.typed(field, v, kindNumber, path)
	if !ok {
		return nil
	}
	f := x.(float64)
	return &f
}

func (r reader) integer(field string, def int, path ...any) int {
	if p := r.intPtr(field, path...); p != nil {
		return *p
	}
	return def
}

func (r reader) intPtr(field string, path ...any) *int {
	f := r.number(field, path...)
	if f == nil || math.IsNaN(*f) || math.Abs(*f) > math.MaxInt32 {
		return nil
	}
	i := int(*f)
	return &i
}

// strs is a list of strings; null reads as empty. Unknown elements make the field unknown
// and are left out.
func (r reader) strs(field string, path ...any) []string {
	l, ok := r.c.list(r.in, path...)
	if !ok {
		r.unknown(field)
		return nil
	}
	out := make([]string, 0, len(l))
	for i, v := range l {
		if !v.known {
			r.unknown(field)
			continue
		}
		if s, ok := r.text(field, v, append(path[:len(path):len(path)], i)); ok {
			out = append(out, s)
		}
	}
	return out
}

// refs is strs where an unknown element that references a resource becomes that
// resource's snapshot id.
func (r reader) refs(field string, path ...any) []string {
	l, ok := r.c.list(r.in, path...)
	if !ok {
		r.unknown(field)
		return nil
	}
	out := make([]string, 0, len(l))
	for i, v := range l {
		switch {
		case v.known:
			if s, ok := r.text(field, v, append(path[:len(path):len(path)], i)); ok {
				out = append(out, s)
			}
		case v.ref != "":
			out = append(out, v.ref)
		default:
			r.unknown(field)
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// each lists the elements of a nested block list or set (or a list attribute) in the end
// state; when even their number is unknown until apply (a dynamic block over a collection
// known only after apply), the field is unknown and the list empty.
func (r reader) each(field string, path ...any) []node {
	n := r.in.after.path(path)
	if n.unknown() {
		r.unknown(field)
	}
	if !r.c.container(r.in, path, n, "an array") {
		return nil
	}
	return n.elems()
}

// blocks lists the nested blocks of a block type in the end state; false when even their
// number is unknown.
func (r reader) blocks(path ...any) ([]node, bool) {
	n := r.in.after.path(path)
	if n.unknown() {
		return nil, false
	}
	if !r.c.container(r.in, path, n, "an array") {
		return nil, true
	}
	return n.elems(), true
}
