package inventory

import (
	"bytes"
	"encoding/json"
	"fmt"
	"reflect"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
)

// The fast path of Parse. The reference path (decode the whole document into generic
// values, validate them with the JSON Schema validator, decode again into the types) costs
// four passes and a tree of small allocations; at 100,000 stores it took longer than judging
// them. The fast path reads a valid snapshot with one structural pass and then, spread over
// the CPUs, one validating and one typed decoding pass per resource:
//
//   - fastSchema is compiled from the same embedded schema as the reference validator, and
//     only from the keywords it implements; a schema using any other keyword disables the
//     fast path altogether rather than being half-checked;
//   - it is conservative: anything it is unsure about (a number that is an integer only
//     mathematically, such as 1.0, a duplicate top-level key, a failed decode) sends the
//     document to the reference path, which is also what produces every error message.
//
// So the fast path can only ever accept what the reference path accepts, with the same
// result (FuzzParseFastMatchesReference checks both), and errors keep their JSON pointers.

// typeSet is a set of JSON types, one bit each.
type typeSet uint8

const (
	tNull typeSet = 1 << iota
	tBool
	tInteger
	tNumber // any number, integer or not
	tString
	tArray
	tObject
	tAny = tNull | tBool | tInteger | tNumber | tString | tArray | tObject
)

// fastSchema is one compiled schema node.
type fastSchema struct {
	types typeSet
	// accepts is the set of types a value may have: types, narrowed by $ref and oneOf.
	accepts typeSet
	ref     *fastSchema
	// oneOf alternatives must accept disjoint JSON types, so the value's type picks the
	// only one that can match.
	oneOf    []*fastSchema
	props    map[string]int // property name → index in propSchemas
	propList []*fastSchema
	// required holds the indexes of the required properties.
	required []int
	// closed forbids properties not in props; addl validates them otherwise (nil: anything).
	closed bool
	addl   *fastSchema
	items  *fastSchema
}

// maxProps bounds the properties of one object schema the fast path tracks.
const maxProps = 256

var fastSnapshotSchema = sync.OnceValue(func() *fastSchema {
	var doc map[string]any
	if err := json.Unmarshal(schemaJSON, &doc); err != nil {
		return nil
	}
	c := &fastCompiler{root: doc, defs: map[string]*fastSchema{}}
	s, err := c.compile(doc)
	if err != nil {
		return nil
	}
	if !s.setAccepts(map[*fastSchema]bool{}) {
		return nil
	}
	return s
})

type fastCompiler struct {
	root map[string]any
	defs map[string]*fastSchema
}

// annotations are keywords that do not constrain a value.
var annotations = map[string]bool{
	"$schema": true, "$id": true, "$defs": true, "title": true, "description": true,
	// Draft 2020-12 treats format as an annotation unless the validator is told to assert
	// it, and the reference validator is not: a malformed date fails the typed decode.
	"format": true,
}

func (c *fastCompiler) compile(v any) (*fastSchema, error) {
	m, ok := v.(map[string]any)
	if !ok {
		return nil, fmt.Errorf("schema node is %T", v)
	}
	s := &fastSchema{types: tAny}
	for k, x := range m {
		switch {
		case annotations[k]:
		case k == "$ref":
			ref, _ := x.(string)
			r, err := c.resolve(ref)
			if err != nil {
				return nil, err
			}
			s.ref = r
		case k == "type":
			t, err := compileTypes(x)
			if err != nil {
				return nil, err
			}
			s.types = t
		case k == "oneOf":
			alts, _ := x.([]any)
			for _, a := range alts {
				sub, err := c.compile(a)
				if err != nil {
					return nil, err
				}
				s.oneOf = append(s.oneOf, sub)
			}
		case k == "properties":
			props, _ := x.(map[string]any)
			if len(props) > maxProps {
				return nil, fmt.Errorf("too many properties")
			}
			s.props = make(map[string]int, len(props))
			for name, p := range props {
				sub, err := c.compile(p)
				if err != nil {
					return nil, err
				}
				s.props[name] = len(s.propList)
				s.propList = append(s.propList, sub)
			}
		case k == "required" || k == "additionalProperties" || k == "items":
			// Compiled below, once properties are known.
		default:
			return nil, fmt.Errorf("keyword %q is not implemented by the fast path", k)
		}
	}
	if x, ok := m["required"]; ok {
		names, _ := x.([]any)
		for _, n := range names {
			name, _ := n.(string)
			i, ok := s.props[name]
			if !ok {
				// A required property without a schema: possible, but not in ours.
				return nil, fmt.Errorf("required %q has no property schema", name)
			}
			s.required = append(s.required, i)
		}
	}
	if x, ok := m["additionalProperties"]; ok {
		switch a := x.(type) {
		case bool:
			s.closed = !a
		default:
			sub, err := c.compile(a)
			if err != nil {
				return nil, err
			}
			s.addl = sub
		}
	}
	if x, ok := m["items"]; ok {
		sub, err := c.compile(x)
		if err != nil {
			return nil, err
		}
		s.items = sub
	}
	// The validator follows oneOf and $ref to one node; a node that also constrains the
	// value itself would need both checked. Our schema never does that.
	if (len(s.oneOf) > 0 || s.ref != nil) && (s.props != nil || s.items != nil || s.closed || s.addl != nil || len(s.required) > 0) {
		return nil, fmt.Errorf("$ref or oneOf beside other constraints")
	}
	if len(s.oneOf) > 0 && s.ref != nil {
		return nil, fmt.Errorf("$ref beside oneOf")
	}
	return s, nil
}

// setAccepts computes accepts for every node, once all references are resolved, and
// reports false when the alternatives of a oneOf are not told apart by the value's type.
func (s *fastSchema) setAccepts(done map[*fastSchema]bool) bool {
	if s == nil || done[s] {
		return true
	}
	done[s] = true
	s.accepts = s.acceptedTypes()
	var seen typeSet
	for _, a := range s.oneOf {
		t := a.acceptedTypes()
		if t&seen != 0 {
			return false
		}
		seen |= t
	}
	for _, x := range append(append([]*fastSchema{s.ref, s.addl, s.items}, s.oneOf...), s.propList...) {
		if !x.setAccepts(done) {
			return false
		}
	}
	return true
}

func (c *fastCompiler) resolve(ref string) (*fastSchema, error) {
	name, ok := strings.CutPrefix(ref, "#/$defs/")
	if !ok {
		return nil, fmt.Errorf("$ref %q is not local", ref)
	}
	if s, ok := c.defs[name]; ok {
		return s, nil
	}
	defs, _ := c.root["$defs"].(map[string]any)
	def, ok := defs[name]
	if !ok {
		return nil, fmt.Errorf("$ref %q not found", ref)
	}
	// Registered before compiling, so a recursive definition refers to itself.
	s := &fastSchema{}
	c.defs[name] = s
	compiled, err := c.compile(def)
	if err != nil {
		return nil, err
	}
	*s = *compiled
	return s, nil
}

func compileTypes(x any) (typeSet, error) {
	var names []string
	switch t := x.(type) {
	case string:
		names = []string{t}
	case []any:
		for _, n := range t {
			s, _ := n.(string)
			names = append(names, s)
		}
	}
	var out typeSet
	for _, n := range names {
		switch n {
		case "null":
			out |= tNull
		case "boolean":
			out |= tBool
		case "integer":
			out |= tInteger
		case "number":
			out |= tNumber | tInteger
		case "string":
			out |= tString
		case "array":
			out |= tArray
		case "object":
			out |= tObject
		default:
			return 0, fmt.Errorf("type %q", n)
		}
	}
	if out == 0 {
		return 0, fmt.Errorf("no type")
	}
	return out, nil
}

// acceptedTypes is the set of JSON types a value may have to be accepted.
func (s *fastSchema) acceptedTypes() typeSet {
	t := s.types
	if s.ref != nil {
		t &= s.ref.acceptedTypes()
	}
	if len(s.oneOf) > 0 {
		var u typeSet
		for _, a := range s.oneOf {
			u |= a.acceptedTypes()
		}
		t &= u
	}
	if t&tNumber != 0 {
		t |= tInteger
	}
	return t
}

// validator walks JSON text and checks it against a fastSchema at the same time as its
// syntax. Any doubt is a rejection.
type validator struct {
	data []byte
	pos  int
}

func isSpace(c byte) bool { return c == ' ' || c == '\n' || c == '\t' || c == '\r' }

func (v *validator) skipSpace() {
	for v.pos < len(v.data) && isSpace(v.data[v.pos]) {
		v.pos++
	}
}

// value validates the value at pos against s (nil: any value) and moves past it.
func (v *validator) value(s *fastSchema) bool {
	v.skipSpace()
	if v.pos >= len(v.data) {
		return false
	}
	var t typeSet
	switch c := v.data[v.pos]; {
	case c == '{':
		t = tObject
	case c == '[':
		t = tArray
	case c == '"':
		t = tString
	case c == 't' || c == 'f':
		t = tBool
	case c == 'n':
		t = tNull
	case c == '-' || c >= '0' && c <= '9':
		t = tNumber | tInteger
	default:
		return false
	}
	// Follow oneOf (by the value's type) and $ref to the node that says what the value
	// holds; every node on the way must admit the value's type.
	intOnly := false
	for s != nil {
		if s.accepts&t == 0 {
			return false
		}
		if t&tNumber != 0 && s.accepts&tNumber == 0 {
			intOnly = true
		}
		switch {
		case len(s.oneOf) > 0:
			var alt *fastSchema
			for _, a := range s.oneOf {
				if a.accepts&t != 0 {
					alt = a
					break
				}
			}
			s = alt
			continue
		case s.ref != nil:
			s = s.ref
			continue
		}
		break
	}
	switch t {
	case tObject:
		return v.object(s)
	case tArray:
		return v.array(s)
	case tString:
		return v.str()
	case tBool:
		return v.literal("true") || v.literal("false")
	case tNull:
		return v.literal("null")
	default:
		integer, ok := v.number()
		if !ok {
			return false
		}
		// "integer" accepts only integer literals: 1.0 and 1e3 are integers to the
		// reference validator but left to it.
		return integer || !intOnly
	}
}

func (v *validator) literal(lit string) bool {
	if len(v.data)-v.pos >= len(lit) && string(v.data[v.pos:v.pos+len(lit)]) == lit {
		v.pos += len(lit)
		return true
	}
	return false
}

// number checks a JSON number and reports whether it is written as an integer.
func (v *validator) number() (integer, ok bool) {
	d, i := v.data, v.pos
	if i < len(d) && d[i] == '-' {
		i++
	}
	switch {
	case i < len(d) && d[i] == '0':
		i++
	case i < len(d) && d[i] >= '1' && d[i] <= '9':
		for i < len(d) && d[i] >= '0' && d[i] <= '9' {
			i++
		}
	default:
		return false, false
	}
	integer = true
	if i < len(d) && d[i] == '.' {
		integer = false
		i++
		start := i
		for i < len(d) && d[i] >= '0' && d[i] <= '9' {
			i++
		}
		if i == start {
			return false, false
		}
	}
	if i < len(d) && (d[i] == 'e' || d[i] == 'E') {
		integer = false
		i++
		if i < len(d) && (d[i] == '+' || d[i] == '-') {
			i++
		}
		start := i
		for i < len(d) && d[i] >= '0' && d[i] <= '9' {
			i++
		}
		if i == start {
			return false, false
		}
	}
	v.pos = i
	return integer, true
}

// str checks a string and moves past it; it reports false for bad escapes and control
// characters. The text is already known to be UTF-8.
func (v *validator) str() bool {
	_, _, ok := v.strSpan()
	return ok
}

// strSpan returns the raw contents of the string at pos and whether it has escapes.
func (v *validator) strSpan() (raw []byte, escaped, ok bool) {
	raw, escaped, end, ok := scanStr(v.data, v.pos)
	if ok {
		v.pos = end
	}
	return raw, escaped, ok
}

// scanStr checks the string that starts at d[pos] and returns its raw contents, whether it
// has escapes, and the position after it. It reports false for bad escapes and control
// characters; the text is already known to be UTF-8.
func scanStr(d []byte, pos int) (raw []byte, escaped bool, end int, ok bool) {
	i := pos + 1
	start := i
	for i < len(d) {
		c := d[i]
		switch {
		case c == '"':
			return d[start:i], escaped, i + 1, true
		case c == '\\':
			escaped = true
			if i+1 >= len(d) {
				return nil, false, 0, false
			}
			switch d[i+1] {
			case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
				i += 2
			case 'u':
				if i+6 > len(d) || !isHex(d[i+2]) || !isHex(d[i+3]) || !isHex(d[i+4]) || !isHex(d[i+5]) {
					return nil, false, 0, false
				}
				i += 6
			default:
				return nil, false, 0, false
			}
		case c < 0x20:
			return nil, false, 0, false
		default:
			i++
		}
	}
	return nil, false, 0, false
}

func isHex(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F'
}

// key reads an object key, unescaped, as bytes (a map lookup with string(key) does not
// allocate).
func (v *validator) key() ([]byte, bool) {
	start := v.pos
	raw, escaped, ok := v.strSpan()
	if !ok {
		return nil, false
	}
	if !escaped {
		return raw, true
	}
	var s string
	if err := json.Unmarshal(v.data[start:v.pos], &s); err != nil {
		return nil, false
	}
	return []byte(s), true
}

func (v *validator) object(s *fastSchema) bool {
	v.pos++ // {
	var seen [maxProps / 64]uint64
	// Keys outside the schema's properties (a map's, such as tags): a repeated key is
	// left to the reference path, which refuses it.
	var otherBuf [8][]byte
	others := otherBuf[:0]
	v.skipSpace()
	if v.pos < len(v.data) && v.data[v.pos] == '}' {
		v.pos++
		return s == nil || len(s.required) == 0
	}
	for {
		v.skipSpace()
		if v.pos >= len(v.data) || v.data[v.pos] != '"' {
			return false
		}
		k, ok := v.key()
		if !ok {
			return false
		}
		v.skipSpace()
		if v.pos >= len(v.data) || v.data[v.pos] != ':' {
			return false
		}
		v.pos++
		var sub *fastSchema
		known := false
		if s != nil {
			if i, ok := s.props[string(k)]; ok {
				if seen[i/64]&(1<<(i%64)) != 0 {
					return false // repeated
				}
				sub = s.propList[i]
				seen[i/64] |= 1 << (i % 64)
				known = true
			} else if s.closed {
				return false
			} else {
				sub = s.addl
			}
		}
		if !known {
			for _, o := range others {
				if bytes.Equal(o, k) {
					return false // repeated
				}
			}
			others = append(others, k)
		}
		if !v.value(sub) {
			return false
		}
		v.skipSpace()
		if v.pos >= len(v.data) {
			return false
		}
		switch v.data[v.pos] {
		case ',':
			v.pos++
		case '}':
			v.pos++
			if s != nil {
				for _, i := range s.required {
					if seen[i/64]&(1<<(i%64)) == 0 {
						return false
					}
				}
			}
			return true
		default:
			return false
		}
	}
}

func (v *validator) array(s *fastSchema) bool {
	v.pos++ // [
	var items *fastSchema
	if s != nil {
		items = s.items
	}
	v.skipSpace()
	if v.pos < len(v.data) && v.data[v.pos] == ']' {
		v.pos++
		return true
	}
	for {
		if !v.value(items) {
			return false
		}
		v.skipSpace()
		if v.pos >= len(v.data) {
			return false
		}
		switch v.data[v.pos] {
		case ',':
			v.pos++
		case ']':
			v.pos++
			return true
		default:
			return false
		}
	}
}

// skip moves past the value at pos without validating its contents beyond finding its
// end; value() checks it later. It reports false on text that cannot be a value.
func (v *validator) skip() bool {
	v.skipSpace()
	d := v.data
	if v.pos >= len(d) {
		return false
	}
	switch d[v.pos] {
	case '"':
		return v.str()
	case '{', '[':
		depth := 0
		for i := v.pos; i < len(d); i++ {
			switch d[i] {
			case '"':
				// Only the end of the string matters here; value() checks its contents.
				end, ok := stringClose(d, i+1)
				if !ok {
					return false
				}
				i = end
			case '{', '[':
				depth++
			case '}', ']':
				depth--
				if depth == 0 {
					v.pos = i + 1
					return true
				}
			}
		}
		return false
	default:
		start := v.pos
		for v.pos < len(d) && !isSpace(d[v.pos]) && d[v.pos] != ',' && d[v.pos] != '}' && d[v.pos] != ']' {
			v.pos++
		}
		return v.pos > start
	}
}

// stringClose returns the position of the quote that closes the string whose contents
// start at from: the first quote not escaped by an odd run of backslashes.
func stringClose(d []byte, from int) (int, bool) {
	for j := from; ; {
		k := bytes.IndexByte(d[j:], '"')
		if k < 0 {
			return 0, false
		}
		q := j + k
		n := 0
		for p := q - 1; p >= from && d[p] == '\\'; p-- {
			n++
		}
		if n%2 == 0 {
			return q, true
		}
		j = q + 1
	}
}

// span is a byte range of the document.
type span struct{ start, end int }

// topField is one top-level key of the document: its value, and for arrays decoded item by
// item, each item.
type topField struct {
	field  reflect.StructField
	schema *fastSchema
	value  span
	items  []span
}

var snapshotFields = sync.OnceValue(func() map[string]reflect.StructField {
	out := map[string]reflect.StructField{}
	t := reflect.TypeFor[Snapshot]()
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if f.IsExported() && name != "" && name != "-" && !f.Anonymous {
			out[name] = f
		}
	}
	return out
})

// parseFast reads a valid snapshot of a supported version, or reports false for anything
// else, which the reference path then explains.
func parseFast(data []byte) (*Snapshot, bool) {
	s, _, ok := parseFastFields(data)
	return s, ok
}

// parseFastFields is parseFast that also returns where each top-level value and item is.
// data must be UTF-8 (checkUTF8 runs first): it keeps bytes the reference path would replace.
func parseFastFields(data []byte) (*Snapshot, []topField, bool) {
	root := fastSnapshotSchema()
	if root == nil {
		return nil, nil, false
	}
	top := root
	for top.ref != nil && top.props == nil {
		top = top.ref
	}
	if top.props == nil || !top.closed || top.types&tObject == 0 {
		return nil, nil, false
	}
	fields, ok := topLevel(data, top)
	if !ok {
		return nil, nil, false
	}
	var s Snapshot
	sv := reflect.ValueOf(&s).Elem()
	// Jobs: each non-array field whole, each array in chunks of items.
	type job struct {
		f          *topField
		dst        reflect.Value // the field, or the slice whose items [lo, hi) the job fills
		lo, hi     int
		itemSchema *fastSchema
	}
	var jobs []job
	const chunk = 64
	for i := range fields {
		f := &fields[i]
		dst := sv.FieldByIndex(f.field.Index)
		if f.items == nil {
			jobs = append(jobs, job{f: f, dst: dst})
			continue
		}
		dst.Set(reflect.MakeSlice(f.field.Type, len(f.items), len(f.items)))
		items := f.schema.arrayItems()
		for lo := 0; lo < len(f.items); lo += chunk {
			jobs = append(jobs, job{f: f, dst: dst, lo: lo, hi: min(lo+chunk, len(f.items)), itemSchema: items})
		}
	}
	var next atomic.Int64
	var failed atomic.Bool
	work := func() {
		for !failed.Load() {
			j := int(next.Add(1)) - 1
			if j >= len(jobs) {
				return
			}
			jb := jobs[j]
			if jb.itemSchema == nil {
				raw := data[jb.f.value.start:jb.f.value.end]
				v := validator{data: raw}
				if !v.value(jb.f.schema) || !decode(raw, jb.dst) {
					failed.Store(true)
				}
				continue
			}
			for i := jb.lo; i < jb.hi; i++ {
				sp := jb.f.items[i]
				raw := data[sp.start:sp.end]
				v := validator{data: raw}
				if !v.value(jb.itemSchema) || !decode(raw, jb.dst.Index(i)) {
					failed.Store(true)
					break
				}
			}
		}
	}
	workers := min(runtime.GOMAXPROCS(0), len(jobs))
	var wg sync.WaitGroup
	for range workers - 1 {
		wg.Go(work)
	}
	work()
	wg.Wait()
	if failed.Load() || CheckVersion(s.SchemaVersion) != nil {
		return nil, nil, false
	}
	return &s, fields, true
}

// decode decodes validated text into v, with the fast decoder when it handles v's type and
// with encoding/json otherwise.
func decode(raw []byte, v reflect.Value) bool {
	if planFor(v.Type()) != nil {
		return decodeInto(raw, v) == nil
	}
	return json.Unmarshal(raw, v.Addr().Interface()) == nil
}

// arrayItems returns the items schema of an array schema that has one, through bare $refs.
func (s *fastSchema) arrayItems() *fastSchema {
	for s != nil {
		if s.items != nil || len(s.oneOf) > 0 {
			return s.items
		}
		s = s.ref
	}
	return nil
}

// topLevel scans the top-level object: it checks the keys against the snapshot schema
// (known, present when required, not repeated) and finds each value and, for arrays of
// resources, each item. Values are validated later, in parallel.
func topLevel(data []byte, top *fastSchema) ([]topField, bool) {
	fieldsByName := snapshotFields()
	v := validator{data: data}
	v.skipSpace()
	if v.pos >= len(data) || data[v.pos] != '{' {
		return nil, false
	}
	v.pos++
	var out []topField
	var seen [maxProps / 64]uint64
	for {
		v.skipSpace()
		if v.pos < len(data) && data[v.pos] == '}' && len(out) == 0 {
			v.pos++
			break
		}
		if v.pos >= len(data) || data[v.pos] != '"' {
			return nil, false
		}
		k, ok := v.key()
		if !ok {
			return nil, false
		}
		i, known := top.props[string(k)]
		f, typed := fieldsByName[string(k)]
		if !known || !typed || seen[i/64]&(1<<(i%64)) != 0 {
			return nil, false
		}
		seen[i/64] |= 1 << (i % 64)
		v.skipSpace()
		if v.pos >= len(data) || data[v.pos] != ':' {
			return nil, false
		}
		v.pos++
		v.skipSpace()
		tf := topField{field: f, schema: top.propList[i]}
		tf.value.start = v.pos
		isArray := v.pos < len(data) && data[v.pos] == '['
		if isArray && f.Type.Kind() == reflect.Slice && tf.schema.arrayItems() != nil && tf.schema.acceptedTypes()&tArray != 0 {
			items, ok := v.arrayItems()
			if !ok {
				return nil, false
			}
			tf.items = items
		} else if !v.skip() {
			return nil, false
		}
		tf.value.end = v.pos
		out = append(out, tf)
		v.skipSpace()
		if v.pos >= len(data) {
			return nil, false
		}
		if data[v.pos] == ',' {
			v.pos++
			continue
		}
		if data[v.pos] != '}' {
			return nil, false
		}
		v.pos++
		break
	}
	v.skipSpace()
	if v.pos != len(data) {
		return nil, false
	}
	for _, i := range top.required {
		if seen[i/64]&(1<<(i%64)) == 0 {
			return nil, false
		}
	}
	return out, true
}

// arrayItems finds the items of the array at pos and moves past it.
func (v *validator) arrayItems() ([]span, bool) {
	v.pos++ // [
	items := []span{}
	v.skipSpace()
	if v.pos < len(v.data) && v.data[v.pos] == ']' {
		v.pos++
		return items, true
	}
	for {
		v.skipSpace()
		start := v.pos
		if !v.skip() {
			return nil, false
		}
		items = append(items, span{start, v.pos})
		v.skipSpace()
		if v.pos >= len(v.data) {
			return nil, false
		}
		switch v.data[v.pos] {
		case ',':
			v.pos++
		case ']':
			v.pos++
			return items, true
		default:
			return nil, false
		}
	}
}
