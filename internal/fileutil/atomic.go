// Package fileutil writes output files so that a failed run never leaves a truncated one.
package fileutil

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
)

// WriteAtomic writes a file through a temporary file in the same directory, renamed into
// place only when write succeeded: readers see the old file or the whole new one.
func WriteAtomic(path string, write func(io.Writer) error) error {
	s, err := Stage(path, write)
	if err != nil {
		return err
	}
	return s.Commit()
}

// Staged is a file written in full to a temporary file beside its path, waiting to be
// renamed into place. A run that writes several files stages them all and commits them
// only when every one was written, so a failure leaves none of them behind.
type Staged struct {
	path, tmp string
	done      bool
}

// Stage writes a file's content to a temporary file in the directory of path. On error
// nothing is left behind.
func Stage(path string, write func(io.Writer) error) (_ *Staged, err error) {
	tmp, err := createTemp(path)
	if err != nil {
		return nil, err
	}
	defer func() {
		if err != nil {
			_ = tmp.Close()
			_ = os.Remove(tmp.Name())
		}
	}()
	bw := bufio.NewWriterSize(tmp, 1<<20)
	if err = write(bw); err != nil {
		return nil, err
	}
	if err = bw.Flush(); err != nil {
		return nil, fmt.Errorf("write %s: %w", path, err)
	}
	if err = tmp.Chmod(0o644); err != nil {
		return nil, fmt.Errorf("write %s: %w", path, err)
	}
	if err = tmp.Close(); err != nil {
		return nil, fmt.Errorf("write %s: %w", path, err)
	}
	return &Staged{path: path, tmp: tmp.Name()}, nil
}

// Commit renames the staged file into place.
func (s *Staged) Commit() error {
	if s.done {
		return nil
	}
	s.done = true
	if err := os.Rename(s.tmp, s.path); err != nil {
		_ = os.Remove(s.tmp)
		return fmt.Errorf("write %s: %w", s.path, err)
	}
	return nil
}

// Abort removes the staged file unless it was committed.
func (s *Staged) Abort() {
	if !s.done {
		s.done = true
		_ = os.Remove(s.tmp)
	}
}

// CheckWritable fails when a file cannot be created at path (its directory is missing or
// read-only, or path is a directory), so that a long run (a live scan) stops before its
// work rather than after it.
func CheckWritable(path string) error {
	// The rename at commit would fail on a directory only after other files were
	// committed.
	if fi, err := os.Stat(path); err == nil && fi.IsDir() {
		return fmt.Errorf("create %s: is a directory", path)
	}
	tmp, err := createTemp(path)
	if err != nil {
		return err
	}
	_ = tmp.Close()
	return os.Remove(tmp.Name())
}

// createTemp creates the temporary file for path. Its error names path, not the random
// temporary name.
func createTemp(path string) (*os.File, error) {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		var pe *os.PathError
		if errors.As(err, &pe) {
			err = pe.Err
		}
		return nil, fmt.Errorf("create %s: %w", path, err)
	}
	return tmp, nil
}
