package fileutil

import (
	"errors"
	"io"
)

// ErrTooLarge is returned by ReadLimit for an input of more than its limit.
var ErrTooLarge = errors.New("input larger than the limit")

// Chunk sizes of ReadLimit when the input's size is not known beforehand.
const (
	firstChunk = 64 << 10
	maxChunk   = 16 << 20
)

// ReadLimit reads r to its end, refusing an input of more than limit bytes while holding no
// more than about limit bytes. size is what the input is expected to hold (a regular
// file's size), 0 when unknown: a size over the limit is refused before anything is read.
//
// A buffer grown as the input comes in (io.ReadAll, bytes.Buffer) holds the old and the new
// copy at each growth and doubles past the limit: refusing /dev/zero at 1 GiB took 2 to 3.7
// GB. Here an input of unknown size is read into chunks that are joined only once it has
// ended within the limit, so refusing one costs the limit and one chunk at most.
func ReadLimit(r io.Reader, size, limit int64) ([]byte, error) {
	if size > limit {
		return nil, ErrTooLarge
	}
	// One byte more than the limit is read to tell "exactly the limit" from "more".
	remaining := limit + 1
	next := int64(firstChunk)
	if size > 0 {
		// One byte over the expected size sees the end without a second chunk.
		next = size + 1
	}
	var chunks [][]byte
	var total int64
	for remaining > 0 {
		chunk := make([]byte, min(next, remaining))
		n, err := io.ReadFull(r, chunk)
		chunks = append(chunks, chunk[:n])
		total += int64(n)
		remaining -= int64(n)
		if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
			break
		}
		if err != nil {
			return nil, err
		}
		next = min(max(total, firstChunk), maxChunk)
	}
	if total > limit {
		return nil, ErrTooLarge
	}
	if len(chunks) == 1 {
		return chunks[0], nil
	}
	data := make([]byte, 0, total)
	for i, c := range chunks {
		data = append(data, c...)
		chunks[i] = nil // let the collector take each chunk once copied
	}
	return data, nil
}
