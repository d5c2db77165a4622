package fileutil

import (
	"bytes"
	"errors"
	"io"
	"runtime"
	"strings"
	"testing"
	"testing/iotest"
)

// endless is an input that never ends, as /dev/zero: it counts what was read from it.
type endless struct{ read int64 }

func (e *endless) Read(p []byte) (int, error) {
	clear(p)
	e.read += int64(len(p))
	return len(p), nil
}

func TestReadLimit(t *testing.T) {
	const limit = 1 << 20
	tests := []struct {
		name  string
		input string
		size  int64
		want  error
	}{
		{"empty", "", 0, nil},
		{"small, size unknown", "hello", 0, nil},
		{"small, size known", "hello", 5, nil},
		{"size known but wrong (the file grew)", "hello world", 5, nil},
		{"exactly the limit, size unknown", strings.Repeat("x", limit), 0, nil},
		{"exactly the limit, size known", strings.Repeat("x", limit), limit, nil},
		{"one byte over, size unknown", strings.Repeat("x", limit+1), 0, ErrTooLarge},
		{"one byte over, size known", strings.Repeat("x", limit+1), limit + 1, ErrTooLarge},
		{"over, the file grew after stat", strings.Repeat("x", 3*limit), 10, ErrTooLarge},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ReadLimit(strings.NewReader(tt.input), tt.size, limit)
			if !errors.Is(err, tt.want) {
				t.Fatalf("ReadLimit error = %v, want %v", err, tt.want)
			}
			if err == nil && string(got) != tt.input {
				t.Errorf("ReadLimit read %d bytes, want the %d of the input", len(got), len(tt.input))
			}
		})
	}
}

// TestReadLimitRefusesWithinTheLimit: an endless input is refused having read and held
// about the limit, not the doubling buffer's two to four times as much.
func TestReadLimitRefusesWithinTheLimit(t *testing.T) {
	const limit = 8 << 20
	in := &endless{}
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	_, err := ReadLimit(in, 0, limit)
	runtime.ReadMemStats(&after)
	if !errors.Is(err, ErrTooLarge) {
		t.Fatalf("ReadLimit error = %v, want ErrTooLarge", err)
	}
	if in.read > limit+1 {
		t.Errorf("read %d bytes of an endless input, want at most the limit and one byte (%d)", in.read, limit+1)
	}
	if alloc := after.TotalAlloc - before.TotalAlloc; alloc > limit+limit/4 {
		t.Errorf("allocated %d bytes to refuse an input over %d, want about the limit", alloc, limit)
	}
}

// TestReadLimitKnownSize: a size over the limit is refused before anything is read.
func TestReadLimitKnownSize(t *testing.T) {
	in := &endless{}
	if _, err := ReadLimit(in, 2<<20, 1<<20); !errors.Is(err, ErrTooLarge) {
		t.Fatalf("ReadLimit error = %v, want ErrTooLarge", err)
	}
	if in.read != 0 {
		t.Errorf("read %d bytes of an input whose size is over the limit", in.read)
	}
}

// A read error other than the end of the input is returned as it is.
func TestReadLimitError(t *testing.T) {
	boom := errors.New("boom")
	r := io.MultiReader(bytes.NewReader([]byte("abc")), iotest.ErrReader(boom))
	if _, err := ReadLimit(r, 0, 1<<20); !errors.Is(err, boom) {
		t.Fatalf("ReadLimit error = %v, want %v", err, boom)
	}
}
