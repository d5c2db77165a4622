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
	// Eight bytes per step, then one table load per byte: a comparison per byte and
	// character was the report writers' costliest loop (over a gigabyte of strings at
	// 100,000 stores).
	i := 0
	for ; i+8 <= len(s); i += 8 {
		w := uint64(s[i]) | uint64(s[i+1])<<8 | uint64(s[i+2])<<16 | uint64(s[i+3])<<24 |
			uint64(s[i+4])<<32 | uint64(s[i+5])<<40 | uint64(s[i+6])<<48 | uint64(s[i+7])<<56
		if wordNeedsEscape(w) {
			return appendStringSlow(b, s)
		}
	}
	for ; i < len(s); i++ {
		if needsEscape[s[i]] {
			return appendStringSlow(b, s)
		}
	}
	b = append(b, '"')
	b = append(b, s...)
	return append(b, '"')
}

const (
	ones  = 0x0101010101010101
	highs = 0x8080808080808080
)

// wordNeedsEscape reports whether any of the eight bytes of w is one needsEscape marks:
// a byte at or above 0x80, below 0x20, or equal to one of the five escaped characters.
// hasLess and hasByte are exact when no byte has its high bit set, which the first test
// covers.
func wordNeedsEscape(w uint64) bool {
	return w&highs != 0 || hasLess(w, 0x20) ||
		hasByte(w, '"') || hasByte(w, '\\') || hasByte(w, '<') || hasByte(w, '>') || hasByte(w, '&')
}

// hasLess reports whether a byte of w is below n (n <= 128).
func hasLess(w uint64, n uint64) bool { return (w-ones*n)&^w&highs != 0 }

// hasByte reports whether a byte of w equals c.
func hasByte(w uint64, c uint64) bool { return hasLess(w^(ones*c), 1) }

// needsEscape marks the bytes after which a string is not copied as it is: control
// characters, the quote and backslash, the HTML-sensitive <, > and &, and every byte of a
// multi-byte or invalid UTF-8 sequence.
var needsEscape = func() (t [256]bool) {
	for c := range 256 {
		t[c] = c < 0x20 || c == '"' || c == '\\' || c == '<' || c == '>' || c == '&' || c >= utf8.RuneSelf
	}
	return t
}()

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
