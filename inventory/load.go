package inventory

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"

	jsv "github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/storewatch/storewatch/internal/fileutil"
)

// MaxSnapshotBytes bounds what Read accepts. A 100,000-store snapshot is about 60 MB; the
// bound keeps a wrong file (a disk image, /dev/zero) from exhausting memory.
const MaxSnapshotBytes = 1 << 30

// ErrInvalid is wrapped by every error Read returns for a snapshot it refuses, so callers
// can tell bad input from an I/O failure.
var ErrInvalid = errors.New("invalid snapshot")

// Read decodes, version-checks and schema-validates a snapshot. Every refusal is one error
// that says what is wrong and where (a JSON pointer or a byte offset).
func Read(r io.Reader) (*Snapshot, error) {
	return ReadSized(r, 0)
}

// ReadSized is Read of an input expected to hold size bytes (a file's size; 0 when not
// known): one larger than MaxSnapshotBytes is refused before it is read, and one of unknown
// size having held no more than about that.
func ReadSized(r io.Reader, size int64) (*Snapshot, error) {
	data, err := fileutil.ReadLimit(r, size, MaxSnapshotBytes)
	if errors.Is(err, fileutil.ErrTooLarge) {
		return nil, fmt.Errorf("%w: larger than %d MiB", ErrInvalid, MaxSnapshotBytes>>20)
	}
	if err != nil {
		return nil, fmt.Errorf("read snapshot: %w", err)
	}
	return Parse(data)
}

// Parse is Read for bytes already in memory.
func Parse(data []byte) (*Snapshot, error) {
	if len(data) > MaxSnapshotBytes {
		return nil, fmt.Errorf("%w: larger than %d MiB", ErrInvalid, MaxSnapshotBytes>>20)
	}
	if err := checkUTF8(data); err != nil {
		return nil, err
	}
	s, ok := parseFast(data)
	if !ok {
		var err error
		if s, err = parseReference(data); err != nil {
			return nil, err
		}
	}
	if err := s.CheckUniqueIDs(); err != nil {
		return nil, err
	}
	return s, nil
}

// ParseIndexed is Parse that also returns LineIndex(data): for a snapshot the fast path
// reads, the spans come from where it found each resource, without a second pass.
func ParseIndexed(data []byte) (*Snapshot, map[EntryKey]Span, error) {
	if len(data) > MaxSnapshotBytes {
		return nil, nil, fmt.Errorf("%w: larger than %d MiB", ErrInvalid, MaxSnapshotBytes>>20)
	}
	if err := checkUTF8(data); err != nil {
		return nil, nil, err
	}
	if s, fields, ok := parseFastFields(data); ok {
		if err := s.CheckUniqueIDs(); err != nil {
			return nil, nil, err
		}
		return s, entrySpans(data, s, fields), nil
	}
	s, err := parseReference(data)
	if err != nil {
		return nil, nil, err
	}
	if err := s.CheckUniqueIDs(); err != nil {
		return nil, nil, err
	}
	return s, LineIndex(data), nil
}

// parseReference is the reference path: every check one after the other, on the whole
// document. It decides what parseFast leaves to it and words every refusal.
func parseReference(data []byte) (*Snapshot, error) {
	if err := checkVersion(data); err != nil {
		return nil, err
	}
	doc, err := jsv.UnmarshalJSON(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("%w: %s", ErrInvalid, describeJSONError(data, err))
	}
	if err := checkRepeatedKeys(data); err != nil {
		return nil, err
	}
	if err := validateDocument(doc); err != nil {
		return nil, fmt.Errorf("%w: %w", ErrInvalid, err)
	}
	var s Snapshot
	if err := json.Unmarshal(data, &s); err != nil {
		// The schema admits only what the types can hold, so this is a schema bug.
		return nil, fmt.Errorf("%w: %s", ErrInvalid, describeJSONError(data, err))
	}
	return &s, nil
}

// checkRepeatedKeys refuses an object that repeats a key. Readers disagree on which of
// the values counts (encoding/json takes the last, others the first or refuse), so a
// snapshot could show a reviewer, or another tool, a setting other than the one judged:
// "mfa_delete": false, ..., "mfa_delete": true. data is known to be well-formed JSON.
func checkRepeatedKeys(data []byte) error {
	w := newPathWalker(data)
	for {
		tok, isKey, err := w.next()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil { // malformed text is refused before this check; kept in case
			return fmt.Errorf("%w: %s", ErrInvalid, describeJSONError(data, err))
		}
		if !isKey {
			continue
		}
		obj := &w.stack[len(w.stack)-1]
		k, _ := tok.(string)
		if obj.keys[k] {
			at := w.pointer(len(w.stack) - 1)
			if at == "" {
				at = "/"
			}
			// The offset is just past the key; point at its opening quote.
			end := w.dec.InputOffset()
			start := int64(bytes.LastIndexByte(data[:end-1], '"'))
			for start > 0 && data[start-1] == '\\' {
				start = int64(bytes.LastIndexByte(data[:start-1], '"'))
			}
			line, col := position(data, start)
			return fmt.Errorf("%w: repeated key %q in the object at %s (line %d, column %d): a key may appear once, or readers disagree on its value", ErrInvalid, k, at, line, col)
		}
		if obj.keys == nil {
			obj.keys = map[string]bool{}
		}
		obj.keys[k] = true
	}
}

// checkUTF8 refuses text that is not UTF-8, as JSON requires: the decoder would otherwise
// replace the bad bytes silently, and a resource name in a report would no longer be the
// name in the account.
func checkUTF8(data []byte) error {
	if utf8.Valid(data) {
		return nil
	}
	off := 0
	for off < len(data) {
		r, size := utf8.DecodeRune(data[off:])
		if r == utf8.RuneError && size <= 1 {
			break
		}
		off += size
	}
	line, col := position(data, int64(off))
	return fmt.Errorf("%w: invalid UTF-8 at line %d, column %d (JSON text must be UTF-8)", ErrInvalid, line, col)
}

// checkVersion reads schema_version before anything else, so that a snapshot from another
// version is refused for that reason rather than for the first field it does not know.
func checkVersion(data []byte) error {
	var head struct {
		SchemaVersion *string         `json:"schema_version"`
		Findings      json.RawMessage `json:"findings"`
		Summary       json.RawMessage `json:"summary"`
		Runs          json.RawMessage `json:"runs"`
	}
	if err := json.Unmarshal(data, &head); err != nil {
		var te *json.UnmarshalTypeError
		if errors.As(err, &te) && te.Field == "schema_version" {
			return fmt.Errorf("%w: schema violation at /schema_version: want a string such as %q", ErrInvalid, SchemaVersion)
		}
		if errors.As(err, &te) && te.Field == "" {
			return fmt.Errorf("%w: schema violation at /: want a JSON object, got %s", ErrInvalid, te.Value)
		}
		return fmt.Errorf("%w: %s", ErrInvalid, describeJSONError(data, err))
	}
	// The other JSON files storewatch writes are named as what they are, not refused for
	// the first key a snapshot does not have.
	switch {
	case head.Findings != nil && head.Summary != nil:
		return fmt.Errorf("%w: this is a storewatch JSON report, not a snapshot: give the snapshot it judged (the report's snapshot.file), or compare reports with scanner diff", ErrInvalid)
	case head.Findings != nil:
		return fmt.Errorf("%w: this is a storewatch baseline (scanner baseline create), not a snapshot: give it with --baseline", ErrInvalid)
	case head.Runs != nil && head.SchemaVersion == nil:
		return fmt.Errorf("%w: this is a SARIF file, not a snapshot", ErrInvalid)
	}
	if head.SchemaVersion == nil {
		return fmt.Errorf("%w: schema violation at /schema_version: missing (is this a storewatch snapshot?)", ErrInvalid)
	}
	return CheckVersion(*head.SchemaVersion)
}

// CheckVersion accepts a snapshot version this build can read: the same major version and
// a minor version no newer than its own.
func CheckVersion(v string) error {
	wantMajor, wantMinor, _ := splitVersion(SchemaVersion)
	major, minor, ok := splitVersion(v)
	switch {
	case !ok:
		return fmt.Errorf("%w: schema violation at /schema_version: %q is not a version such as %q", ErrInvalid, v, SchemaVersion)
	case major != wantMajor || minor > wantMinor:
		return fmt.Errorf("%w: schema_version %q is not supported: this storewatch reads %d.0 to %s", ErrInvalid, v, wantMajor, SchemaVersion)
	}
	return nil
}

func splitVersion(v string) (major, minor int, ok bool) {
	a, b, found := strings.Cut(v, ".")
	if !found {
		return 0, 0, false
	}
	major, err1 := strconv.Atoi(a)
	minor, err2 := strconv.Atoi(b)
	return major, minor, err1 == nil && err2 == nil && major >= 0 && minor >= 0
}

// describeJSONError turns a decoding error into a message with a line and column.
func describeJSONError(data []byte, err error) string {
	var se *json.SyntaxError
	if errors.As(err, &se) {
		line, col := position(data, se.Offset)
		reason := se.Error()
		if strings.Contains(reason, "exceeded max depth") {
			// Go releases word this differently; the limit is encoding/json's.
			reason = "nested more than 10000 levels deep"
		}
		msg := fmt.Sprintf("malformed JSON at line %d, column %d: %s", line, col, reason)
		if se.Offset >= int64(len(bytes.TrimRight(data, " \t\r\n"))) {
			msg += " (is the file truncated?)"
		}
		return msg
	}
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) {
		line, col := position(data, te.Offset)
		return fmt.Sprintf("schema violation at %s (line %d, column %d): want %s, got %s", pointerAt(data, te.Offset), line, col, te.Type, te.Value)
	}
	if errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF) {
		return "malformed JSON: unexpected end of input (truncated file?)"
	}
	return "malformed JSON: " + err.Error()
}

// pointerAt returns the JSON pointer of the value that ends at offset: the location a
// decoding error names. It walks the tokens again, which only the error path pays for.
func pointerAt(data []byte, offset int64) string {
	w := newPathWalker(data)
	for w.dec.InputOffset() < offset {
		if _, _, err := w.next(); err != nil {
			break
		}
	}
	return w.pointer(len(w.stack))
}

func position(data []byte, offset int64) (line, col int) {
	if offset > int64(len(data)) {
		offset = int64(len(data))
	}
	line = 1 + bytes.Count(data[:offset], []byte{'\n'})
	col = int(offset) - bytes.LastIndexByte(data[:offset], '\n')
	return line, col
}
