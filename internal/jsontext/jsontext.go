// Package jsontext appends JSON text byte for byte as encoding/json writes it, for the
// hot paths that write millions of values and cannot afford reflection.
package jsontext

import (
	"encoding/json"
	"unicode/utf8"
)

// AppendString appends s as encoding/json encodes a string: quoted, with <, > and &
// escaped as \u003c, \u003e and \u0026, U+2028 and U+2029 escaped, and invalid UTF-8 as
// U+FFFD. Strings without any of that (nearly all) are copied in one piece; the others
// go through encoding/json itself.
func AppendString(b []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < 0x20 || c == '"' || c == '\\' || c == '<' || c == '>' || c == '&' || c >= utf8.RuneSelf {
			return appendStringSlow(b, s)
		}
	}
	b = append(b, '"')
	b = append(b, s...)
	return append(b, '"')
}

func appendStringSlow(b []byte, s string) []byte {
	q, err := json.Marshal(s)
	if err != nil { // a string always encodes
		panic(err)
	}
	return append(b, q...)
}

// Plain reports whether JSON text holds only printable ASCII and no escape sequence, so
// that every string in it reads as it is written.
func Plain(text []byte) bool {
	for _, c := range text {
		if c < 0x20 || c > 0x7e || c == '\\' {
			return false
		}
	}
	return true
}

// Canonical reports whether text is valid JSON that json.Marshal of a json.RawMessage
// holding it would return unchanged: compact, and with nothing it escapes. It answers
// conservatively: text with any byte outside printable ASCII, any escape sequence or any
// of <, > and & is not canonical here, whatever it holds.
func Canonical(text []byte) bool {
	inString := false
	for _, c := range text {
		switch {
		case c < 0x20 || c > 0x7e || c == '\\' || c == '<' || c == '>' || c == '&':
			return false
		case c == '"':
			inString = !inString
		case c == ' ' && !inString:
			return false
		}
	}
	return json.Valid(text)
}
