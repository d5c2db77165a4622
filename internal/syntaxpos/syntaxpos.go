// Package syntaxpos finds where in a file a YAML or JSON syntax error is, so that every
// message about a malformed file names it as FILE:LINE.
package syntaxpos

import (
	"bytes"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"
)

// yamlLine is the line the YAML library puts at the head of an error: "yaml: line 3: ...".
var yamlLine = regexp.MustCompile(`^line (\d+): `)

// parserProblems are the YAML parser's own problems (the scanner's are the others). The
// library counts their line from 0 and the scanner's from 1, and says no line at all for
// the first: "did not find expected '-' indicator" on line 3 reads "line 2".
var parserProblems = []string{
	"did not find expected ',' or ']'",
	"did not find expected ',' or '}'",
	"did not find expected '-' indicator",
	"did not find expected <document start>",
	"did not find expected <stream-start>",
	"did not find expected key",
	"did not find expected node content",
	"found duplicate %TAG directive",
	"found duplicate %YAML directive",
	"found incompatible YAML document",
	"found undefined tag handle",
}

// YAML returns the line (from 1) of data that a go.yaml.in/yaml/v3 syntax error is about,
// and the problem in the library's words without its "yaml: line N:" prefix. For a parser
// problem inside a block or flow collection the library names the line the collection
// starts on.
func YAML(data []byte, err error) (line int, problem string) {
	msg := strings.ReplaceAll(err.Error(), "\n ", "")
	msg = strings.TrimPrefix(msg, "yaml: ")
	if m := yamlLine.FindStringSubmatch(msg); m != nil {
		n, _ := strconv.Atoi(m[1])
		problem = msg[len(m[0]):]
		for _, p := range parserProblems {
			if problem == p {
				n++
				break
			}
		}
		return n, problem
	}
	// The reader's problems (bytes that are not UTF-8, control characters) carry no line:
	// it is that of the first such byte.
	if off := firstUnreadable(data); off >= 0 {
		line, _ = Offset(data, int64(off))
		return line, msg
	}
	return 1, msg
}

// Offset returns the line and column (both from 1) of a byte offset into data.
func Offset(data []byte, offset int64) (line, col int) {
	offset = max(0, min(offset, int64(len(data))))
	line = 1 + bytes.Count(data[:offset], []byte{'\n'})
	col = int(offset) - bytes.LastIndexByte(data[:offset], '\n')
	return line, col
}

// firstUnreadable is the offset of the first byte YAML refuses to read (invalid UTF-8, or a
// character outside YAML's printable set), -1 when there is none.
func firstUnreadable(data []byte) int {
	for i := 0; i < len(data); {
		r, size := utf8.DecodeRune(data[i:])
		if r == utf8.RuneError && size <= 1 || !printable(r, i) {
			return i
		}
		i += size
	}
	return -1
}

// printable is YAML 1.2's c-printable, with the byte-order mark allowed at the start.
func printable(r rune, offset int) bool {
	switch {
	case r == '\t' || r == '\n' || r == '\r':
		return true
	case r >= 0x20 && r <= 0x7e, r == 0x85:
		return true
	case r >= 0xa0 && r <= 0xd7ff, r >= 0xe000 && r <= 0xfffd:
		return r != 0xfeff || offset == 0
	case r >= 0x10000 && r <= 0x10ffff:
		return true
	}
	return false
}
