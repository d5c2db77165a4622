package run

import (
	"fmt"
	"io"
	"runtime"
	"strings"
	"sync"

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

// writeOutputs renders the report in every requested format. Files are written atomically
// and at the same time (reporters only read the report; at 100,000 stores each takes
// seconds); stdout gets the outputs that ask for it, in order, after the files.
func writeOutputs(outs []Output, r *policies.Report, stdout io.Writer, o reporters.Options) error {
	reps := make([]reporters.Reporter, len(outs))
	for i, out := range outs {
		rep, err := reporters.ByName(out.Format, o)
		if err != nil {
			return fmt.Errorf("%w: %w", ErrUsage, err)
		}
		reps[i] = rep
	}
	errs := make([]error, len(outs))
	var wg sync.WaitGroup
	sem := make(chan struct{}, runtime.GOMAXPROCS(0))
	for i, out := range outs {
		if out.Path == "" || out.Path == "-" {
			continue
		}
		rep := reps[i]
		wg.Go(func() {
			sem <- struct{}{}
			defer func() { <-sem }()
			if err := fileutil.WriteAtomic(out.Path, func(w io.Writer) error { return rep.Write(w, r) }); err != nil {
				errs[i] = fmt.Errorf("write %s report: %w", out.Format, err)
			}
		})
	}
	wg.Wait()
	for i, out := range outs {
		if errs[i] != nil {
			return errs[i]
		}
		if out.Path != "" && out.Path != "-" {
			continue
		}
		if err := reps[i].Write(stdout, r); err != nil {
			return fmt.Errorf("write %s to stdout: %w", out.Format, err)
		}
	}
	return nil
}
