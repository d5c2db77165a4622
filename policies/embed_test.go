package policies

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"io/fs"
	"os"
	"slices"
	"strings"
	"testing"
)

// TestEmbeddedRulesAreTheTestedOnes makes explicit that the rules the binary runs are the
// rules the Rego tests test, in three steps. The engine (loadModules) and the Rego tests
// (loadAll) read the same embed, FS; the engine compiles exactly its non-test files, source
// for source, and each of them has tests; and FS holds the files of the repository, byte for
// byte, whose digest every report names as rules_version.
func TestEmbeddedRulesAreTheTestedOnes(t *testing.T) {
	builtin, isBuiltin, err := loadModules(nil)
	if err != nil {
		t.Fatal(err)
	}
	tested := loadAll(t)
	var engineFiles, testedFiles []string
	for name := range builtin {
		if !isBuiltin[name] {
			t.Errorf("%s is loaded as a built-in rule but is not from the embed", name)
		}
		engineFiles = append(engineFiles, strings.TrimPrefix(name, "policies/"))
	}
	for name := range tested {
		if !strings.HasSuffix(name, "_test.rego") {
			testedFiles = append(testedFiles, name)
		}
	}
	slices.Sort(engineFiles)
	slices.Sort(testedFiles)
	if !slices.Equal(engineFiles, testedFiles) {
		t.Fatalf("the engine compiles %d files, the Rego tests load %d others: %v vs %v", len(engineFiles), len(testedFiles), engineFiles, testedFiles)
	}
	for _, f := range engineFiles {
		if !builtin["policies/"+f].Equal(tested[f]) {
			t.Errorf("%s: the module the engine compiles differs from the one the tests run", f)
		}
	}

	// Every rule the engine runs is one of those files, and has a test file beside it.
	eng, err := Load(context.Background(), Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range eng.Rules() {
		file := strings.TrimPrefix(r.File, "policies/")
		if !r.Builtin || !slices.Contains(testedFiles, file) {
			t.Errorf("rule %s comes from %s, which is not an embedded, tested file", r.ID, r.File)
		}
		if _, ok := tested[strings.TrimSuffix(file, ".rego")+"_test.rego"]; !ok {
			t.Errorf("rule %s (%s) has no test file", r.ID, r.File)
		}
	}

	// The embed is the repository's files, and RulesVersion their digest.
	disk := os.DirFS(".")
	h := sha256.New()
	n := 0
	err = fs.WalkDir(FS, ".", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		embedded, err := fs.ReadFile(FS, path)
		if err != nil {
			return err
		}
		onDisk, err := fs.ReadFile(disk, path)
		if err != nil {
			return err
		}
		if string(embedded) != string(onDisk) {
			t.Errorf("%s: the embedded file differs from the repository's", path)
		}
		h.Write([]byte(path))
		h.Write([]byte{0})
		h.Write(onDisk)
		n++
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, dir := range []string{"aws", "lib"} {
		_ = fs.WalkDir(disk, dir, func(path string, d fs.DirEntry, err error) error {
			if err == nil && !d.IsDir() && strings.HasSuffix(path, ".rego") {
				if _, err := fs.Stat(FS, path); err != nil {
					t.Errorf("%s is in the repository but not embedded", path)
				}
			}
			return nil
		})
	}
	if got := hex.EncodeToString(h.Sum(nil))[:12]; got != RulesVersion() {
		t.Errorf("RulesVersion() = %s, the digest of the repository's rule files is %s", RulesVersion(), got)
	}
	t.Logf("%d embedded files; %d rule and library files compiled by the engine and loaded by the Rego tests; rules version %s", n, len(engineFiles), RulesVersion())
}
