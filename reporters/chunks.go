package reporters

import (
	"io"
	"runtime"
)

// chunkSize is how many elements one worker encodes at a time.
const chunkSize = 256

// writeChunks encodes elements 0..n-1 with encode, chunks of them at the same time on
// every CPU, and writes the chunks to w in order. At most a few chunks per CPU wait in
// memory, so a report of a million elements is never whole in memory. encode appends
// element i to buf and returns it; it must not touch shared state.
func writeChunks(w io.Writer, n int, encode func(buf []byte, i int) ([]byte, error)) error {
	if n == 0 {
		return nil
	}
	type result struct {
		buf []byte
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
				var buf []byte
				for i := lo; i < hi; i++ {
					var err error
					if buf, err = encode(buf, i); err != nil {
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
			_, err = w.Write(r.buf)
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
