package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/storewatch/storewatch/inventory"
)

func TestMergeCommand(t *testing.T) {
	dir := t.TempDir()
	synthetic := filepath.Join(dir, "synthetic.json")
	if code, _, stderr := runCLI(t, "dev", "generate", "--stores", "40", "-o", synthetic); code != exitOK {
		t.Fatalf("generate: exit %d: %s", code, stderr)
	}
	if code, _, stderr := runCLI(t, "demo", "--out", dir, "-q"); code != exitOK {
		t.Fatalf("demo: exit %d: %s", code, stderr)
	}
	merged := filepath.Join(dir, "merged.json")
	if code, _, stderr := runCLI(t, "merge", synthetic, filepath.Join(dir, "snapshot.json"), "-o", merged); code != exitOK {
		t.Fatalf("merge: exit %d: %s", code, stderr)
	}
	data, err := os.ReadFile(merged)
	if err != nil {
		t.Fatal(err)
	}
	s, err := inventory.Parse(data)
	if err != nil {
		t.Fatalf("the merged snapshot does not validate: %v", err)
	}
	if len(s.Accounts) < 2 || s.StoreCount() < 40 {
		t.Errorf("merged %d accounts and %d stores, want both inputs' accounts and stores", len(s.Accounts), s.StoreCount())
	}
	code, _, stderr := runCLI(t, "merge", synthetic, merged, synthetic)
	want := "account 100000000000 is in both " + synthetic + " and " + merged + ": merge snapshots of different accounts"
	if code != exitError || !strings.Contains(stderr, want) {
		t.Errorf("merging an account twice: exit %d, stderr %q; want it to name both files: %q", code, stderr, want)
	}
}
