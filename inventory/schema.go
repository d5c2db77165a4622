package inventory

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"sync"

	"github.com/invopop/jsonschema"
	jsv "github.com/santhosh-tekuri/jsonschema/v6"
	"github.com/santhosh-tekuri/jsonschema/v6/kind"
	"golang.org/x/text/language"
	"golang.org/x/text/message"
)

var messagePrinter = message.NewPrinter(language.English)

// SchemaID is the $id of the published snapshot schema.
const SchemaID = "https://storewatch.dev/schemas/snapshot-1.json"

//go:embed snapshot.schema.json
var schemaJSON []byte

// Schema returns the published JSON Schema of the snapshot format.
func Schema() []byte { return schemaJSON }

// GenerateSchema reflects the JSON Schema from the Go types. The published schema is this
// output, committed; a test regenerates it so the two cannot drift. commentsDir, when not
// empty, is the directory of this package's sources, whose doc comments become
// descriptions.
func GenerateSchema(commentsDir string) ([]byte, error) {
	r := &jsonschema.Reflector{
		// A snapshot with a key this version does not know was written by a newer
		// storewatch or by hand with a typo; either way it must not be read silently.
		AllowAdditionalProperties: false,
		Namer:                     func(t reflect.Type) string { return t.Name() },
	}
	if commentsDir != "" {
		if err := r.AddGoComments("github.com/storewatch/storewatch/inventory", commentsDir); err != nil {
			return nil, fmt.Errorf("read doc comments: %w", err)
		}
	}
	s := r.Reflect(&Snapshot{})
	s.ID = SchemaID
	s.Title = "storewatch snapshot"
	s.Description = "The monitoring and audit posture of the data stores of one or more AWS accounts, as collected or planned. Version " + SchemaVersion + "."
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(s); err != nil {
		return nil, fmt.Errorf("encode schema: %w", err)
	}
	return buf.Bytes(), nil
}

var compiled = sync.OnceValues(func() (*jsv.Schema, error) {
	doc, err := jsv.UnmarshalJSON(bytes.NewReader(schemaJSON))
	if err != nil {
		return nil, fmt.Errorf("parse embedded schema: %w", err)
	}
	c := jsv.NewCompiler()
	if err := c.AddResource(SchemaID, doc); err != nil {
		return nil, fmt.Errorf("add embedded schema: %w", err)
	}
	return c.Compile(SchemaID)
})

// validateDocument checks a decoded JSON document against the snapshot schema and returns
// one error naming the JSON pointer of the first violation.
func validateDocument(doc any) error {
	sch, err := compiled()
	if err != nil {
		return err
	}
	return SchemaViolation(sch.Validate(doc))
}

// SchemaViolation turns a validation error of the JSON Schema validator into a SchemaError
// naming the most specific violation; nil and other errors are returned as they are. The
// report reader shares it, so both files explain a violation the same way.
func SchemaViolation(err error) error {
	var ve *jsv.ValidationError
	if err == nil || !errors.As(err, &ve) {
		return err
	}
	leaf := deepestCause(ve)
	// An unknown key (db_instance for db_instances) is named at its own pointer, in words,
	// rather than as the schema library's "additional properties 'db_instance' not allowed"
	// at the object that holds it.
	if ap, ok := leaf.ErrorKind.(*kind.AdditionalProperties); ok && len(ap.Properties) > 0 {
		return &SchemaError{Pointer: pointer(append(slices.Clone(leaf.InstanceLocation), ap.Properties[0])),
			Reason: fmt.Sprintf("unknown key %q (misspelt, or written by a newer storewatch?)", ap.Properties[0])}
	}
	return &SchemaError{Pointer: pointer(leaf.InstanceLocation), Reason: leaf.ErrorKind.LocalizedString(messagePrinter)}
}

// SchemaError is a snapshot that does not conform to the schema.
type SchemaError struct {
	// Pointer is the JSON pointer (RFC 6901) of the offending value.
	Pointer string
	Reason  string
}

func (e *SchemaError) Error() string {
	p := e.Pointer
	if p == "" {
		p = "/"
	}
	return fmt.Sprintf("schema violation at %s: %s", p, e.Reason)
}

// deepestCause follows the causes of a validation error to the most specific one: the
// violation a person can act on, rather than "does not validate against the schema".
func deepestCause(e *jsv.ValidationError) *jsv.ValidationError {
	best := e
	for _, c := range e.Causes {
		if d := deepestCause(c); len(d.InstanceLocation) > len(best.InstanceLocation) || best == e {
			best = d
		}
	}
	return best
}

func pointer(tokens []string) string {
	var b strings.Builder
	for _, t := range tokens {
		b.WriteByte('/')
		t = strings.ReplaceAll(t, "~", "~0")
		b.WriteString(strings.ReplaceAll(t, "/", "~1"))
	}
	return b.String()
}
