package reporters

import (
	"encoding/json"
	"reflect"
	"sync"
	"unicode/utf8"
	"unsafe"
)

// evidenceCache remembers how a writer encoded each evidence map: findings with equal
// evidence share one map (the engine interns them; at 100,000 stores 446,000 findings hold
// 103,000 maps), so each map is encoded once per report rather than once per finding.
type evidenceCache struct{ m sync.Map }

// get returns the encoding of ev, encoding it on first sight. Two writers encoding the
// same map at once both encode it; either result is the same.
func (c *evidenceCache) get(ev map[string]any, encode func(map[string]any) ([]byte, error)) ([]byte, error) {
	key := mapIdentity(ev)
	if b, ok := c.m.Load(key); ok {
		return b.([]byte), nil
	}
	b, err := encode(ev)
	if err != nil {
		return nil, err
	}
	c.m.Store(key, b)
	return b, nil
}

// mapIdentity is what tells maps apart: the same map, not an equal one. The report holds
// every map it is asked about until the writer is done, so an identity is never reused.
func mapIdentity(m map[string]any) unsafe.Pointer { return reflect.ValueOf(m).UnsafePointer() }

// appendJSONString appends s as encoding/json encodes a string: quoted, with <, > and &
// escaped as \u003c, \u003e and \u0026, U+2028 and U+2029 escaped, and invalid UTF-8 as
// U+FFFD. Strings without any of that (nearly all) are copied in one piece; the others
// go through appendJSONStringSlow.
func appendJSONString(b []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < 0x20 || c == '"' || c == '\\' || c == '<' || c == '>' || c == '&' || c >= utf8.RuneSelf {
			return appendJSONStringSlow(b, s)
		}
	}
	b = append(b, '"')
	b = append(b, s...)
	return append(b, '"')
}

func appendJSONStringSlow(b []byte, s string) []byte {
	q, err := json.Marshal(s)
	if err != nil { // a string always encodes
		panic(err)
	}
	return append(b, q...)
}
