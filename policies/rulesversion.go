package policies

import (
	"crypto/sha256"
	"encoding/hex"
	"io/fs"
	"sync"
)

// RulesVersion identifies the built-in rule set: a digest of the embedded rule files, so
// two binaries report the same value exactly when they judge with the same rules.
var RulesVersion = sync.OnceValue(func() string {
	h := sha256.New()
	_ = fs.WalkDir(FS, ".", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(FS, path)
		if err != nil {
			return err
		}
		h.Write([]byte(path))
		h.Write([]byte{0})
		h.Write(b)
		return nil
	})
	return hex.EncodeToString(h.Sum(nil))[:12]
})
