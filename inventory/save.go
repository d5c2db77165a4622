package inventory

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
)

// Write normalises the snapshot and writes it as indented JSON. The output is canonical:
// the same facts give the same bytes, so snapshots can be committed and diffed.
func Write(w io.Writer, s *Snapshot) error {
	s.Normalize()
	if s.SchemaVersion == "" {
		s.SchemaVersion = SchemaVersion
	}
	bw := bufio.NewWriterSize(w, 1<<20)
	enc := json.NewEncoder(bw)
	enc.SetIndent("", "  ")
	// Resource names are attacker-controlled; HTML escaping keeps the file inert if it is
	// ever served, at no cost to JSON readers.
	enc.SetEscapeHTML(true)
	if err := enc.Encode(s); err != nil {
		return fmt.Errorf("encode snapshot: %w", err)
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("write snapshot: %w", err)
	}
	return nil
}
