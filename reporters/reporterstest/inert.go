package reporterstest

import (
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// Invisible reports whether a rune is a control, bidi, zero-width or other invisible
// format character, or a line or paragraph separator: what must never reach a terminal or
// a reader raw from a resource name.
func Invisible(r rune) bool {
	if r >= 0x20 && r < 0x7f {
		return false
	}
	return unicode.IsControl(r) || unicode.In(r, unicode.Cf, unicode.Zl, unicode.Zp)
}

// CheckNoControls fails on invalid UTF-8 and on any invisible character (see Invisible)
// other than newlines and those in allowed.
func CheckNoControls(t testing.TB, what, out, allowed string) {
	t.Helper()
	if !utf8.ValidString(out) {
		t.Fatalf("%s: output is not UTF-8", what)
	}
	for i, r := range out {
		if r != '\n' && Invisible(r) && !strings.ContainsRune(allowed, r) {
			t.Fatalf("%s: %U at byte %d: %q", what, r, i, out[max(0, i-40):min(len(out), i+40)])
		}
	}
}

// MarkdownSyntax reads one line of GitHub markdown the way GitHub does and counts the pipes
// that separate table cells, the brackets that could open a link or image, the backticks
// that open or close code spans, and whether a < could open HTML (one outside a code
// span). GitHub splits a table row before it reads the inline markup: "\|" is an escaped
// pipe wherever it stands, code spans included. Inline, a backslash escapes the next
// character outside a code span and is text inside one.
func MarkdownSyntax(line string) (pipes, brackets, ticks int, html bool) {
	for i := 0; i < len(line); i++ {
		switch {
		case line[i] == '\\' && i+1 < len(line) && line[i+1] == '|':
			i++
		case line[i] == '|':
			pipes++
		}
	}
	inCode := false
	for i := 0; i < len(line); i++ {
		c := line[i]
		switch {
		case inCode:
			if c == '`' {
				ticks++
				inCode = false
			}
		case c == '\\':
			i++
		case c == '`':
			ticks++
			inCode = true
		case c == '[' || c == ']':
			brackets++
		case c == '<':
			html = true
		}
	}
	return pipes, brackets, ticks, html
}

// CheckMarkdownInert fails when markdown that storewatch wrote from hostile strings has
// markup it does not write itself: HTML, a link or image, a code span left open, a
// control character, or a table row with more or fewer cells than its table's header.
func CheckMarkdownInert(t testing.TB, what, md string) {
	t.Helper()
	CheckNoControls(t, what, md, "")
	header := -1
	for i, line := range strings.Split(md, "\n") {
		pipes, brackets, ticks, html := MarkdownSyntax(line)
		switch {
		case html:
			t.Fatalf("%s: line %d holds a raw < outside a code span: %q", what, i+1, line)
		case brackets > 0:
			t.Fatalf("%s: line %d has link or image syntax: %q", what, i+1, line)
		case ticks%2 != 0:
			t.Fatalf("%s: line %d has an unbalanced code span: %q", what, i+1, line)
		}
		if !strings.HasPrefix(line, "|") {
			header = -1
			continue
		}
		if header < 0 {
			header = pipes
		} else if pipes != header {
			t.Fatalf("%s: table row on line %d has %d cell separators, its header %d: %q", what, i+1, pipes, header, line)
		}
	}
}
