package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"unsafe"
)

// openTerminal opens a pseudo-terminal and returns its two ends: what a program writes
// to the terminal end (a terminal for term.IsTerminal) is read from the other.
func openTerminal(t *testing.T) (program, reader *os.File) {
	t.Helper()
	ptmx, err := os.OpenFile("/dev/ptmx", os.O_RDWR|syscall.O_NOCTTY, 0)
	if err != nil {
		t.Skipf("no pseudo-terminal: %v", err)
	}
	t.Cleanup(func() { _ = ptmx.Close() })
	var n, unlock uint32
	if _, _, e := syscall.Syscall(syscall.SYS_IOCTL, ptmx.Fd(), syscall.TIOCSPTLCK, uintptr(unsafe.Pointer(&unlock))); e != 0 {
		t.Fatalf("unlock pseudo-terminal: %v", e)
	}
	if _, _, e := syscall.Syscall(syscall.SYS_IOCTL, ptmx.Fd(), syscall.TIOCGPTN, uintptr(unsafe.Pointer(&n))); e != 0 {
		t.Fatalf("pseudo-terminal number: %v", e)
	}
	pts, err := os.OpenFile(fmt.Sprintf("/dev/pts/%d", n), os.O_RDWR|syscall.O_NOCTTY, 0)
	if err != nil {
		t.Fatal(err)
	}
	return pts, ptmx
}

// TestTableColourOnTerminal: the table on a terminal is coloured unless NO_COLOR is set,
// for every command that prints it; a table file written at the same time never is.
func TestTableColourOnTerminal(t *testing.T) {
	snapDir := t.TempDir()
	if code, _, stderr := runCLI(t, "demo", "--out", snapDir, "-q"); code != exitOK {
		t.Fatalf("demo exit %d: %s", code, stderr)
	}
	tableFile := filepath.Join(t.TempDir(), "table.txt")
	commands := map[string][]string{
		"demo":     {"demo", "--out", t.TempDir(), "-q"},
		"evaluate": {"evaluate", snapDir + "/snapshot.json", "--fail-on", "none", "-q", "-o", "table=" + tableFile},
	}
	for name, args := range commands {
		for _, noColor := range []string{"", "1"} {
			t.Run(fmt.Sprintf("%s/NO_COLOR=%s", name, noColor), func(t *testing.T) {
				t.Setenv("NO_COLOR", noColor)
				program, reader := openTerminal(t)
				var out bytes.Buffer
				done := make(chan struct{})
				go func() {
					defer close(done)
					_, _ = io.Copy(&out, reader) // ends with an error when the terminal end closes
				}()
				var stderr bytes.Buffer
				code := execute(context.Background(), append([]string{"scanner"}, args...), program, &stderr)
				_ = program.Close()
				<-done
				if code != exitOK {
					t.Fatalf("exit %d: %s", code, stderr.String())
				}
				if !strings.Contains(out.String(), "checks on") {
					t.Fatalf("no table on the terminal:\n%s", out.String())
				}
				if colored := strings.Contains(out.String(), "\x1b["); colored != (noColor == "") {
					t.Errorf("coloured = %v with NO_COLOR=%q:\n%s", colored, noColor, out.String())
				}
				if name == "evaluate" {
					file, err := os.ReadFile(tableFile)
					if err != nil {
						t.Fatal(err)
					}
					if bytes.Contains(file, []byte("\x1b")) {
						t.Errorf("the table file written from a terminal is coloured:\n%s", file)
					}
				}
			})
		}
	}
}
