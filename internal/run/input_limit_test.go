package run

import (
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/storewatch/storewatch/inventory"
)

// zeros is an endless input, as /dev/zero: it counts what was read from it.
type zeros struct{ read int64 }

func (z *zeros) Read(p []byte) (int, error) {
	clear(p)
	z.read += int64(len(p))
	return len(p), nil
}

// TestReadInputOverTheLimit: an input over the limit is refused as invalid, naming it,
// having read no more than the limit (a file by its size, before reading it).
func TestReadInputOverTheLimit(t *testing.T) {
	const limit = 4 << 20
	saved := maxInputBytes
	maxInputBytes = limit
	t.Cleanup(func() { maxInputBytes = saved })

	big := filepath.Join(t.TempDir(), "big.json")
	if err := os.WriteFile(big, make([]byte, limit+1), 0o600); err != nil {
		t.Fatal(err)
	}
	endless := &zeros{}
	tests := []struct {
		name, path string
		stdin      *zeros
		want       string
	}{
		{"a regular file", big, nil, big + " is larger than 4 MiB"},
		{"endless standard input", StdinInput, endless, "standard input is larger than 4 MiB"},
		{"/dev/zero", "/dev/zero", nil, "/dev/zero is larger than 4 MiB"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := os.Stat(tt.path); tt.path != StdinInput && err != nil {
				t.Skip(err)
			}
			var stdin io.Reader
			if tt.stdin != nil {
				stdin = tt.stdin
			}
			var before, after runtime.MemStats
			runtime.ReadMemStats(&before)
			_, err := readInput(context.Background(), tt.path, stdin)
			runtime.ReadMemStats(&after)
			if !errors.Is(err, inventory.ErrInvalid) || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("readInput error = %v, want ErrInvalid with %q", err, tt.want)
			}
			// A buffer that doubles as it fills allocated three to four times the limit.
			if alloc := after.TotalAlloc - before.TotalAlloc; alloc > limit+limit/4 {
				t.Errorf("allocated %d bytes to refuse an input over %d, want about the limit at most", alloc, limit)
			}
		})
	}
	if endless.read > limit+1 {
		t.Errorf("read %d bytes of endless standard input, want at most %d", endless.read, limit+1)
	}
}
