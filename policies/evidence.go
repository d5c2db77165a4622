package policies

import (
	"encoding/json"
	"fmt"
	"hash/maphash"
	"reflect"
	"slices"
	"strings"
	"sync"
	"unsafe"

	"github.com/open-policy-agent/opa/v1/ast"

	"github.com/storewatch/storewatch/internal/jsontext"
)

// Evidence is kept as the JSON text json.Marshal writes for it: at 100,000 stores 446,000
// findings carry evidence but only 103,000 different ones, 16 MB as text against about
// 110 MB as decoded maps, and every report writes the text as it is.

// evidenceInterner makes findings with equal evidence share one text.
type evidenceInterner struct {
	seed   maphash.Seed
	shards [64]internShard
}

type internShard struct {
	mu sync.Mutex
	m  map[string]json.RawMessage
}

func newEvidenceInterner() *evidenceInterner {
	return &evidenceInterner{seed: maphash.MakeSeed()}
}

// encode returns the JSON text of v, shared with every earlier finding whose evidence
// encodes the same. scratch is a buffer to encode into, returned for reuse.
func (in *evidenceInterner) encode(scratch []byte, v ast.Value) (json.RawMessage, []byte, error) {
	text, err := appendEvidence(scratch[:0], v)
	if err != nil {
		return nil, scratch, err
	}
	s := &in.shards[maphash.Bytes(in.seed, text)%uint64(len(in.shards))]
	s.mu.Lock()
	defer s.mu.Unlock()
	if shared, ok := s.m[string(text)]; ok {
		return shared, text, nil
	}
	if s.m == nil {
		s.m = map[string]json.RawMessage{}
	}
	own := json.RawMessage(slices.Clone(text))
	// The key shares the text's bytes rather than copying them: no text is written to
	// once it is shared.
	s.m[unsafe.String(&own[0], len(own))] = own //nolint:gosec // aliasing an immutable buffer, see above
	return own, text, nil
}

// appendEvidence appends the JSON text of a rule's evidence: the bytes of
// json.Marshal(ast.JSON(v)), written straight from the value for the shapes rules return
// (objects with string keys, arrays, sets, strings, numbers, booleans, null) and through
// encoding/json for any other.
func appendEvidence(b []byte, v ast.Value) ([]byte, error) {
	if _, ok := v.(ast.Object); !ok {
		return b, fmt.Errorf("evidence must be an object, got %s", ast.ValueName(v))
	}
	if out, ok := appendValue(b, v); ok {
		return out, nil
	}
	x, err := ast.JSON(v)
	if err != nil {
		return b, fmt.Errorf("evidence: %w", err)
	}
	text, err := json.Marshal(x)
	if err != nil {
		return b, fmt.Errorf("evidence: %w", err)
	}
	return append(b, text...), nil
}

// appendValue appends v as json.Marshal(ast.JSON(v)) would, or reports false for a value
// it leaves to encoding/json (an object key that is not a string, a lazily read object).
func appendValue(b []byte, v ast.Value) ([]byte, bool) {
	switch x := v.(type) {
	case ast.Null:
		return append(b, "null"...), true
	case ast.Boolean:
		if x {
			return append(b, "true"...), true
		}
		return append(b, "false"...), true
	case ast.Number:
		// A json.Number is written as it is. Rego's number syntax is wider than JSON's
		// (.5): those are left to encoding/json, which refuses them.
		if !json.Valid([]byte(x)) {
			return b, false
		}
		return append(b, x...), true
	case ast.String:
		return jsontext.AppendString(b, string(x)), true
	case *ast.Array:
		b = append(b, '[')
		for i := range x.Len() {
			if i > 0 {
				b = append(b, ',')
			}
			var ok bool
			if b, ok = appendValue(b, x.Elem(i).Value); !ok {
				return b, false
			}
		}
		return append(b, ']'), true
	case ast.Set:
		// ast.JSON lists a set's members in the order the set iterates them.
		b = append(b, '[')
		ok := true
		first := true
		x.Foreach(func(t *ast.Term) {
			if !ok {
				return
			}
			if !first {
				b = append(b, ',')
			}
			first = false
			b, ok = appendValue(b, t.Value)
		})
		return append(b, ']'), ok
	case ast.Object:
		if lazy(x) {
			return b, false
		}
		return appendObject(b, x)
	}
	return b, false
}

// lazy reports whether an object is one OPA reads from its store on demand (the
// configuration's): ast.JSON returns such an object's Go values as they are, which
// encoding/json writes in its own way (a float64 100000000 as 100000000, where the value
// converted would say 1e+08).
func lazy(obj ast.Object) bool {
	return reflect.TypeOf(obj).String() == "*ast.lazyObj"
}

// appendObject writes an object's members in the order encoding/json writes a map's:
// sorted by key.
func appendObject(b []byte, obj ast.Object) ([]byte, bool) {
	type member struct {
		key   string
		value ast.Value
	}
	members := make([]member, 0, obj.Len())
	ok := true
	obj.Foreach(func(k, v *ast.Term) {
		s, isString := k.Value.(ast.String)
		if !isString {
			ok = false
			return
		}
		members = append(members, member{string(s), v.Value})
	})
	if !ok {
		return b, false
	}
	slices.SortFunc(members, func(a, b member) int { return strings.Compare(a.key, b.key) })
	b = append(b, '{')
	for i, m := range members {
		if i > 0 {
			// A term written with a key twice (never a value rules compute) is left to
			// ast.JSON, whose map keeps one of them.
			if members[i-1].key == m.key {
				return b, false
			}
			b = append(b, ',')
		}
		b = jsontext.AppendString(b, m.key)
		b = append(b, ':')
		if b, ok = appendValue(b, m.value); !ok {
			return b, false
		}
	}
	return append(b, '}'), true
}
