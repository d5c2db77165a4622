// Package fileutil writes output files so that a failed run never leaves a truncated one.
package fileutil

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"syscall"
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
//
// A path that exists and is not a regular file or a directory (a named pipe, /dev/stdout,
// /dev/null, a process substitution's /dev/fd/N) cannot be replaced: renaming onto it
// would swap a device node for a regular file (as root, /dev/null itself). Its content
// is staged in the temporary directory and copied into it at commit. A symbolic link to
// a regular file is followed, so the link stays and its target is replaced.
type Staged struct {
	path, tmp string
	direct    bool // path is not a regular file: copy into it, do not rename onto it
	done      bool
}

// target is where the content for path goes: the file a symbolic link names, and whether
// that is something other than a regular file or a directory, to be written into.
func target(path string) (dest string, direct bool) {
	fi, err := os.Stat(path)
	if err != nil {
		// Not there yet (or unreadable: creating it says why). Its directory is the one
		// the system resolves, "link/.." included, which filepath.Dir would clean away:
		// staging beside the cleaned path could put the file on another file system.
		return newFilePath(path), false
	}
	if !fi.Mode().IsRegular() && !fi.IsDir() {
		return path, true
	}
	if fi.Mode().IsRegular() {
		if real, err := filepath.EvalSymlinks(path); err == nil {
			return real, false
		}
	}
	return path, false
}

// Stage writes a file's content to a temporary file in the directory of path. On error
// nothing is left behind.
func Stage(path string, write func(io.Writer) error) (_ *Staged, err error) {
	// Renaming the staged file onto a directory would fail only at commit, with the
	// temporary file's name ("rename ./.out.123.tmp out: file exists").
	if fi, err := os.Stat(path); err == nil && fi.IsDir() {
		return nil, fmt.Errorf("create %s: is a directory", path)
	}
	dest, direct := target(path)
	var tmp *os.File
	if direct {
		tmp, err = os.CreateTemp("", ".storewatch-output.*.tmp")
		if err != nil {
			err = fmt.Errorf("write %s: stage: %w", path, err)
		}
	} else {
		tmp, err = createTemp(dest)
	}
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
	if direct {
		return &Staged{path: path, tmp: tmp.Name(), direct: true}, nil
	}
	return &Staged{path: dest, tmp: tmp.Name()}, nil
}

// Commit renames the staged file into place (or copies it into a path that is not a
// regular file).
func (s *Staged) Commit() error {
	if s.done {
		return nil
	}
	s.done = true
	if s.direct {
		defer func() { _ = os.Remove(s.tmp) }()
		return copyInto(s.path, s.tmp)
	}
	if err := os.Rename(s.tmp, s.path); err != nil {
		_ = os.Remove(s.tmp)
		return fmt.Errorf("write %s: %w", s.path, err)
	}
	return nil
}

// Copies reports whether Commit copies into an existing path that is not a regular file
// (and so may still fail on a full device) rather than renaming.
func (s *Staged) Copies() bool { return s.direct }

// Abort removes the staged file unless it was committed.
func (s *Staged) Abort() {
	if !s.done {
		s.done = true
		_ = os.Remove(s.tmp)
	}
}

// copyInto writes the staged file src into path, which exists and is not a regular file.
func copyInto(path, src string) error {
	in, err := os.Open(src)
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	defer func() { _ = in.Close() }()
	out, err := os.OpenFile(path, os.O_WRONLY, 0)
	if err != nil {
		return fmt.Errorf("write %s: %w", path, unwrapPath(err))
	}
	if _, err := io.Copy(out, in); err != nil {
		_ = out.Close()
		return fmt.Errorf("write %s: %w", path, unwrapPath(err))
	}
	if err := out.Close(); err != nil {
		return fmt.Errorf("write %s: %w", path, unwrapPath(err))
	}
	return nil
}

// unwrapPath drops an *os.PathError's own operation and path, which the callers' messages
// already name.
func unwrapPath(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
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
	// Committing renames onto the path as written, which the system resolves step by step:
	// "x/../out" needs x, though filepath.Dir, which the staging uses, cleans it away.
	if i := strings.LastIndexByte(path, os.PathSeparator); i > 0 {
		if _, err := os.Stat(path[:i]); err != nil {
			return fmt.Errorf("create %s: %w", path, unwrapPath(err))
		}
	}
	dest, direct := target(path)
	if direct {
		// Opening a named pipe would wait for its reader; a device says now whether it
		// can be written.
		if fi, err := os.Stat(path); err == nil && fi.Mode()&os.ModeDevice != 0 {
			f, err := os.OpenFile(path, os.O_WRONLY, 0)
			if err != nil {
				return fmt.Errorf("create %s: %w", path, unwrapPath(err))
			}
			_ = f.Close()
		}
		return nil
	}
	tmp, err := createTemp(dest)
	if err != nil {
		return err
	}
	_ = tmp.Close()
	return os.Remove(tmp.Name())
}

// newFilePath is a file still to be written at path, in its directory with links resolved
// as the system resolves them; path as it is when that directory cannot be resolved.
func newFilePath(path string) string {
	i := strings.LastIndexByte(path, os.PathSeparator)
	if i < 0 {
		return path
	}
	dir := path[:i]
	if dir == "" {
		dir = string(os.PathSeparator)
	}
	real, err := filepath.EvalSymlinks(dir)
	if err != nil {
		return path
	}
	return filepath.Join(real, path[i+1:])
}

// Destination is the file that writing path replaces or creates: symbolic links followed
// as the system follows them ("link/.." is the link's target's parent), made absolute. Two
// paths with one destination are one file.
func Destination(path string) string {
	dest, _ := target(path)
	if abs, err := filepath.Abs(dest); err == nil {
		return abs
	}
	return dest
}

// createTemp creates the temporary file for path. Its error names path, not the random
// temporary name.
func createTemp(path string) (*os.File, error) {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return nil, fmt.Errorf("create %s: %w", path, unwrapPath(err))
	}
	return tmp, nil
}

// ReadError is the error of reading the file at path, naming path once: "x.yaml: no such
// file or directory", not "open x.yaml: no such file or directory" after a message that
// names it already, nor "read x: is a directory" for a directory given as a file.
func ReadError(path string, err error) error {
	err = unwrapPath(err)
	if errors.Is(err, syscall.EISDIR) {
		return fmt.Errorf("%s is a directory, not a file", path)
	}
	return fmt.Errorf("%s: %w", path, err)
}

// ReadFileLimit reads the file at path, refusing one of more than limit bytes before
// holding more than that in memory: a waivers file or a baseline given /dev/zero, or a log
// file by mistake, ends in a message rather than in the process running out of memory.
// Its errors name path once (ReadError).
func ReadFileLimit(path string, limit int64) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, ReadError(path, err)
	}
	defer func() { _ = f.Close() }()
	size := int64(0)
	if info, err := f.Stat(); err == nil {
		if info.IsDir() {
			return nil, ReadError(path, syscall.EISDIR)
		}
		if info.Mode().IsRegular() {
			size = info.Size()
		}
	}
	data, err := ReadLimit(f, size, limit)
	if errors.Is(err, ErrTooLarge) {
		return nil, fmt.Errorf("%s is larger than %s: is it the right file?", path, sizeText(limit))
	}
	if err != nil {
		return nil, ReadError(path, err)
	}
	return data, nil
}

func sizeText(n int64) string {
	if n >= 1<<20 {
		return fmt.Sprintf("%d MiB", n>>20)
	}
	return fmt.Sprintf("%d bytes", n)
}
