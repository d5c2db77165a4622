package main

import (
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/urfave/cli/v2"

	"github.com/storewatch/storewatch/internal/fileutil"
	"github.com/storewatch/storewatch/internal/version"
	"github.com/storewatch/storewatch/inventory"
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
		},
		Action: func(c *cli.Context) error {
			if c.NArg() == 0 {
				return fmt.Errorf("merge needs at least one SNAPSHOT")
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
			if out := c.String("output"); out != "-" {
				return fileutil.WriteAtomic(out, func(w io.Writer) error { return inventory.Write(w, m) })
			}
			return inventory.Write(c.App.Writer, m)
		},
	}
}

func readSnapshotFile(path string) (*inventory.Snapshot, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("open snapshot: %w", err)
	}
	defer func() { _ = f.Close() }()
	s, err := inventory.Read(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return s, nil
}
