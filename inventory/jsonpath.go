package inventory

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"
)

// pathWalker reads a JSON text token by token and keeps the path to where it is: the key
// or index of each enclosing object and array. The error paths use it to say where in a
// document a problem lies, as a JSON pointer.
type pathWalker struct {
	dec   *json.Decoder
	stack []pathFrame
}

type pathFrame struct {
	object    bool
	expectKey bool
	key       string // an object's current key
	index     int    // an array's current index
	// keys are the keys an object has shown so far, for a caller that tracks them.
	keys map[string]bool
}

func newPathWalker(data []byte) *pathWalker {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	return &pathWalker{dec: dec}
}

// next reads one token; isKey tells an object's key (the innermost frame's key) from a
// value or a delimiter.
func (w *pathWalker) next() (tok json.Token, isKey bool, err error) {
	if tok, err = w.dec.Token(); err != nil {
		return nil, false, err
	}
	top := len(w.stack) - 1
	if top >= 0 && w.stack[top].object && w.stack[top].expectKey {
		if d, ok := tok.(json.Delim); ok && d == '}' {
			w.stack = w.stack[:top]
			w.valueDone()
			return tok, false, nil
		}
		w.stack[top].key, w.stack[top].expectKey = fmt.Sprint(tok), false
		return tok, true, nil
	}
	if top >= 0 && !w.stack[top].object {
		if d, ok := tok.(json.Delim); !ok || d != ']' {
			w.stack[top].index++
		}
	}
	switch tok {
	case json.Delim('{'):
		w.stack = append(w.stack, pathFrame{object: true, expectKey: true})
	case json.Delim('['):
		w.stack = append(w.stack, pathFrame{index: -1})
	case json.Delim('}'), json.Delim(']'):
		w.stack = w.stack[:top]
		w.valueDone()
	default:
		w.valueDone()
	}
	return tok, false, nil
}

// valueDone records that the innermost object's value ended: a key comes next.
func (w *pathWalker) valueDone() {
	if n := len(w.stack); n > 0 && w.stack[n-1].object {
		w.stack[n-1].expectKey = true
	}
}

// pointer is the JSON pointer of the position through the first depth frames.
func (w *pathWalker) pointer(depth int) string {
	tokens := make([]string, 0, depth)
	for _, f := range w.stack[:depth] {
		if f.object {
			tokens = append(tokens, f.key)
		} else {
			tokens = append(tokens, strconv.Itoa(f.index))
		}
	}
	return pointer(tokens)
}
