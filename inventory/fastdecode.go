package inventory

import (
	"encoding"
	"encoding/json"
	"errors"
	"reflect"
	"strconv"
	"strings"
	"sync"
	"time"
)

// The typed decoding of the fast path. encoding/json scans every value twice (once to
// check it, once to decode it) through a byte-at-a-time state machine; at 100,000 stores
// that was most of the load time. Text that reaches this decoder has already passed the
// fast validator, so it is well-formed and has the schema's shape, and the decoder can be a
// direct walk over the bytes guided by a plan of each Go type, built once.
//
// It reproduces encoding/json's result or gives up: a type it does not handle (one with
// its own UnmarshalJSON other than time.Time's, an interface, a map with non-string keys)
// makes the caller use json.Unmarshal instead, and a value it does not expect (a key twice
// in one object, a number that does not fit) makes it return errDecode, and parseFast defer
// to the reference path. FuzzParseFastMatchesReference compares the two paths.

var errDecode = errors.New("fast decode: not handled")

type decodeKind int

const (
	dString decodeKind = iota
	dBool
	dInt
	dUint
	dFloat
	dPointer
	dStruct
	dSlice
	dMap
	dUnmarshaler // a type whose pointer implements json.Unmarshaler (time.Time)
)

// decodePlan says how to decode one Go type.
type decodePlan struct {
	kind   decodeKind
	typ    reflect.Type
	bits   int
	elem   *decodePlan          // pointer, slice and map elements
	fields map[string]fieldSlot // struct fields by JSON name
	nField int
}

type fieldSlot struct {
	index []int
	plan  *decodePlan
	n     int // the field's number, for spotting a key given twice
}

var (
	decodePlans     sync.Map // reflect.Type → *decodePlan, or nil when not handled
	unmarshalerType = reflect.TypeFor[json.Unmarshaler]()
	textUnmarshaler = reflect.TypeFor[encoding.TextUnmarshaler]()
	timeType        = reflect.TypeFor[time.Time]()
)

// planFor returns the plan of t, or nil when the decoder does not handle t.
func planFor(t reflect.Type) *decodePlan {
	if p, ok := decodePlans.Load(t); ok {
		return p.(*decodePlan)
	}
	p := buildPlan(t, map[reflect.Type]*decodePlan{})
	decodePlans.Store(t, p)
	return p
}

func buildPlan(t reflect.Type, building map[reflect.Type]*decodePlan) *decodePlan {
	if p, ok := building[t]; ok {
		return p
	}
	if t == timeType {
		return &decodePlan{kind: dUnmarshaler, typ: t}
	}
	// A pointer is allocated and its element decoded, as encoding/json does (*time.Time
	// implements json.Unmarshaler only through time.Time); other types that decode
	// themselves are left to encoding/json.
	if pt := reflect.PointerTo(t); t.Kind() != reflect.Pointer &&
		(t.Implements(unmarshalerType) || t.Implements(textUnmarshaler) || pt.Implements(unmarshalerType) || pt.Implements(textUnmarshaler)) {
		return nil
	}
	p := &decodePlan{typ: t}
	building[t] = p
	switch t.Kind() {
	case reflect.String:
		p.kind = dString
	case reflect.Bool:
		p.kind = dBool
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		p.kind, p.bits = dInt, t.Bits()
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		p.kind, p.bits = dUint, t.Bits()
	case reflect.Float32, reflect.Float64:
		p.kind, p.bits = dFloat, t.Bits()
	case reflect.Pointer:
		p.kind = dPointer
		if p.elem = buildPlan(t.Elem(), building); p.elem == nil {
			return nil
		}
	case reflect.Slice:
		p.kind = dSlice
		if t.Elem().Kind() == reflect.Uint8 {
			return nil // base64 text
		}
		if p.elem = buildPlan(t.Elem(), building); p.elem == nil {
			return nil
		}
	case reflect.Map:
		p.kind = dMap
		if t.Key() != reflect.TypeFor[string]() {
			return nil
		}
		if p.elem = buildPlan(t.Elem(), building); p.elem == nil {
			return nil
		}
	case reflect.Struct:
		p.kind = dStruct
		p.fields = map[string]fieldSlot{}
		if !addFields(p, t, nil, building) {
			return nil
		}
	default:
		return nil
	}
	return p
}

// addFields adds a struct's JSON fields to p, flattening embedded structs the way
// encoding/json does for the model's types (embedded values without tags, no name clashes).
func addFields(p *decodePlan, t reflect.Type, index []int, building map[reflect.Type]*decodePlan) bool {
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		idx := append(append([]int(nil), index...), i)
		tag := f.Tag.Get("json")
		if tag == "-" {
			continue
		}
		name, opts, _ := strings.Cut(tag, ",")
		if f.Anonymous {
			if name != "" || f.Type.Kind() != reflect.Struct {
				return false
			}
			if !addFields(p, f.Type, idx, building) {
				return false
			}
			continue
		}
		if !f.IsExported() {
			continue
		}
		if strings.Contains(opts, "string") {
			return false
		}
		if name == "" {
			name = f.Name
		}
		if _, clash := p.fields[name]; clash {
			return false
		}
		fp := buildPlan(f.Type, building)
		if fp == nil {
			return false
		}
		p.fields[name] = fieldSlot{index: idx, plan: fp, n: p.nField}
		p.nField++
	}
	return true
}

// fastDecoder decodes validated JSON text.
type fastDecoder struct {
	data []byte
	pos  int
}

// decodeInto decodes data, one JSON value already validated, into the value v points to.
// It returns errDecode when the text or the type is beyond it.
func decodeInto(data []byte, v reflect.Value) error {
	p := planFor(v.Type())
	if p == nil {
		return errDecode
	}
	d := fastDecoder{data: data}
	if err := d.value(v, p); err != nil {
		return err
	}
	d.skipSpace()
	if d.pos != len(d.data) {
		return errDecode
	}
	return nil
}

func (d *fastDecoder) skipSpace() {
	for d.pos < len(d.data) && isSpace(d.data[d.pos]) {
		d.pos++
	}
}

func (d *fastDecoder) isNull() bool {
	return len(d.data)-d.pos >= 4 && string(d.data[d.pos:d.pos+4]) == "null"
}

func (d *fastDecoder) value(v reflect.Value, p *decodePlan) error {
	d.skipSpace()
	if d.pos >= len(d.data) {
		return errDecode
	}
	if d.isNull() {
		// As encoding/json: null empties pointers, slices and maps, and is ignored by
		// other kinds; time.Time's UnmarshalJSON ignores it too.
		switch p.kind {
		case dPointer, dSlice, dMap:
			v.SetZero()
		}
		d.pos += 4
		return nil
	}
	switch p.kind {
	case dString:
		s, err := d.str()
		if err != nil {
			return err
		}
		v.SetString(s)
	case dBool:
		switch {
		case d.literal("true"):
			v.SetBool(true)
		case d.literal("false"):
			v.SetBool(false)
		default:
			return errDecode
		}
	case dInt, dUint, dFloat:
		return d.number(v, p)
	case dPointer:
		e := reflect.New(p.typ.Elem())
		if err := d.value(e.Elem(), p.elem); err != nil {
			return err
		}
		v.Set(e)
	case dStruct:
		return d.object(v, p)
	case dSlice:
		return d.array(v, p)
	case dMap:
		return d.mapValue(v, p)
	case dUnmarshaler:
		start := d.pos
		if d.data[d.pos] != '"' {
			return errDecode
		}
		_, _, end, ok := scanStr(d.data, d.pos)
		if !ok {
			return errDecode
		}
		d.pos = end
		u, _ := v.Addr().Interface().(json.Unmarshaler)
		if u == nil || u.UnmarshalJSON(d.data[start:d.pos]) != nil {
			return errDecode
		}
	}
	return nil
}

func (d *fastDecoder) literal(lit string) bool {
	if len(d.data)-d.pos >= len(lit) && string(d.data[d.pos:d.pos+len(lit)]) == lit {
		d.pos += len(lit)
		return true
	}
	return false
}

// str decodes a string; the rare one with escapes goes through encoding/json, so escapes
// (and broken surrogates) come out exactly as it decodes them.
func (d *fastDecoder) str() (string, error) {
	if d.data[d.pos] != '"' {
		return "", errDecode
	}
	start := d.pos
	raw, escaped, end, ok := scanStr(d.data, d.pos)
	if !ok {
		return "", errDecode
	}
	d.pos = end
	if !escaped {
		return string(raw), nil
	}
	var s string
	if err := json.Unmarshal(d.data[start:d.pos], &s); err != nil {
		return "", errDecode
	}
	return s, nil
}

func (d *fastDecoder) number(v reflect.Value, p *decodePlan) error {
	start := d.pos
	for d.pos < len(d.data) {
		c := d.data[d.pos]
		if c >= '0' && c <= '9' || c == '-' || c == '+' || c == '.' || c == 'e' || c == 'E' {
			d.pos++
			continue
		}
		break
	}
	s := string(d.data[start:d.pos])
	switch p.kind {
	case dInt:
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil || v.OverflowInt(n) {
			return errDecode
		}
		v.SetInt(n)
	case dUint:
		n, err := strconv.ParseUint(s, 10, 64)
		if err != nil || v.OverflowUint(n) {
			return errDecode
		}
		v.SetUint(n)
	default:
		f, err := strconv.ParseFloat(s, p.bits)
		if err != nil || v.OverflowFloat(f) {
			return errDecode
		}
		v.SetFloat(f)
	}
	return nil
}

// key reads an object key and the colon after it.
func (d *fastDecoder) key() ([]byte, error) {
	d.skipSpace()
	if d.pos >= len(d.data) || d.data[d.pos] != '"' {
		return nil, errDecode
	}
	start := d.pos
	raw, escaped, end, ok := scanStr(d.data, d.pos)
	if !ok {
		return nil, errDecode
	}
	d.pos = end
	if escaped {
		var k string
		if err := json.Unmarshal(d.data[start:end], &k); err != nil {
			return nil, errDecode
		}
		raw = []byte(k)
	}
	d.skipSpace()
	if d.pos >= len(d.data) || d.data[d.pos] != ':' {
		return nil, errDecode
	}
	d.pos++
	return raw, nil
}

// next moves past the comma or the closing bracket after a member, and reports whether
// another member follows.
func (d *fastDecoder) next(closing byte) (bool, error) {
	d.skipSpace()
	if d.pos >= len(d.data) {
		return false, errDecode
	}
	switch d.data[d.pos] {
	case ',':
		d.pos++
		return true, nil
	case closing:
		d.pos++
		return false, nil
	}
	return false, errDecode
}

// empty moves past the opening bracket and reports whether the container is empty.
func (d *fastDecoder) empty(opening, closing byte) (bool, error) {
	if d.data[d.pos] != opening {
		return false, errDecode
	}
	d.pos++
	d.skipSpace()
	if d.pos < len(d.data) && d.data[d.pos] == closing {
		d.pos++
		return true, nil
	}
	return false, nil
}

func (d *fastDecoder) object(v reflect.Value, p *decodePlan) error {
	empty, err := d.empty('{', '}')
	if err != nil || empty {
		return err
	}
	var seen [maxProps / 64]uint64
	if p.nField > maxProps {
		return errDecode
	}
	for {
		k, err := d.key()
		if err != nil {
			return err
		}
		f, ok := p.fields[string(k)]
		if !ok {
			return errDecode // not in the schema either; the validator let it through?
		}
		if seen[f.n/64]&(1<<(f.n%64)) != 0 {
			return errDecode // encoding/json would merge the two; leave that to it
		}
		seen[f.n/64] |= 1 << (f.n % 64)
		if err := d.value(v.FieldByIndex(f.index), f.plan); err != nil {
			return err
		}
		more, err := d.next('}')
		if err != nil || !more {
			return err
		}
	}
}

func (d *fastDecoder) array(v reflect.Value, p *decodePlan) error {
	empty, err := d.empty('[', ']')
	if err != nil {
		return err
	}
	if empty {
		v.Set(reflect.MakeSlice(p.typ, 0, 0))
		return nil
	}
	s := reflect.MakeSlice(p.typ, 0, 4)
	for {
		n := s.Len()
		if n == s.Cap() {
			s = reflect.AppendSlice(s, reflect.MakeSlice(p.typ, n, n)).Slice(0, n)
		}
		s = s.Slice(0, n+1)
		if err := d.value(s.Index(n), p.elem); err != nil {
			return err
		}
		more, err := d.next(']')
		if err != nil {
			return err
		}
		if !more {
			v.Set(s)
			return nil
		}
	}
}

func (d *fastDecoder) mapValue(v reflect.Value, p *decodePlan) error {
	empty, err := d.empty('{', '}')
	if err != nil {
		return err
	}
	m := reflect.MakeMap(p.typ)
	v.Set(m)
	if empty {
		return nil
	}
	elem := reflect.New(p.typ.Elem()).Elem()
	for {
		k, err := d.key()
		if err != nil {
			return err
		}
		elem.SetZero()
		if err := d.value(elem, p.elem); err != nil {
			return err
		}
		m.SetMapIndex(reflect.ValueOf(string(k)), elem)
		more, err := d.next('}')
		if err != nil || !more {
			return err
		}
	}
}
