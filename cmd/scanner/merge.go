package main

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"regexp"
	"slices"
	"strings"

	"github.com/urfave/cli/v2"

	"github.com/storewatch/storewatch/internal/fileutil"
	"github.com/storewatch/storewatch/internal/run"
	"github.com/storewatch/storewatch/internal/version"
	"github.com/storewatch/storewatch/inventory"
	awsinv "github.com/storewatch/storewatch/inventory/aws"
)

// mergeCommand combines per-account snapshots into one organisation snapshot
// (docs/scale.md).
func mergeCommand() *cli.Command {
	return &cli.Command{
		Name:      "merge",
		Usage:     "combine snapshots of different accounts into one, resolved again across them",
		ArgsUsage: "SNAPSHOT...",
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "output", Aliases: []string{"o"}, Value: "-", Usage: "write the merged snapshot to `PATH` (- for stdout)"},
			&cli.StringFlag{Name: "accounts", Usage: "the accounts the merged snapshot must hold, one id a line in `FILE` (# comments): an account without a snapshot is added with every check about it unknown, and named on stderr"},
		},
		Action: func(c *cli.Context) error {
			if c.NArg() == 0 {
				return fmt.Errorf("merge needs at least one SNAPSHOT")
			}
			var expected []string
			if path := c.String("accounts"); path != "" {
				var err error
				if expected, err = readAccountList(path); err != nil {
					return err
				}
			}
			snaps := make([]*inventory.Snapshot, 0, c.NArg())
			for _, path := range c.Args().Slice() {
				s, err := readSnapshotFile(path)
				if err != nil {
					return err
				}
				snaps = append(snaps, s)
			}
			m, err := inventory.Merge(inventory.Tool{Name: "storewatch", Version: version.String()}, snaps...)
			if dup := (*inventory.DuplicateAccountError)(nil); errors.As(err, &dup) {
				paths := c.Args().Slice()
				return fmt.Errorf("merge: account %s is in both %s and %s: merge snapshots of different accounts", dup.Account, paths[dup.First], paths[dup.Second])
			}
			if err != nil {
				return err
			}
			const why = "no snapshot of the account was merged: its collection wrote none"
			if missing := m.AddMissingAccounts(expected, func(id string) []inventory.CollectionError {
				return awsinv.MissingAccountErrors(id, why)
			}); len(missing) > 0 {
				fmt.Fprintf(c.App.ErrWriter, "storewatch: no snapshot of %d of the %d accounts of %s: %s; they are in the merged snapshot with every check about them unknown\n",
					len(missing), len(expected), c.String("accounts"), strings.Join(missing, ", "))
			}
			if out := c.String("output"); out != "-" {
				return fileutil.WriteAtomic(out, func(w io.Writer) error { return inventory.Write(w, m) })
			}
			return inventory.Write(c.App.Writer, m)
		},
	}
}

// readSnapshotFile reads one snapshot to merge. Its errors name the file once, as those of
// evaluate do ("x.json: no such file or directory", not "open snapshot: open x.json: ...").
func readSnapshotFile(path string) (*inventory.Snapshot, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, pathErr(err))
	}
	defer func() { _ = f.Close() }()
	var size int64
	if info, err := f.Stat(); err == nil {
		if info.IsDir() {
			return nil, fmt.Errorf("%w: %s is a directory, not a snapshot file", run.ErrUsage, path)
		}
		if info.Mode().IsRegular() {
			size = info.Size()
		}
	}
	s, err := inventory.ReadSized(f, size)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return s, nil
}

// readAccountList reads the account ids of a file, one a line; blank lines and lines that
// start with # are skipped.
func readAccountList(path string) ([]string, error) {
	// 16 MiB is a million account ids: an endless file must not exhaust memory.
	data, err := fileutil.ReadFileLimit(path, 16<<20)
	if err != nil {
		return nil, fmt.Errorf("--accounts: %w", err)
	}
	var ids []string
	for i, line := range strings.Split(string(data), "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		if !accountIDPattern.MatchString(line) {
			return nil, fmt.Errorf("%s:%d: %q is not an AWS account id (12 digits)", path, i+1, line)
		}
		ids = append(ids, line)
	}
	slices.Sort(ids)
	return slices.Compact(ids), nil
}

var accountIDPattern = regexp.MustCompile(`^[0-9]{12}$`)

// pathErr drops an *fs.PathError's operation and path, which the caller's message names.
func pathErr(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}
