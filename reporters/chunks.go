package reporters

import (
	"io"
	"runtime"
	"sync"
)

// chunkSize is how many elements one worker encodes at a time.
const chunkSize = 256

// chunkBuffers recycles the buffers chunks are encoded into: a buffer grown to a chunk's
// size once is reused, rather than every chunk growing a new one from nothing (at a
// million findings that growth was gigabytes of garbage per report).
var chunkBuffers = sync.Pool{New: func() any { return new([]byte) }}

func getChunkBuffer() *[]byte { return chunkBuffers.Get().(*[]byte) }

func putChunkBuffer(b *[]byte) {
	// A freak chunk (one huge finding) is not kept.
	if cap(*b) <= 8<<20 {
		*b = (*b)[:0]
		chunkBuffers.Put(b)
	}
}

// writeChunks encodes elements 0..n-1 with encode, chunks of them at the same time on
// every CPU, and writes the chunks to w in order. At most a few chunks per CPU wait in
// memory, so a report of a million elements is never whole in memory. encode appends
// element i to buf and returns it; it must not touch shared state.
func writeChunks(w io.Writer, n int, encode func(buf []byte, i int) ([]byte, error)) error {
	if n == 0 {
		return nil
	}
	type result struct {
		buf *[]byte
		err error
	}
	workers := runtime.GOMAXPROCS(0)
	futures := make(chan chan result, 2*workers)
	stop := make(chan struct{})
	go func() {
		defer close(futures)
		sem := make(chan struct{}, workers)
		for lo := 0; lo < n; lo += chunkSize {
			hi := min(lo+chunkSize, n)
			f := make(chan result, 1)
			select {
			case futures <- f:
			case <-stop:
				return
			}
			sem <- struct{}{}
			go func() {
				defer func() { <-sem }()
				buf := getChunkBuffer()
				for i := lo; i < hi; i++ {
					var err error
					if *buf, err = encode(*buf, i); err != nil {
						putChunkBuffer(buf)
						f <- result{err: err}
						return
					}
				}
				f <- result{buf: buf}
			}()
		}
	}()
	var err error
	for f := range futures {
		r := <-f
		switch {
		case err != nil: // drain, so that every encoder finishes
		case r.err != nil:
			err = r.err
		default:
			_, err = w.Write(*r.buf)
		}
		if r.buf != nil {
			putChunkBuffer(r.buf)
		}
		if err != nil {
			select {
			case <-stop:
			default:
				close(stop)
			}
		}
	}
	return err
}
