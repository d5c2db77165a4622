package main

import (
	"io"
	"os"
	"sync"
)

// sharedStderr makes stderr safe to share between goroutines that each hold a different
// lock, or none: slog's handler, the collection's progress display and the SDK's logger
// all write to it at once. A file (the process's own stderr) is already safe, and stays
// itself so that the progress display can tell a terminal; any other writer (a buffer, in
// tests and for callers embedding the CLI) is serialised.
func sharedStderr(w io.Writer) io.Writer {
	switch w.(type) {
	case *os.File, *syncWriter:
		return w
	}
	return &syncWriter{w: w}
}

type syncWriter struct {
	mu sync.Mutex
	w  io.Writer
}

func (s *syncWriter) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.w.Write(p)
}
