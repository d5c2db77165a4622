package run

import (
	"bytes"
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// TestEvaluateStdin: "-" judges what comes on standard input as the file would be judged.
// A snapshot from stdin has no file for findings to point into; a plan's findings still
// point at its .tf files, found in the working directory's place (--tf-dir).
func TestEvaluateStdin(t *testing.T) {
	plan := planFiles(t)[0]
	tests := []struct {
		name  string
		file  string
		tfDir string
	}{
		{"snapshot", demoSnapshotFile(t), ""},
		{"plan", plan, filepath.Dir(plan)},
		{"plan without its .tf files", copyFile(t, plan), ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			data, err := os.ReadFile(tt.file)
			if err != nil {
				t.Fatal(err)
			}
			o := planOptions(t, tt.file)
			o.TFDir = tt.tfDir
			want, err := Evaluate(context.Background(), o)
			if err != nil {
				t.Fatal(err)
			}
			o.Input, o.Stdin = StdinInput, bytes.NewReader(data)
			got, err := Evaluate(context.Background(), o)
			if err != nil {
				t.Fatal(err)
			}
			if got.Snapshot.File != "" {
				t.Errorf("the input from stdin is named %q, want no file", got.Snapshot.File)
			}
			if len(got.Findings) != len(want.Findings) {
				t.Fatalf("%d findings from stdin, %d from the file", len(got.Findings), len(want.Findings))
			}
			for i, f := range got.Findings {
				w := want.Findings[i]
				if f.ID != w.ID || f.Status != w.Status || f.Message != w.Message {
					t.Fatalf("finding %d from stdin = %s %s %q, from the file %s %s %q", i, f.ID, f.Status, f.Message, w.ID, w.Status, w.Message)
				}
				// From the file, a finding points at its .tf block or else at the file; from
				// stdin, at the same block or nowhere.
				loc, wloc := f.Resource.Location, w.Resource.Location
				inTF := wloc != nil && filepath.Ext(wloc.File) == ".tf"
				switch {
				case inTF && (loc == nil || *loc != *wloc):
					t.Fatalf("finding %s from stdin points at %v, from the file at %+v", f.ID, loc, *wloc)
				case !inTF && loc != nil:
					t.Fatalf("finding %s from stdin points at %+v, want no location", f.ID, *loc)
				}
			}
		})
	}
}

// TestStdinOnlyForTheInput: standard input is read once, as the file to judge; a plan's
// --snapshot and diff's sides are files.
func TestStdinOnlyForTheInput(t *testing.T) {
	o := planOptions(t, planFiles(t)[0])
	o.LiveSnapshot = StdinInput
	o.Stdin = bytes.NewReader(nil)
	if _, err := Evaluate(context.Background(), o); !errors.Is(err, ErrUsage) {
		t.Errorf("--snapshot -: err = %v, want a usage error", err)
	}
	if _, err := Diff(context.Background(), StdinInput, demoSnapshotFile(t), Options{Engine: testEngine(t)}); !errors.Is(err, ErrUsage) {
		t.Errorf("diff -: err = %v, want a usage error", err)
	}
}

// TestStdinInterrupted: Ctrl-C while standard input has not ended (a terminal, a stalled
// pipe) ends the run instead of waiting for input that never comes.
func TestStdinInterrupted(t *testing.T) {
	r, w := io.Pipe()
	defer func() { _ = w.Close() }()
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	o := planOptions(t, StdinInput)
	o.Stdin = r
	done := make(chan error, 1)
	go func() {
		_, err := Evaluate(ctx, o)
		done <- err
	}()
	select {
	case err := <-done:
		if !errors.Is(err, context.DeadlineExceeded) {
			t.Errorf("err = %v, want the context's end", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Evaluate still waits for standard input after its context ended")
	}
}

// copyFile copies a file into a directory of its own.
func copyFile(t *testing.T, path string) string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	dst := filepath.Join(t.TempDir(), filepath.Base(path))
	if err := os.WriteFile(dst, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return dst
}
