package reporters

import (
	"bytes"
	"encoding/json"
	"sync"

	"github.com/storewatch/storewatch/internal/jsontext"
)

// evidenceCache remembers how a writer encoded each evidence text: findings with equal
// evidence share one text (the engine interns them; at 100,000 stores 446,000 findings
// hold 103,000 texts), so each is encoded once per report rather than once per finding.
type evidenceCache struct{ m sync.Map }

// textIdentity tells texts apart: the same bytes in memory, not equal ones. The report
// holds every text it is asked about until the writer is done, so an identity is never
// reused.
type textIdentity struct {
	data *byte
	len  int
}

// get returns the encoding of ev, encoding it on first sight. Two writers encoding the
// same text at once both encode it; either result is the same.
func (c *evidenceCache) get(ev json.RawMessage, encode func(json.RawMessage) ([]byte, error)) ([]byte, error) {
	if len(ev) == 0 {
		return encode(ev)
	}
	key := textIdentity{&ev[0], len(ev)}
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

// indentEvidence is json.MarshalIndent of the decoded evidence. Text of printable ASCII
// without escapes or HTML's special characters, which the engine's nearly always is,
// encodes back to itself and is only indented. Other text is decoded and encoded again:
// indented as it was written, an escape the encoder would not write stayed in the report,
// and evidence with invalid UTF-8 read \ufffd or the character itself depending on the Go
// release that built the binary (go1.26's json.Marshal writes the escape, go1.27's the
// character).
func indentEvidence(ev json.RawMessage) ([]byte, error) {
	if jsontext.Plain(ev) && !bytes.ContainsAny(ev, "<>&") {
		var b bytes.Buffer
		if err := json.Indent(&b, ev, "", "  "); err != nil {
			return nil, err
		}
		return b.Bytes(), nil
	}
	v, err := decodeEvidence(ev)
	if err != nil {
		return nil, err
	}
	return json.MarshalIndent(v, "", "  ")
}

// neutralEvidence is the evidence as the HTML page holds it: compact, every string (keys
// too) neutralised. Text of printable ASCII without escapes or HTML's special characters,
// which the engine's nearly always is, has nothing to neutralise.
func neutralEvidence(ev json.RawMessage) ([]byte, error) {
	if jsontext.Plain(ev) && !bytes.ContainsAny(ev, "<>&") {
		var b bytes.Buffer
		if err := json.Compact(&b, ev); err != nil {
			return nil, err
		}
		return b.Bytes(), nil
	}
	v, err := decodeEvidence(ev)
	if err != nil {
		return nil, err
	}
	return json.Marshal(neutralizeAny(v))
}

// decodeEvidence reads evidence for re-encoding, numbers as written.
func decodeEvidence(ev json.RawMessage) (any, error) {
	dec := json.NewDecoder(bytes.NewReader(ev))
	dec.UseNumber()
	var v any
	err := dec.Decode(&v)
	return v, err
}
