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

// TestMergeCommandAccountList: with --accounts, an account of the list without a snapshot is
// named on stderr and added with every check about it unknown; a list that is not one account
// id a line is refused.
func TestMergeCommandAccountList(t *testing.T) {
	dir := t.TempDir()
	synthetic := filepath.Join(dir, "synthetic.json")
	if code, _, stderr := runCLI(t, "dev", "generate", "--stores", "10", "-o", synthetic); code != exitOK {
		t.Fatalf("generate: exit %d: %s", code, stderr)
	}
	list := filepath.Join(dir, "accounts.txt")
	if err := os.WriteFile(list, []byte("# the organisation\n100000000000\n\n 999999999999 \n"), 0o600); err != nil {
		t.Fatal(err)
	}
	merged := filepath.Join(dir, "merged.json")
	code, _, stderr := runCLI(t, "merge", synthetic, "--accounts", list, "-o", merged)
	if code != exitOK || !strings.Contains(stderr, "no snapshot of 1 of the 2 accounts of "+list+": 999999999999") {
		t.Fatalf("merge: exit %d, stderr %q; want the missing account named", code, stderr)
	}
	data, err := os.ReadFile(merged)
	if err != nil {
		t.Fatal(err)
	}
	s, err := inventory.Parse(data)
	if err != nil {
		t.Fatal(err)
	}
	var missing *inventory.Account
	for i := range s.Accounts {
		if s.Accounts[i].ID == "999999999999" {
			missing = &s.Accounts[i]
		}
	}
	if missing == nil {
		t.Fatalf("accounts = %d, want 999999999999 among them", len(s.Accounts))
	}
	if got := missing.Posture.MultiRegionTrail.Status; got != inventory.StatusUnknown {
		t.Errorf("the missing account's multi-Region trail = %s, want unknown", got)
	}

	if err := os.WriteFile(list, []byte("100000000000\norders-prod\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	code, _, stderr = runCLI(t, "merge", synthetic, "--accounts", list)
	if code != exitError || !strings.Contains(stderr, list+`:2: "orders-prod" is not an AWS account id`) {
		t.Errorf("a bad account list: exit %d, stderr %q", code, stderr)
	}
}
