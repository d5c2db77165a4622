package inventory

import (
	"bytes"
	"reflect"
	"strings"
)

// Span is a range of lines in a file, 1-based and inclusive.
type Span struct {
	StartLine int
	EndLine   int
}

// EntryKey identifies a resource entry in a snapshot file.
type EntryKey struct {
	Collection string
	ID         string
}

// LineIndex finds, in the bytes of a snapshot file, the lines each resource entry spans:
// the objects directly inside the top-level collection arrays, keyed by collection and id.
// SARIF results for live resources point at these lines. It scans the text once and
// allocates only for the keys; on text that is not a snapshot it returns what it found.
func LineIndex(data []byte) map[EntryKey]Span {
	out := map[EntryKey]Span{}
	var (
		line       = 1
		depth      = 0
		inString   = false
		escaped    = false
		strStart   = 0
		lastKey    string // the last string at depth 1 (a collection name) or depth 2 key
		collection string
		entryStart int
		entryID    string
		expectID   bool
		keyPending bool
	)
	for i := 0; i < len(data); i++ {
		c := data[i]
		if inString {
			// Most of a snapshot is strings: jump to the next byte that matters, the
			// closing quote or a raw line break (not valid JSON, but counted).
			if !escaped {
				pos, esc, ok := scanString(data, i)
				if !ok {
					break
				}
				i, c, escaped = pos, data[pos], esc
			}
			switch {
			case escaped:
				escaped = false
			case c == '\\':
				escaped = true
			case c == '"':
				inString = false
				// Only collection names and ids become strings: a snapshot has millions
				// of other strings.
				raw := data[strStart:i]
				switch {
				case expectID:
					entryID = string(raw)
					expectID = false
				case keyPending && depth == 1:
					lastKey = string(raw)
				case keyPending && depth == 3 && string(raw) == "id":
					lastKey = "id"
				case keyPending && depth == 3:
					lastKey = ""
				}
				keyPending = false
			case c == '\n':
				line++
			}
			continue
		}
		switch c {
		case '\n':
			line++
		case '"':
			inString = true
			strStart = i + 1
			// A string right after '{' or ',' in an object is a key.
			keyPending = isKeyPosition(data, i)
		case ':':
			if depth == 3 && lastKey == "id" && entryID == "" {
				expectID = true
			}
		case '{', '[':
			depth++
			if depth == 2 && c == '[' {
				collection = lastKey
			}
			if depth == 3 && c == '{' && collection != "" {
				entryStart, entryID = line, ""
			}
		case '}', ']':
			if depth == 3 && c == '}' && collection != "" && entryID != "" {
				out[EntryKey{collection, entryID}] = Span{entryStart, line}
			}
			if depth == 2 {
				collection = ""
			}
			depth--
		}
	}
	return out
}

// isKeyPosition reports whether the string starting at data[i] is an object key: the
// previous non-space byte is '{' or ','. A ',' also precedes array elements, but the
// caller only uses keys at depths where the container is an object.
func isKeyPosition(data []byte, i int) bool {
	for j := i - 1; j >= 0; j-- {
		switch data[j] {
		case ' ', '\t', '\n', '\r':
			continue
		case '{', ',':
			return true
		default:
			return false
		}
	}
	return false
}

// scanString finds, from a position inside a string that is not escaped, the next byte the
// line index must look at: the closing quote, or a raw line break before it. escaped says
// whether that byte follows an odd run of backslashes. ok is false when the string runs to
// the end of data with neither.
func scanString(data []byte, from int) (pos int, escaped, ok bool) {
	q := len(data)
	for j := from; j < len(data); {
		k := bytes.IndexByte(data[j:], '"')
		if k < 0 {
			break
		}
		if p := j + k; !oddBackslashes(data, from, p) {
			q = p
			break
		}
		j += k + 1
	}
	if nl := bytes.IndexByte(data[from:q], '\n'); nl >= 0 {
		return from + nl, oddBackslashes(data, from, from+nl), true
	}
	return q, false, q < len(data)
}

// oddBackslashes reports whether data[p] follows an odd run of backslashes that starts at
// or after from.
func oddBackslashes(data []byte, from, p int) bool {
	n := 0
	for p--; p >= from && data[p] == '\\'; p-- {
		n++
	}
	return n%2 == 1
}

// entrySpans is LineIndex for a snapshot the fast path parsed: the resource entries are
// the items of its top-level arrays whose type has an id, at the positions the parse found.
func entrySpans(data []byte, s *Snapshot, fields []topField) map[EntryKey]Span {
	out := map[EntryKey]Span{}
	sv := reflect.ValueOf(s).Elem()
	line, at := 1, 0
	lineAt := func(pos int) int {
		line += bytes.Count(data[at:pos], []byte{'\n'})
		at = pos
		return line
	}
	for _, f := range fields {
		if f.items == nil {
			continue
		}
		id := idIndex(f.field.Type.Elem())
		if id == nil {
			continue
		}
		items := sv.FieldByIndex(f.field.Index)
		name, _, _ := strings.Cut(f.field.Tag.Get("json"), ",")
		for i, sp := range f.items {
			start := lineAt(sp.start)
			end := lineAt(sp.end - 1)
			if v := items.Index(i).FieldByIndex(id).String(); v != "" {
				out[EntryKey{name, v}] = Span{start, end}
			}
		}
	}
	return out
}

// idIndex finds the string field an item's "id" key decodes into, through embedded
// structs, or nil.
func idIndex(t reflect.Type) []int {
	if t.Kind() != reflect.Struct {
		return nil
	}
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		switch {
		case f.Anonymous && name == "" && f.Type.Kind() == reflect.Struct:
			if sub := idIndex(f.Type); sub != nil {
				return append([]int{i}, sub...)
			}
		case name == "id" && f.Type.Kind() == reflect.String:
			return []int{i}
		}
	}
	return nil
}
