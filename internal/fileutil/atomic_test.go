//go:build unix

package fileutil

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

func writeString(s string) func(io.Writer) error {
	return func(w io.Writer) error { _, err := io.WriteString(w, s); return err }
}

// TestWriteToNamedPipe: an output that already exists and is not a regular file (a named
// pipe, /dev/stdout, /dev/null, /dev/full, a process substitution) receives the content;
// it is not replaced by a regular file, which, run as root, would destroy a device node.
func TestWriteToNamedPipe(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "pipe")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Skipf("mkfifo: %v", err)
	}
	got := make(chan string, 1)
	go func() {
		f, err := os.Open(fifo) // blocks until the writer opens it
		if err != nil {
			got <- "open: " + err.Error()
			return
		}
		defer func() { _ = f.Close() }()
		b, _ := io.ReadAll(f)
		got <- string(b)
	}()
	if err := CheckWritable(fifo); err != nil {
		t.Fatalf("CheckWritable: %v", err)
	}
	if err := WriteAtomic(fifo, writeString("report")); err != nil {
		t.Fatalf("WriteAtomic: %v", err)
	}
	if s := <-got; s != "report" {
		t.Errorf("the reader got %q, want %q", s, "report")
	}
	fi, err := os.Lstat(fifo)
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode()&os.ModeNamedPipe == 0 {
		t.Errorf("%s is now %v, want it left a named pipe", fifo, fi.Mode())
	}
	assertEntries(t, dir, "pipe")
}

// TestWriteToDevice: a write that fails on a device (a full disk) is an error naming the
// path; the device stays a device.
func TestWriteToDevice(t *testing.T) {
	fi, err := os.Stat("/dev/full")
	if err != nil || fi.Mode()&os.ModeCharDevice == 0 {
		t.Skip("no /dev/full character device")
	}
	// Stage and Commit separately: only the commit touches the device.
	s, err := Stage("/dev/full", writeString("report"))
	if err != nil {
		t.Fatalf("Stage: %v", err)
	}
	err = s.Commit()
	if err == nil || !strings.Contains(err.Error(), "write /dev/full: ") || !strings.Contains(err.Error(), "no space left on device") {
		t.Errorf("Commit: %v, want write /dev/full: no space left on device", err)
	}
	if fi, err := os.Stat("/dev/full"); err != nil || fi.Mode()&os.ModeCharDevice == 0 {
		t.Fatalf("/dev/full is no longer a character device (%v, %v)", fi.Mode(), err)
	}
}

// TestWriteThroughSymlink: a symbolic link to a file keeps pointing at it, and the file
// it points at receives the content, atomically.
func TestWriteThroughSymlink(t *testing.T) {
	dir := t.TempDir()
	real := filepath.Join(dir, "real", "report.json")
	if err := os.MkdirAll(filepath.Dir(real), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(real, []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(dir, "report.json")
	if err := os.Symlink(filepath.Join("real", "report.json"), link); err != nil {
		t.Fatal(err)
	}
	if err := WriteAtomic(link, writeString("new")); err != nil {
		t.Fatalf("WriteAtomic: %v", err)
	}
	if fi, err := os.Lstat(link); err != nil || fi.Mode()&os.ModeSymlink == 0 {
		t.Errorf("%s is no longer a symbolic link (%v, %v)", link, fi.Mode(), err)
	}
	if b, err := os.ReadFile(real); err != nil || string(b) != "new" {
		t.Errorf("the link's target holds %q (%v), want %q", b, err, "new")
	}
	assertEntries(t, filepath.Dir(real), "report.json")
}

// TestWriteRegularFile: the ordinary case, a new file and a replaced one, with no
// temporary file left.
func TestWriteRegularFile(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "out.json")
	for _, content := range []string{"one", "two"} {
		if err := WriteAtomic(p, writeString(content)); err != nil {
			t.Fatal(err)
		}
		if b, _ := os.ReadFile(p); string(b) != content {
			t.Errorf("got %q, want %q", b, content)
		}
	}
	assertEntries(t, dir, "out.json")
}

func assertEntries(t *testing.T, dir string, want ...string) {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range entries {
		got = append(got, e.Name())
	}
	if strings.Join(got, ",") != strings.Join(want, ",") {
		t.Errorf("%s holds %v, want %v", dir, got, want)
	}
}

// TestWriteOntoDirectory: a path that is a directory is refused before anything is written,
// with the path, not the temporary file's name, and nothing is left in it.
func TestWriteOntoDirectory(t *testing.T) {
	dir := t.TempDir()
	called := false
	err := WriteAtomic(dir, func(w io.Writer) error { called = true; return writeString("x")(w) })
	if err == nil || err.Error() != "create "+dir+": is a directory" {
		t.Errorf("error = %v, want create %s: is a directory", err, dir)
	}
	if called {
		t.Error("the content was written for a path that cannot take it")
	}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		t.Errorf("left %s behind", e.Name())
	}
	parent := filepath.Dir(dir)
	entries, _ = os.ReadDir(parent)
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), ".tmp") && strings.Contains(e.Name(), filepath.Base(dir)) {
			t.Errorf("left %s behind", e.Name())
		}
	}
}

// TestReadFileLimit: a file of more than the limit, or an endless device, is refused after
// reading one byte past the limit, not read into memory whole.
func TestReadFileLimit(t *testing.T) {
	dir := t.TempDir()
	small := filepath.Join(dir, "small.yaml")
	if err := os.WriteFile(small, []byte("0123456789"), 0o644); err != nil {
		t.Fatal(err)
	}
	if data, err := ReadFileLimit(small, 10); err != nil || string(data) != "0123456789" {
		t.Errorf("ReadFileLimit at the limit = %q, %v", data, err)
	}
	if _, err := ReadFileLimit(small, 9); err == nil || err.Error() != small+" is larger than 9 bytes: is it the right file?" {
		t.Errorf("ReadFileLimit past the limit: %v", err)
	}
	if _, err := ReadFileLimit("/dev/zero", 1<<20); err == nil || err.Error() != "/dev/zero is larger than 1 MiB: is it the right file?" {
		t.Errorf("ReadFileLimit of /dev/zero: %v", err)
	}
	if _, err := ReadFileLimit(dir, 10); err == nil || err.Error() != dir+" is a directory, not a file" {
		t.Errorf("ReadFileLimit of a directory: %v", err)
	}
	if _, err := ReadFileLimit(filepath.Join(dir, "absent"), 10); err == nil || !os.IsNotExist(errors.Unwrap(err)) && !strings.HasSuffix(err.Error(), "absent: no such file or directory") {
		t.Errorf("ReadFileLimit of a missing file: %v", err)
	}
}

// TestCheckWritableResolvesAsWritten: a path through a missing directory and back out of it
// ("missing/../out") is refused before any work, as the rename that commits it would fail.
func TestCheckWritableResolvesAsWritten(t *testing.T) {
	dir := t.TempDir()
	if err := CheckWritable(filepath.Join(dir, "out.json")); err != nil {
		t.Fatalf("plain path: %v", err)
	}
	p := dir + string(os.PathSeparator) + "missing" + string(os.PathSeparator) + ".." + string(os.PathSeparator) + "out.json"
	if err := CheckWritable(p); err == nil || !strings.Contains(err.Error(), "no such file or directory") {
		t.Fatalf("CheckWritable(%s) = %v, want no such file or directory", p, err)
	}
}

// TestStageThroughLinkParent: "x/../out" where x links elsewhere names the file in x's
// target's parent, as the system resolves it; the file is staged there, beside where it
// lands, not in the directory the cleaned path names (which may be another file system).
func TestStageThroughLinkParent(t *testing.T) {
	dir := t.TempDir()
	for _, d := range []string{"here", "there/sub"} {
		if err := os.MkdirAll(filepath.Join(dir, d), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Symlink(filepath.Join(dir, "there", "sub"), filepath.Join(dir, "here", "x")); err != nil {
		t.Skipf("no symbolic links here: %v", err)
	}
	p := filepath.Join(dir, "here") + "/x/../out.json"
	real, err := filepath.EvalSymlinks(dir)
	if err != nil {
		t.Fatal(err)
	}
	if dest, _ := target(p); dest != filepath.Join(real, "there", "out.json") {
		t.Errorf("staged for %s, want beside %s", dest, filepath.Join(real, "there", "out.json"))
	}
	if err := CheckWritable(p); err != nil {
		t.Fatal(err)
	}
	if err := WriteAtomic(p, func(w io.Writer) error { _, err := io.WriteString(w, "report"); return err }); err != nil {
		t.Fatal(err)
	}
	if b, err := os.ReadFile(filepath.Join(dir, "there", "out.json")); err != nil || string(b) != "report" {
		t.Fatalf("there/out.json = %q, %v; want the report", b, err)
	}
	if _, err := os.Stat(filepath.Join(dir, "here", "out.json")); err == nil {
		t.Error("here/out.json was written: the cleaned path, not the resolved one")
	}
}
