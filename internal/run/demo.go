package run

import (
	"bytes"
	"context"
	"io"
	"path/filepath"
	"slices"

	"github.com/storewatch/storewatch/internal/fileutil"
	"github.com/storewatch/storewatch/inventory"
	"github.com/storewatch/storewatch/reporters"
)

// demoReports are the files the demo writes, by format, when the format exists: every
// format but the table, which goes to stdout.
var demoReports = []struct{ format, file string }{
	{"json", "report.json"},
	{"sarif", "report.sarif"},
	{"html", "report.html"},
	{"junit", "report.junit.xml"},
}

// Demo judges a built-in snapshot: it writes the snapshot to dir (so SARIF results point
// into it, as for a live scan), prints the table to stdout and writes every report format
// to dir. It returns the files written.
func Demo(ctx context.Context, snap *inventory.Snapshot, dir string, o Options) ([]string, error) {
	inventory.Resolve(snap)
	path := filepath.Join(dir, "snapshot.json")
	var buf bytes.Buffer
	if err := inventory.Write(&buf, snap); err != nil {
		return nil, err
	}
	if err := fileutil.WriteAtomic(path, func(w io.Writer) error { _, err := w.Write(buf.Bytes()); return err }); err != nil {
		return nil, err
	}
	r, err := Judge(ctx, snap, o)
	if err != nil {
		return nil, err
	}
	r.Snapshot.File = filepath.ToSlash(path)
	AttachSnapshotLocations(r, buf.Bytes(), path)
	if o.Reporter.Logger == nil {
		o.Reporter.Logger = o.Logger
	}
	outs := []Output{{Format: reporters.FormatTable}}
	files := []string{path}
	for _, d := range demoReports {
		if slices.Contains(reporters.Formats(), d.format) {
			p := filepath.Join(dir, d.file)
			outs = append(outs, Output{Format: d.format, Path: p})
			files = append(files, p)
		}
	}
	if err := writeOutputs(ctx, outs, r, o.Stdout, o.Reporter); err != nil {
		return nil, err
	}
	return files, nil
}
