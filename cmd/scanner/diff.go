package main

import (
	"fmt"

	"github.com/urfave/cli/v2"

	"github.com/storewatch/storewatch/internal/run"
	"github.com/storewatch/storewatch/reporters"
	"github.com/storewatch/storewatch/triage"
)

func diffCommand() *cli.Command {
	return &cli.Command{
		Name:      "diff",
		Usage:     "compare two snapshots or two JSON reports: stores added, removed and changed; findings new, fixed and changed",
		ArgsUsage: "OLD NEW",
		Flags: append(selectionFlags(),
			&cli.StringFlag{Name: "format", Value: reporters.DiffText, Usage: "text, json or markdown"},
		),
		Action: func(c *cli.Context) error {
			if c.NArg() != 2 {
				return fmt.Errorf("diff needs OLD and NEW (two snapshots or two JSON reports), got %s", countArgs(c.NArg()))
			}
			s, err := loadSettings(c, false)
			if err != nil {
				return err
			}
			opts := judgeOptions(c, s)
			opts.Gate = triage.GateOptions{FailOn: triage.FailOnNone}
			d, err := run.Diff(c.Context, c.Args().Get(0), c.Args().Get(1), opts)
			if err != nil {
				return err
			}
			return reporters.WriteDiff(c.App.Writer, d, c.String("format"))
		},
	}
}
