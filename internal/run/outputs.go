package run

import (
	"context"
	"fmt"
	"io"
	"runtime"
	"strings"

	"golang.org/x/sync/errgroup"

	"github.com/storewatch/storewatch/internal/fileutil"
	"github.com/storewatch/storewatch/policies"
	"github.com/storewatch/storewatch/reporters"
)

// Output is one requested output: a format written to a file, or to stdout when Path is
// empty or "-".
type Output struct {
	Format string
	Path   string
}

// ParseOutput reads a --output value, FORMAT=PATH.
func ParseOutput(v string) (Output, error) {
	format, path, ok := strings.Cut(v, "=")
	if !ok || format == "" || path == "" {
		return Output{}, fmt.Errorf("%w: --output %q: want FORMAT=PATH, for example sarif=results.sarif", ErrUsage, v)
	}
	if _, err := reporters.ByName(format, reporters.Options{}); err != nil {
		return Output{}, fmt.Errorf("%w: --output %q: %w", ErrUsage, v, err)
	}
	return Output{Format: format, Path: path}, nil
}

// writeOutputs renders the report in every requested format. Files are staged in full
// first and renamed into place only when every one was written, so a run that fails
// leaves no report file behind, not even a complete one beside a missing one. Outputs to
// stdout are written, in the order asked, while the files are staged, so a large table no
// longer waits for the files and then for itself: a file that fails while it is written
// (a full disk) then fails the run after stdout had its outputs. Callers check that every
// file can be created before they evaluate (checkOutputs), so a path that cannot be
// written leaves stdout empty.
// Ctrl-C (ctx done) stops every writer at its next write and commits no file.
func writeOutputs(ctx context.Context, outs []Output, r *policies.Report, stdout io.Writer, o reporters.Options) error {
	var toStdout []reporters.Reporter
	var formats []string
	type fileOutput struct {
		Output
		rep reporters.Reporter
	}
	var files []fileOutput
	// Colour and width are those of the terminal stdout is: a file gets neither, so that it
	// holds no escape sequences and does not depend on the size of the terminal it was
	// written from.
	fileOpts := o
	fileOpts.Color, fileOpts.Width = false, 0
	for _, out := range outs {
		onStdout := out.Path == "" || out.Path == "-"
		opts := o
		if !onStdout {
			opts = fileOpts
		}
		rep, err := reporters.ByName(out.Format, opts)
		if err != nil {
			return fmt.Errorf("%w: %w", ErrUsage, err)
		}
		if onStdout {
			toStdout = append(toStdout, rep)
			formats = append(formats, out.Format)
			continue
		}
		files = append(files, fileOutput{out, rep})
	}
	staged := make([]*fileutil.Staged, len(files))
	defer func() {
		for _, s := range staged {
			if s != nil {
				s.Abort()
			}
		}
	}()
	// The writers only read the report, so they run at once, one per CPU: every format of
	// a large audit would otherwise take the sum of the writers' times.
	var g errgroup.Group
	g.SetLimit(runtime.GOMAXPROCS(0))
	if len(toStdout) > 0 {
		g.Go(func() error {
			for i, rep := range toStdout {
				if err := rep.Write(ctxWriter{ctx, stdout}, r); err != nil {
					return fmt.Errorf("write %s to stdout: %w", formats[i], err)
				}
			}
			return nil
		})
	}
	for i, f := range files {
		g.Go(func() error {
			s, err := fileutil.Stage(f.Path, func(w io.Writer) error { return f.rep.Write(ctxWriter{ctx, w}, r) })
			if err != nil {
				return fmt.Errorf("write %s report: %w", f.Format, err)
			}
			staged[i] = s
			return nil
		})
	}
	if err := g.Wait(); err != nil {
		return err
	}
	// Interrupted after the last write: the reports are complete, but the user asked for
	// none of them to replace what was there.
	if err := ctx.Err(); err != nil {
		return err
	}
	// Copies into pipes and devices first: they can still fail (a full device), and a
	// failure then leaves no renamed file behind.
	for _, copies := range []bool{true, false} {
		for _, s := range staged {
			if s.Copies() != copies {
				continue
			}
			if err := s.Commit(); err != nil {
				return fmt.Errorf("write report: %w", err)
			}
		}
	}
	return nil
}

// ctxWriter fails every write once ctx is done: the report writers have no context of
// their own, and a stopped run should not spend seconds finishing reports it then drops.
type ctxWriter struct {
	ctx context.Context
	w   io.Writer
}

func (c ctxWriter) Write(p []byte) (int, error) {
	if err := c.ctx.Err(); err != nil {
		return 0, err
	}
	return c.w.Write(p)
}

// checkOutputs fails when an output file cannot be created, before a long collection, or
// when two outputs (or an output and one of the other files the run writes, named in
// others) share a path: the last written would silently replace the others.
func checkOutputs(outs []Output, others ...string) error {
	return checkOutputsReading(outs, nil, others...)
}

// checkOutputsReading is checkOutputs for a run that reads inputs, which no report may
// replace: a report written over the snapshot it judges would leave its SARIF pointing into
// a file that no longer holds what it judged.
func checkOutputsReading(outs []Output, inputs []string, others ...string) error {
	input := make(map[string]string, len(inputs))
	for _, in := range inputs {
		input[samePathKey(in)] = in
	}
	for _, out := range outs {
		if out.Path == "" || out.Path == "-" {
			continue
		}
		if in, ok := input[samePathKey(out.Path)]; ok {
			return fmt.Errorf("%w: the %s report would be written over the input %s", ErrUsage, out.Format, in)
		}
	}
	seen := map[string]string{}
	for _, p := range others {
		seen[samePathKey(p)] = "the snapshot"
	}
	stdout := ""
	for _, out := range outs {
		if out.Path == "" || out.Path == "-" {
			// Two formats one after the other on stdout make a stream no reader parses.
			if stdout != "" {
				return fmt.Errorf("%w: the %s report and the %s report would both be written to standard output: ask for one there (--format, or -o FORMAT=-), the other into a file", ErrUsage, stdout, out.Format)
			}
			stdout = out.Format
			continue
		}
		what := "the " + out.Format + " report"
		if prev, ok := seen[samePathKey(out.Path)]; ok {
			return fmt.Errorf("%w: %s and %s would both be written to %s", ErrUsage, prev, what, out.Path)
		}
		seen[samePathKey(out.Path)] = what
		if err := fileutil.CheckWritable(out.Path); err != nil {
			return fmt.Errorf("write %s report: %w", out.Format, err)
		}
	}
	return nil
}

// samePathKey is a key equal for two spellings of one path (./a and a, dir/../a) and for
// two paths that reach one file through symbolic links, as writing a report follows them.
func samePathKey(p string) string {
	return fileutil.Destination(p)
}
