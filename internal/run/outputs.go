package run

import (
	"fmt"
	"io"
	"strings"

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

// writeOutputs renders the report in every requested format. Files are written atomically;
// nothing is written to stdout but the outputs that ask for it.
func writeOutputs(outs []Output, r *policies.Report, stdout io.Writer, o reporters.Options) error {
	for _, out := range outs {
		rep, err := reporters.ByName(out.Format, o)
		if err != nil {
			return fmt.Errorf("%w: %w", ErrUsage, err)
		}
		if out.Path == "" || out.Path == "-" {
			if err := rep.Write(stdout, r); err != nil {
				return fmt.Errorf("write %s to stdout: %w", out.Format, err)
			}
			continue
		}
		if err := fileutil.WriteAtomic(out.Path, func(w io.Writer) error { return rep.Write(w, r) }); err != nil {
			return fmt.Errorf("write %s report: %w", out.Format, err)
		}
	}
	return nil
}
