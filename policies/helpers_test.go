package policies

import (
	"context"
	"os"
	"testing"

	"github.com/storewatch/storewatch/inventory"
)

func writeFile(t *testing.T, path, content string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

// judgeBuiltin resolves s and judges it with the built-in rules.
func judgeBuiltin(t *testing.T, s *inventory.Snapshot) []Finding {
	t.Helper()
	inventory.Resolve(s)
	eng, err := Load(context.Background(), Options{})
	if err != nil {
		t.Fatal(err)
	}
	findings, err := eng.Evaluate(context.Background(), s)
	if err != nil {
		t.Fatal(err)
	}
	return findings
}
