package main

import (
	"bytes"
	"fmt"
	"strings"
	"sync"
	"testing"
)

// TestSharedStderrSerialisesWrites is for the race detector: the logger and the progress
// display write to one stderr from many goroutines, each under its own lock.
func TestSharedStderrSerialisesWrites(t *testing.T) {
	var buf bytes.Buffer
	w := sharedStderr(&buf)
	if sharedStderr(w) != w {
		t.Error("wrapping twice adds a second lock")
	}
	const writers, lines = 8, 50
	var wg sync.WaitGroup
	for g := range writers {
		wg.Go(func() {
			for i := range lines {
				fmt.Fprintf(w, "writer %d line %d\n", g, i)
			}
		})
	}
	wg.Wait()
	got := strings.Count(buf.String(), "\n")
	if got != writers*lines {
		t.Errorf("%d lines written, want %d", got, writers*lines)
	}
}
