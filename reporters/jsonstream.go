package reporters

import (
	"bufio"
	"bytes"
	"encoding"
	"encoding/json"
	"io"
	"reflect"
	"strings"
	"sync"

	"github.com/storewatch/storewatch/policies"
)

// writeIndentedJSON writes v exactly as a json.Encoder with SetIndent("", "  ") would, byte
// for byte, without holding the document in memory twice: the encoder marshals the whole
// value and then indents it into a second buffer, which for a report of a million findings
// is two copies of a gigabyte. Here a struct's fields are marshalled one by one and its
// slices one element at a time, and each piece is indented on its way to w.
//
// Values it cannot take apart with certainty (not a struct, embedded fields, ",string"
// tags, types with their own MarshalJSON) go through the encoder unchanged.
func writeIndentedJSON(w io.Writer, v any) error {
	bw := bufio.NewWriterSize(w, 1<<16)
	rv := reflect.ValueOf(v)
	for rv.Kind() == reflect.Pointer && !rv.IsNil() {
		rv = rv.Elem()
	}
	fields, ok := streamableFields(rv)
	if !ok {
		enc := json.NewEncoder(bw)
		enc.SetIndent("", "  ")
		if err := enc.Encode(v); err != nil {
			return err
		}
		return bw.Flush()
	}
	ind := indenter{w: bw}
	ind.raw("{")
	first := true
	for _, f := range fields {
		fv := rv.FieldByIndex(f.index)
		if f.omitEmpty && isEmptyValue(fv) || f.omitZero && fv.IsZero() {
			continue
		}
		if !first {
			ind.raw(",")
		}
		first = false
		key, err := json.Marshal(f.name)
		if err != nil {
			return err
		}
		ind.raw("\n  ")
		ind.raw(string(key))
		ind.raw(": ")
		if streamable(fv) {
			ind.raw("[")
			if err := ind.elements(fv); err != nil {
				return err
			}
			ind.raw("\n  ]")
			continue
		}
		if err := ind.value(addressed(fv), 1); err != nil {
			return err
		}
	}
	if !first {
		ind.raw("\n")
	}
	ind.raw("}\n")
	if ind.err != nil {
		return ind.err
	}
	return bw.Flush()
}

type streamField struct {
	name                string
	index               []int
	omitEmpty, omitZero bool
}

var (
	marshalerType     = reflect.TypeFor[json.Marshaler]()
	textMarshalerType = reflect.TypeFor[encoding.TextMarshaler]()
)

// customJSON reports whether values of t encode themselves.
func customJSON(t reflect.Type) bool {
	for _, m := range []reflect.Type{marshalerType, textMarshalerType} {
		if t.Implements(m) || reflect.PointerTo(t).Implements(m) {
			return true
		}
	}
	return false
}

// streamable reports whether a field is a non-empty slice encoded as a JSON array, one
// element at a time.
func streamable(v reflect.Value) bool {
	return v.Kind() == reflect.Slice && v.Len() > 0 && v.Type().Elem().Kind() != reflect.Uint8 && !customJSON(v.Type())
}

// streamableFields lists the JSON fields of a struct whose encoding writeIndentedJSON can
// reproduce, or reports false.
func streamableFields(rv reflect.Value) ([]streamField, bool) {
	if rv.Kind() != reflect.Struct || customJSON(rv.Type()) {
		return nil, false
	}
	t := rv.Type()
	var out []streamField
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		if f.Anonymous {
			return nil, false
		}
		if !f.IsExported() {
			continue
		}
		tag := f.Tag.Get("json")
		if tag == "-" {
			continue
		}
		name, opts, _ := strings.Cut(tag, ",")
		if name == "" {
			name = f.Name
		}
		sf := streamField{name: name, index: f.Index}
		for _, o := range strings.Split(opts, ",") {
			switch o {
			case "omitempty":
				sf.omitEmpty = true
			case "omitzero":
				sf.omitZero = true
			case "":
			default:
				return nil, false
			}
		}
		out = append(out, sf)
	}
	return out, true
}

// isEmptyValue is encoding/json's definition of empty, for omitempty.
func isEmptyValue(v reflect.Value) bool {
	switch v.Kind() {
	case reflect.Array, reflect.Map, reflect.Slice, reflect.String:
		return v.Len() == 0
	case reflect.Bool, reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr,
		reflect.Float32, reflect.Float64, reflect.Interface, reflect.Pointer:
		return v.IsZero()
	}
	return false
}

// addressed returns what to marshal for a value: its address when it has one, so that
// methods on pointer receivers apply as they do inside the enclosing struct.
func addressed(v reflect.Value) any {
	if v.CanAddr() {
		return v.Addr().Interface()
	}
	return v.Interface()
}

// indenter writes compact JSON (json.Marshal's output) indented as json.Indent would.
type indenter struct {
	w   *bufio.Writer
	err error
	buf []byte
}

func (ind *indenter) raw(s string) {
	if ind.err == nil {
		_, ind.err = ind.w.WriteString(s)
	}
}

// value marshals v and writes it indented, its first line already placed at depth.
func (ind *indenter) value(v any, depth int) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	ind.buf = appendIndented(ind.buf[:0], b, depth)
	if ind.err == nil {
		_, ind.err = ind.w.Write(ind.buf)
	}
	return ind.err
}

// elements writes the elements of a top-level slice, each on its own lines, through
// writeChunks: encoded on every CPU, written in order, a few chunks in memory at most.
func (ind *indenter) elements(fv reflect.Value) error {
	if ind.err != nil {
		return ind.err
	}
	// Findings, the bulk of a report, are written by hand; elements are two levels deep,
	// where appendFindingJSON writes them.
	findings, _ := fv.Interface().([]policies.Finding)
	err := writeChunks(ind.w, fv.Len(), func(buf []byte, i int) ([]byte, error) {
		if findings != nil {
			if i > 0 {
				buf = append(buf, ',')
			}
			buf = append(buf, "\n    "...)
			return appendFindingJSON(buf, &findings[i])
		}
		enc := compactEncoders.Get().(*compactEncoder)
		defer compactEncoders.Put(enc)
		if i > 0 {
			buf = append(buf, ',')
		}
		buf = append(buf, "\n    "...)
		enc.out.Reset()
		if err := enc.enc.Encode(addressed(fv.Index(i))); err != nil {
			return buf, err
		}
		return appendIndented(buf, bytes.TrimSuffix(enc.out.Bytes(), []byte("\n")), 2), nil
	})
	if err != nil {
		ind.err = err
	}
	return err
}

// compactEncoder writes what json.Marshal returns (and a newline) into a reused buffer,
// without a new slice per element.
type compactEncoder struct {
	out bytes.Buffer
	enc *json.Encoder
}

var compactEncoders = sync.Pool{New: func() any {
	e := &compactEncoder{}
	e.enc = json.NewEncoder(&e.out)
	return e
}}

// appendIndented indents compact, valid JSON the way json.Indent does with prefix "" and
// indent "  ", for a value nested depth levels deep: a newline and the indentation after
// every opening bracket, comma and before every closing bracket, nothing inside an empty
// object or array, and a space after each colon.
func appendIndented(dst, src []byte, depth int) []byte {
	newline := func(d int) {
		dst = append(dst, '\n')
		for range d {
			dst = append(dst, ' ', ' ')
		}
	}
	for i := 0; i < len(src); i++ {
		c := src[i]
		switch c {
		case '"':
			end := i + 1
			for {
				k := bytes.IndexByte(src[end:], '"')
				if k < 0 {
					end = len(src) - 1
					break
				}
				end += k
				n := 0
				for p := end - 1; p > i && src[p] == '\\'; p-- {
					n++
				}
				if n%2 == 0 {
					break
				}
				end++
			}
			dst = append(dst, src[i:end+1]...)
			i = end
		case '{', '[':
			dst = append(dst, c)
			if i+1 < len(src) && (src[i+1] == '}' || src[i+1] == ']') {
				dst = append(dst, src[i+1])
				i++
				continue
			}
			depth++
			newline(depth)
		case '}', ']':
			depth--
			newline(depth)
			dst = append(dst, c)
		case ',':
			dst = append(dst, c)
			newline(depth)
		case ':':
			dst = append(dst, ':', ' ')
		default:
			dst = append(dst, c)
		}
	}
	return dst
}
