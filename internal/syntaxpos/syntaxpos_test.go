package syntaxpos

import (
	"testing"

	"go.yaml.in/yaml/v3"
)

func TestYAML(t *testing.T) {
	tests := []struct {
		name, doc string
		line      int
		problem   string
	}{
		{"unclosed quote", "waivers:\n  - rule: SW-LX-16\n    resource: \"x\n    reason: r\n", 3, "found unexpected end of stream"},
		{"bad indentation", "waivers:\n  - rule: SW-LX-16\n   resource: x\n", 2, "did not find expected '-' indicator"},
		{"unclosed flow sequence", "waivers:\n  - rule: [SW-LX-16\n", 2, "did not find expected ',' or ']'"},
		{"tab indentation", "waivers:\n\t- rule: x\n", 2, "found character that cannot start any token"},
		{"unclosed flow mapping", "waivers:\n  - rule: x\n  - {rule: y\n", 3, "did not find expected ',' or '}'"},
		{"error on the first line", "rule: [\n", 2, "did not find expected node content"},
		{"mapping in a scalar", "a: b: c\n", 1, "mapping values are not allowed in this context"},
		{"first line alone", "- a\nb: c\n", 2, "did not find expected '-' indicator"},
		{"control character", "waivers:\n  - rule: x\x01\n", 2, "control characters are not allowed"},
		{"not UTF-8", "a: 1\nb: 2\nc: \xff\n", 3, "invalid leading UTF-8 octet"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var n yaml.Node
			err := yaml.Unmarshal([]byte(tt.doc), &n)
			if err == nil {
				t.Fatal("the document parsed")
			}
			line, problem := YAML([]byte(tt.doc), err)
			if line != tt.line || problem != tt.problem {
				t.Errorf("YAML(%q) = %d, %q; want %d, %q (the library said %q)", tt.doc, line, problem, tt.line, tt.problem, err)
			}
		})
	}
}

func TestOffset(t *testing.T) {
	data := []byte("ab\ncd\n")
	for _, tt := range []struct {
		off       int64
		line, col int
	}{{0, 1, 1}, {1, 1, 2}, {3, 2, 1}, {4, 2, 2}, {6, 3, 1}, {99, 3, 1}} {
		if line, col := Offset(data, tt.off); line != tt.line || col != tt.col {
			t.Errorf("Offset(%d) = %d:%d, want %d:%d", tt.off, line, col, tt.line, tt.col)
		}
	}
}
